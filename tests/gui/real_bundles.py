"""Bundles made by real diagnoses, as a customer makes them: `t3gui diagnose --demo --bundle`, each
against its own lab server, and a monitor export through the app itself."""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from t3gui.checks import registry
from t3gui.cli.main import main
from t3gui.core.check import Outcome
from t3gui.core.context import CheckContext
from t3gui.gui.main_window import MainWindow

from .conftest import diagnose, run_until

ROOT = Path(__file__).resolve().parents[2]


def cli_bundle(folder: Path, scenario: str, *extra: str) -> Path:
    """``t3gui diagnose --demo --scenario NAME --bundle FILE`` in a process of its own."""
    path = folder / f"{scenario}{'-'.join(('', *extra)).replace('--', '-')}.zip"
    done = subprocess.run([sys.executable, "-m", "t3gui", "diagnose", "--demo", "--scenario", scenario,
                           "--bundle", str(path), *extra], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert path.exists(), done.stdout + done.stderr
    return path


async def _never_answers(ctx: CheckContext) -> Outcome:
    await asyncio.Event().wait()  # a login check stuck past its deadline, whatever the server does
    raise AssertionError("unreachable")


def inconclusive_bundle(folder: Path) -> Path:
    """A healthy demo server whose login check never finishes: the run cannot say "healthy"."""
    path = folder / "inconclusive.zip"
    real = registry.CHECKS
    registry.CHECKS = tuple(dataclasses.replace(s, run=_never_answers) if s.id == "auth.server" else s
                            for s in real)
    try:
        # A thread of its own: asyncio.run there leaves the GUI tests' event loop alone.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            status = pool.submit(main, ["diagnose", "--demo", "--scenario", "healthy", "--timeout", "1",
                                        "--bundle", str(path)]).result(timeout=120)
    finally:
        registry.CHECKS = real
    assert status == 4 and path.exists()
    return path


def monitor_bundle(window: MainWindow, loop: asyncio.AbstractEventLoop, path: Path, scenario: str,
                   notes: str = "", probes: int = 30) -> Path:
    """Diagnose, open the live monitor at 10 Hz, mark "problem happening now", export from the monitor."""
    diagnose(window, loop, scenario)
    window.monitor_page.interval.setCurrentText("0.1 s")
    window.result_page.monitor.click()
    rings = window.monitor_page.rings
    run_until(loop, lambda: all(s in rings and rings[s].count >= probes for s in ("t3_udp", "tcp_connect")), timeout=40)
    window.monitor_page.mark_now()
    run_until(loop, lambda: rings["tcp_connect"].count >= probes + 10, timeout=40)  # probes after the mark too
    dialog = window.export_bundle(from_monitor=True)
    assert dialog is not None
    run_until(loop, lambda: dialog.save.isEnabled())
    if notes:
        dialog.notes.setText(notes)
        dialog.notes.editingFinished.emit()
        written = json.dumps(notes, ensure_ascii=False)[1:-1].encode()  # as timeline.json holds it
        run_until(loop, lambda: dialog.save.isEnabled() and written in dialog.members.get("timeline.json", b""))
    loop.run_until_complete(dialog.save_to(path))
    assert dialog.saved_to == path, dialog.status.text()
    dialog.close()
    window.monitor_page.back.click()
    window.new_diagnosis()
    return path
