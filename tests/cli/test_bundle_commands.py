"""`t3gui bundle verify|show|samples` and `diagnose --bundle`, as a help desk uses them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

T3GUI = [sys.executable, "-m", "t3gui"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*T3GUI, *args], capture_output=True, text=True, timeout=60)


def test_diagnose_writes_a_bundle_that_verifies_and_shows(tmp_path: Path) -> None:
    bundle = tmp_path / "ticket.zip"
    result = run("diagnose", "--demo", "--scenario", "clock-skew", "--bundle", str(bundle), "--json")
    assert result.returncode == 1 and bundle.exists()
    report = json.loads(result.stdout)
    verified = run("bundle", "verify", str(bundle))
    assert verified.returncode == 0 and "intact t3gui bundle" in verified.stdout
    shown = run("bundle", "show", str(bundle), "--json")
    assert json.loads(shown.stdout)["verdict"] == report["verdict"]
    assert "CLOCK_SKEW" in run("bundle", "show", str(bundle)).stdout


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
