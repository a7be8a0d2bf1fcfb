"""SIGINT and SIGTERM (and Windows' Ctrl-Break) ask the monitor to stop, on every platform.

Unix event loops take signal handlers of their own; Windows' does not (NotImplementedError),
so there the handler is the signal module's, which hands the stop to the loop thread-safely.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGBREAK") if hasattr(signal, name))


def on_stop_signals(loop: asyncio.AbstractEventLoop, stop: Callable[[], None]) -> Callable[[], None]:
    """Call ``stop`` (on the loop) when a stop signal comes; returns the function that undoes it."""
    undo: list[Callable[[], Any]] = []
    for sig in STOP_SIGNALS:
        try:
            loop.add_signal_handler(sig, stop)
            undo.append(functools.partial(loop.remove_signal_handler, sig))
        except (NotImplementedError, RuntimeError):
            def handler(_signum: int, _frame: FrameType | None) -> None:
                loop.call_soon_threadsafe(stop)

            previous = signal.signal(sig, handler)
            undo.append(functools.partial(signal.signal, sig, previous))

    def restore() -> None:
        for step in undo:
            with contextlib.suppress(Exception):
                step()

    return restore
