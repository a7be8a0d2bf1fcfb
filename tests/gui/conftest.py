"""GUI tests: real widgets offscreen on a qasync loop, settings in a temporary file."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from t3gui.gui.gui_thread_gc import collect_in_gui_thread
from t3gui.gui.main_window import MainWindow
from t3gui.gui.settings import AppSettings

if TYPE_CHECKING:
    from t3gui.gui.monitor_page import MonitorPage


@pytest.fixture(scope="package", autouse=True)
def gui_thread_gc(qapp: QApplication) -> Iterator[None]:
    """As the app does: a collection on a worker thread that freed a widget crashed the suite."""
    collect_in_gui_thread(qapp)
    yield
    collect_in_gui_thread(qapp).stop()  # the tests after these have no Qt loop to run the timer


@pytest.fixture(scope="session")
def session_loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    # One qasync loop for the whole session: a closed qasync loop can leave Qt timers pending
    # that later fire into deleted objects (seen as a segfault in QTimerInfoList::activateTimers).
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()  # once, at the end: stops qasync's worker QThreads before Qt tears down


@pytest.fixture
def loop(session_loop: asyncio.AbstractEventLoop) -> Iterator[asyncio.AbstractEventLoop]:
    asyncio.set_event_loop(session_loop)
    yield session_loop
    pending = [t for t in asyncio.all_tasks(session_loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        session_loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "t3gui.ini"), QSettings.Format.IniFormat))


def run_until(loop: asyncio.AbstractEventLoop, predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    async def wait() -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("condition not reached in time")
            await asyncio.sleep(0.02)

    loop.run_until_complete(wait())


def _opened(loop: asyncio.AbstractEventLoop, settings: AppSettings, language: str,
            demo: bool = False) -> Iterator[MainWindow]:
    window = MainWindow(settings, language, demo=demo, monitor_capacity=10_000 if demo else None)
    if demo and language != "en":
        window.resize(1000, 720)
    window.show()
    yield window
    # Not qtbot.addWidget: pytest-qt would delete the window before this shutdown runs.
    loop.run_until_complete(window.shutdown())
    window.close()
    window.deleteLater()


@pytest.fixture
def demo_window(loop: asyncio.AbstractEventLoop, settings: AppSettings) -> Iterator[MainWindow]:
    yield from _opened(loop, settings, "en", demo=True)


@pytest.fixture
def window(loop: asyncio.AbstractEventLoop, settings: AppSettings) -> Iterator[MainWindow]:
    """The app as a user opens it, without the demo."""
    yield from _opened(loop, settings, "en")


@pytest.fixture
def zh_app(loop: asyncio.AbstractEventLoop, settings: AppSettings) -> Iterator[MainWindow]:
    """The Chinese app as a user opens it, without the demo."""
    yield from _opened(loop, settings, "zh_CN")


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile-bundle corpus, written once for a test module."""
    from tests.core.bundle.hostile_corpus import write_corpus

    return write_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def crashes(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """What reached the crash handler (an exception t3gui did not expect)."""
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: seen.append(exc))
    return seen


def diagnose(window: MainWindow, loop: asyncio.AbstractEventLoop, scenario: str) -> None:
    """Pick a demo scenario, press Start, wait for the verdict."""
    window.play_demo(scenario)
    run_until(loop, lambda: window.stack.currentWidget() is window.result_page, timeout=30)


@pytest.fixture
def zh_window(loop: asyncio.AbstractEventLoop, settings: AppSettings) -> Iterator[MainWindow]:
    yield from _opened(loop, settings, "zh_CN", demo=True)


@pytest.fixture
def page(loop: asyncio.AbstractEventLoop) -> Iterator[MonitorPage]:
    """The live monitor page alone, in English, stopped at the end."""
    from t3gui.gui.monitor_page import MonitorPage
    from t3gui.gui.strings import Translator

    page = MonitorPage(Translator("en"), capacity=10_000)
    page.resize(1000, 700)
    page.show()
    yield page
    loop.run_until_complete(page.stop())
    page.close()
    page.deleteLater()
