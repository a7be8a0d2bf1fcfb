"""The frozen app's memory (what users run) with a day of history on three series, loaded, drawn and fed.

The same load as ``bench/bench_gui.py follow`` from source: the window (1200 x 800)
first diagnoses a demo lab server running in another process (the frozen
``t3gui lab demo``), then 24 h at 10 Hz of the same synthetic probes go into
the monitor's rings for three series, the page follows the live edge and gets a
probe per series every 100 ms. The frozen app is driven through
T3GUI_BENCH_MONITOR (t3gui/gui/bench_monitor.py); RSS is read from /proc (Linux).

Run: .venv/bin/python -m bench.bench_frozen_memory [--dist dist/t3gui] [--runs 3] [--seconds 60] [--hours 24] [--quick]
As root it drops the page cache before each run (sync; echo 3 > /proc/sys/vm/drop_caches), as the
source figures in docs/benchmarks.md were measured; --keep-cache leaves it.
"""

from __future__ import annotations

import argparse
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

import numpy as np

from bench.gui_common import SERIES, synthetic_rtts

ROOT = Path(__file__).resolve().parent.parent
HOUR_AT_10HZ = 36_000
FIELDS = ("VmRSS", "RssAnon", "RssFile")


def write_history(folder: Path, hours: float) -> None:
    """The probes bench/gui_common.load_history puts into the rings, as .npy files the app maps."""
    probes = int(hours * HOUR_AT_10HZ)
    for salt, series in enumerate(SERIES):
        t = np.arange(probes, dtype=np.float32) / 10
        rtt = np.concatenate([synthetic_rtts(first, min(HOUR_AT_10HZ, probes - first), salt)
                              for first in range(0, probes, HOUR_AT_10HZ)])
        np.save(folder / f"{series}.t.npy", t)
        np.save(folder / f"{series}.rtt.npy", rtt)


def free_ports() -> tuple[int, int]:
    with socket.socket() as tcp, socket.socket(type=socket.SOCK_DGRAM) as udp:
        tcp.bind(("127.0.0.1", 0))
        udp.bind(("127.0.0.1", 0))
        return tcp.getsockname()[1], udp.getsockname()[1]


def memory_mib(pid: int) -> dict[str, float]:
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in FIELDS:
            found[name] = int(value.split()[0]) / 1024
    return found


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def lines_of(stream: IO[str]) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            found.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    return found


def wait_for(lines: queue.Queue[str], prefix: str, process: subprocess.Popen[str], timeout_s: float) -> str:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if process.poll() is not None:
                stopped = f"{process.args[0]} exited ({process.returncode})"
                raise SystemExit(f"{stopped} before printing {prefix!r}") from None
            continue
        if line.startswith(prefix):
            return line
    raise SystemExit(f"{process.args[0]} did not print {prefix!r} within {timeout_s:g} s")


Memory = dict[str, float]


def one_run(app: list[str], env: dict[str, str], seconds: float, drop: bool) -> tuple[Memory, Memory]:
    """(RSS once diagnosed, RSS after following the day for ``seconds``), in MiB."""
    if drop and not drop_page_cache():
        raise SystemExit("cannot drop the page cache (not root?); add --keep-cache")
    process = subprocess.Popen(app, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        lines = lines_of(process.stdout)
        verdict = wait_for(lines, "diagnosed", process, 120)
        if verdict != "diagnosed healthy":
            raise SystemExit(f"the diagnosis of the demo lab server was not healthy: {verdict}")
        diagnosed = memory_mib(process.pid)
        wait_for(lines, "monitor loaded", process, 120)
        time.sleep(seconds)
        return diagnosed, memory_mib(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.bench_frozen_memory", description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist/t3gui", help="the PyInstaller folder")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes (median)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to follow once loaded")
    parser.add_argument("--hours", type=float, default=24.0, help="hours of 10 Hz history on each series")
    parser.add_argument("--keep-cache", action="store_true", help="do not drop the page cache before each run")
    parser.add_argument("--source", action="store_true", help="run the app from source instead, for comparison")
    parser.add_argument("--quick", action="store_true", help="one run, 6 min of history, 1 s, page cache kept")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.seconds, args.hours, args.keep_cache = 1, 1.0, 0.1, True
    if args.source:
        app = console = [sys.executable, "-m", "t3gui"]
    else:
        app, console = [str(args.dist / "t3gui-app")], [str(args.dist / "t3gui")]
        if not all(Path(c[0]).exists() for c in (app, console)):
            print(f"frozen memory left out: {app[0]} is missing; build it with .venv/bin/pyinstaller build.spec "
                  f"--noconfirm")
            return
    with tempfile.TemporaryDirectory(prefix="t3gui-bench-") as tmp:
        home = Path(tmp)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home / "home"),
               "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config"),
               "XDG_STATE_HOME": str(home / "state")}
        env.pop("T3GUI_QUIT_WHEN", None)
        data = home / "monitor"
        data.mkdir()
        write_history(data, args.hours)
        port, udp_port = free_ports()
        server = subprocess.Popen([*console, "lab", "demo", "--port", str(port), "--udp-port", str(udp_port)],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert server.stdout is not None
            wait_for(lines_of(server.stdout), "Press Ctrl-C", server, 60)
            demo = home / "cache" / "t3gui" / "demo"
            (data / "profile.toml").write_text(
                f'[target]\nhost = "localhost"\nport = {port}\nudp_port = {udp_port}\n'
                f'[tls]\nca_file = "{demo / "root-ca.pem"}"\n[auth]\ntoken_file = "{demo / "token.jwt"}"\n')
            results = [one_run(app, {**env, "T3GUI_BENCH_MONITOR": str(data)}, args.seconds, not args.keep_cache)
                       for _ in range(args.runs)]
        finally:
            server.terminate()
            server.wait(10)
    note = "page cache kept" if args.keep_cache else "page cache dropped before each run"
    print(f"{'source' if args.source else 'frozen'} {app[-1]}: 3 series x {args.hours:g} h at 10 Hz, "
          f"followed {args.seconds:g} s (median of {args.runs}; {note})")
    for label, index in (("window shown, diagnosed", 0), ("history loaded, drawn and fed", 1)):
        median = {f: statistics.median(r[index][f] for r in results) for f in FIELDS}
        each = ", ".join(f"{r[index]['VmRSS']:.1f}" for r in results)
        print(f"  {label:<32} RSS {median['VmRSS']:6.1f} MiB ({median['VmRSS'] * 2**20 / 1e6:.1f} MB; "
              f"runs {each}); anonymous {median['RssAnon']:.1f} / mapped files {median['RssFile']:.1f} MiB")


if __name__ == "__main__":
    main()
