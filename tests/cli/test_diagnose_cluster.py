"""`t3gui diagnose --resolve` against `t3gui lab serve --nodes 3`, both real processes: the faulty node is
named in the text report, the JSON, the bundle and `bundle show`."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.cli.test_lab_commands import T3GUI, run

pytestmark = pytest.mark.skipif(sys.platform == "darwin", reason="macOS binds only 127.0.0.1 unless aliased")
THREE = ("127.0.0.1", "127.0.0.2", "127.0.0.3")


@contextlib.contextmanager
def lab_cluster(pki: dict[str, Path], *node_args: str) -> Iterator[int]:
    """`t3gui lab serve --nodes 3` on a free port; yields the port."""
    proc = subprocess.Popen(
        [*T3GUI, "lab", "serve", "--nodes", "3", "--port", "0", "--udp-port", "0",
         "--cert", str(pki["server-good.pem"]), "--key", str(pki["server-good.key"]),
         "--jwt-key", str(pki["jwt-es256.pub.pem"]), *node_args, "--duration-s", "60"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        heading = proc.stdout.readline()
        assert heading.startswith("lab cluster of 3 nodes on tcp/"), heading
        for _ in range(3):
            proc.stdout.readline()
        yield int(heading.split("tcp/")[1].split()[0])
    finally:
        proc.terminate()
        proc.wait(10)


def _diagnose(pki: dict[str, Path], port: int, token_file: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    resolve = [arg for address in THREE for arg in ("--resolve", address)]
    return run("diagnose", "localhost", "--port", str(port), *resolve, "--ca-file", str(pki["root-ca.pem"]),
               "--token-file", str(token_file), "--tier", "intermediate", "--timeout", "2", *extra, timeout=60)


@pytest.fixture
def token_file(tmp_path: Path, token: Callable[..., str]) -> Path:
    path = tmp_path / "alice.jwt"
    path.write_text(token(sub="alice"))
    return path


def test_the_expired_node_is_named_in_text_json_and_bundle(pki: dict[str, Path], token_file: Path,
                                                           tmp_path: Path) -> None:
    bundle = tmp_path / "cluster.zip"
    with lab_cluster(pki, "--node-cert", f"2={pki['server-expired.pem']}",
                     "--node-key", f"2={pki['server-expired.key']}") as port:
        text = _diagnose(pki, port, token_file, "--bundle", str(bundle))
        as_json = _diagnose(pki, port, token_file, "--json")
    assert text.returncode == 1, text.stderr
    assert "FAILED: 1 of 3 servers behind localhost fails: 127.0.0.2 (the server certificate has expired)" \
        in text.stdout, text.stdout
    assert "Servers behind localhost:" in text.stdout
    lines = {line.split()[0]: line.split()[1:3] for line in text.stdout.splitlines()
             if line.startswith("  127.0.0.")}
    assert lines == {"127.0.0.1": ["HEALTHY", "-"], "127.0.0.2": ["FAILED", "TLS_CERT_EXPIRED"],
                     "127.0.0.3": ["HEALTHY", "-"]}
    assert "server 127.0.0.2: FAILED TLS_CERT_EXPIRED" in text.stderr  # progress, as each node finishes
    assert as_json.returncode == 1
    doc = json.loads(as_json.stdout)
    assert [(n["address"], n["status"], n["root_cause"]) for n in doc["nodes"]] == [
        ("127.0.0.1", "healthy", None), ("127.0.0.2", "failed", "TLS_CERT_EXPIRED"), ("127.0.0.3", "healthy", None)]
    expired = [f for f in doc["findings"] if f["code"] == "TLS_CERT_EXPIRED"]
    assert [f["evidence"]["address"] for f in expired] == ["127.0.0.2"]
    assert doc["checks"][0]["summary"] == "localhost -> 127.0.0.1, 127.0.0.2, 127.0.0.3 (given, not looked up)"
    shown = run("bundle", "show", str(bundle))
    assert shown.returncode == 0, shown.stderr
    assert "127.0.0.2  FAILED" in shown.stdout and "1 of 3 servers behind localhost fails" in shown.stdout
    shown_json = json.loads(run("bundle", "show", "--json", str(bundle)).stdout)
    assert [n["status"] for n in shown_json["nodes"]] == ["healthy", "failed", "healthy"]


@pytest.mark.parametrize(("node_args", "code"), [
    (("--node-jwt-key", "2={eddsa}"), "AUTH_BAD_SIGNATURE"),
    (("--node-fault", "2=no-auth-response"), "T3_NO_RESPONSE"),
    (("--node-fault", "2=down"), "TCP_REFUSED"),
], ids=["wrong-jwt-key", "dead-auth", "node-down"])
def test_each_fault_on_one_node_is_named_in_chinese(pki: dict[str, Path], token_file: Path,
                                                    node_args: tuple[str, str], code: str) -> None:
    args = [a.format(eddsa=pki["jwt-eddsa.pub.pem"]) for a in node_args]
    with lab_cluster(pki, *args) as port:
        result = _diagnose(pki, port, token_file, "--json", "--lang", "zh_CN")
    assert result.returncode == 1, result.stderr
    doc = json.loads(result.stdout)
    assert doc["verdict"]["root_cause"] == code
    assert "localhost 背后的 3 台服务器中有 1 台出现故障：127.0.0.2" in doc["verdict"]["summary"]
    assert "三分之一" in doc["verdict"]["summary"]
    assert [n["status"] for n in doc["nodes"]] == ["healthy", "failed", "healthy"]
    found = [f for f in doc["findings"] if f["code"] == code and f["severity"] == "critical"]
    assert [f["evidence"]["address"] for f in found] == ["127.0.0.2"]
    assert "集群的运维人员" in found[0]["remediation"]


def test_a_healthy_cluster_exits_0(pki: dict[str, Path], token_file: Path) -> None:
    with lab_cluster(pki) as port:
        result = _diagnose(pki, port, token_file, "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["verdict"]["status"] == "healthy"
    assert [(n["address"], n["status"]) for n in doc["nodes"]] == [(a, "healthy") for a in THREE]


@pytest.mark.parametrize(("value", "needle"), [
    ("t3.example.com", "--resolve: 't3.example.com' is not an IP address"),
    ("fe80::1%eth0", "names a zone"),
    ("", "--resolve: no address given"),
    (" , ", "--resolve: no address given"),
])
def test_a_bad_resolve_is_one_line_and_exit_2(value: str, needle: str) -> None:
    result = run("diagnose", "t3.example", "--resolve", value)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
