"""The embedded lab server of `t3gui --demo`: plays the scenario the user picks."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from t3gui.core.options import DiagnoseOptions
from t3gui.lab.pki import write_demo_pki
from t3gui.lab.scenarios import BY_NAME, SCENARIOS, Scenario, play


class DemoLab:
    """Keeps the scenario's lab server up for the run and the live monitor after it."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="t3gui-demo-")
        self.pki = write_demo_pki(Path(self._tmp.name), "localhost")
        self._stack: contextlib.AsyncExitStack | None = None
        self.scenarios: tuple[Scenario, ...] = SCENARIOS

    async def start(self, name: str, base: DiagnoseOptions) -> DiagnoseOptions:
        await self.stop()
        self._stack = contextlib.AsyncExitStack()
        return await self._stack.enter_async_context(play(BY_NAME[name], self.pki, base))

    async def stop(self) -> None:
        if self._stack is not None:
            stack, self._stack = self._stack, None
            await stack.aclose()

    def cleanup(self) -> None:
        self._tmp.cleanup()
