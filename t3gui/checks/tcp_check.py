"""tcp.connect: the control port on every address at once (refused, filtered, unreachable).

A server powered off on its LAN looks filtered at first: the last router
keeps the SYN while it asks for the server's hardware address, and only when
nobody answers (about 3 s: three ARP requests a second apart, on Linux and
Windows alike) sends back "host unreachable". So an unanswered connect keeps
listening on its socket until that window has passed, unless a ping shows
that the host is there and the silence is a firewall's.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import os
import socket
import time
from dataclasses import dataclass
from typing import Any

from t3gui.checks.platform.icmp import IcmpError, IcmpUnavailable, drain_icmp_errors, enable_icmp_errors, open_pinger
from t3gui.core import series
from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.check_data import Endpoint, IcmpNote, TcpConnectData
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Finding, JsonValue, Status
from t3gui.core.say import say

CHECK_ID = "tcp.connect"
_UNREACHABLE = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN, errno.EADDRNOTAVAIL}
# How long after the SYN a last router may still say "host unreachable" (its ARP retries, and a margin).
ARP_WINDOW_S = 3.5
CONFIRM_SYNS, CONFIRM_MIN_S, CONFIRM_MAX_S = 4, 0.2, 1.0


@dataclass(frozen=True)
class ConnectResult:
    address: str
    outcome: str  # open, refused, filtered, unreachable, error
    ms: float
    error: str = ""
    icmp: IcmpError | None = None  # the ICMP error that ended the connect, when the OS says which

    def endpoint(self) -> Endpoint:
        icmp = IcmpNote(self.icmp.kind, self.icmp.reported_by) if self.icmp is not None else None
        return Endpoint(self.address, self.outcome, self.ms, self.error, icmp)

    def as_data(self) -> dict[str, JsonValue]:
        return self.endpoint().to_json()


async def _ping_rtt(address: str, timeout: float) -> float | None:
    try:
        pinger = open_pinger(address)
    except IcmpUnavailable:
        return None  # no way to tell: keep listening for the router's word
    try:
        return await pinger.ping(1, timeout)
    finally:
        pinger.close()


async def _listen_past_timeout(connect: asyncio.Future[None], address: str, grace_s: float) -> float | None:
    """Let the connect run ``grace_s`` longer, for a late ICMP error, unless a ping answers first;
    then the ping's round trip (ms): the host is there, and something ate the SYN."""
    until = time.monotonic() + grace_s
    ping = asyncio.ensure_future(_ping_rtt(address, grace_s))
    try:
        waiting: set[asyncio.Future[Any]] = {connect, ping}
        while not connect.done() and (left := until - time.monotonic()) > 0:
            done, waiting = await asyncio.wait(waiting, timeout=left, return_when=asyncio.FIRST_COMPLETED)
            rtt: float | None = ping.result() if ping in done else None
            if rtt is not None and not connect.done():
                return rtt
            if not waiting:
                break
        return None
    finally:
        ping.cancel()
        await asyncio.gather(ping, return_exceptions=True)


class _Attempt:
    """One connect on its own socket, which queues the ICMP errors it causes (Linux)."""

    def __init__(self, address: str, port: int) -> None:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        self.errors_queued = enable_icmp_errors(self.sock)
        self.started = self.ended = time.monotonic()
        self.future = asyncio.ensure_future(asyncio.get_running_loop().sock_connect(self.sock, (address, port)))
        self.future.add_done_callback(self._ended)

    def _ended(self, _: object) -> None:
        self.ended = time.monotonic()

    def result(self, address: str, ms: float) -> ConnectResult:
        exc = self.future.exception()
        if exc is None:  # this SYN's own round trip: the time a client waits on this path
            return ConnectResult(address, "open", (self.ended - self.started) * 1000)
        if isinstance(exc, ConnectionRefusedError):
            return ConnectResult(address, "refused", ms)
        if not isinstance(exc, OSError):
            raise exc
        icmp = next(iter(drain_icmp_errors(self.sock)), None) if self.errors_queued else None
        kind = "unreachable" if exc.errno in _UNREACHABLE else "error"
        # asyncio's strerror quotes the call ("Connect call failed ..."); the OS's words say why.
        error = os.strerror(exc.errno) if exc.errno else exc.strerror or exc.__class__.__name__
        if icmp is not None:
            error = f"{error}: {icmp.kind} from {icmp.reported_by}"
        return ConnectResult(address, kind, ms, error, icmp)

    async def close(self) -> None:
        self.future.cancel()
        with contextlib.suppress(BaseException):
            await asyncio.gather(self.future, return_exceptions=True)
        self.sock.close()


