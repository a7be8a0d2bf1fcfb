"""Runs a diagnosis on the qasync loop and turns its events into Qt signals."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, Signal

from t3gui.core.engine import Engine
from t3gui.core.events import CheckFinished, CheckStarted, Sample, TierSkipped
from t3gui.core.options import DiagnoseOptions

log = logging.getLogger("t3gui.gui")


class DiagnosisRunner(QObject):
    checkStarted = Signal(object)  # CheckStarted
    checkFinished = Signal(object)  # CheckResult
    tierSkipped = Signal(object)  # TierSkipped
    sample = Signal(object)  # Sample
    finished = Signal(object)  # Report
    cancelled = Signal()
    failed = Signal(object)  # the exception: the run page words it plainly, the log has its name

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, options: DiagnoseOptions) -> None:
        self.cancel()
        self._task = asyncio.ensure_future(self._run(options))

    async def _run(self, options: DiagnoseOptions) -> None:
        # Every check's module (cryptography, dnspython) loads at the first run, not with the window.
        from t3gui.checks import registry

        engine = Engine(registry.CHECKS, options)
        try:
            async for event in engine.events():
                if isinstance(event, CheckStarted):
                    self.checkStarted.emit(event)
                elif isinstance(event, CheckFinished):
                    self.checkFinished.emit(event.result)
                elif isinstance(event, TierSkipped):
                    self.tierSkipped.emit(event)
                elif isinstance(event, Sample):
                    self.sample.emit(event)
        except asyncio.CancelledError:
            self.cancelled.emit()
            raise
        except Exception as exc:  # a diagnosis that breaks says so; the app goes on
            log.exception("diagnosis failed")
            self.failed.emit(exc)
            return
        self.finished.emit(engine.report)

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def wait(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
