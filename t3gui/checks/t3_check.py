"""t3.handshake, clock.skew and t3.status: the T3 conversation itself."""

from __future__ import annotations

import ssl
import time
from typing import Any

from t3gui.checks.identify import looks_like
from t3gui.checks.t3_client import ConnectionClosed, T3Client
from t3gui.checks.tls_check import REJECTING_ALERTS
from t3gui.checks.tls_probe import ALERT_REASONS, capturing_context, verifying_context
from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Finding, Status
from t3gui.core.say import say
from t3gui.protocol import messages as m
from t3gui.protocol.errors import ProtocolError
from t3gui.protocol.frame import MAGIC

HANDSHAKE_ID = "t3.handshake"
CLOCK_ID = "clock.skew"
STATUS_ID = "t3.status"
PROTOCOL_ERRORS = {"BAD_FRAME", "BAD_SEQUENCE", "FRAME_TOO_LARGE", "UNEXPECTED_MESSAGE", "INTERNAL",
                   "AUTH_REQUIRED"}


def _context_for(ctx: CheckContext) -> ssl.SSLContext | None:
    """Verified TLS when the certificate passed; otherwise a capturing one, used for HELLO only."""
    if ctx.facts.tls is False:
        return None
    o = ctx.options
    if ctx.facts.tls_ok:
        return verifying_context(o.ca_file, o.client_cert, o.client_key, o.use_system_trust)
    return capturing_context(o.client_cert, o.client_key)


def _alert(exc: ssl.SSLError) -> str | None:
    reason = str(getattr(exc, "reason", "") or "").upper()
    return next((a for a in ALERT_REASONS if a in reason), None)


async def run_handshake(ctx: CheckContext) -> Outcome:
    """HELLO and HELLO_ACK: the server speaks T3, which version, how fast; keeps the session open."""
    if not ctx.facts.reachable:
        raise CheckSkipped("no address accepted a connection")
    if ctx.facts.tls is None:
        raise CheckSkipped("TLS did not get far enough to talk T3")
    address, port, timeout = ctx.facts.reachable[0], ctx.options.target.port, ctx.timeout
    findings: list[Finding] = []
    data: dict[str, Any] = {"address": address, "tls": ctx.facts.tls, "verified": ctx.facts.tls_ok}
    try:
        client = await T3Client.connect(address, port, ssl_context=_context_for(ctx),
                                        server_hostname=ctx.options.sni, timeout=timeout)
    except (TimeoutError, OSError, ssl.SSLError) as exc:
        return Outcome(Status.FAIL, say("t3.reconnect", error=str(exc)), data)
    ctx.on_close(client.close)
    sent_wall = time.time()
    sent = time.monotonic()
    try:
        reply = await client.hello(int(sent_wall * 1000))
    except TimeoutError:
        findings.append(finding(Code.T3_NO_RESPONSE, Severity.CRITICAL, HANDSHAKE_ID, waited_s=timeout))
        return Outcome(Status.FAIL, say("t3.no_answer", seconds=timeout), data, tuple(findings))
    except ProtocolError as exc:
        seen = looks_like(client.first_bytes)
        data["first_bytes"] = client.first_bytes[:32].hex()
        if client.first_bytes[:4] != MAGIC.to_bytes(4, "big"):
            findings.append(finding(Code.T3_NOT_T3, Severity.CRITICAL, HANDSHAKE_ID, looks_like=seen))
        else:
            findings.append(finding(Code.T3_BAD_FRAME, Severity.CRITICAL, HANDSHAKE_ID, detail=exc.detail,
                                    error_code=exc.code.value))
        return Outcome(Status.FAIL, say("t3.not_t3", detail=exc.detail), data, tuple(findings))
    except ConnectionClosed:
        findings.append(finding(Code.T3_NO_RESPONSE, Severity.CRITICAL, HANDSHAKE_ID, waited_s=0,
                                closed=True))
        return Outcome(Status.FAIL, say("t3.closed"), data,
                       tuple(findings))
    except ssl.SSLError as exc:
        alert = _alert(exc) or "unknown"
        if alert == "CERTIFICATE_REQUIRED" or ctx.options.client_cert is None:
            findings.append(finding(Code.TLS_CLIENT_CERT_REQUIRED, Severity.CRITICAL, HANDSHAKE_ID,
                                    alert=alert.lower()))
        elif alert in REJECTING_ALERTS:
            findings.append(finding(Code.TLS_CLIENT_CERT_REJECTED, Severity.CRITICAL, HANDSHAKE_ID,
                                    alert=alert.lower(), client_subject=str(ctx.options.client_cert)))
        return Outcome(Status.FAIL, say("t3.alert", alert=alert), data, tuple(findings))
    received_wall = time.time()
    rtt_ms = (time.monotonic() - sent) * 1000
    if isinstance(reply, m.Error):
        data["error"] = {"code": reply.code, "message": reply.message}
        if reply.code == "BUSY":
            retry = reply.retry_after_ms or 0
            findings.append(finding(Code.SERVER_BUSY, Severity.CRITICAL, HANDSHAKE_ID,
                                    retry_after_ms=retry, retry_after_s=round(retry / 1000)))
        elif reply.code == "VERSION_UNSUPPORTED":
            findings.append(finding(Code.T3_VERSION_UNSUPPORTED, Severity.CRITICAL, HANDSHAKE_ID,
                                    client_versions=[1], message=reply.message))
        else:
            findings.append(finding(Code.T3_BAD_FRAME, Severity.CRITICAL, HANDSHAKE_ID,
                                    detail=f"ERROR {reply.code}: {reply.message}", error_code=reply.code))
        return Outcome(Status.FAIL, say("t3.error", code=reply.code), data, tuple(findings))
    if not isinstance(reply, m.HelloAck):
        findings.append(finding(Code.T3_BAD_FRAME, Severity.CRITICAL, HANDSHAKE_ID,
                                detail=f"{type(reply).__name__} instead of HELLO_ACK"))
        return Outcome(Status.FAIL, "unexpected answer to HELLO", data, tuple(findings))
    ctx.facts.hello_ack, ctx.facts.hello_rtt_ms = reply, rtt_ms
    ctx.facts.session = client
    # The server stamped time_ms somewhere between our send and our receive.
    ctx.facts.clock_offset_s = (sent_wall + received_wall) / 2 - reply.time_ms / 1000
    data.update({"server": reply.server, "version": reply.version, "heartbeat_ms": reply.heartbeat_ms,
                 "udp_port": reply.udp_port, "auth": list(reply.auth), "handshake_ms": round(rtt_ms, 2)})
    if ctx.facts.tls is False:
        findings.append(finding(Code.T3_PLAINTEXT, Severity.CRITICAL, HANDSHAKE_ID, address=address, port=port))
        return Outcome(Status.FAIL, say("t3.plaintext", server=reply.server), data, tuple(findings))
    return Outcome(Status.PASS, say("t3.ok", server=reply.server, version=reply.version, ms=round(rtt_ms, 1)), data)