async def connect_once(address: str, port: int, timeout: float, listen_s: float = 0.0) -> ConnectResult:
    """One TCP connect, its sockets closed before returning. Unanswered after ``timeout``, it is
    filtered, unless ``listen_s`` (counted from the SYN) gives the ICMP error of a router that is
    still looking for the host the time to arrive."""
    started = time.monotonic()
    attempts = [_Attempt(address, port)]
    try:
        await asyncio.wait({attempts[0].future}, timeout=timeout)
        if not attempts[0].future.done() and listen_s > timeout:
            rtt_ms = await _listen_past_timeout(attempts[0].future, address, listen_s - timeout)
            if rtt_ms is not None and not attempts[0].future.done():
                # The host answers ping but not the SYN: a firewall, or a SYN lost on a lossy path
                # and waiting for its retransmission. Fresh SYNs, a few round trips long, tell which.
                attempts += [_Attempt(address, port) for _ in range(CONFIRM_SYNS)]
                await asyncio.wait({a.future for a in attempts}, return_when=asyncio.FIRST_COMPLETED,
                                   timeout=min(CONFIRM_MAX_S, max(CONFIRM_MIN_S, rtt_ms / 1000 * 8)))
        ms = (time.monotonic() - started) * 1000
        done = [a for a in attempts if a.future.done()]
        if not done:
            return ConnectResult(address, "filtered", ms)
        opened = next((a for a in done if a.future.exception() is None), done[0])
        return opened.result(address, ms)
    finally:
        for attempt in attempts:
            await attempt.close()


def _finding_for(result: ConnectResult, port: int, timeout: float, severity: Severity) -> Finding:
    if result.outcome == "refused":
        return finding(Code.TCP_REFUSED, severity, CHECK_ID, address=result.address, port=port)
    if result.outcome == "filtered":
        return finding(Code.TCP_FILTERED, severity, CHECK_ID, address=result.address, port=port,
                       timeout_s=timeout)
    icmp = {"icmp": result.icmp.kind, "reported_by": result.icmp.reported_by} if result.icmp else {}
    return finding(Code.HOST_UNREACHABLE, severity, CHECK_ID, address=result.address,
                   error=result.error or result.outcome, **icmp)


def listen_s(address: str, timeout: float) -> float:
    """How long a connect to ``address`` listens for a router's late word: no router and no ARP
    stand between this computer and its own loopback addresses."""
    return timeout if ipaddress.ip_address(address).is_loopback else max(timeout, ARP_WINDOW_S)


async def run(ctx: CheckContext) -> Outcome:
    """Connect to the control port of every address, all at once, each within the timeout."""
    addresses = ctx.state.addresses
    if not addresses:
        raise CheckSkipped(say("probe.no_address"))
    port, timeout = ctx.options.target.port, ctx.timeout
    results = await asyncio.gather(*(connect_once(a, port, timeout, listen_s(a, timeout)) for a in addresses))
    open_ = [r for r in results if r.outcome == "open"]
    for i, r in enumerate(open_):
        ctx.sample(series.TCP_CONNECT, i + 1, r.ms)
    ctx.state.reachable = tuple(r.address for r in open_)
    ctx.state.tcp_rtt_ms = tuple(r.ms for r in open_)
    data = TcpConnectData(port, tuple(r.endpoint() for r in results)).to_json()
    if not open_:
        worst = results[0]
        return Outcome(Status.FAIL, say("tcp.all_failed", port=port, outcome=worst.outcome), data,
                       (_finding_for(worst, port, timeout, Severity.CRITICAL),))
    failed = [r for r in results if r.outcome != "open"]
    findings = tuple(_finding_for(r, port, timeout, Severity.WARNING) for r in failed)
    opened = ", ".join(r.address for r in open_)
    ms = round(open_[0].ms, 1)
    summary = (say("tcp.open_partly", port=port, addresses=opened, ms=ms,
                   failed=", ".join(f"{r.address} {r.outcome}" for r in failed))
               if failed else say("tcp.open", port=port, addresses=opened, ms=ms))
    return Outcome(Status.WARN if findings else Status.PASS, summary, data, findings)
