"""Desktop app figures: cold start to the first shown window, event-loop lateness while
monitoring three series at 10 Hz with 24 h of history loaded, and the app's memory.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_gui
     (add ``soak 60`` for an hour of following, reported each minute)
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mib(field: str = "VmRSS") -> float:
    """Resident memory in MiB; RssAnon and RssFile split it into the process's own pages and mapped files.

    The file part (libraries, about half) varies by a few MiB between runs: the
    kernel maps library pages around each fault only if they are already cached.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def synthetic_rtts(first: int, n: int, salt: int) -> Any:
    """RTTs of probes first..first+n: 20 ms plus gamma(2, 2) noise, 1 % lost (NaN); float32.

    Drawn from a hash of the probe number, not numpy.random: the app never loads
    numpy.random, which alone would add about 7 MiB to the RSS measured here.
    """
    import numpy as np

    def uniform(k: int) -> Any:
        z = np.arange(first, first + n, dtype=np.uint64) * np.uint64(4) + np.uint64(k)
        z = z * np.uint64(0x9E3779B97F4A7C15) + np.uint64(salt)  # splitmix64, wrapping
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
        return ((z >> np.uint64(11)).astype(np.float64) + 0.5) / 2.0**53

    rtt = (20 - 2 * np.log(uniform(0) * uniform(1))).astype(np.float32)  # two exponentials of mean 2
    rtt[uniform(2) < 0.01] = np.nan
    return rtt


def cold_start(runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "t3gui"], capture_output=True, text=True, timeout=60,
                             env={**os.environ, "T3GUI_QUIT_WHEN": "shown"})
        assert "shown" in out.stdout, out.stderr[-2000:]
        times.append(time.perf_counter() - started)
    return times


def monitoring(seconds: float, zoomed_out: bool, soak: bool = False) -> tuple[list[float], float, float, float, int]:
    import qasync
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from t3gui.gui import theme
    from t3gui.gui.main_window import MainWindow
    from t3gui.gui.settings import AppSettings

    app = QApplication.instance() or QApplication([])
    theme.apply(app)  # type: ignore[arg-type]
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    # The whole app, as a user has it: a main window whose monitor page holds the history.
    import tempfile

    settings = AppSettings(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, "en")
    window.resize(1200, 800)
    window.show()
    with loop:
        diagnose_a_lab_server(window, loop)  # as a user does first: TLS, DNS, the engine, a report
        return _monitor_with_history(app, loop, window, seconds, zoomed_out, soak)


def diagnose_a_lab_server(window: Any, loop: asyncio.AbstractEventLoop) -> None:
    """Run a full diagnosis from the window against a lab server in another process (not counted)."""
    import socket

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
            pass
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


def _monitor_with_history(app: Any, loop: asyncio.AbstractEventLoop, window: Any, seconds: float,
                          zoomed_out: bool, soak: bool) -> tuple[list[float], float, float, float, int]:
    import numpy as np

    from t3gui.core.events import Sample
    from t3gui.core.ring import DAY_AT_10HZ

    page = window.monitor_page
    window.stack.setCurrentWidget(page)
    app.processEvents()
    before = rss_mib()
    chunk = 36_000  # an hour at a time, in float32, so the benchmark's own scratch stays small
    for salt, series in enumerate(("t3_udp", "tcp_connect", "icmp")):
        for start in range(0, DAY_AT_10HZ, chunk):
            t = np.arange(start, start + chunk, dtype=np.float32) / 10
            page.load_history(series, t, synthetic_rtts(start, chunk, salt))
    t = np.array([DAY_AT_10HZ / 10], dtype=np.float32)
    ring_mib = sum(r.nbytes for r in page.rings.values()) / 2**20
    if zoomed_out:
        page.follow = False
        page.rtt_plot.setXRange(0.0, float(t[-1]), padding=0)
    page.redraw_timer.start()
    page.table_timer.start()
    lateness: list[float] = []

    noise = random.Random(1)

    async def feed() -> None:
        now = float(t[-1])
        seq = 0
        while True:
            await asyncio.sleep(0.1)
            now += 0.1
            seq += 1
            for series in ("t3_udp", "tcp_connect", "icmp"):
                page.add_sample(Sample(series, seq, now, 20 + noise.gammavariate(2, 2)))

    started = time.perf_counter()

    async def probe() -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            expected = time.perf_counter() + 0.01
            await asyncio.sleep(0.01)
            lateness.append((time.perf_counter() - expected) * 1000)
            if soak and len(lateness) == 6000:  # about a minute: report it and keep no more than that
                lateness.sort()
                print(f"  {(time.perf_counter() - started) / 60:5.1f} min  RSS {rss_mib():6.1f} MiB  lateness p99 "
                      f"{lateness[int(len(lateness) * 0.99)]:5.1f} ms  {page.redraws} redraws", flush=True)
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
    return lateness, before, ring_mib, rss_mib(), redraws


