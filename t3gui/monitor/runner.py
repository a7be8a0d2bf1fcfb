"""The headless monitor: one ``Monitor`` a target, feeding its TargetStats, the JSON lines and stderr.

It runs until its duration is over or a stop signal comes, whatever the servers do: a server
that goes away is an outage (probes due meanwhile are lost, ``t3gui_up`` is 0) and the
Monitor's SessionKeeper reconnects with backoff, also when the server was down from the start.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from prometheus_client import CollectorRegistry

from t3gui.checks.monitor import Item, Monitor, SessionEvent
from t3gui.checks.tls_probe import verifying_context
from t3gui.core.events import Sample
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.monitor.jsonl import JsonlWriter
from t3gui.monitor.messages import cause_text, has, message
from t3gui.monitor.metrics import registry_for
from t3gui.monitor.signals import on_stop_signals
from t3gui.monitor.stats import TargetStats, finite
from t3gui.protocol import jwt
from t3gui.protocol.errors import TokenError

log = logging.getLogger("t3gui.monitor")

REFRESH_S = 1.0  # server facts into the stats, and the JSON lines to disk, this often
RESOLVE_TIMEOUT_S = 5.0
OPENING_AT_ONCE = 4  # T3 sessions logging in at the same time, of all targets (see Monitor's session_gate)

Say = Callable[[str], None]


@dataclass(frozen=True)
class MonitorTarget:
    label: str  # the metrics' ``target`` label and the JSON lines' "target": host:port as given
    options: DiagnoseOptions


def token_expiry(token: Secret | None) -> float | None:
    """The token's exp claim, read here on this computer (no server is asked); None without one."""
    if token is None:
        return None
    try:
        return finite(jwt.decode(token.reveal()).claims.get("exp"), 0, 2**40)
    except TokenError:
        return None


