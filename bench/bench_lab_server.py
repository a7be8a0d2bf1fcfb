"""The lab server on loopback: heartbeats answered per second, and its memory
with 200 idle TLS connections. The server runs as its own process
(`t3gui lab serve`), so what is measured is the server alone.

Run: .venv/bin/python -m bench.bench_lab_server [--quick]
One run: the server's RSS read once at each point, heartbeats counted over 5 s.
"""

from __future__ import annotations

import argparse
import base64
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from t3gui.lab.pki import write_demo_pki
from t3gui.lab.tokens import mint_token
from t3gui.protocol import jwt
from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection
from t3gui.protocol.frame import decode_frame
from t3gui.protocol.heartbeat import Heartbeat, encode_heartbeat


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def control(sock: ssl.SSLSocket, conn: Connection, message: m.ControlMessage) -> m.Message:
    sock.sendall(conn.send(message))
    while (received := conn.next_message()) is None:
        conn.feed(sock.recv(65536))
    return received.message


def heartbeats_per_second(port: int, pki: dict[str, Path], context: ssl.SSLContext, seconds: float) -> float:
    sock = context.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
    conn = Connection()
    ack = control(sock, conn, m.Hello((1,), "bench", "AAAAAAAAAAAAAAAAAAAAAA==", 0))
    assert isinstance(ack, m.HelloAck)
    token = mint_token(jwt.load_signing_key(pki["jwt-es256.key"].read_bytes()))
    ok = control(sock, conn, m.Auth(token))
    assert isinstance(ok, m.AuthOk)
    key = base64.b64decode(ok.udp_key)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.connect(("127.0.0.1", ack.udp_port))
    udp.settimeout(1.0)
    window, seq, answered = 32, 0, 0
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    for _ in range(window):
        seq += 1
        udp.send(encode_heartbeat(Heartbeat(ack.session_id, time.monotonic_ns()), seq, key))
    while time.monotonic() < deadline:
        try:
            decode_frame(udp.recv(2048))
        except TimeoutError:
            break
        answered += 1
        seq += 1
        udp.send(encode_heartbeat(Heartbeat(ack.session_id, time.monotonic_ns()), seq, key))
    elapsed = time.monotonic() - started
    udp.close()
    sock.close()
    return answered / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="the lab server's heartbeats per second and memory")
    parser.add_argument("--quick", action="store_true", help="20 connections, heartbeats for 0.5 s")
    quick = parser.parse_args().quick
    connections, seconds, settle = (20, 0.5, 0.1) if quick else (200, 5.0, 1.0)
    with tempfile.TemporaryDirectory() as tmp:
        pki = write_demo_pki(Path(tmp), "localhost")
        port, udp_port = free_port(socket.SOCK_STREAM), free_port(socket.SOCK_DGRAM)
        log = Path(tmp) / "serve.log"
        with log.open("w") as err:  # the server's own copy stays open
            server = subprocess.Popen(
                [sys.executable, "-m", "t3gui", "lab", "serve", "--port", str(port), "--udp-port", str(udp_port),
                 "--cert", str(pki["server-good.pem"]), "--key", str(pki["server-good.key"]),
                 "--jwt-key", str(pki["jwt-es256.pub.pem"]), "--heartbeat-ms", "60000"], stderr=err)
        try:
            deadline = time.monotonic() + 30
            while "listening on" not in log.read_text() and server.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(settle / 2)  # let start-up garbage settle before the first reading
            context = ssl.create_default_context(cafile=str(pki["root-ca.pem"]))
            idle_before = rss_kib(server.pid)
            conns = [context.wrap_socket(socket.create_connection(("127.0.0.1", port)),
                                         server_hostname="localhost") for _ in range(connections)]
            time.sleep(settle)
            idle_after = rss_kib(server.pid)
            print("the lab server in its own process, one run: RSS read once at each point")
            print(f"{'server RSS, no connections':<48} {idle_before / 1024:>10.1f} MiB")
            print(f"{f'server RSS, {connections} idle TLS connections':<48} {idle_after / 1024:>10.1f} MiB"
                  f"  ({(idle_after - idle_before) / connections:.1f} KiB each)")
            for c in conns:
                c.close()
            rate = heartbeats_per_second(port, pki, context, seconds)
            print(f"{'UDP heartbeats answered (1 client, window 32)':<48} {rate:>10,.0f} /s  (over {seconds:g} s)")
            time.sleep(settle / 2)
            print(f"{'server RSS after the run':<48} {rss_kib(server.pid) / 1024:>10.1f} MiB")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
