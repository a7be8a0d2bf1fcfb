"""Continuous probing for the live monitor: T3 heartbeats, TCP connects and pings at an interval.

Qt-free: an async iterator of Samples and SessionEvents that the GUI turns into plot updates.
The interval can change while it runs; pause stops sending, not the session.

A T3 session lives as long as its control connection (spec: Messages), so a
SessionKeeper speaks on it each heartbeat interval and opens a new session when
it is lost. Without a session no heartbeat is sent, and one left unanswered
because its session ended is not counted: a server that ended the session is
an event, never packet loss.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import functools
import logging
import math
import random
import ssl
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from t3gui.checks.kept_session import KEEPALIVE_SHARE, keepalive_interval_s
from t3gui.checks.platform.icmp import IcmpUnavailable, Pinger, open_pinger
from t3gui.checks.t3_client import ConnectionClosed, T3Client, UdpHeartbeats
from t3gui.checks.tcp_check import connect_once
from t3gui.checks.tls_probe import verifying_context
from t3gui.core import series
from t3gui.core.events import Sample
from t3gui.core.options import DiagnoseOptions
from t3gui.protocol import messages as m
from t3gui.protocol.errors import ProtocolError

log = logging.getLogger("t3gui.monitor")

MIN_INTERVAL_S, MAX_INTERVAL_S = 0.1, 10.0
BACKOFF_BASE_S, BACKOFF_CAP_S = 0.5, 30.0
STABLE_SESSION_S = 60.0  # a session that lasted this long was not a flapping server: backoff starts over
MAX_RETRY_AFTER_S = 300.0  # a BUSY server's retry_after_ms is hostile input too
CLOSE_TIMEOUT_S = 2.0  # stopping waits this long at most for the BYE to go out

# Why a session ended or an attempt to open one failed. The first group is the
# server's own doing; "timeout" is the only one that can be the network losing
# packets, and "reset" may be either side's.
SERVER_ENDED = frozenset({"bye", "closed", "error", "bad-frame", "auth", "refused", "tls", "certificate",
                          "unexpected"})
CAUSES = SERVER_ENDED | {"timeout", "reset", "unreachable", "failed"}


class _NotMeasured(enum.Enum):
    TOKEN = "not-measured"


NOT_MEASURED = _NotMeasured.TOKEN  # a probe that says nothing about the network (no session, port refused)
ProbeResult = float | None | _NotMeasured
Probe = Callable[[], Coroutine[Any, Any, ProbeResult]]


@dataclass(frozen=True)
class SessionEvent:
    """The T3 session changed: not a probe, so never counted as a lost one.

    kind: "down" (the session ended), "retry" (an attempt to open a new one
    failed), "up" (a new one is open), "gave-up" (the server refused the login:
    trying again cannot help).
    """

    kind: str
    t_s: float  # monitor seconds; for a timeout, when the unanswered message was sent
    cause: str = ""  # one of CAUSES
    code: str = ""  # the ERROR or AUTH_FAIL code, only when it is one the spec defines
    wait_s: float = 0.0  # down/retry: seconds to the next attempt; up: seconds without a session
    attempt: int = 0  # retry: attempts so far in this outage; up: reconnects since the monitor started

    @property
    def server_ended(self) -> bool:
        return self.cause in SERVER_ENDED


Item = Sample | SessionEvent


class _Lost(Exception):
    def __init__(self, cause: str, code: str = "", retry_after_s: float = 0.0, sent_at: float | None = None) -> None:
        super().__init__(cause)
        self.cause, self.code, self.retry_after_s, self.sent_at = cause, code, retry_after_s, sent_at


def _ending(message: object) -> _Lost | None:
    """The cause when a message ends the session (or refuses to open one); None for any other."""
    if isinstance(message, m.Bye):
        return _Lost("bye")
    if isinstance(message, m.Error):
        code = message.error_code
        retry = min(MAX_RETRY_AFTER_S, max(0.0, (message.retry_after_ms or 0) / 1000))
        return _Lost("error", code.value if code else "", retry)
    if isinstance(message, m.AuthFail):
        auth = message.auth_code
        return _Lost("auth", auth.value if auth else "")
    return None


def _lost_from(exc: BaseException, opening: bool) -> _Lost:
    if isinstance(exc, _Lost):
        return exc
    if isinstance(exc, ConnectionClosed):
        return _Lost("closed")
    if isinstance(exc, TimeoutError):
        return _Lost("timeout")
    if isinstance(exc, ConnectionRefusedError):
        return _Lost("refused")
    # Before ValueError: a certificate the server's chain fails (ssl.SSLCertVerificationError) is a
    # ValueError too, and must read as a TLS failure, not as a server that does not speak T3.
    if isinstance(exc, ssl.SSLCertVerificationError):  # expired, untrusted, another name: diagnose says which
        return _Lost("certificate")
    if isinstance(exc, ssl.SSLError):
        return _Lost("tls" if opening else "reset")
    if isinstance(exc, ProtocolError | ValueError):  # ValueError: a udp_key that is not base64
        return _Lost("bad-frame")
    if isinstance(exc, ConnectionError):
        return _Lost("reset")
    if isinstance(exc, OSError):
        return _Lost("unreachable")
    log.warning("T3 session: unexpected %r", exc)
    return _Lost("failed")


def backoff_s(failures: int, retry_after_s: float = 0.0, rand: Callable[[], float] = random.random) -> float:
    """Exponential, capped, with jitter (half to all of the step), never sooner than the server asked."""
    step = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2.0 ** min(failures, 16))
    return max(step * (0.5 + 0.5 * rand()), retry_after_s)


MAX_CLOCK_OFFSET_S = 10 * 365 * 86400.0  # a server time further off than this is garbage, not a clock


def clock_offset_s(local_s: float, server_s: float) -> float | None:
    """This computer's clock minus the server's (positive: this one is ahead), as clock.skew says it;
    None for a server time that cannot be a clock reading."""
    offset = local_s - server_s
    return offset if math.isfinite(offset) and abs(offset) <= MAX_CLOCK_OFFSET_S else None


@dataclass
class T3Session:
    client: T3Client
    udp: UdpHeartbeats
    keepalive_s: float
    opened_at: float = field(default_factory=time.monotonic)
    cert_not_after: float | None = None  # Unix seconds, from the server certificate of this TLS session
    server: str = ""  # HELLO_ACK's server name: as the server sent it, to be cleaned where shown

    async def close(self, bye: bool) -> None:
        self.udp.close()
        await self.client.close(bye=bye)


class SessionKeeper:
    """Holds a T3 session open for as long as the monitor runs, as the spec asks of a client that keeps one."""

    def __init__(self, options: DiagnoseOptions, address: str, context: ssl.SSLContext | None,
                 emit: Callable[[SessionEvent], None], clock: Callable[[], float],
                 gate: asyncio.Semaphore | None = None) -> None:
        """``gate``: shared by the keepers of many targets, so only a few log in at once (see Monitor)."""
        self.options, self.address, self.context = options, address, context
        self._emit, self._clock, self._gate = emit, clock, gate
        self.session: T3Session | None = None
        self.generation = 0  # one more at every drop: a heartbeat of an earlier session is not loss
        self.drops = self.reconnects = self.keepalives = 0
        self.status: m.Status | None = None  # the latest keepalive's answer: the server's load
        self.clock_offset_s: float | None = None  # latest reading, see clock_offset_s()
        self._first: tuple[float, float] | None = None  # a first session that did not open: when, next try in

    async def open_first(self) -> tuple[str, str] | None:
        """Open the first session; a note (key, detail) when there will be none.

        A refused login is final (a note); any other failure is an outage from the start, said
        by a "down" event, and ``run`` keeps trying with backoff as after any other drop."""
        try:
            self.session = await self._open()
        except _Lost as lost:
            if lost.cause == "auth":
                return ("login-failed", lost.code)
            self._first = (self._clock(), backoff_s(0, lost.retry_after_s))
            self._emit(SessionEvent("down", self._first[0], lost.cause, lost.code, self._first[1]))
        return None

    def observe_server_time(self, server_ns: int, rtt_ms: float) -> None:
        """A heartbeat ACK's server receive time (Unix ns), taken at the midpoint of its round trip."""
        offset = clock_offset_s(time.time() - rtt_ms / 2000, server_ns / 1e9)
        if offset is not None:
            self.clock_offset_s = offset

    async def _open(self) -> T3Session:
        if self._gate is None:
            return await self._login()
        async with self._gate:  # the timeouts start once it is this session's turn
            return await self._login()

    async def _login(self) -> T3Session:
        o = self.options
        assert o.token is not None
        client: T3Client | None = None
        try:
            client = await T3Client.connect(self.address, o.target.port, ssl_context=self.context,
                                            server_hostname=o.sni, timeout=o.timeout_s)
            sent_wall = time.time()
            ack = await client.hello()
            received_wall = time.time()
            if not isinstance(ack, m.HelloAck):
                raise _ending(ack) or _Lost("unexpected")
            ok = await client.auth(o.token.reveal())
            if not isinstance(ok, m.AuthOk) or client.udp_key is None:
                raise _ending(ok) or _Lost("unexpected")
            udp = await UdpHeartbeats.open(self.address, o.udp_port_override or ack.udp_port, ack.session_id,
                                           client.udp_key)
        except BaseException as exc:  # whatever failed (or a stop), the attempt is over
            if client is not None:
                await client.close()
            if isinstance(exc, Exception):
                raise _lost_from(exc, opening=True) from None
            raise
        offset = clock_offset_s((sent_wall + received_wall) / 2, ack.time_ms / 1000)
        if offset is not None:
            self.clock_offset_s = offset
        return T3Session(client, udp, keepalive_interval_s(ack.heartbeat_ms), cert_not_after=_not_after(client),
                         server=ack.server)

    async def run(self) -> None:
        """Keep the session; when it is lost (or never opened), open a new one with backoff until the monitor
        stops or the server refuses the login."""
        failures = 0
        if self.session is None:
            first, self._first = self._first, None
            if first is None:
                return
            failures = 1
            if not await self._reopen(first[1], failures, first[0]):
                return
        while self.session is not None:
            session = self.session
            lost = await self._keep(session)
            self.session = None
            self.generation += 1
            self.drops += 1
            t = self._clock() if lost.sent_at is None else lost.sent_at
            failures = 0 if time.monotonic() - session.opened_at >= STABLE_SESSION_S else failures + 1
            delay = backoff_s(failures, lost.retry_after_s)
            self._emit(SessionEvent("down", t, lost.cause, lost.code, delay))
            await session.close(bye=False)  # the session is over whichever side ended it
            if not await self._reopen(delay, failures, t):
                return

    async def _reopen(self, delay: float, failures: int, down_at: float) -> bool:
        """Try until a session opens (an "up" event) or the login is refused (False)."""
        attempt = 0
        while self.session is None:
            await asyncio.sleep(delay)
            attempt += 1
            try:
                self.session = await self._open()
            except _Lost as failed:
                if failed.cause == "auth":
                    self._emit(SessionEvent("gave-up", self._clock(), failed.cause, failed.code, attempt=attempt))
                    return False
                failures += 1
                delay = backoff_s(failures, failed.retry_after_s)
                self._emit(SessionEvent("retry", self._clock(), failed.cause, failed.code, delay, attempt))
        self.reconnects += 1
        now = self._clock()
        self._emit(SessionEvent("up", now, wait_s=now - down_at, attempt=self.reconnects))
        return True

    async def _keep(self, session: T3Session) -> _Lost:
        """Speak on the control connection each heartbeat interval until it is lost; why it was."""
        client = session.client
        # The server gives up after 3 silent intervals; a reply later than that cannot come.
        reply_timeout = max(self.options.timeout_s, 3 * session.keepalive_s / KEEPALIVE_SHARE)
        next_at = time.monotonic()
        sent_at: float | None = None
        try:
            while True:
                if (wait := next_at - time.monotonic()) > 0:
                    # Listening between messages: a server's BYE, ERROR or close is heard at once.
                    try:
                        lost = _ending((await client.receive(wait)).message)
                    except TimeoutError:
                        continue
                    if lost is not None:
                        return lost
                    continue
                sent_at, next_at = self._clock(), time.monotonic() + session.keepalive_s
                async with asyncio.timeout(reply_timeout):  # the send too: a dead link can fill the buffer
                    await client.send(m.StatusReq())
                    while not isinstance(reply := (await client.receive(reply_timeout)).message, m.Status):
                        if (lost := _ending(reply)) is not None:
                            return lost
                self.keepalives += 1
                self.status = reply
                sent_at = None
        except TimeoutError:
            return _Lost("timeout", sent_at=sent_at)
        except Exception as exc:  # the connection is gone, whatever the way
            return _lost_from(exc, opening=False)

    async def close(self) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            try:
                async with asyncio.timeout(CLOSE_TIMEOUT_S):
                    await session.close(bye=True)
            except TimeoutError:  # a dead link takes neither the BYE nor the TLS close: drop the connection
                session.client.writer.transport.abort()


