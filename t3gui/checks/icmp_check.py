"""icmp.echo: ping the server without privileges; say so when ICMP is not available.

It runs beside tcp.connect rather than after it: for a server powered off
on its LAN, the last router answers both the SYN and the pings with "host
unreachable" once its ARP retries are over, so waiting for that word twice
in a row would cost the user twice as long.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection

from t3gui.checks.platform.icmp import IcmpError, IcmpUnavailable, open_pinger
from t3gui.checks.tcp_check import CHECK_ID as TCP_ID
from t3gui.checks.tcp_check import listen_s
from t3gui.core import series
from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.check_data import IcmpEchoData, TcpConnectData
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Status
from t3gui.core.say import say

CHECK_ID = "icmp.echo"
_POLL_S = 0.05


def tcp_beside(ctx: CheckContext) -> TcpConnectData | None:
    """What tcp.connect, running beside this check (context.BESIDE), found, once it has finished."""
    return TcpConnectData.of(ctx.beside(TCP_ID))


def tcp_answered(ctx: CheckContext, address: str) -> bool:
    """Whether ``address`` answered tcp.connect at all (accepted or refused): the host is there."""
    data = tcp_beside(ctx)
    return data is not None and data.answered(address)


async def _wait_for_word(ctx: CheckContext, errors: Collection[IcmpError], until: float) -> None:
    """Until an ICMP error came back or tcp.connect has finished (it listens for the same word,
    and says whether the host accepts connections), within the router's ARP window."""
    while not errors and ctx.beside(TCP_ID) is None and time.monotonic() < until:
        await asyncio.sleep(_POLL_S)


async def run(ctx: CheckContext) -> Outcome:
    """ICMP echo to the server's first address; a series of pings spaced by the probe interval."""
    if not ctx.state.addresses:
        raise CheckSkipped(say("probe.no_address"))
    address = ctx.state.addresses[0]
    try:
        pinger = open_pinger(address)
    except IcmpUnavailable as exc:
        raise CheckSkipped(say("icmp.unavailable", reason=str(exc))) from None
    ctx.on_close(pinger.close)
    probes, interval = ctx.options.probes, ctx.options.probe_interval_s
    started = time.monotonic()

    async def probe(seq: int) -> float | None:
        await asyncio.sleep(seq * interval)
        rtt = await pinger.ping(seq + 1, ctx.timeout)
        ctx.sample(series.ICMP, seq + 1, rtt)
        return rtt

    rtts = await asyncio.gather(*(probe(i) for i in range(probes)))
    answered = [r for r in rtts if r is not None]
    if not answered:
        await _wait_for_word(ctx, pinger.errors, started + listen_s(address, ctx.timeout))
    pinger.close()
    data = IcmpEchoData(address, probes, len(answered),
                        tuple(sorted({f"{e.kind} from {e.reported_by or '?'}" for e in pinger.errors}))).to_json()
    if answered:
        return Outcome(Status.PASS, say("icmp.ok", received=len(answered), sent=probes, best=round(min(answered), 2)),
                       data)
    tcp = tcp_beside(ctx)
    reachable = tcp.reachable if tcp is not None else ()  # tcp.connect's run state, once it has finished
    if address in reachable:
        return Outcome(Status.WARN, say("icmp.blocked", address=address), data,
                       (finding(Code.ICMP_BLOCKED, Severity.INFO, CHECK_ID, address=address, sent=probes),))
    no_host = next((e for e in pinger.errors if e.no_host), None)
    if no_host is not None and not tcp_answered(ctx, address):
        router = no_host.reported_by or "?"
        # Critical unless another of the server's addresses accepts connections.
        severity = Severity.WARNING if reachable else Severity.CRITICAL
        return Outcome(Status.FAIL if severity is Severity.CRITICAL else Status.WARN,
                       say("icmp.no_host", address=address, router=router, kind=no_host.kind), data,
                       (finding(Code.HOST_UNREACHABLE, severity, CHECK_ID, address=address,
                                error=f"{no_host.kind} from {router}", icmp=no_host.kind, reported_by=router),))
    return Outcome(Status.WARN, say("icmp.silent", address=address), data)
