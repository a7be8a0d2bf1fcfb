"""t3.heartbeat: authenticated heartbeats on UDP, and on the control channel when UDP is blocked."""

from __future__ import annotations

import asyncio
import time

from t3gui.checks.t3_check import LINK_ERRORS, Stage, link_failure, secrets_of
from t3gui.checks.t3_client import UdpHeartbeats
from t3gui.core import series
from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.check_data import HeartbeatData
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Finding, Status
from t3gui.core.run_state import T3Session
from t3gui.core.say import say

CHECK_ID = "t3.heartbeat"


async def _udp_series(ctx: CheckContext, client: T3Session, address: str, port: int) -> int:
    assert client.hello_ack is not None and client.udp_key is not None
    udp = await UdpHeartbeats.open(address, port, client.hello_ack.session_id, client.udp_key)
    ctx.on_close(udp.close)
    received = 0

    async def probe(seq: int) -> None:
        nonlocal received
        await asyncio.sleep(seq * ctx.options.probe_interval_s)
        reply = await udp.ping(ctx.timeout)
        ctx.sample(series.T3_UDP, seq + 1, reply.rtt_ms if reply else None)
        received += reply is not None

    # Probes are spaced by the interval but overlap in flight, so the series costs
    # one timeout at most, not one per probe.
    await asyncio.gather(*(probe(i) for i in range(ctx.options.probes)))
    udp.close()
    return received


async def _tcp_series(ctx: CheckContext, client: T3Session) -> tuple[int, BaseException | None]:
    """Heartbeats on the control channel: how many came back, and what broke the channel, if anything."""
    received = 0
    # One budget for the series, so a server that answers each heartbeat just before its
    # timeout cannot stretch the series past the check's deadline.
    budget_end = time.monotonic() + ctx.timeout + ctx.options.probes * ctx.options.probe_interval_s
    for seq in range(ctx.options.probes):
        wait = min(ctx.timeout, budget_end - time.monotonic())
        if wait <= 0:
            break
        try:
            rtt = await client.heartbeat(wait)
        except LINK_ERRORS as exc:
            ctx.sample(series.T3_TCP, seq + 1, None)
            if isinstance(exc, TimeoutError) and wait < ctx.timeout and received:
                break  # the budget ran out on a server that does answer: the series ends, nothing broke
            return received, exc  # the control channel is gone or stuck; waiting again would cost a timeout each
        ctx.sample(series.T3_TCP, seq + 1, rtt)
        received += rtt is not None
        await asyncio.sleep(ctx.options.probe_interval_s)
    return received, None


async def run(ctx: CheckContext) -> Outcome:
    """Heartbeats on the UDP data port; if none come back, heartbeats on the control channel."""
    client = ctx.state.session
    if client is None or client.udp_key is None or client.hello_ack is None:
        raise CheckSkipped(say("skip.no_heartbeat_key"))
    if client.lost:
        raise CheckSkipped(say("t3.session_gone", check="t3.status"))
    address = ctx.state.reachable[0]
    udp_port = ctx.options.udp_port_override or client.hello_ack.udp_port or ctx.options.target.udp_port
    probes = ctx.options.probes
    received = await _udp_series(ctx, client, address, udp_port)
    data = HeartbeatData(address, udp_port, probes, received).to_json()
    if received:
        return Outcome(Status.PASS, say("hb.ok", received=received, sent=probes), data)
    tcp_received, broke = await _tcp_series(ctx, client)
    data = HeartbeatData(address, udp_port, probes, received, tcp_received).to_json()
    findings: list[Finding] = []
    if tcp_received:
        # The same heartbeats pass on the control channel: UDP itself is what is blocked.
        findings.append(finding(Code.UDP_BLOCKED, Severity.WARNING, CHECK_ID, address=address, udp_port=udp_port,
                                sent=probes, control_heartbeats=tcp_received))
    if broke is not None:
        failed = link_failure(broke, Stage.HEARTBEAT, CHECK_ID, ctx.timeout, data, secrets_of(ctx))
        return Outcome(Status.FAIL, failed.summary, data, (*failed.findings, *findings))
    if not tcp_received:
        # Answers came, but none checks out: no heartbeat of a real client would either.
        return Outcome(Status.FAIL, say("hb.invalid"), data, (finding(
            Code.T3_BAD_FRAME, Severity.CRITICAL, CHECK_ID, stage=Stage.HEARTBEAT.value,
            detail="no heartbeat acknowledgement carried the session's MAC and the time sent"),))
    return Outcome(Status.WARN, say("hb.blocked", received=tcp_received, sent=probes), data, tuple(findings))
