"""icmp.echo: ping the server without privileges; say so when ICMP is not available."""

from __future__ import annotations

import asyncio

from t3gui.checks.platform.icmp import IcmpUnavailable, open_pinger
from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Status
from t3gui.core.say import say

CHECK_ID = "icmp.echo"


async def run(ctx: CheckContext) -> Outcome:
    """ICMP echo to the server's first address; a series of pings spaced by the probe interval."""
    if not ctx.facts.addresses:
        raise CheckSkipped("no address to ping")
    address = ctx.facts.addresses[0]
    try:
        pinger = open_pinger(address)
    except IcmpUnavailable as exc:
        raise CheckSkipped(say("icmp.unavailable", reason=str(exc))) from None
    ctx.on_close(pinger.close)
    probes, interval = ctx.options.probes, ctx.options.probe_interval_s

    async def probe(seq: int) -> float | None:
        await asyncio.sleep(seq * interval)
        rtt = await pinger.ping(seq + 1, ctx.timeout)
        ctx.sample("icmp", seq + 1, rtt)
        return rtt

    rtts = await asyncio.gather(*(probe(i) for i in range(probes)))
    pinger.close()
    answered = [r for r in rtts if r is not None]
    data = {"address": address, "sent": probes, "received": len(answered)}
    if answered:
        return Outcome(Status.PASS, say("icmp.ok", received=len(answered), sent=probes, best=round(min(answered), 2)),
                       data)
    if ctx.facts.reachable:
        return Outcome(Status.WARN, say("icmp.blocked", address=address), data,
                       (finding(Code.ICMP_BLOCKED, Severity.INFO, CHECK_ID, address=address, sent=probes),))
    return Outcome(Status.WARN, say("icmp.silent", address=address), data)
