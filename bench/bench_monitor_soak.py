"""The live monitor for an hour against the real lab server: no false loss, flat memory.

Runs the app's monitor code (``t3gui.checks.monitor.Monitor``, at the monitor
page's default interval and the timeout the app gives it) against ``t3gui lab
serve`` in its own process, on loopback. The server is healthy: on loopback it
drops nothing, so every lost probe is a false loss. Every ``--restart-every``
minutes it is stopped (as Ctrl-C does), left down ``--down-s`` seconds and
started again on the same ports: the monitor must record a drop, reconnect and
count no loss for it. Every minute it prints the probes sent, lost and not
measured (sent while there was no session), the false loss, the drops and
reconnects, the keepalives, the server's idle-timeout closes, the asyncio tasks
and the resident memory.

Run: .venv/bin/python -m bench.bench_monitor_soak [MINUTES, default 60] [--interval 1] [--heartbeat-ms 5000]
     [--restart-every 10] [--down-s 3] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from t3gui.checks.monitor import Monitor, SessionEvent
from t3gui.core.model import Target
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.lab.pki import write_demo_pki
from t3gui.lab.tokens import mint_token
from t3gui.protocol import jwt

APP_INTERVAL_S = 1.0  # the monitor page's default
APP_TIMEOUT_S = 2.0  # the main window gives the monitor min(the diagnosis timeout, 2 s)


def rss_mib(field: str = "VmRSS") -> float:
    """Resident memory; RssAnon is the process's own pages, without the mapped files a dropped page cache takes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LabProcess:
    """``t3gui lab serve`` in its own process, stopped and started again on the same ports."""

    def __init__(self, pki: dict[str, Path], heartbeat_ms: int, log: Path) -> None:
        self.port, self.udp_port = free_port(socket.SOCK_STREAM), free_port(socket.SOCK_DGRAM)
        self.argv = [sys.executable, "-m", "t3gui", "lab", "serve", "--port", str(self.port),
                     "--udp-port", str(self.udp_port), "--cert", str(pki["server-good.pem"]),
                     "--key", str(pki["server-good.key"]), "--jwt-key", str(pki["jwt-es256.pub.pem"]),
                     "--heartbeat-ms", str(heartbeat_ms)]
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        before = self.log.read_text().count("listening on") if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(self.argv, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while self.log.read_text().count("listening on") == before:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the lab server did not start: {self.log.read_text()[-2000:]}")
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # as Ctrl-C: the server closes its connections
            await asyncio.to_thread(self.proc.wait, 30)
        self.proc = None

    def count(self, text: str) -> int:
        return self.log.read_text().count(text)


async def soak(minutes: float, interval_s: float, heartbeat_ms: int, restart_every_min: float,
               down_s: float) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="t3gui-soak-"))
    pki = write_demo_pki(tmp, "localhost")
    token = mint_token(jwt.load_signing_key(pki["jwt-es256.key"].read_bytes()), sub="alice", lifetime_s=86_400 * 2)
    server = LabProcess(pki, heartbeat_ms, tmp / "lab-server.log")
    await server.start()
    options = DiagnoseOptions(Target("localhost", server.port), token=Secret(token), ca_file=pki["root-ca.pem"],
                              use_system_trust=False, timeout_s=APP_TIMEOUT_S)
    monitor = Monitor(options, "127.0.0.1", interval_s)
    sent: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    events: Counter[str] = Counter()
    causes: Counter[str] = Counter()

    async def take() -> None:
        async for item in monitor.samples():
            if isinstance(item, SessionEvent):
                events[item.kind] += 1
                causes[f"{item.kind}:{item.cause}"] += 1
            else:
                sent[item.series] += 1
                lost[item.series] += item.rtt_ms is None

    await monitor.start()
    consumer = asyncio.create_task(take())
    print(f"monitor of the lab server on tcp/{server.port} udp/{server.udp_port} every {interval_s:g} s "
          f"(timeout {APP_TIMEOUT_S:g} s), "
          f"server heartbeat {heartbeat_ms} ms, restart every {restart_every_min:g} min (down {down_s:g} s), "
          f"series {monitor.state.series}, notes {[k for k, _ in monitor.state.notes]}", flush=True)
    print("min  series:sent/lost  not_measured  false_loss  drops  reconnects  keepalives  idle_timeouts  "
          "tasks  rss_mib (anon)", flush=True)
    started = time.monotonic()
    next_restart = restart_every_min * 60 if restart_every_min > 0 else float("inf")
    rss: list[float] = []
    anon: list[float] = []
    try:
        for minute in range(1, int(minutes) + 1):
            while (elapsed := time.monotonic() - started) < minute * 60:
                if elapsed >= next_restart:
                    next_restart += restart_every_min * 60
                    await server.stop()
                    await asyncio.sleep(down_s)
                    await server.start()
                await asyncio.sleep(min(1.0, max(0.0, minute * 60 - elapsed)))
            keeper = monitor.keeper
            rss.append(rss_mib())
            anon.append(rss_mib("RssAnon"))
            series = " ".join(f"{s}:{sent[s]}/{lost[s]}" for s in monitor.state.series)
            print(f"{minute:3d}  {series}  {sum(monitor.state.not_measured.values())}  {sum(lost.values())}  "
                  f"{keeper.drops if keeper else '-'}  {keeper.reconnects if keeper else '-'}  "
                  f"{keeper.keepalives if keeper else '-'}  {server.count('end=idle-timeout')}  "
                  f"{len(asyncio.all_tasks())}  {rss[-1]:.1f} ({anon[-1]:.1f})", flush=True)
    finally:
        consumer.cancel()
        await monitor.stop()
        await server.stop()
    print(f"done: {sum(sent.values())} probes, false loss {sum(lost.values())}, events {dict(causes)}, "
          f"server sessions ended by idle-timeout {server.count('end=idle-timeout')}, "
          f"RSS first/last/max minute {rss[0]:.1f}/{rss[-1]:.1f}/{max(rss):.1f} MiB, "
          f"anonymous {anon[0]:.1f}/{anon[-1]:.1f}/{max(anon):.1f} MiB", flush=True)
    return 1 if sum(lost.values()) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("minutes", nargs="?", type=float, default=60)
    parser.add_argument("--interval", type=float, default=APP_INTERVAL_S, help="seconds between probes")
    parser.add_argument("--heartbeat-ms", type=int, default=5000, help="the lab server's heartbeat interval")
    parser.add_argument("--restart-every", type=float, default=10, help="minutes between server restarts, 0: never")
    parser.add_argument("--down-s", type=float, default=3.0, help="seconds the server stays down at a restart")
    parser.add_argument("--quick", action="store_true",
                        help="one minute at 10 Hz, 200 ms server heartbeats and a restart: proves it works")
    args = parser.parse_args()
    if args.quick:
        args.minutes, args.interval, args.heartbeat_ms, args.restart_every = 1, 0.1, 200, 0.3
    return asyncio.run(soak(args.minutes, args.interval, args.heartbeat_ms, args.restart_every, args.down_s))


if __name__ == "__main__":
    sys.exit(main())