async def resolve(host: str, port: int) -> str | None:
    """The first address of ``host`` (itself when it is one); None when it does not resolve now."""
    with contextlib.suppress(ValueError):
        return str(ipaddress.ip_address(host))
    try:
        infos = await asyncio.wait_for(asyncio.get_running_loop().getaddrinfo(
            host, port, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT_S)
    except (OSError, TimeoutError, UnicodeError):
        return None
    return str(infos[0][4][0]) if infos else None


class TlsContexts:
    """One client TLS context for all targets with the same TLS options: a context holds its own trust
    store, which took half a monitor's memory a target before they were shared."""

    def __init__(self) -> None:
        self._made: dict[tuple[object, ...], ssl.SSLContext | None] = {}

    def get(self, o: DiagnoseOptions) -> ssl.SSLContext | None:
        """None when it cannot be made: the Monitor then tries itself and says why there is no session."""
        key = (o.ca_file, o.client_cert, o.client_key, o.use_system_trust)
        if key not in self._made:
            try:
                self._made[key] = verifying_context(o.ca_file, o.client_cert, o.client_key, o.use_system_trust)
            except (OSError, ssl.SSLError, ValueError):
                self._made[key] = None
        return self._made[key]


class TargetWatch:
    def __init__(self, target: MonitorTarget, interval_s: float, writer: JsonlWriter | None, say: Say,
                 language: str, contexts: TlsContexts | None = None, gate: asyncio.Semaphore | None = None) -> None:
        self.target, self.interval_s, self.writer = target, interval_s, writer
        self._contexts, self._gate = contexts or TlsContexts(), gate
        self._say, self.language = say, language
        token = target.options.token
        self.stats = TargetStats(target.label, token_expiry(token), uses_session=token is not None,
                                 secrets=(token.reveal(),) if token else ())
        self.monitor: Monitor | None = None
        self._consumer: asyncio.Task[None] | None = None

    def _line(self, key: str, **fields: object) -> None:
        self._say(message(key, self.language, target=self.target.label, **fields))

    async def start(self) -> None:
        o = self.target.options
        pinned: tuple[str, ...] = getattr(o, "resolve", ())  # --resolve: this address, DNS not asked
        address = pinned[0] if pinned else await resolve(o.target.host, o.target.port)
        if address is None:
            self._line("unresolved", host=o.target.host)
            address = o.target.host  # every connect then resolves again, so a name that comes back works
        if o.token is None:
            self._line("no-token")
        context = self._contexts.get(o) if o.token is not None else None
        self.monitor = monitor = Monitor(o, address, self.interval_s, on_not_measured=self._not_measured,
                                         tls_context=context, session_gate=self._gate)
        await monitor.start()
        for key, detail in monitor.state.notes:
            if key.startswith("no-ping"):  # the OS's own words where there is no sentence for its reason
                self._line(key if has(key) else "no-ping", detail=detail)
            elif key == "login-failed":
                self._line("gave-up", cause=cause_text("auth", detail, self.language))
            elif key != "no-token":
                self._line("note", note=key, detail=detail)
        self.refresh()
        self._consumer = asyncio.create_task(self._consume(monitor))

    async def _consume(self, monitor: Monitor) -> None:
        async for item in monitor.samples():
            for each in (item, *monitor.drain()):
                try:
                    self._take(each)
                except Exception:  # a bug here must cost one item, never the monitor
                    log.exception("monitor: cannot take %r", each)

    def _take(self, item: Item) -> None:
        label = self.target.label
        if isinstance(item, Sample):
            self.stats.probe(item.series, item.rtt_ms)
            if self.writer is not None:
                self.writer.probe(label, item.series, item.seq, item.t_s, item.rtt_ms)
            return
        self.stats.session(item.kind == "up")
        self.refresh()  # the drop and reconnect counts move with ``up``, not a refresh later
        if self.writer is not None:
            self.writer.event(label, item.kind, item.t_s, item.cause, item.code, item.wait_s, item.attempt)
        self._say_event(item)

    def _say_event(self, event: SessionEvent) -> None:
        cause = cause_text(event.cause, event.code, self.language)
        seconds = f"{event.wait_s:.1f}"
        if event.kind == "down":
            self._line("down.server" if event.server_ended else "down.lost", cause=cause, seconds=seconds)
        elif event.kind == "retry":
            self._line("retry", attempt=event.attempt, cause=cause, seconds=seconds)
        elif event.kind == "up":
            self._line("up", seconds=seconds)
        else:
            self._line("gave-up", cause=cause)

    def _not_measured(self, series: str, seq: int, t_s: float) -> None:
        self.stats.outage_probe(series)
        if self.writer is not None:
            self.writer.probe(self.target.label, series, seq, t_s, None, outage=True)

    def refresh(self) -> None:
        """The session's facts and the server's latest STATUS into the stats."""
        keeper = self.monitor.keeper if self.monitor is not None else None
        if keeper is None:
            return
        session = keeper.session
        self.stats.session(session is not None)
        self.stats.counts(keeper.drops, keeper.reconnects)
        self.stats.server_facts(session.cert_not_after if session else None, keeper.clock_offset_s,
                                session.server if session else None)
        if session is None:
            return
        status = keeper.status
        if status is not None:
            self.stats.status(status.cpu, status.memory, status.disk_io, status.connections,
                              status.max_connections, status.uptime_s, status.version)

    async def stop(self) -> None:
        if self._consumer is not None:
            self._consumer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._consumer
        if self.monitor is not None:
            await self.monitor.stop()


class MonitorRun:
    def __init__(self, targets: Sequence[MonitorTarget], interval_s: float, language: str,
                 writer: JsonlWriter | None = None, say: Say | None = None) -> None:
        self.say = say or (lambda line: None)
        self.language, self.writer = language, writer
        contexts, gate = TlsContexts(), asyncio.Semaphore(OPENING_AT_ONCE)
        self.watches = [TargetWatch(t, interval_s, writer, self._say, language, contexts, gate) for t in targets]
        self.registry: CollectorRegistry = registry_for([w.stats for w in self.watches])

    def _say(self, line: str) -> None:
        self.say(f"{dt.datetime.now().strftime('%H:%M:%S')} {line}")

    async def run(self, duration_s: float | None) -> None:
        """Until ``duration_s`` is over or SIGINT/SIGTERM; then every socket closed and the lines flushed."""
        started = time.monotonic()
        stop = asyncio.Event()
        restore = on_stop_signals(asyncio.get_running_loop(), stop.set)
        tasks = [asyncio.create_task(self._start(w)) for w in self.watches]
        ticker = asyncio.create_task(self._tick())
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(duration_s):
                    await stop.wait()
        finally:
            ticker.cancel()
            for task in tasks:
                task.cancel()
            await asyncio.gather(ticker, *tasks, return_exceptions=True)
            await asyncio.gather(*(w.stop() for w in self.watches), return_exceptions=True)
            restore()
            if self.writer is not None:
                self.writer.close()
            sent = lost = 0
            for w in self.watches:
                s, lo = w.stats.totals()
                sent, lost = sent + s, lost + lo
            self._say(message("stopped", self.language, seconds=f"{time.monotonic() - started:.0f}", sent=sent,
                              lost=lost))

    async def _start(self, watch: TargetWatch) -> None:
        try:
            await watch.start()
        except Exception as exc:  # a bug must cost this target, never the other targets or the run
            log.exception("monitor: cannot start %s", watch.target.label)
            self._say(message("start-failed", self.language, target=watch.target.label,
                              error=exc.__class__.__name__))

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(REFRESH_S)
            for w in self.watches:
                try:
                    w.refresh()
                except Exception:  # as in _consume: a bug costs a refresh, never the monitor
                    log.exception("monitor: cannot refresh %s", w.target.label)
            if self.writer is not None:
                self.writer.flush()
