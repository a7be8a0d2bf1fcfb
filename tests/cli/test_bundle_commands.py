"""`t3gui bundle verify|show|samples` and `diagnose --bundle`, as a help desk uses them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.bundle.hostile_corpus import CONTROL, CORPUS, write_corpus

T3GUI = [sys.executable, "-m", "t3gui"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*T3GUI, *args], capture_output=True, text=True, timeout=60)


def test_diagnose_writes_a_bundle_that_verifies_and_shows(tmp_path: Path) -> None:
    bundle = tmp_path / "ticket.zip"
    result = run("diagnose", "--demo", "--scenario", "cert-expired", "--bundle", str(bundle), "--json")
    assert result.returncode == 1 and bundle.exists()
    report = json.loads(result.stdout)
    verified = run("bundle", "verify", str(bundle))
    assert verified.returncode == 0 and "intact t3gui bundle" in verified.stdout
    shown = run("bundle", "show", str(bundle), "--json")
    assert json.loads(shown.stdout)["verdict"] == report["verdict"]
    assert "TLS_CERT_EXPIRED" in run("bundle", "show", str(bundle)).stdout


def test_every_probe_comes_out_as_csv(tmp_path: Path) -> None:
    bundle = tmp_path / "ticket.zip"
    assert run("diagnose", "--demo", "--bundle", str(bundle)).returncode == 0
    every_probe = run("bundle", "samples", str(bundle))
    rows = every_probe.stdout.splitlines()
    assert rows[0] == "time_s,series,seq,rtt_ms,lost"
    assert {r.split(",")[1] for r in rows[1:]} >= {"t3_udp", "tcp_connect"}
    out = tmp_path / "probes.csv"
    written = run("bundle", "samples", str(bundle), "--out", str(out))
    assert written.returncode == 0 and out.read_text() == every_probe.stdout
    assert f"{len(rows) - 1} probes" in written.stdout


def test_pseudonymized_and_sealed_bundle(tmp_path: Path) -> None:
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "helpdesk.key"
    key_file.write_text(f"# help desk\n{identity}\n")
    bundle = tmp_path / "ticket.zip.age"
    result = run("diagnose", "--demo", "--bundle", str(bundle), "--pseudonymize", "--seal-to",
                 str(identity.to_public()))
    assert result.returncode == 0, result.stderr
    mapping = json.loads((tmp_path / "ticket.zip.age.pseudonyms.json").read_text())
    assert "127.0.0.1" in mapping
    assert run("bundle", "verify", str(bundle)).returncode == 2
    opened = run("bundle", "show", str(bundle), "--identity", str(key_file), "--json")
    assert opened.returncode == 0 and "127.0.0.1" not in opened.stdout


def test_broken_bundle_is_one_line_and_exit_2(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    for args in (["bundle", "verify", str(junk)], ["bundle", "show", str(junk)], ["bundle", "samples", str(junk)],
                 ["bundle", "verify", str(tmp_path / "missing.zip")], ["bundle", "verify", str(tmp_path)]):
        result = run(*args)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result
        assert "Traceback" not in result.stderr


def test_bundle_and_pseudonym_map_are_private_and_saved_over_earlier_ones(tmp_path: Path) -> None:
    bundle = tmp_path / "ticket.zip"
    bundle.write_bytes(b"an earlier bundle")
    os.chmod(bundle, 0o644)
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    mapping = tmp_path / "ticket.zip.pseudonyms.json"
    mapping.symlink_to(victim)  # planted where the map goes: replaced, never followed
    result = run("diagnose", "--demo", "--bundle", str(bundle), "--pseudonymize")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600 and run("bundle", "verify", str(bundle)).returncode == 0
    assert not mapping.is_symlink() and stat.S_IMODE(mapping.stat().st_mode) == 0o600
    assert "127.0.0.1" in json.loads(mapping.read_text()) and victim.read_text() == "not yours"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ticket.zip", "ticket.zip.pseudonyms.json", "victim.txt"]


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.mark.slow  # three processes a case: about a minute on two idle cores
@pytest.mark.parametrize("case", CORPUS, ids=list(CORPUS))
def test_hostile_bundle_corpus_on_the_command_line(case: str, corpus_files: dict[str, Path]) -> None:
    """verify, show and show --json, each its own process: exit 2 and one line on stderr for a hostile
    bundle (0 for a harmless one), never a traceback, never a control character on the terminal."""
    path, expected = corpus_files[case], CORPUS[case]
    commands = [["bundle", "verify", str(path)], ["bundle", "show", str(path)], ["bundle", "show", "--json", str(path)]]
    running = [subprocess.Popen([*T3GUI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                encoding="utf-8", errors="strict") for args in commands]
    for args, process in zip(commands, running, strict=True):
        stdout, stderr = process.communicate(timeout=90)
        what = f"{case}: {' '.join(args[:3])}: exit {process.returncode}\n{stderr[-2000:]}"
        assert "Traceback" not in stderr and not CONTROL.search(stderr + stdout), what
        if expected.refusal is not None:
            assert process.returncode == 2 and stdout == "", what
            lines = stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith(f"t3gui: {path.name}: ") and expected.refusal in lines[0]
        else:
            assert process.returncode == 0 and stderr == "", what
            if "--json" in args:
                json.loads(stdout)
            if args[1] == "show":
                assert expected.shows(stdout), what


def test_show_names_the_server_a_monitors_probes_went_to(tmp_path: Path) -> None:
    import dataclasses

    from t3gui.core.bundle.writer import write_bundle
    from tests.core.bundle.hostile_corpus import sample_content

    data, _ = write_bundle(dataclasses.replace(sample_content(), watched="192.0.2.7"))
    bundle = tmp_path / "monitor.zip"
    bundle.write_bytes(data)
    shown = run("bundle", "show", str(bundle))
    assert shown.returncode == 0 and shown.stdout.rstrip().endswith("Probes to 192.0.2.7"), shown.stdout[-300:]
    plain, _ = write_bundle(sample_content())
    bundle.write_bytes(plain)
    assert "Probes to" not in run("bundle", "show", str(bundle)).stdout
