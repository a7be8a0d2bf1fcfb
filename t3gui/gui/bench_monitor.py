"""How a memory benchmark drives the app it cannot import: the frozen build, as users run it.

Off unless the environment variable T3GUI_BENCH_MONITOR names a folder; no flag
or menu shows it. ``bench/bench_frozen_memory.py`` writes that folder:
``profile.toml`` (a target to diagnose first, as a user does before monitoring)
and, for each series, ``<series>.t.npy`` and ``<series>.rtt.npy`` (its probes'
times and RTTs, NaN for a lost one). The app diagnoses the profile's target,
prints ``diagnosed``, then loads the history into the monitor page, follows it
and adds a probe to every series each 100 ms, as ``bench/gui_monitor.py`` does
from source, and prints ``monitor loaded``. It runs until it is closed.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QTimer

from t3gui.core.events import Sample
from t3gui.gui.monitor_page import SERIES

if TYPE_CHECKING:
    from t3gui.core.model import Report
    from t3gui.gui.main_window import MainWindow

ENV = "T3GUI_BENCH_MONITOR"
WINDOW_SIZE = (1200, 800)  # bench/gui_common.new_window's
HOUR_AT_10HZ = 36_000  # history goes into the rings an hour at a time, as bench/gui_common.load_history does
FEED_MS = 100


def start(window: MainWindow, folder: Path) -> None:
    """Diagnose the folder's profile (if it has one), then load and feed its history."""
    window.resize(*WINDOW_SIZE)
    profile = folder / "profile.toml"
    if not profile.exists():
        QTimer.singleShot(0, lambda: load_and_feed(window, folder))
        return

    def diagnosed(report: Report) -> None:
        window.runner.finished.disconnect(diagnosed)
        print(f"diagnosed {report.verdict.status.value}", flush=True)
        QTimer.singleShot(1000, lambda: load_and_feed(window, folder))  # a second to read the RSS before the history

    window.load_profile(profile)
    window.runner.finished.connect(diagnosed)
    window.start_diagnosis(window.start_page.options())


def load_and_feed(window: MainWindow, folder: Path) -> QTimer:
    """Fill the monitor page from the folder's series, follow the live edge, feed it; the timer that feeds."""
    page = window.monitor_page
    window.stack.setCurrentWidget(page)
    last = 0.0
    names = [s for s in SERIES if (folder / f"{s}.t.npy").exists()]
    for name in names:
        times = np.load(folder / f"{name}.t.npy", mmap_mode="r", allow_pickle=False)
        rtts = np.load(folder / f"{name}.rtt.npy", mmap_mode="r", allow_pickle=False)
        for first in range(0, len(times), HOUR_AT_10HZ):
            page.load_history(name, np.asarray(times[first:first + HOUR_AT_10HZ]),
                              np.asarray(rtts[first:first + HOUR_AT_10HZ]))
        if len(times):
            last = max(last, float(times[-1]))
        del times, rtts  # unmapped: the rings hold their own copy
    page.redraw_timer.start()
    page.table_timer.start()
    noise = random.Random(1)
    now, seq = last, 0

    def feed() -> None:
        nonlocal now, seq
        now += FEED_MS / 1000
        seq += 1
        for name in names:
            page.add_sample(Sample(name, seq, now, 20 + noise.gammavariate(2, 2)))

    feeder = QTimer(page)
    feeder.setInterval(FEED_MS)
    feeder.timeout.connect(feed)
    feeder.start()
    print(f"monitor loaded {len(names)} series", flush=True)
    return feeder