def opening_a_bundle(runs: int = 3) -> tuple[list[float], list[float]]:
    """File -> Open bundle on a 3 x 24 h bundle: seconds to the verdict shown, and to the day drawn."""
    import tempfile

    import qasync
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bench.bench_bundle import day_of_samples
    from t3gui.core.bundle.writer import BundleContent, write_bundle
    from t3gui.core.model import Report, Target, Verdict, VerdictStatus
    from t3gui.gui.main_window import MainWindow
    from t3gui.gui.settings import AppSettings

    folder = Path(tempfile.mkdtemp())
    report = Report("0.1.0", "2026-11-22T10:00:00.000Z", "2026-11-23T10:00:00.000Z", Target("t3.example.com"),
                    (), (), Verdict(VerdictStatus.HEALTHY, None, "ok"))
    path = folder / "day.zip"
    path.write_bytes(write_bundle(BundleContent(report, day_of_samples("realistic"), environment={}))[0])
    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow(AppSettings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)), "en")
    window.resize(1200, 800)
    window.show()
    to_verdict: list[float] = []
    to_drawn: list[float] = []
    for _ in range(runs):
        loop.run_until_complete(window.monitor_page.stop())
        window.new_diagnosis()
        loop.run_until_complete(asyncio.sleep(0.2))
        started = time.perf_counter()
        shown = window.show_result

        def timed_show(report: object, shown: object = shown, started: float = started) -> None:
            shown(report)  # type: ignore[operator]
            to_verdict.append(time.perf_counter() - started)

        window.show_result = timed_show  # type: ignore[method-assign]
        loop.run_until_complete(window.open_bundle(path))
        window.show_result = shown  # type: ignore[method-assign]
        window.stack.setCurrentWidget(window.monitor_page)
        window.monitor_page.redraw()
        app.processEvents()
        to_drawn.append(time.perf_counter() - started)
    window.close()
    loop.close()  # joins the executor thread that read the samples
    return to_verdict, to_drawn


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "open-bundle":
        to_verdict, to_drawn = opening_a_bundle()
        print(f"{'open a 3 x 24 h bundle: to the verdict / to the day drawn':<56} "
              f"{statistics.median(to_verdict):6.2f} / {statistics.median(to_drawn):.2f} s (median of 3)")
        return
    if len(sys.argv) > 1 and sys.argv[1] == "soak":  # soak [minutes]: does a long follow grow or stutter?
        minutes = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
        print(f"following 3 series at 10 Hz with 24 h of history for {minutes:g} min")
        monitoring(minutes * 60, zoomed_out=False, soak=True)
        return
    if len(sys.argv) > 1 and sys.argv[1] in ("follow", "zoomed-out"):
        lateness, baseline, ring_mib, rss, redraws = monitoring(20.0, sys.argv[1] == "zoomed-out")
        lateness.sort()
        p99 = lateness[int(len(lateness) * 0.99)]
        print(f"{'event-loop lateness, ' + sys.argv[1] + ' (p50 / p99 / max)':<56} "
              f"{statistics.median(lateness):6.2f} / {p99:6.2f} / {lateness[-1]:6.2f} ms  ({redraws} redraws in 20 s)")
        print(f"{'  whole app RSS: diagnosed / ring buffers (3 x 24 h) / after':<56} {baseline:6.1f} / "
              f"{ring_mib:5.1f} / {rss:6.1f} MiB")
        print(f"{'  of which: anonymous / mapped files':<56} {rss_mib('RssAnon'):6.1f} / {rss_mib('RssFile'):6.1f} MiB")
        return
    starts = cold_start()
    print(f"{'cold start to the first shown window (median of 5)':<56} {statistics.median(starts):6.2f} s "
          f"(min {min(starts):.2f}, max {max(starts):.2f})")
    for mode in ("follow", "zoomed-out", "open-bundle"):  # each in a fresh process, so memory is the app's own
        subprocess.run([sys.executable, "-m", "bench.bench_gui", mode], check=True)


if __name__ == "__main__":
    main()
