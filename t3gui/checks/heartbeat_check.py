"""t3.heartbeat: authenticated heartbeats on UDP, and on the control channel when UDP is blocked."""

from __future__ import annotations

import asyncio
import ssl
from typing import Any

from t3gui.checks.t3_client import ConnectionClosed, T3Client, UdpHeartbeats
from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Status
from t3gui.core.say import say
from t3gui.protocol.errors import ProtocolError

CHECK_ID = "t3.heartbeat"


async def _udp_series(ctx: CheckContext, client: T3Client, address: str, port: int) -> int:
    assert client.hello_ack is not None and client.udp_key is not None
    udp = await UdpHeartbeats.open(address, port, client.hello_ack.session_id, client.udp_key)
    ctx.on_close(udp.close)
    received = 0

    async def probe(seq: int) -> None:
        nonlocal received
        await asyncio.sleep(seq * ctx.options.probe_interval_s)
        reply = await udp.ping(ctx.timeout)
        ctx.sample("t3_udp", seq + 1, reply.rtt_ms if reply else None)
        received += reply is not None

    # Probes are spaced by the interval but overlap in flight, so the series costs
    # one timeout at most, not one per probe.
    await asyncio.gather(*(probe(i) for i in range(ctx.options.probes)))
    udp.close()
    return received


async def _tcp_series(ctx: CheckContext, client: T3Client) -> int:
    received = 0
    for seq in range(ctx.options.probes):
        try:
            rtt = await client.heartbeat()
        except (TimeoutError, ConnectionClosed, ProtocolError, OSError, ssl.SSLError):
            ctx.sample("t3_tcp", seq + 1, None)
            break  # the control channel is gone or stuck; waiting again would cost a timeout each
        ctx.sample("t3_tcp", seq + 1, rtt)
        received += rtt is not None
        await asyncio.sleep(ctx.options.probe_interval_s)
    return received


async def run(ctx: CheckContext) -> Outcome:
    """Heartbeats on the UDP data port; if none come back, heartbeats on the control channel."""
    client: T3Client | None = ctx.facts.session
    if client is None or client.udp_key is None or client.hello_ack is None:
        raise CheckSkipped("not logged in, so no heartbeat key")
    address = ctx.facts.reachable[0]
    udp_port = ctx.options.udp_port_override or client.hello_ack.udp_port or ctx.options.target.udp_port
    probes = ctx.options.probes
    data: dict[str, Any] = {"address": address, "udp_port": udp_port, "probes": probes}
    received = await _udp_series(ctx, client, address, udp_port)
    data["udp_received"] = received
    if received:
        return Outcome(Status.PASS, say("hb.ok", received=received, sent=probes), data)
    tcp_received = await _tcp_series(ctx, client)
    data["tcp_received"] = tcp_received
    blocked = finding(Code.UDP_BLOCKED, Severity.WARNING, CHECK_ID, address=address, udp_port=udp_port,
                      sent=probes, control_heartbeats=tcp_received)
    return Outcome(Status.WARN, say("hb.blocked", received=tcp_received, sent=probes),
                   data, (blocked,))
