"""Entry of the desktop app: QApplication on a qasync loop, crash handling, logs, theme."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt is imported only once run_app has checked there is a display
    from PySide6.QtWidgets import QApplication

    from t3gui.gui.main_window import MainWindow

STARTED = time.perf_counter()


def has_no_display(platform: str = sys.platform, env: dict[str, str] | None = None) -> bool:
    """Linux without X11 or Wayland: a window cannot open here (Qt would abort with a page of plugin errors)."""
    env = dict(os.environ) if env is None else env
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return False
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def run_app(demo: bool = False, argv: list[str] | None = None, scenario: str | None = None) -> int:
    """Open the main window; with demo, against the embedded lab server, playing scenario at once if named."""
    if has_no_display():
        from t3gui.cli.errors import UsageError

        raise UsageError("usage.no_display")  # one line, in the user's language, exit 2 (cli.main says it)
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from t3gui.gui import crash_handler, theme
    from t3gui.gui.app_icon import app_icon
    from t3gui.gui.gui_thread_gc import collect_in_gui_thread
    from t3gui.gui.main_window import MainWindow
    from t3gui.gui.settings import AppSettings
    from t3gui.gui.strings import Translator, system_language

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    collect_in_gui_thread(app)  # bundle work runs on worker threads, which must never free a widget
    app.setApplicationName("t3gui")
    app.setOrganizationName("t3gui")
    app.setWindowIcon(app_icon())
    log_file = crash_handler.setup_logging()
    settings = AppSettings()
    language = settings.language or system_language()
    tr = Translator(language)

    window_ref: list[MainWindow] = []

    def show_crash(path: Path) -> None:
        if window_ref:
            window_ref[0].crash_log = path  # offered in the next exported bundle
        QMessageBox.critical(None, tr("crash.title"), tr("crash.text", path=path))

    crash_handler.install(show_crash)
    theme.apply(app)
    app.styleHints().colorSchemeChanged.connect(lambda _: theme.apply(app))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow(settings, language, demo=demo)
    window_ref.append(window)
    window.show()
    logging.getLogger("t3gui.gui").info("window shown %.0f ms after start; log %s",
                                        (time.perf_counter() - STARTED) * 1000, log_file)
    if demo and scenario:
        QTimer.singleShot(0, lambda: window.play_demo(scenario))
    _quit_when(os.environ.get("T3GUI_QUIT_WHEN", ""), app, window)
    bench_folder = os.environ.get("T3GUI_BENCH_MONITOR")
    if bench_folder:  # bench/bench_frozen_memory.py: the frozen app's memory, monitoring a day (bench_monitor.py)
        from t3gui.gui import bench_monitor

        bench_monitor.start(window, Path(bench_folder))
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
        loop.run_until_complete(window.shutdown())
    # Leaving `with loop` closed it, which also stopped the worker threads that bundle work ran on.
    return 0


def _quit_when(moment: str, app: QApplication, window: MainWindow) -> None:
    """Benchmarks and the frozen build's smoke test drive the app this way: "shown" or "verdict"."""
    from PySide6.QtCore import QTimer

    from t3gui.core.model import Report

    if moment == "shown":
        print(f"shown {(time.perf_counter() - STARTED) * 1000:.0f} ms", flush=True)
        QTimer.singleShot(0, app.quit)
    elif moment == "verdict":
        def print_and_quit(report: Report) -> None:
            print(f"verdict {report.verdict.status.value} {report.verdict.root_cause or '-'}", flush=True)
            QTimer.singleShot(0, app.quit)

        window.runner.finished.connect(print_and_quit)