def duration_text(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds >= 86400:
        return f"{seconds / 86400:.1f} d"
    if seconds >= 3600:
        return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60)} min"
    if seconds >= 60:
        return f"{int(seconds // 60)} min {int(seconds % 60)} s"
    return f"{seconds:.1f} s"


async def run_clock(ctx: CheckContext) -> Outcome:
    """This computer's clock against the server's time_ms in HELLO_ACK (midpoint of the round trip)."""
    offset = ctx.facts.clock_offset_s
    if offset is None:
        raise CheckSkipped("no HELLO_ACK to read the server's time from")
    data = {"offset_s": round(offset, 3), "uncertainty_s": round((ctx.facts.hello_rtt_ms or 0) / 2000, 3)}
    limit = ctx.options.thresholds.clock_skew_crit_s
    direction = "ahead of" if offset > 0 else "behind"
    summary = say("clock.offset", offset=duration_text(offset), direction=direction)
    if abs(offset) > limit:
        return Outcome(Status.FAIL, summary, data, (finding(
            Code.CLOCK_SKEW, Severity.CRITICAL, CLOCK_ID, offset_s=round(offset, 1), direction=direction,
            offset_text=duration_text(offset), limit_s=limit),))
    return Outcome(Status.PASS, summary, data)


async def run_status(ctx: CheckContext) -> Outcome:
    """STATUS (cpu, memory, connections) and the handshake time against the network round trip."""
    client: T3Client | None = ctx.facts.session
    if client is None:
        raise CheckSkipped("no T3 session")
    t = ctx.options.thresholds
    findings: list[Finding] = []
    try:
        reply = await client.status()
    except (TimeoutError, ConnectionClosed, ProtocolError, OSError, ssl.SSLError) as exc:
        return Outcome(Status.FAIL, f"no STATUS: {exc.__class__.__name__}", {})
    if not isinstance(reply, m.Status):
        return Outcome(Status.FAIL, f"{type(reply).__name__} instead of STATUS", {})
    data: dict[str, Any] = {"cpu": reply.cpu, "memory": reply.memory, "disk_io": reply.disk_io,
                            "connections": reply.connections, "max_connections": reply.max_connections,
                            "uptime_s": reply.uptime_s, "version": reply.version}
    busy_ratio = reply.connections / reply.max_connections if reply.max_connections else 0.0
    if reply.cpu > t.overload_ratio or reply.memory > t.overload_ratio or busy_ratio > t.connections_ratio:
        findings.append(finding(Code.SERVER_OVERLOADED, Severity.WARNING, STATUS_ID,
                                cpu_pct=round(reply.cpu * 100), memory_pct=round(reply.memory * 100),
                                connections=reply.connections, max_connections=reply.max_connections))
    hello_ms, rtts = ctx.facts.hello_rtt_ms, ctx.facts.tcp_rtt_ms
    if hello_ms is not None and rtts:
        rtt = min(rtts)
        data.update({"handshake_ms": round(hello_ms, 2), "tcp_rtt_ms": round(rtt, 2)})
        if hello_ms > max(t.slow_handshake_min_ms, t.slow_handshake_factor * rtt):
            findings.append(finding(Code.SERVER_SLOW, Severity.WARNING, STATUS_ID,
                                    handshake_ms=round(hello_ms), rtt_ms=round(rtt, 1)))
    summary = say("status.ok", cpu=f"{reply.cpu:.0%}", memory=f"{reply.memory:.0%}", connections=reply.connections,
                  max=reply.max_connections)
    return Outcome(Status.WARN if findings else Status.PASS, summary, data, tuple(findings))
