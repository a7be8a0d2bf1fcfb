"""The embedded lab server of `t3gui --demo`: plays the scenario the user picks."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from pathlib import Path

from t3gui.core.model import Target
from t3gui.core.options import DiagnoseOptions
from t3gui.lab.pki import write_demo_pki
from t3gui.lab.scenarios import BY_NAME, SCENARIOS, Scenario, Served, options_for, serve


class DemoClosed(Exception):
    """The app is closing: no scenario starts any more."""


class DemoLab:
    """Keeps the picked scenario's server up: from the moment it is picked (so the start page can show
    its real address, the port being the system's choice) through the run and the live monitor after it."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="t3gui-demo-")
        self.pki = write_demo_pki(Path(self._tmp.name), "localhost")
        self._stack: contextlib.AsyncExitStack | None = None
        self._lock = asyncio.Lock()  # picking, starting and stopping one after the other, never interleaved
        self.playing: str | None = None
        self.closed = False
        self.served: Served | None = None
        self.scenarios: tuple[Scenario, ...] = SCENARIOS

    async def serve(self, name: str) -> Target:
        """The address of ``name``'s server, started now unless it already runs."""
        return (await self._serve(name)).target

    async def _serve(self, name: str) -> Served:
        async with self._lock:
            if self.closed:
                raise DemoClosed
            if self.playing == name and self.served is not None:
                return self.served
            await self._stop()
            stack = contextlib.AsyncExitStack()
            self.served = await stack.enter_async_context(serve(BY_NAME[name], self.pki))
            self._stack, self.playing = stack, name
            return self.served

    @property
    def target(self) -> Target | None:
        return self.served.target if self.served is not None else None

    async def start(self, name: str, base: DiagnoseOptions) -> DiagnoseOptions:
        """Options that diagnose ``name`` (a fresh token each run), its server (or cluster) up."""
        return options_for(BY_NAME[name], self.pki, await self._serve(name), base)

    async def stop(self) -> None:
        async with self._lock:
            await self._stop()

    async def close(self) -> None:
        """Stop for good: a start still on its way when the app closes must not leave a server behind."""
        async with self._lock:
            self.closed = True
            await self._stop()

    async def _stop(self) -> None:
        self.playing, self.served = None, None
        if self._stack is not None:
            stack, self._stack = self._stack, None
            await stack.aclose()

    def cleanup(self) -> None:
        self._tmp.cleanup()
