"""path.traceroute and path.mtu: where the path goes, and how large a packet gets through."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from t3gui.checks.icmp_check import CHECK_ID as ICMP_ID
from t3gui.checks.platform.icmp import IcmpUnavailable, MessageTooBig, open_pinger
from t3gui.checks.platform.traceroute import ProbeReply, TracerouteUnavailable, probe
from t3gui.checks.tcp_check import CHECK_ID as TCP_ID
from t3gui.core import series
from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.check_data import MtuData, TraceData
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Finding, Status
from t3gui.core.say import say

TRACE_ID = "path.traceroute"
MTU_ID = "path.mtu"
MAX_HOPS = 24
PROBES_PER_HOP = 2
# What a router says when nobody is at the address (a firewall says "prohibited", a loop "time exceeded").
NO_HOST_KINDS = ("host-unreachable", "net-unreachable")
MTU_RETRIES = 3  # pings at once for a size that got no answer the first time
# ICMP payload sizes; + 28 bytes of IPv4 and ICMP headers gives the packet size.
MTU_SIZES = (548, 1000, 1172, 1252, 1332, 1372, 1392, 1412, 1432, 1452, 1472)


def hops_from(replies: list[ProbeReply]) -> list[dict[str, Any]]:
    by_ttl: dict[int, list[ProbeReply]] = {}
    for r in replies:
        by_ttl.setdefault(r.ttl, []).append(r)
    hops = []
    for ttl in sorted(by_ttl):
        answers = [r for r in by_ttl[ttl] if r.address is not None]
        rtts = [r.rtt_ms for r in answers if r.rtt_ms is not None]
        hops.append({"ttl": ttl, "address": answers[0].address if answers else None, "sent": len(by_ttl[ttl]),
                     "received": len(answers), "best_ms": round(min(rtts), 2) if rtts else None,
                     "reached": any(r.reached for r in answers),
                     "unreachable": any(r.unreachable for r in answers)})
        if any(r.reached for r in answers):
            break
    return hops


def find_loop(hops: list[dict[str, Any]]) -> str | None:
    """An address that answers at two TTLs with another address between them."""
    seen: dict[str, int] = {}
    for hop in hops:
        address = hop["address"]
        if address is None:
            continue
        if address in seen and any(h["address"] not in (None, address) for h in hops[seen[address]:hop["ttl"] - 1]):
            return str(address)
        seen.setdefault(address, hop["ttl"] - 1)
    return None


async def trace(destination: str, timeout: float) -> list[ProbeReply]:
    """Every TTL at once; once the destination answers at TTL k, probes at TTL >= k stop
    waiting (they would reach it too, and routers rate-limit the ICMP that answers them)."""
    tasks = {asyncio.create_task(probe(destination, ttl, timeout)): ttl
             for ttl in range(1, MAX_HOPS + 1) for _ in range(PROBES_PER_HOP)}
    replies: list[ProbeReply] = []
    pending = set(tasks)
    try:
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                replies.append(task.result())
            reached = [r.ttl for r in replies if r.reached]
            if reached:
                for task in [t for t in pending if tasks[t] >= min(reached)]:
                    task.cancel()
                    pending.discard(task)
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return replies


# The checks of a lower tier that hear a router say "nobody is there" (registry: after=).
HEARD_BY = (TCP_ID, ICMP_ID)


def router_said_no_host(ctx: CheckContext, address: str) -> tuple[str, str] | None:
    """(router, what it said) when a reachability check already heard the network say that
    nobody is at ``address``: the path up to that router works, a trace would only wait."""
    for result in (ctx.result(c) for c in HEARD_BY):
        for f in result.findings if result is not None else ():
            if f.code is Code.HOST_UNREACHABLE and f.evidence.get("address") == address \
                    and f.evidence.get("icmp") in NO_HOST_KINDS:
                return str(f.evidence.get("reported_by", "?")), str(f.evidence["icmp"])
    return None


def no_host_reply(replies: list[ProbeReply], destination: str) -> ProbeReply | None:
    return next((r for r in replies if r.kind in NO_HOST_KINDS and r.address not in (None, destination)), None)


async def run_traceroute(ctx: CheckContext) -> Outcome:
    """UDP probes with rising TTL, every TTL at once; loss at a hop that does not persist to the
    destination is a router rate-limiting its answers, not a fault."""
    if not ctx.state.addresses:
        raise CheckSkipped(say("probe.no_address"))
    destination = ctx.state.addresses[0]
    said = router_said_no_host(ctx, destination)
    if said is not None:
        raise CheckSkipped(say("trace.no_host_known", router=said[0], kind=said[1], destination=destination))
    try:
        replies = await trace(destination, ctx.timeout)
    except TracerouteUnavailable as exc:
        raise CheckSkipped(say("trace.unavailable", reason=str(exc))) from None
    hops = hops_from(replies)
    reached = any(h["reached"] for h in hops)
    for i, hop in enumerate(hops):  # loss that the hops after it do not show is rate limiting
        later = hops[i + 1:]
        hop["rate_limited"] = bool(hop["received"] < hop["sent"] and later and all(
            h["received"] == h["sent"] for h in later if h["address"]))
    while hops and hops[-1]["address"] is None:
        hops.pop()
    data = TraceData(destination, reached, tuple(hops)).to_json()
    path = " → ".join(h["address"] or "*" for h in hops) or "*"
    repeated = find_loop(hops) if not reached else None
    if repeated:
        return Outcome(Status.FAIL, say("trace.loop", repeated=repeated), data, (finding(
            Code.ROUTE_LOOP, Severity.CRITICAL, TRACE_ID, address=destination, repeated=repeated, hops=path),))
    no_host = no_host_reply(replies, destination) if not reached else None
    if no_host is not None and destination not in ctx.state.reachable:
        router = str(no_host.address)
        severity = Severity.WARNING if ctx.state.reachable else Severity.CRITICAL
        return Outcome(Status.FAIL if severity is Severity.CRITICAL else Status.WARN,
                       say("trace.no_host", destination=destination, router=router, kind=no_host.kind), data,
                       (finding(Code.HOST_UNREACHABLE, severity, TRACE_ID, address=destination,
                                error=f"{no_host.kind} from {router}", icmp=no_host.kind, reported_by=router),))
    summary = (say("trace.reached", hops=len(hops), destination=destination) if reached
               else say("trace.not_reached", destination=destination, path=path))
    return Outcome(Status.PASS if reached else Status.WARN, summary, data)


async def run_mtu(ctx: CheckContext) -> Outcome:
    """Don't-fragment pings of rising size, all at once: sizes that vanish without an ICMP
    'fragmentation needed' while smaller ones get through make an MTU black hole."""
    if not ctx.state.series.get(series.ICMP) or max(ctx.state.series[series.ICMP]) < 0:
        raise CheckSkipped(say("mtu.no_ping"))
    address = ctx.state.addresses[0]
    if ":" in address:
        raise CheckSkipped(say("mtu.ipv6"))
    try:
        pinger = open_pinger(address)
    except IcmpUnavailable as exc:
        raise CheckSkipped(say("mtu.no_icmp", reason=str(exc))) from None
    ctx.on_close(pinger.close)
    seq = 1000

    async def one(size: int) -> str:
        nonlocal seq
        seq += 1
        try:
            rtt = await pinger.ping(seq, ctx.timeout, size=size, dont_fragment=True)
        except MessageTooBig:
            return "too-big"  # the OS knows the path MTU: PMTU discovery works
        return "ok" if rtt is not None else "lost"

    first = dict(zip(MTU_SIZES, await asyncio.gather(*(one(s) for s in MTU_SIZES)), strict=True))
    lost = [s for s, r in first.items() if r == "lost"]
    async def again(size: int) -> str:
        tries = await asyncio.gather(*(one(size) for _ in range(MTU_RETRIES)))
        return "too-big" if "too-big" in tries else "ok" if "ok" in tries else "lost"

    # A 'fragmentation needed' from a router teaches the OS the path MTU; a second try then fails
    # at once with 'message too long'. Silence every time is a black hole; a size that random loss
    # took once (15 % loss takes 1 in 7) comes through on one of the retries.
    second = dict(zip(lost, await asyncio.gather(*(again(s) for s in lost)), strict=True)) if lost else {}
    pinger.close()
    results = {s: second.get(s, r) for s, r in first.items()}
    ok = [s for s, r in results.items() if r == "ok"]
    mtu = MtuData(address, tuple((s + 28, r) for s, r in results.items()))
    if not ok:
        return Outcome(Status.WARN, say("mtu.none"), mtu.to_json())
    largest_ok = max(ok) + 28
    vanished = [s + 28 for s, r in results.items() if r == "lost" and s + 28 > largest_ok]
    findings: list[Finding] = []
    if vanished and all(r != "ok" for s, r in results.items() if s + 28 > largest_ok):
        findings.append(finding(Code.MTU_BLACKHOLE, Severity.CRITICAL, MTU_ID, address=address,
                                largest_ok=largest_ok, smallest_lost=min(vanished), path_mtu=largest_ok))
        return Outcome(Status.FAIL, say("mtu.hole", size=largest_ok), mtu.to_json(), tuple(findings))
    return Outcome(Status.PASS, say("mtu.ok", size=largest_ok), dataclasses.replace(mtu, path_mtu=largest_ok).to_json())