def _not_after(client: T3Client) -> float | None:
    """The server certificate's notAfter as Unix seconds (the verified peer certificate's, as ssl parsed it)."""
    obj = client.ssl_object
    try:
        cert = obj.getpeercert() if obj is not None else None
        text = cert.get("notAfter") if cert else None
        return float(ssl.cert_time_to_seconds(text)) if isinstance(text, str) else None
    except (ValueError, OSError):
        return None


@dataclass
class MonitorState:
    interval_s: float = 1.0
    paused: bool = False
    series: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (why a series is missing, detail)
    not_measured: dict[str, int] = field(default_factory=dict)  # probes that could not say anything


NotMeasuredHook = Callable[[str, int, float], None]  # series, seq, monitor seconds


class Monitor:
    def __init__(self, options: DiagnoseOptions, address: str, interval_s: float = 1.0,
                 on_not_measured: NotMeasuredHook | None = None, tls_context: ssl.SSLContext | None = None,
                 session_gate: asyncio.Semaphore | None = None) -> None:
        """``on_not_measured`` hears of each probe that could say nothing (see NOT_MEASURED), for a
        consumer that counts an outage's probes as lost, as `t3gui monitor`'s metrics do.

        For monitors of many targets in one process: ``tls_context``, one made by ``verifying_context``
        from these options, shared (each context holds its own copy of the trust store: about 0.8 MiB);
        ``session_gate``, a semaphore shared so that only a few sessions open at once. Opening one holds
        the event loop for tens of milliseconds (truststore loads the system CA store again for each
        TLS connection on Linux); a hundred at once held it for seconds, past the probes' timeouts."""
        self.options, self.address = options, address
        self._on_not_measured = on_not_measured
        self._tls_context, self._session_gate = tls_context, session_gate
        self.state = MonitorState(interval_s=interval_s)
        self._queue: asyncio.Queue[Item] = asyncio.Queue(maxsize=10_000)
        self._tasks: list[asyncio.Task[None]] = []
        self._inflight: set[asyncio.Task[ProbeResult]] = set()
        self._pinger: Pinger | None = None
        self.keeper: SessionKeeper | None = None
        self._t0 = time.monotonic()
        self._wake = asyncio.Event()

    def set_interval(self, seconds: float) -> None:
        self.state.interval_s = min(MAX_INTERVAL_S, max(MIN_INTERVAL_S, seconds))
        self._wake.set()

    def pause(self, paused: bool) -> None:
        self.state.paused = paused
        self._wake.set()

    def elapsed(self) -> float:
        return time.monotonic() - self._t0

    def _put(self, item: Item) -> None:
        with contextlib.suppress(asyncio.QueueFull):  # a stalled consumer loses samples, not memory
            self._queue.put_nowait(item)

    async def _tick(self) -> None:
        self._wake.clear()
        # asyncio.timeout, not wait_for: Python 3.11's wait_for loses a cancel that comes as its wait ends,
        # and this loop would then run on after stop().
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.state.interval_s):
                await self._wake.wait()
        while self.state.paused:
            self._wake.clear()
            await self._wake.wait()

    async def _loop(self, series: str, probe: Probe) -> None:
        seq = 0
        while True:
            seq += 1
            task = asyncio.create_task(probe())
            self._inflight.add(task)
            # Probes overlap when the timeout exceeds the interval, as mtr's do.
            task.add_done_callback(functools.partial(self._settle, series=series, seq=seq))
            await self._tick()

    def _settle(self, task: asyncio.Task[ProbeResult], *, series: str, seq: int) -> None:
        self._inflight.discard(task)
        if task.cancelled():
            return
        result = None if task.exception() else task.result()
        if result is NOT_MEASURED:
            self.state.not_measured[series] = self.state.not_measured.get(series, 0) + 1
            if self._on_not_measured is not None:
                self._on_not_measured(series, seq, self.elapsed())
        else:
            self._put(Sample(series, seq, self.elapsed(), result if isinstance(result, float) else None))

    async def _open_t3(self) -> SessionKeeper | None:
        o = self.options
        if o.token is None:
            self.state.notes.append(("no-token", ""))
            return None
        try:
            context = self._tls_context or verifying_context(o.ca_file, o.client_cert, o.client_key,
                                                             o.use_system_trust)
        except (OSError, ssl.SSLError, ValueError):
            self.state.notes.append(("no-session", "tls"))
            return None
        keeper = SessionKeeper(o, self.address, context, self._put, self.elapsed, self._session_gate)
        note = await keeper.open_first()
        if note is not None:
            self.state.notes.append(note)
            return None
        return keeper

    async def start(self) -> None:
        timeout = self.options.timeout_s
        self.keeper = keeper = await self._open_t3()
        if keeper is not None:
            self._tasks.append(asyncio.create_task(keeper.run()))

            async def heartbeat() -> ProbeResult:
                session, generation = keeper.session, keeper.generation
                if session is None:
                    return NOT_MEASURED
                reply = await session.udp.ping(timeout)
                if reply is not None:
                    keeper.observe_server_time(reply.server_recv_ns, reply.rtt_ms)
                    return reply.rtt_ms
                # Unanswered: loss only if its session was up all the time it waited.
                return None if keeper.generation == generation else NOT_MEASURED

            self._spawn(series.T3_UDP, heartbeat)

        async def tcp() -> ProbeResult:
            result = await connect_once(self.address, self.options.target.port, timeout)
            if result.outcome == "refused":
                return NOT_MEASURED  # the host answered: nothing listens on the port, which is not loss
            return result.ms if result.outcome == "open" else None

        self._spawn(series.TCP_CONNECT, tcp)
        try:
            self._pinger = pinger = open_pinger(self.address)
            seq = iter(range(1, 1 << 30))

            async def icmp() -> ProbeResult:
                return await pinger.ping(next(seq) & 0xFFFF, timeout)

            self._spawn(series.ICMP, icmp)
        except IcmpUnavailable as exc:
            self.state.notes.append((f"no-ping.{exc.reason}", str(exc)))

    def _spawn(self, series: str, probe: Probe) -> None:
        self.state.series.append(series)
        self._tasks.append(asyncio.create_task(self._loop(series, probe)))

    async def samples(self) -> AsyncIterator[Item]:
        """Samples and session events, in the order they happened."""
        while True:
            yield await self._queue.get()

    def drain(self) -> list[Item]:
        out = []
        while not self._queue.empty():
            out.append(self._queue.get_nowait())
        return out

    async def stop(self) -> None:
        running: set[asyncio.Task[Any]] = {*self._tasks, *self._inflight}
        while running:
            # Again for as long as any runs on: a cancel can be lost inside library code (3.11's wait_for
            # drops one that comes as its wait ends), and one lost cancel must not keep the monitor alive.
            for task in running:
                task.cancel()
            _, running = await asyncio.wait(running, timeout=1.0)
        self._tasks.clear()
        self._inflight.clear()
        if self.keeper is not None:
            with contextlib.suppress(Exception):
                await self.keeper.close()
        if self._pinger is not None:
            with contextlib.suppress(Exception):
                self._pinger.close()
            self._pinger = None
