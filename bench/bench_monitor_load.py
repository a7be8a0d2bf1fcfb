"""`t3gui monitor` under load: its memory and CPU over time, /metrics scrape time, targets per process.

Runs the real command (``python -m t3gui monitor ... --prometheus``) in its own process and reads
its resident memory and CPU time from psutil, against lab servers (``t3gui.lab.server.LabServer``,
demo PKI, a real token) that run in a separate "farm" process on loopback, so the servers' CPU is
not counted as the monitor's. Each target is a server of its own (one port each), as the metrics'
``target`` label is host:port.

Modes:
  soak     one target at --interval for --minutes; a line per --every-s (RSS, CPU % of one core over
           that span, probes sent and lost), then the RSS growth over the second half and the scrape
           time of /metrics (median and p95 of --scrapes scrapes)
  targets  for each count in --targets (default 25,50,100,150), that many targets at 1 Hz for
           --window-s: the probe rate each target achieved (1.0 = every second), loss, monitor CPU,
           the lab servers' CPU (--farms processes), RSS, mean heartbeat RTT, the scrape time and
           how long SIGTERM takes to end the monitor

Run: .venv/bin/python -m bench.bench_monitor_load soak --minutes 30 --interval 1
     .venv/bin/python -m bench.bench_monitor_load soak --minutes 30 --interval 0.1
     .venv/bin/python -m bench.bench_monitor_load targets --targets 25,50,100,150 --window-s 60 [--farms 1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
from prometheus_client.parser import text_string_to_metric_families

from t3gui.lab.config import LabConfig
from t3gui.lab.pki import write_demo_pki
from t3gui.lab.server import LabServer
from t3gui.lab.tokens import mint_token
from t3gui.protocol import jwt

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


# -- the farm: many lab servers in one process -------------------------------------------------------
async def farm(pki_dir: Path, count: int, ports_file: Path) -> None:
    pki = {p.name: p for p in pki_dir.iterdir()}
    servers = [LabServer(LabConfig(port=0, udp_port=0, cert=pki["server-good.pem"], key=pki["server-good.key"],
                                   jwt_key=pki["jwt-es256.pub.pem"], host_load=False)) for _ in range(count)]
    for server in servers:
        await server.start()
    ports_file.write_text("\n".join(str(s.port) for s in servers) + "\n")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for server in servers:
        await server.stop()


class Farm:
    """Lab servers in ``processes`` processes (servers are CPU too: spread over the cores like the monitor)."""

    def __init__(self, tmp: Path, pki_dir: Path, count: int, processes: int) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self.ports: list[int] = []
        files = []
        for i in range(processes):
            share = count // processes + (1 if i < count % processes else 0)
            ports_file = tmp / f"ports-{count}-{i}.txt"
            ports_file.unlink(missing_ok=True)
            files.append(ports_file)
            self.procs.append(subprocess.Popen(
                [sys.executable, "-m", "bench.bench_monitor_load", "farm", "--pki", str(pki_dir), "--count",
                 str(share), "--ports-file", str(ports_file)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 60
        for ports_file, proc in zip(files, self.procs, strict=True):
            while not ports_file.exists() or not ports_file.read_text().endswith("\n"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the lab server farm did not start")
                time.sleep(0.1)
            self.ports += [int(p) for p in ports_file.read_text().split()]
        self.ps = [psutil.Process(p.pid) for p in self.procs]

    def cpu_s(self) -> float:
        return sum(float(t.user + t.system) for t in (p.cpu_times() for p in self.ps))

    def stop(self) -> None:
        for proc in self.procs:
            proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextlib.contextmanager
def server_farm(tmp: Path, pki_dir: Path, count: int, processes: int = 1) -> Iterator[Farm]:
    farm_ = Farm(tmp, pki_dir, count, processes)
    try:
        yield farm_
    finally:
        farm_.stop()


# -- the monitor under test --------------------------------------------------------------------------
class MonitorProcess:
    def __init__(self, ports: list[int], interval_s: float, pki_dir: Path, token_file: Path, log: Path) -> None:
        argv = [sys.executable, "-m", "t3gui", "monitor", *(f"127.0.0.1:{p}" for p in ports),
                "--server-name", "localhost", "--token-file", str(token_file),
                "--ca-file", str(pki_dir / "root-ca.pem"), "--interval", f"{interval_s:g}", "--prometheus", "0"]
        self.log = log
        with log.open("wb") as err:
            self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        self.ps = psutil.Process(self.proc.pid)
        self.address = ""
        deadline = time.monotonic() + 60
        while not self.address:
            if match := re.search(r"http://(\S+)/metrics", log.read_text()):
                self.address = match.group(1)
            elif self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the monitor did not start: {log.read_text()}")
            time.sleep(0.05)

    def rss_mib(self) -> float:
        return float(self.ps.memory_info().rss) / 2**20

    def cpu_s(self) -> float:
        times = self.ps.cpu_times()
        return float(times.user + times.system)

    def scrape(self) -> tuple[float, Samples, int]:
        started = time.perf_counter()
        with urllib.request.urlopen(f"http://{self.address}/metrics", timeout=10) as response:
            text = response.read().decode()
        took = time.perf_counter() - started
        samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
                   for f in text_string_to_metric_families(text) for s in f.samples}
        return took, samples, len(text)

    def stop(self) -> float:
        """Seconds from SIGTERM to exit (killed, and reported as inf, after 60)."""
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return float("inf")
        return time.monotonic() - started


def total(samples: Samples, name: str, series: str | None = None) -> float:
    return sum(v for (n, labels), v in samples.items()
               if n == name and (series is None or ("series", series) in labels))


def scrape_times(mon: MonitorProcess, count: int) -> tuple[float, float, int]:
    times, size = [], 0
    for _ in range(count):
        took, _, size = mon.scrape()
        times.append(took * 1000)
        time.sleep(0.05)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], size


def setup(tmp: Path) -> tuple[Path, Path]:
    pki_dir = tmp / "pki"
    pki = write_demo_pki(pki_dir, "localhost")
    token_file = tmp / "token.jwt"
    token_file.write_text(mint_token(jwt.load_signing_key(pki["jwt-es256.key"].read_bytes()), sub="alice",
                                     lifetime_s=86_400 * 2) + "\n")
    return pki_dir, token_file


def soak(minutes: float, interval_s: float, every_s: float, scrapes: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="t3gui-monitor-load-"))
    pki_dir, token_file = setup(tmp)
    with server_farm(tmp, pki_dir, 1) as servers:
        mon = MonitorProcess(servers.ports, interval_s, pki_dir, token_file, tmp / "monitor.log")
        print(f"t3gui monitor, 1 target, every {interval_s:g} s, for {minutes:g} min (pid {mon.proc.pid})", flush=True)
        print("    t_s  rss_mib  cpu_%_core  sent  lost", flush=True)
        started = time.monotonic()
        last_t, last_cpu = started, mon.cpu_s()
        rows: list[tuple[float, float]] = []
        cpu_total_start = last_cpu
        while (now := time.monotonic()) - started < minutes * 60:
            time.sleep(max(0.0, min(every_s, started + minutes * 60 - now)))
            now, cpu = time.monotonic(), mon.cpu_s()
            _, samples, _ = mon.scrape()
            rss = mon.rss_mib()
            rows.append((now - started, rss))
            print(f"{now - started:7.0f}  {rss:7.1f}  {100 * (cpu - last_cpu) / (now - last_t):10.2f}  "
                  f"{total(samples, 't3gui_probes_sent_total'):5.0f}  {total(samples, 't3gui_probes_lost_total'):4.0f}",
                  flush=True)
            last_t, last_cpu = now, cpu
        cpu_pct = 100 * (mon.cpu_s() - cpu_total_start) / (time.monotonic() - started)
        median, p95, size = scrape_times(mon, scrapes)
        half = [r for r in rows if r[0] >= rows[-1][0] / 2]
        growth = half[-1][1] - half[0][1] if len(half) > 1 else float("nan")
        stop_s = mon.stop()
    print(f"summary: interval {interval_s:g} s, {minutes:g} min: CPU {cpu_pct:.2f} % of a core overall, "
          f"RSS {rows[0][1]:.1f} -> {rows[-1][1]:.1f} MiB (max {max(r[1] for r in rows):.1f}), "
          f"growth over the second half {growth:+.1f} MiB; /metrics {size} bytes, scrape median {median:.1f} ms, "
          f"p95 {p95:.1f} ms ({scrapes} scrapes); SIGTERM to exit {stop_s:.2f} s", flush=True)


def targets_mode(counts: list[int], window_s: float, scrapes: int, farms: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="t3gui-monitor-load-"))
    pki_dir, token_file = setup(tmp)
    print(f"lab servers in {farms} process(es) on this machine; monitor at 1 Hz; window {window_s:g} s", flush=True)
    print("targets  probes/s/target(udp)  (tcp)  loss_%  up  cpu_%_core  farm_cpu_%  rss_mib  rtt_mean_ms  "
          "scrape_med_ms  scrape_p95_ms  metrics_kib  sigterm_s", flush=True)
    for count in counts:
        with server_farm(tmp, pki_dir, count, farms) as servers:
            mon = MonitorProcess(servers.ports, 1.0, pki_dir, token_file, tmp / f"monitor-{count}.log")
            time.sleep(10)  # every session open, the first keepalives answered
            _, first, _ = mon.scrape()
            t0, cpu0, farm0 = time.monotonic(), mon.cpu_s(), servers.cpu_s()
            time.sleep(window_s)
            _, last, _ = mon.scrape()
            span, cpu, farm_cpu = time.monotonic() - t0, mon.cpu_s() - cpu0, servers.cpu_s() - farm0
            median, p95, size = scrape_times(mon, scrapes)
            rss = mon.rss_mib()
            stop_s = mon.stop()

        def delta(name: str, series: str | None = None) -> float:
            return total(last, name, series) - total(first, name, series)  # noqa: B023 - used at once

        udp_rate = delta("t3gui_probes_sent_total", "t3_udp") / span / count
        tcp_rate = delta("t3gui_probes_sent_total", "tcp_connect") / span / count
        sent, lost = delta("t3gui_probes_sent_total"), delta("t3gui_probes_lost_total")
        rtt = delta("t3gui_rtt_seconds_sum", "t3_udp") / max(1.0, delta("t3gui_rtt_seconds_count", "t3_udp")) * 1000
        up = total(last, "t3gui_up")
        print(f"{count:7d}  {udp_rate:20.3f}  {tcp_rate:5.3f}  {100 * lost / max(1.0, sent):6.2f}  {up:3.0f}  "
              f"{100 * cpu / span:10.1f}  {100 * farm_cpu / span:10.1f}  {rss:7.1f}  {rtt:11.2f}  {median:13.1f}  "
              f"{p95:13.1f}  {size / 1024:11.1f}  {stop_s:9.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="t3gui monitor's memory, CPU, scrape time and target capacity")
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("soak")
    s.add_argument("--minutes", type=float, default=30)
    s.add_argument("--interval", type=float, default=1.0)
    s.add_argument("--every-s", type=float, default=60)
    s.add_argument("--scrapes", type=int, default=200)
    t = sub.add_parser("targets")
    t.add_argument("--targets", default="25,50,100,150")
    t.add_argument("--window-s", type=float, default=60)
    t.add_argument("--scrapes", type=int, default=50)
    t.add_argument("--farms", type=int, default=1, help="processes the lab servers are spread over")
    f = sub.add_parser("farm")
    f.add_argument("--pki", type=Path, required=True)
    f.add_argument("--count", type=int, required=True)
    f.add_argument("--ports-file", type=Path, required=True)
    args = parser.parse_args()
    if args.mode == "farm":
        asyncio.run(farm(args.pki, args.count, args.ports_file))
    elif args.mode == "soak":
        soak(args.minutes, args.interval, args.every_s, args.scrapes)
    else:
        targets_mode([int(n) for n in args.targets.split(",")], args.window_s, args.scrapes, args.farms)


if __name__ == "__main__":
    main()
