"""Widgets held only by a reference cycle are freed on the GUI thread, whatever a worker allocates."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtWidgets import QApplication

from t3gui.gui.gui_thread_gc import GuiThreadCollector, collect_in_gui_thread

ROOT = Path(__file__).resolve().parents[2]

# Each round: a collection on the GUI thread (counts at zero), a shown widget and message box held only
# by cycles, then a worker thread that allocates and keeps 300 000 lists, as parsing a report does.
# Automatic collection then runs on the worker and frees the widgets there.
VICTIM = textwrap.dedent(
    """
    import asyncio, gc, sys, threading, weakref
    import qasync
    from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QVBoxLayout, QWidget
    from t3gui.gui.gui_thread_gc import collect_in_gui_thread

    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)
    if sys.argv[1] == "guarded":
        collect_in_gui_thread(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    freed_on_gui_thread = []
    gui_thread = threading.main_thread()

    def allocate():
        kept = [[i] for i in range(300_000)]
        return len(kept)

    async def main():
        refs = []
        for _ in range(20):
            gc.collect()
            w = QWidget()
            layout = QVBoxLayout(w)
            for _ in range(10):
                layout.addWidget(QLabel("x"))
            w.show()
            w.me = w
            box = QMessageBox(w)
            box.show()
            box.me = box
            refs.append(weakref.ref(w))
            weakref.finalize(w, lambda: freed_on_gui_thread.append(threading.current_thread() is gui_thread))
            del w, box, layout
            await asyncio.get_running_loop().run_in_executor(None, allocate)
        gc.collect()
        print("elsewhere", freed_on_gui_thread.count(False), "alive", sum(r() is not None for r in refs), flush=True)

    with loop:
        loop.run_until_complete(main())
    """
)


def run_victim(mode: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "victim.py"
    script.write_text(VICTIM, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-X", "faulthandler", str(script), mode], capture_output=True,
                          text=True, timeout=120, env=env)


def test_without_it_a_worker_frees_widgets_or_the_process_crashes(tmp_path: Path) -> None:
    """The control: what the suite's segfault was (so the guarded run below can fail)."""
    done = run_victim("unguarded", tmp_path)
    assert done.returncode != 0 or "elsewhere 0 " not in done.stdout, done.stdout + done.stderr[-2000:]


def test_with_it_every_widget_is_freed_on_the_gui_thread(tmp_path: Path) -> None:
    done = run_victim("guarded", tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "elsewhere 0 alive 0" in done.stdout


def test_it_collects_the_generations_python_would_have(qapp: QApplication) -> None:
    collector = collect_in_gui_thread(qapp)
    assert collect_in_gui_thread(qapp) is collector and not gc.isenabled()
    assert collector.timer.isActive()
    gc.collect()
    assert collector.collect() == 0  # below every threshold: nothing to do
    kept = [[[i]] for i in range(collector.thresholds[0] * 2)]
    cycles = []
    for _ in range(5):
        one: list[object] = []
        one.append(one)
        cycles.append(one)
    del cycles, one
    assert gc.get_count()[0] > collector.thresholds[0]
    assert collector.collect() >= 5 and gc.get_count()[0] < collector.thresholds[0]
    assert len(kept) == collector.thresholds[0] * 2


def test_stop_hands_collection_back_to_python(qapp: QApplication) -> None:
    collector = collect_in_gui_thread(qapp)
    collector.stop()
    try:
        assert gc.isenabled() and not collector.timer.isActive()
        assert qapp.findChild(GuiThreadCollector) is None
    finally:
        collect_in_gui_thread(qapp)  # as the rest of this package expects
