"""Event-loop lateness and the whole app's memory while monitoring, as a user has it.

The window first runs a full diagnosis of a lab server in another process, as
a user does before opening the monitor (TLS, DNS, the engine and a report are
in memory). Then ``hours`` at 10 Hz on three series go into the rings and a
live feed adds three samples every 100 ms. Run through ``bench/bench_gui.py``
(follow, zoomed-out, soak).
"""

from __future__ import annotations

import asyncio
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

from bench.gui_common import SERIES, load_history, new_window, rss_mib


@dataclass
class Monitoring:
    lateness_ms: list[float]
    diagnosed_mib: float  # RSS with the window shown and a diagnosis done, before any history
    ring_mib: float
    after_mib: float
    redraws: int


def diagnose_a_lab_server(window: Any, loop: asyncio.AbstractEventLoop) -> None:
    """Run a full diagnosis from the window against a lab server in another process (not counted)."""
    from t3gui.core.model import Target
    from t3gui.core.options import DiagnoseOptions
    from t3gui.core.paths import cache_dir
    from t3gui.core.secret import Secret

    with socket.socket() as tcp, socket.socket(type=socket.SOCK_DGRAM) as udp:
        tcp.bind(("127.0.0.1", 0))
        udp.bind(("127.0.0.1", 0))
        port, udp_port = tcp.getsockname()[1], udp.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "t3gui", "lab", "demo", "--port", str(port), "--udp-port",
                               str(udp_port), "--duration-s", "60"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        assert server.stdout is not None
        while "Press Ctrl-C" not in server.stdout.readline():
            if server.poll() is not None:
                raise RuntimeError("the lab demo server exited before it was ready")
        demo = cache_dir() / "demo"
        options = DiagnoseOptions(Target("localhost", port, udp_port), token=Secret((demo / "token.jwt").read_text()
                                  .strip()), ca_file=demo / "root-ca.pem")
        window.start_diagnosis(options)

        async def verdict_shown() -> None:
            while window.stack.currentWidget() is not window.result_page:
                await asyncio.sleep(0.05)

        loop.run_until_complete(asyncio.wait_for(verdict_shown(), 30))
        assert window.report is not None and window.report.verdict.status.value == "healthy", window.report
    finally:
        server.terminate()
        server.wait(10)


def monitoring(seconds: float, zoomed_out: bool, hours: float = 24.0, soak_report_s: float = 0.0) -> Monitoring:
    """Follow (or view the whole history) for ``seconds``; with soak_report_s, print RSS and lateness that often."""
    app, loop, window = new_window()
    with loop:
        diagnose_a_lab_server(window, loop)  # as a user does first: TLS, DNS, the engine, a report
        return _monitor_with_history(app, loop, window, seconds, zoomed_out, hours, soak_report_s)


def _monitor_with_history(app: Any, loop: asyncio.AbstractEventLoop, window: Any, seconds: float,
                          zoomed_out: bool, hours: float, soak_report_s: float) -> Monitoring:
    from t3gui.core.events import Sample

    page = window.monitor_page
    window.stack.setCurrentWidget(page)
    app.processEvents()
    before = rss_mib()
    last = load_history(page, hours)
    ring_mib = sum(r.nbytes for r in page.rings.values()) / 2**20
    if zoomed_out:
        page.follow = False
        page.rtt_plot.setXRange(0.0, last, padding=0)
    page.redraw_timer.start()
    page.table_timer.start()
    lateness: list[float] = []
    noise = random.Random(1)

    async def feed() -> None:
        now, seq = last, 0
        while True:
            await asyncio.sleep(0.1)
            now += 0.1
            seq += 1
            for series in SERIES:
                page.add_sample(Sample(series, seq, now, 20 + noise.gammavariate(2, 2)))

    started = time.perf_counter()
    per_report = int(soak_report_s * 100)  # lateness is probed every 10 ms

    async def probe() -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            expected = time.perf_counter() + 0.01
            await asyncio.sleep(0.01)
            lateness.append((time.perf_counter() - expected) * 1000)
            if per_report and len(lateness) == per_report:  # report it and keep no more than that
                lateness.sort()
                print(f"  {(time.perf_counter() - started) / 60:5.1f} min  RSS {rss_mib():6.1f} MiB  lateness p99 "
                      f"{lateness[int(len(lateness) * 0.99)]:5.1f} ms over {per_report} probes  "
                      f"{page.redraws} redraws", flush=True)
                lateness.clear()

    async def run() -> None:
        feeder = asyncio.ensure_future(feed())
        await probe()
        feeder.cancel()

    loop.run_until_complete(run())
    redraws = page.redraws
    page.redraw_timer.stop()
    page.table_timer.stop()
    window.close()
    return Monitoring(lateness, before, ring_mib, rss_mib(), redraws)
