"""The start page opens without pyqtgraph; the live monitor's page, and pyqtgraph with it, comes when first used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor

from t3gui.gui import theme
from t3gui.gui.main_window import MainWindow

from .conftest import diagnose, run_until

# The app's own start (run_app, as `t3gui gui` runs it), quitting once the window is shown; then what it loaded.
SHOW_AND_REPORT = """
import sys
from t3gui.gui.app import run_app
code = run_app()
print("loaded", sorted(m for m in ("pyqtgraph", "t3gui.gui.monitor_page", "t3gui.gui.bundle_plot",
                                   "t3gui.gui.bundle_viewer", "t3gui.gui.compare_dialog") if m in sys.modules))
sys.exit(code)
"""


def test_start_page_is_shown_without_pyqtgraph(tmp_path: Path) -> None:
    # A fresh process: this one has loaded pyqtgraph long ago through other tests' imports.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "T3GUI_QUIT_WHEN": "shown",
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", SHOW_AND_REPORT], capture_output=True, text=True, timeout=120,
                         env=env, cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr[-2000:]
    assert "shown " in out.stdout  # the window really was shown before the modules were listed
    assert "loaded []" in out.stdout, out.stdout


def test_opening_the_monitor_builds_its_page(demo_window: MainWindow, loop) -> None:  # type: ignore[no-untyped-def]
    assert demo_window.built_monitor_page is None
    assert demo_window.stack.count() == 3  # start, run, result
    diagnose(demo_window, loop, "healthy")
    assert demo_window.built_monitor_page is None  # a diagnosis draws no plot either
    demo_window.result_page.monitor.click()
    page = demo_window.built_monitor_page
    assert page is not None and demo_window.monitor_page is page  # built once, then kept
    assert demo_window.stack.currentWidget() is page
    run_until(loop, lambda: "t3_udp" in page.rings and page.rings["t3_udp"].count >= 2)
    # Built after the theme was applied, its plots still take the scheme's colours.
    background = QColor(page.graphs.backgroundBrush().color()).name()
    assert background == theme.PLOT_COLOURS[theme.scheme()][0]
    page.back.click()
    run_until(loop, lambda: page.monitor is None)
    assert demo_window.stack.currentWidget() is demo_window.result_page


def test_a_page_built_late_speaks_the_current_language(demo_window: MainWindow) -> None:
    demo_window.set_language("zh_CN")
    assert demo_window.monitor_page.loss_plot.getAxis("bottom").labelText == "监控开始后的秒数"
