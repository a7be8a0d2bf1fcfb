"""Stop signals reach the monitor on a loop that takes signal handlers, and on one that does not (Windows)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from typing import TypeVarTuple, Unpack

import pytest

from t3gui.monitor.signals import STOP_SIGNALS, on_stop_signals

Ts = TypeVarTuple("Ts")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="sends itself SIGTERM with os.kill")


class NoSignalHandlersLoop(asyncio.SelectorEventLoop):
    """As Windows' event loops are: add_signal_handler is not implemented."""

    def add_signal_handler(self, sig: int, callback: Callable[[Unpack[Ts]], object], *args: *Ts) -> None:
        raise NotImplementedError


@pytest.mark.parametrize("loop_class", [asyncio.SelectorEventLoop, NoSignalHandlersLoop])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_signal_calls_stop_once_and_the_handlers_are_restored(loop_class: type, sig: int) -> None:
    before = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    loop = loop_class()
    try:
        async def main() -> int:
            stopped = asyncio.Event()
            calls = []

            def stop() -> None:
                calls.append(1)
                stopped.set()

            restore = on_stop_signals(asyncio.get_running_loop(), stop)
            try:
                os.kill(os.getpid(), sig)
                await asyncio.wait_for(stopped.wait(), 5)
            finally:
                restore()
            return len(calls)

        assert loop.run_until_complete(main()) == 1
    finally:
        loop.close()
    assert {s: signal.getsignal(s) for s in STOP_SIGNALS} == before
