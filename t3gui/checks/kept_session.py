"""The run's T3 session, kept alive between the checks that use it.

Why: the protocol has a server close a control connection silent for 3
heartbeat intervals, and a client that keeps a session send at least one
message each interval. A run opens its session at t3.handshake and uses it
until t3.heartbeat; in between, other checks take seconds (a blocked UDP
series waits a whole timeout). Against a server with a 1 s interval the
session was gone by the heartbeats, and the verdict blamed the server for
dropping clients when only UDP was blocked.

STATUS_REQ is the keep-alive: a server must accept it before and after AUTH.
A check's request and a keep-alive never interleave on the connection (one
lock). When a keep-alive finds the connection broken, the next check that
uses the session gets that error as its own, so the loss becomes that check's
finding instead of a silent skip.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from t3gui.checks.t3_client import ConnectionClosed, T3Client
from t3gui.protocol import messages as m
from t3gui.protocol.errors import ProtocolError

KEEPALIVE_BOUNDS_S = (0.02, 60.0)  # a server's heartbeat_ms is hostile input: 0 or a day are refused
KEEPALIVE_SHARE = 0.9  # of the server's interval, so a late event loop never stretches a gap past it
BROKEN = (TimeoutError, ConnectionClosed, ProtocolError, ssl.SSLError, OSError)

T = TypeVar("T")


def keepalive_interval_s(heartbeat_ms: float) -> float:
    """How often a kept session must say something, from the interval the server announced."""
    return min(KEEPALIVE_BOUNDS_S[1], max(KEEPALIVE_BOUNDS_S[0], heartbeat_ms / 1000)) * KEEPALIVE_SHARE


class KeptSession:
    """A ``T3Client`` after HELLO_ACK, with a task that sends STATUS_REQ whenever the connection idles."""

    def __init__(self, client: T3Client, heartbeat_ms: float) -> None:
        self.client = client
        self.keep_s = keepalive_interval_s(heartbeat_ms)
        self.keepalives = 0
        self._lock = asyncio.Lock()
        self._last = time.monotonic()
        self._broken: BaseException | None = None  # what a keep-alive met, for the next check to report
        self._task: asyncio.Task[None] | None = asyncio.ensure_future(self._keep())

    # -- what the checks see (core.run_state.T3Session) ----------------------
    @property
    def timeout(self) -> float:
        return self.client.timeout

    @property
    def lost(self) -> bool:
        """Broken, and already reported by the check that met it."""
        return self.client.lost and self._broken is None

    @property
    def hello_ack(self) -> m.HelloAck | None:
        return self.client.hello_ack

    @property
    def udp_key(self) -> bytes | None:
        return self.client.udp_key

    async def auth(self, token: str) -> m.Message:
        return await self._use(lambda: self.client.auth(token))

    async def status(self) -> m.Message:
        return await self._use(self.client.status)

    async def heartbeat(self, timeout: float | None = None) -> float | None:
        return await self._use(lambda: self.client.heartbeat(timeout))

    async def close(self, bye: bool = True) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.client.close(bye)

    # -- keeping it ------------------------------------------------------------
    async def _use(self, request: Callable[[], Awaitable[T]]) -> T:
        async with self._lock:
            if self._broken is not None:
                broken, self._broken = self._broken, None
                self.client.lost = True
                raise broken
            try:
                return await request()
            finally:
                self._last = time.monotonic()

    async def _keep(self) -> None:
        while True:
            await asyncio.sleep(max(0.0, self._last + self.keep_s - time.monotonic()))
            async with self._lock:  # a check's request in flight finishes first, and counts as said
                if self.client.lost:
                    return
                if time.monotonic() - self._last < self.keep_s:
                    continue
                try:
                    await self.client.status()
                    self.keepalives += 1
                except BROKEN as exc:
                    self._broken = exc
                    return
                finally:
                    self._last = time.monotonic()
