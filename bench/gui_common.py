"""What the desktop benchmarks share: the process's memory, synthetic history, and a main window to drive."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SERIES = ("t3_udp", "tcp_connect", "icmp")


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


def new_window() -> tuple[Any, Any, Any]:
    """(QApplication, qasync loop, the whole main window shown at 1200 x 800) with throw-away settings."""
    import qasync  # noqa: TID251 - a benchmark of the desktop app
    from PySide6.QtCore import QSettings  # noqa: TID251
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from t3gui.gui import theme
    from t3gui.gui.gui_thread_gc import collect_in_gui_thread
    from t3gui.gui.main_window import MainWindow
    from t3gui.gui.settings import AppSettings

    app = QApplication.instance() or QApplication([])
    collect_in_gui_thread(app)  # as the app does
    theme.apply(app)  # type: ignore[arg-type]
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    settings = AppSettings(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, "en")
    window.resize(1200, 800)
    window.show()
    return app, loop, window


def dispose(window: Any) -> None:
    """Close the window and delete it now: left to the interpreter's exit, Qt's teardown of a window built
    outside run_app crashed the process (SIGSEGV after the figures were printed) in 4 of 6 open-bundle runs."""
    import shiboken6

    window.close()
    shiboken6.delete(window)


def load_history(page: Any, hours: float) -> float:
    """Fill the monitor page's three series with ``hours`` of 10 Hz probes; returns the last time (s)."""
    import numpy as np

    probes = int(hours * 36_000)
    chunk = min(36_000, probes)  # an hour at a time, in float32, so the benchmark's own scratch stays small
    for salt, series in enumerate(SERIES):
        for start in range(0, probes, chunk):
            t = np.arange(start, start + chunk, dtype=np.float32) / 10
            page.load_history(series, t, synthetic_rtts(start, chunk, salt))
    return probes / 10
