"""Render the cluster-cert-expired demo (three servers behind one name, the second one's certificate
expired) in English and Chinese, light theme, offscreen: the result page to
OUT/result-cluster-LANGUAGE.png, then the live monitor with its server picker, after switching from the
failing server to a healthy one, to OUT/monitor-cluster-LANGUAGE.png.

Run: .venv/bin/python scripts/screenshots_cluster.py [--out DIR] [--scenario NAME] [--seconds N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from scripts.screenshots import save, until
from t3gui.gui import theme
from t3gui.gui.main_window import MainWindow
from t3gui.gui.settings import AppSettings


async def shoot(app: QApplication, out: Path, language: str, scenario: str, seconds: float) -> None:
    theme.apply(app, dark=False)
    settings = AppSettings(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, language, demo=True, monitor_capacity=10_000)
    window.resize(1100, 760)
    window.show()
    try:
        window.start_page.scenario.setCurrentText(scenario)
        window.start_page.start.click()
        await until(lambda: window.stack.currentWidget() is window.result_page)
        save(window, out / f"result-cluster-{language}.png")
        page = window.monitor_page
        page.interval.setCurrentText("0.2 s")
        window.result_page.monitor.click()
        page.picker.choose("127.0.0.1")  # from the failing server to a healthy one, as a user would
        await until(lambda: not page.picker.switching and page.monitor is not None)
        await asyncio.sleep(seconds)
        page.refresh_table()
        save(window, out / f"monitor-cluster-{language}.png")
        await page.stop()
    finally:
        await window.shutdown()
        window.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "screenshots")
    parser.add_argument("--scenario", default="cluster-cert-expired")
    parser.add_argument("--seconds", type=float, default=12.0, help="of probes before the monitor's picture")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def both() -> None:
        for language in ("en", "zh_CN"):
            await shoot(app, args.out, language, args.scenario, args.seconds)

    with loop:
        loop.run_until_complete(both())


if __name__ == "__main__":
    main()
