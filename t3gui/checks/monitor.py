"""Continuous probing for the live monitor: T3 heartbeats, TCP connects and pings at an interval.

Qt-free: an async iterator of Samples that the GUI turns into plot updates.
The interval can change while it runs; pause stops sending, not the session.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from t3gui.checks.platform.icmp import IcmpUnavailable, Pinger, open_pinger
from t3gui.checks.t3_client import T3Client, UdpHeartbeats
from t3gui.checks.tcp_check import connect_once
from t3gui.checks.tls_probe import verifying_context
from t3gui.core.events import Sample
from t3gui.core.options import DiagnoseOptions
from t3gui.protocol import messages as m

MIN_INTERVAL_S, MAX_INTERVAL_S = 0.1, 10.0


@dataclass
class MonitorState:
    interval_s: float = 1.0
    paused: bool = False
    series: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (why a series is missing, detail)


class Monitor:
    def __init__(self, options: DiagnoseOptions, address: str, interval_s: float = 1.0) -> None:
        self.options, self.address = options, address
        self.state = MonitorState(interval_s=interval_s)
        self._queue: asyncio.Queue[Sample] = asyncio.Queue(maxsize=10_000)
        self._tasks: list[asyncio.Task[None]] = []
        self._inflight: set[asyncio.Task[float | None]] = set()
        self._cleanups: list[object] = []
        self._t0 = time.monotonic()
        self._wake = asyncio.Event()

    def set_interval(self, seconds: float) -> None:
        self.state.interval_s = min(MAX_INTERVAL_S, max(MIN_INTERVAL_S, seconds))
        self._wake.set()

    def pause(self, paused: bool) -> None:
        self.state.paused = paused
        self._wake.set()

    def _emit(self, series: str, seq: int, rtt_ms: float | None) -> None:
        with contextlib.suppress(asyncio.QueueFull):  # a stalled consumer loses samples, not memory
            self._queue.put_nowait(Sample(series, seq, time.monotonic() - self._t0, rtt_ms))

    async def _tick(self) -> None:
        self._wake.clear()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wake.wait(), self.state.interval_s)
        while self.state.paused:
            self._wake.clear()
            await self._wake.wait()

    async def _loop(self, series: str, probe: object) -> None:
        assert callable(probe)
        seq = 0
        while True:
            seq += 1
            task = asyncio.create_task(probe())
            self._inflight.add(task)
            # Probes overlap when the timeout exceeds the interval, as mtr's do.
            task.add_done_callback(functools.partial(self._settle, series=series, seq=seq))
            await self._tick()

    def _settle(self, task: asyncio.Task[float | None], *, series: str, seq: int) -> None:
        self._inflight.discard(task)
        if not task.cancelled():
            self._emit(series, seq, None if task.exception() else task.result())

    async def _open_t3(self) -> tuple[T3Client, UdpHeartbeats] | None:
        o = self.options
        if o.token is None:
            self.state.notes.append(("no-token", ""))
            return None
        try:
            context = verifying_context(o.ca_file, o.client_cert, o.client_key, o.use_system_trust)
            client = await T3Client.connect(self.address, o.target.port, ssl_context=context,
                                            server_hostname=o.sni, timeout=o.timeout_s)
            self._cleanups.append(client)
            ack = await client.hello()
            ok = await client.auth(o.token.reveal()) if isinstance(ack, m.HelloAck) else ack
            if not isinstance(ok, m.AuthOk) or client.hello_ack is None:
                self.state.notes.append(("login-failed", ""))
                return None
            udp_port = o.udp_port_override or client.hello_ack.udp_port
            udp = await UdpHeartbeats.open(self.address, udp_port, client.hello_ack.session_id,
                                           base64.b64decode(ok.udp_key))
            self._cleanups.append(udp)
            return client, udp
        except Exception as exc:  # a monitor keeps what it can (no session is not an error)
            self.state.notes.append(("no-session", exc.__class__.__name__))
            return None

    async def start(self) -> None:
        timeout = self.options.timeout_s
        t3 = await self._open_t3()
        if t3 is not None:
            _, udp = t3

            async def heartbeat() -> float | None:
                reply = await udp.ping(timeout)
                return reply.rtt_ms if reply else None

            self._spawn("t3_udp", heartbeat)

        async def tcp() -> float | None:
            result = await connect_once(self.address, self.options.target.port, timeout)
            return result.ms if result.outcome == "open" else None

        self._spawn("tcp_connect", tcp)
        try:
            pinger: Pinger = open_pinger(self.address)
            self._cleanups.append(pinger)
            seq = iter(range(1, 1 << 30))

            async def icmp() -> float | None:
                return await pinger.ping(next(seq) & 0xFFFF, timeout)

            self._spawn("icmp", icmp)
        except IcmpUnavailable as exc:
            self.state.notes.append((f"no-ping.{exc.reason}", str(exc)))

    def _spawn(self, series: str, probe: object) -> None:
        self.state.series.append(series)
        self._tasks.append(asyncio.create_task(self._loop(series, probe)))

    async def samples(self) -> AsyncIterator[Sample]:
        while True:
            yield await self._queue.get()

    def drain(self) -> list[Sample]:
        out = []
        while not self._queue.empty():
            out.append(self._queue.get_nowait())
        return out

    async def stop(self) -> None:
        running = [*self._tasks, *self._inflight]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        self._tasks.clear()
        self._inflight.clear()
        for item in reversed(self._cleanups):
            with contextlib.suppress(Exception):
                if isinstance(item, T3Client):
                    await item.close()
                else:
                    item.close()  # type: ignore[attr-defined]
        self._cleanups.clear()
