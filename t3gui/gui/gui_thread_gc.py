"""Python's cycle collector runs only in the GUI thread while the app is open.

Why: the collector runs in whichever thread happens to allocate when a threshold is crossed. Bundle
reading and probe preparation run on qasync's worker threads and allocate heavily; a collection
there frees any widget that was only held by a reference cycle, and Qt then deletes a widget off
the GUI thread, which crashes the process (a segfault in the test suite's hostile-bundle run, and
in `tests/gui/test_gui_thread_gc.py` without this). pyqtgraph ships the same remedy
(``pyqtgraph.util.garbage_collector``); this one avoids importing pyqtgraph at start-up.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500  # garbage waits at most this long; a gen-0 look costs microseconds


class GuiThreadCollector(QObject):
    """Automatic collection off; the same generational thresholds checked on a GUI-thread timer."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        gc.disable()
        self.timer.start(INTERVAL_MS)  # runs on through the shutdown after the window closes

    def collect(self) -> int:
        """What automatic collection would have done by now, as gc.get_count() and the thresholds say."""
        counts = gc.get_count()
        generation = -1
        for level in range(3):
            if counts[level] <= self.thresholds[level]:
                break
            generation = level
        return gc.collect(generation) if generation >= 0 else 0

    def stop(self) -> None:
        """Automatic collection again, for a process that goes on without Qt (the test suite)."""
        self.timer.stop()
        gc.enable()
        self.setParent(None)
        self.deleteLater()


def collect_in_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """Install once per application (a second call returns the first collector)."""
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        return existing
    return GuiThreadCollector(app)
