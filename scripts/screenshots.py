"""Render every page of the app to PNG in docs/screenshots/: both languages, light and dark,
a healthy and a failed verdict, the live monitor with data and the bundle export. Runs offscreen.

Run: .venv/bin/python scripts/screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from t3gui.checks import registry
from t3gui.core.check import Outcome
from t3gui.core.context import CheckContext
from t3gui.gui import theme
from t3gui.gui.main_window import MainWindow
from t3gui.gui.settings import AppSettings


async def until(predicate: object, timeout: float = 30.0) -> None:
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.05)


def save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


async def shoot(app: QApplication, out: Path, scheme: str, language: str) -> None:
    theme.apply(app, dark=scheme == "dark")
    settings = AppSettings(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, language, demo=True, monitor_capacity=100_000)
    window.resize(1100, 760)
    window.show()
    prefix = out / f"{language}-{scheme}"
    try:
        save(window, Path(f"{prefix}-1-start.png"))
        window.start_page.scenario.setCurrentText("healthy")
        window.start_page.start.click()
        await until(lambda: window.stack.currentWidget() is window.result_page)
        window.stack.setCurrentWidget(window.run_page)
        save(window, Path(f"{prefix}-2-run.png"))
        window.stack.setCurrentWidget(window.result_page)
        save(window, Path(f"{prefix}-3-result-healthy.png"))
        window.monitor_page.interval.setCurrentText("0.1 s")
        window.result_page.monitor.click()
        page = window.monitor_page
        await until(lambda: "t3_udp" in page.rings and page.rings["t3_udp"].count >= 60)
        page.mark_now()
        await asyncio.sleep(1.0)
        page.refresh_table()
        save(window, Path(f"{prefix}-5-monitor.png"))
        dialog = window.export_bundle(True)
        assert dialog is not None
        await until(lambda: dialog.save.isEnabled())
        dialog.files.setCurrentRow(list(dialog.members).index("samples.t3s"))
        save(dialog, Path(f"{prefix}-6-export-bundle.png"))
        dialog.close()
        page.back.click()
        window.new_diagnosis()
        window.start_page.scenario.setCurrentText("cert-expired")
        window.start_page.start.click()
        await until(lambda: window.stack.currentWidget() is window.result_page)
        save(window, Path(f"{prefix}-4-result-failed.png"))
        await shoot_inconclusive(window, Path(f"{prefix}-7-result-inconclusive.png"))
        await shoot_bundles(window, str(prefix))
    finally:
        await window.shutdown()
        window.close()


async def _never_answers(ctx: CheckContext) -> Outcome:
    await asyncio.Event().wait()  # a check stuck past its deadline, whatever the server does
    raise AssertionError("unreachable")


async def shoot_inconclusive(window: MainWindow, path: Path) -> None:
    """A healthy demo server with the login check stuck: the verdict must say what it could not check."""
    real = registry.CHECKS
    registry.CHECKS = tuple(dataclasses.replace(s, run=_never_answers) if s.id == "auth.server" else s
                            for s in real)
    try:
        window.new_diagnosis()
        window.start_page.scenario.setCurrentText("healthy")
        window.start_page.start.click()
        await until(lambda: window.stack.currentWidget() is window.result_page)
        save(window, path)
    finally:
        registry.CHECKS = real


NOTES = {"en": "The line drops every few minutes since Monday. Marked when it happened.",
         "zh_CN": "从周一开始每隔几分钟就断线。出问题时做了标记。"}


async def export_to(window: MainWindow, from_monitor: bool, path: Path, notes: str = "") -> None:
    dialog = window.export_bundle(from_monitor)
    assert dialog is not None
    await until(lambda: dialog.save.isEnabled())
    if notes:
        dialog.notes.setText(notes)
        dialog.notes.editingFinished.emit()
        written = json.dumps(notes, ensure_ascii=False)[1:-1].encode()  # as timeline.json holds it
        await until(lambda: dialog.save.isEnabled() and written in dialog.members.get("timeline.json", b""))
    await dialog.save_to(path)
    dialog.close()


async def shoot_bundles(window: MainWindow, prefix: str) -> None:
    """A bundle exported from the monitor (UDP heartbeats lost, a mark, the customer's note), opened;
    then compared with a healthy run's bundle, as after a fix."""
    folder = Path(tempfile.mkdtemp())
    window.new_diagnosis()
    window.start_page.scenario.setCurrentText("udp-blocked")
    window.start_page.start.click()
    await until(lambda: window.stack.currentWidget() is window.result_page)
    page = window.monitor_page
    page.interval.setCurrentText("0.1 s")
    window.result_page.monitor.click()
    await until(lambda: "tcp_connect" in page.rings and page.rings["tcp_connect"].count >= 120)
    page.mark_now()
    await until(lambda: page.rings["tcp_connect"].count >= 200)
    await export_to(window, True, folder / "before.zip", NOTES[window.i18n.language])
    page.back.click()
    window.new_diagnosis()
    window.start_page.scenario.setCurrentText("healthy")
    window.start_page.start.click()
    await until(lambda: window.stack.currentWidget() is window.result_page)
    await export_to(window, False, folder / "after.zip")
    await window.open_bundle(folder / "before.zip")
    viewer = window.bundles.viewer
    assert viewer is not None
    await until(lambda: viewer.probes is not None)
    window.result_page.tabs.setCurrentWidget(viewer.plot_page)
    await asyncio.sleep(0.5)
    save(window, Path(f"{prefix}-8-bundle-viewer.png"))
    compare = await window.compare_bundles(folder / "before.zip", folder / "after.zip")
    assert compare is not None
    await asyncio.sleep(0.5)
    save(compare, Path(f"{prefix}-9-compare.png"))
    compare.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def everything() -> None:
        for scheme in ("light", "dark"):
            for language in ("en", "zh_CN"):
                await shoot(app, args.out, scheme, language)

    with loop:
        loop.run_until_complete(everything())


if __name__ == "__main__":
    main()
