"""`t3gui lab ...` as a user runs it: real processes, real files, real sockets."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from t3gui.protocol import jwt

T3GUI = [sys.executable, "-m", "t3gui"]


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*T3GUI, *args], capture_output=True, text=True, timeout=timeout)


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_pki_writes_every_file(tmp_path: Path) -> None:
    result = run("lab", "pki", str(tmp_path / "pki"), "--host", "t3.example.test")
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (tmp_path / "pki").iterdir()}
    for kind in ("good", "expired", "not-yet-valid", "wrong-host", "self-signed",
                 "missing-intermediate", "expiring-soon"):
        assert f"server-{kind}.pem" in names and f"server-{kind}.key" in names
    assert {"root-ca.pem", "intermediate-ca.pem", "client-ca.pem", "client.pem", "client.key"} <= names
    assert (tmp_path / "pki" / "server-good.key").stat().st_mode & 0o077 == 0


def test_token_mints_what_was_asked(pki: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "t.jwt"
    result = run("lab", "token", "--key", str(pki["jwt-rs256.key"]), "--sub", "carol", "--iss", "corp",
                 "--lifetime-s", "-60", "--claim", "scope=[\"a\"]", "--out", str(out))
    assert result.returncode == 0, result.stderr
    token = out.read_text().strip()
    assert token not in result.stdout  # written to the file, not echoed
    decoded = jwt.decode(token)
    assert decoded.alg == "RS256"
    assert decoded.claims["sub"] == "carol" and decoded.claims["iss"] == "corp"
    assert decoded.claims["scope"] == ["a"] and decoded.claims["exp"] < time.time()
    jwt.verify_signature(decoded, jwt.load_verify_key(pki["jwt-rs256.pub.pem"].read_bytes()))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["lab", "serve", "--port", "70000"], "port 70000 is outside 1-65535"),
        (["lab", "serve", "--port", "http"], "'http' is not a port number"),
        (["lab", "serve", "--cert", "/nonexistent.pem", "--key", "/nonexistent.key"], "does not exist"),
        (["lab", "serve", "--fault", "meteor"], "invalid choice: 'meteor'"),
        (["lab", "token", "--key", "/etc/hostname"], "not a usable signing key"),
        (["lab", "serve", "--jwt-key", "/etc/hostname", "--port", "0", "--udp-port", "0"], "cannot load a key"),
        (["lab", "nonsense"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], needle: str) -> None:
    result = run(*args)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_port_in_use_is_one_line(pki: dict[str, Path]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("lab", "serve", "--port", str(port), "--udp-port", "0", "--duration-s", "1")
    # Log lines may come first; the error is the last line, alone.
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == f"t3gui: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_serve_logs_one_line_per_connection(pki: dict[str, Path]) -> None:
    port, udp_port = free_port(), free_port(socket.SOCK_DGRAM)
    proc = subprocess.Popen(
        [*T3GUI, "lab", "serve", "--port", str(port), "--udp-port", str(udp_port),
         "--cert", str(pki["server-good.pem"]), "--key", str(pki["server-good.key"]),
         "--jwt-key", str(pki["jwt-es256.pub.pem"]), "--duration-s", "20"],
        stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        assert "listening on 127.0.0.1" in proc.stderr.readline()
        context = ssl.create_default_context(cafile=str(pki["root-ca.pem"]))
        for _ in range(3):
            with context.wrap_socket(socket.create_connection(("127.0.0.1", port)),
                                     server_hostname="localhost"):
                pass
        lines = [proc.stderr.readline() for _ in range(3)]
        assert all(" conn peer=127.0.0.1:" in line and "tls=TLSv1.3" in line for line in lines), lines
    finally:
        proc.terminate()
        proc.wait(10)


def test_demo_starts_and_names_its_files(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [*T3GUI, "lab", "demo", "--port", "0", "--udp-port", "0", "--duration-s", "0.5"],
        capture_output=True, text=True, timeout=30, env=env)
    assert result.returncode == 0, result.stderr
    token_file = tmp_path / "cache" / "t3gui" / "demo" / "token.jwt"
    assert str(token_file) in result.stdout and token_file.stat().st_mode & 0o077 == 0
    assert token_file.parent.stat().st_mode & 0o077 == 0  # the folder of the demo's private keys
    assert token_file.read_text().strip() not in result.stdout + result.stderr


def test_a_restarted_demo_keeps_its_ca_and_token_key_for_a_day(tmp_path: Path) -> None:
    """docs/monitor.md stops and starts the demo server: a monitor set up against it must still trust it."""
    env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    demo = tmp_path / "cache" / "t3gui" / "demo"
    command = [*T3GUI, "lab", "demo", "--port", "0", "--udp-port", "0", "--duration-s", "0.3"]

    def start() -> tuple[bytes, bytes]:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30, env=env)
        assert result.returncode == 0, result.stderr
        return (demo / "root-ca.pem").read_bytes(), (demo / "jwt-es256.pub.pem").read_bytes()

    first = start()
    assert start() == first
    # A day later (or a PKI left half-written) the demo writes a new one.
    stale = (demo / "root-ca.pem").stat().st_mtime - 25 * 3600
    os.utime(demo / "root-ca.pem", (stale, stale))
    third = start()
    assert third != first
    (demo / "server-good.key").unlink()
    assert start()[0] != third[0] and (demo / "server-good.key").exists()
