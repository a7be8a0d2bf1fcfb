"""t3.handshake, clock.skew and t3.status: the T3 conversation itself.

Every stage of the conversation (hello, auth, status, heartbeat) that times
out or breaks is a finding with ``evidence.stage``, never a bare fail; the
helpers here build those for the auth and heartbeat checks too. Every string
a server sends is cleaned (control characters, the user's token, length) as
it arrives, before it reaches data, evidence or a summary.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import ssl
import time

from t3gui.checks.identify import looks_like
from t3gui.checks.kept_session import KeptSession
from t3gui.checks.platform.clock_sync import clock_synchronised
from t3gui.checks.t3_client import ConnectionClosed, T3Client
from t3gui.checks.tls_check import REJECTING_ALERTS
from t3gui.checks.tls_probe import alert_of, capturing_context, verifying_context
from t3gui.core.catalog.en import CLOSE_HOW, STAGE_MEANINGS, STAGE_STEPS
from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.check_data import ClockData, HelloAckData, ServerError, ServerLoad, StatusData, T3HandshakeData
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Finding, JsonValue, Status
from t3gui.core.run_state import Hello
from t3gui.core.sanitize import server_text, server_texts
from t3gui.core.say import say
from t3gui.core.secret import Secret
from t3gui.protocol import messages as m
from t3gui.protocol.errors import ProtocolError
from t3gui.protocol.frame import MAGIC

HANDSHAKE_ID = "t3.handshake"
CLOCK_ID = "clock.skew"
STATUS_ID = "t3.status"
PROTOCOL_ERRORS = {"BAD_FRAME", "BAD_SEQUENCE", "FRAME_TOO_LARGE", "UNEXPECTED_MESSAGE", "INTERNAL",
                   "AUTH_REQUIRED"}
# What ends an exchange on an open control connection. TimeoutError and ssl.SSLError are
# OSErrors; listed for the reader.
LINK_ERRORS = (TimeoutError, ConnectionClosed, ProtocolError, ssl.SSLError, OSError)


class Stage(enum.StrEnum):
    HELLO = "hello"
    AUTH = "auth"
    STATUS = "status"
    HEARTBEAT = "heartbeat"

    @property
    def step(self) -> str:
        return STAGE_STEPS[self.value]


def secrets_of(ctx: CheckContext) -> tuple[Secret, ...]:
    """What a server's strings must never carry into a report: the user's token."""
    return (ctx.options.token,) if ctx.options.token is not None else ()


def _how(exc: BaseException) -> str:
    if isinstance(exc, ConnectionClosed):
        return CLOSE_HOW["closed"]
    if isinstance(exc, ssl.SSLError):
        return CLOSE_HOW["tls"]
    return CLOSE_HOW["reset"]


def link_failure(exc: BaseException, stage: Stage, check: str, waited_s: float, data: dict[str, JsonValue],
                 secrets: tuple[Secret, ...] = ()) -> Outcome:
    """A stage that timed out, broke or received garbage: a fail with the finding that says which."""
    if isinstance(exc, TimeoutError):
        code = Code.T3_NO_RESPONSE
        found = finding(code, Severity.CRITICAL, check, stage=stage.value, waited_s=waited_s, step=stage.step,
                        meaning=STAGE_MEANINGS[(code, stage.value)])
        return Outcome(Status.FAIL, say("t3.stage_timeout", step=stage.step, seconds=waited_s), data, (found,))
    if isinstance(exc, ProtocolError):
        detail = server_text(exc.detail, secrets)
        found = finding(Code.T3_BAD_FRAME, Severity.CRITICAL, check, stage=stage.value, detail=detail,
                        error_code=exc.code.value)
        return Outcome(Status.FAIL, say("t3.stage_bad", step=stage.step, detail=detail), data, (found,))
    code = Code.T3_CONNECTION_CLOSED
    how = _how(exc)
    found = finding(code, Severity.CRITICAL, check, stage=stage.value, step=stage.step, how=how,
                    meaning=STAGE_MEANINGS[(code, stage.value)])
    return Outcome(Status.FAIL, say("t3.stage_closed", step=stage.step, how=how), data, (found,))


def unexpected_reply(reply: m.Message, expected: str, stage: Stage, check: str, data: dict[str, JsonValue],
                     secrets: tuple[Secret, ...] = ()) -> Outcome:
    """An ERROR, or a message of the wrong type, where ``expected`` should have come."""
    if isinstance(reply, m.Error):
        code, message = server_text(reply.code, secrets, 60), server_text(reply.message, secrets)
        data["error"] = ServerError(code, message).to_json()
        summary = say("t3.stage_error", code=code, step=stage.step, message=message)
        if reply.code == "BUSY":
            retry = reply.retry_after_ms or 0
            return Outcome(Status.FAIL, summary, data, (finding(
                Code.SERVER_BUSY, Severity.CRITICAL, check, stage=stage.value, retry_after_ms=retry,
                retry_after_s=round(retry / 1000)),))
        return Outcome(Status.FAIL, summary, data, (finding(
            Code.T3_BAD_FRAME, Severity.CRITICAL, check, stage=stage.value, detail=f"ERROR {code}: {message}",
            error_code=code),))
    got = m.MessageType(reply.TYPE).name  # the spec's name, as a technician reads it in a capture
    return Outcome(Status.FAIL, say("t3.stage_unexpected", got=got, step=stage.step), data, (finding(
        Code.T3_BAD_FRAME, Severity.CRITICAL, check, stage=stage.value, detail=f"{got} instead of {expected}"),))


def _context_for(ctx: CheckContext) -> ssl.SSLContext | None:
    """Verified TLS when the certificate passed; otherwise a capturing one, used for HELLO only."""
    if ctx.state.tls is False:
        return None
    o = ctx.options
    if ctx.state.tls_ok:
        return verifying_context(o.ca_file, o.client_cert, o.client_key, o.use_system_trust)
    return capturing_context(o.client_cert, o.client_key)


def _tls_refusal(ctx: CheckContext, exc: ssl.SSLError, data: dict[str, JsonValue]) -> Outcome | None:
    """A TLS alert that says the server refuses this client (its certificate, or the lack of one)."""
    alert = alert_of(exc)
    if alert is None:
        return None
    if alert == "CERTIFICATE_REQUIRED" or (ctx.options.client_cert is None and alert == "HANDSHAKE_FAILURE"):
        found = finding(Code.TLS_CLIENT_CERT_REQUIRED, Severity.CRITICAL, HANDSHAKE_ID, alert=alert.lower())
    elif alert in REJECTING_ALERTS:
        if ctx.options.client_cert is None:
            found = finding(Code.TLS_CLIENT_CERT_REQUIRED, Severity.CRITICAL, HANDSHAKE_ID, alert=alert.lower())
        else:
            found = finding(Code.TLS_CLIENT_CERT_REJECTED, Severity.CRITICAL, HANDSHAKE_ID, alert=alert.lower(),
                            client_subject=str(ctx.options.client_cert))
    else:
        return None
    return Outcome(Status.FAIL, say("t3.alert", alert=alert), data, (found,))


async def run_handshake(ctx: CheckContext) -> Outcome:
    """HELLO and HELLO_ACK: the server speaks T3, which version, how fast; keeps the session open."""
    if not ctx.state.reachable:
        raise CheckSkipped(say("skip.no_connection"))
    if ctx.state.tls is None:
        raise CheckSkipped(say("skip.tls_first"))
    address, port, timeout = ctx.state.reachable[0], ctx.options.target.port, ctx.timeout
    secrets = secrets_of(ctx)
    base = T3HandshakeData(address, ctx.state.tls, ctx.state.tls_ok)
    data = base.to_json()
    try:
        client = await T3Client.connect(address, port, ssl_context=_context_for(ctx),
                                        server_hostname=ctx.options.sni, timeout=timeout)
    except TimeoutError:
        outcome = link_failure(TimeoutError(), Stage.HELLO, HANDSHAKE_ID, timeout, data)
        return Outcome(outcome.status, say("t3.reconnect_timeout", seconds=timeout), data, outcome.findings)
    except ssl.SSLError as exc:
        refusal = _tls_refusal(ctx, exc, data)
        return refusal or link_failure(exc, Stage.HELLO, HANDSHAKE_ID, timeout, data)
    except OSError as exc:
        outcome = link_failure(exc, Stage.HELLO, HANDSHAKE_ID, timeout, data)
        return Outcome(outcome.status, say("t3.reconnect", error=exc.strerror or outcome.summary), data,
                       outcome.findings)
    ctx.on_close(client.close)
    sent_wall = time.time()
    sent = time.monotonic()
    try:
        reply = await client.hello(int(sent_wall * 1000))
    except ProtocolError as exc:
        data = dataclasses.replace(base, first_bytes=client.first_bytes[:32].hex()).to_json()
        if client.first_bytes[:4] != MAGIC.to_bytes(4, "big"):
            seen = looks_like(client.first_bytes)
            return Outcome(Status.FAIL, say("t3.not_t3", detail=server_text(exc.detail, secrets)), data, (finding(
                Code.T3_NOT_T3, Severity.CRITICAL, HANDSHAKE_ID, looks_like=seen, stage=Stage.HELLO.value),))
        return link_failure(exc, Stage.HELLO, HANDSHAKE_ID, timeout, data, secrets)
    except ssl.SSLError as exc:
        refusal = _tls_refusal(ctx, exc, data)
        return refusal or link_failure(exc, Stage.HELLO, HANDSHAKE_ID, timeout, data)
    except LINK_ERRORS as exc:
        return link_failure(exc, Stage.HELLO, HANDSHAKE_ID, timeout, data, secrets)
    received_wall = time.time()
    rtt_ms = (time.monotonic() - sent) * 1000
    if isinstance(reply, m.Error) and reply.code == "VERSION_UNSUPPORTED":
        message = server_text(reply.message, secrets)
        data = dataclasses.replace(base, error=ServerError(reply.code, message)).to_json()
        return Outcome(Status.FAIL, say("t3.error", code=reply.code), data, (finding(
            Code.T3_VERSION_UNSUPPORTED, Severity.CRITICAL, HANDSHAKE_ID, client_versions=[1], message=message),))
    if not isinstance(reply, m.HelloAck):
        return unexpected_reply(reply, "HELLO_ACK", Stage.HELLO, HANDSHAKE_ID, data, secrets)
    # The server stamped time_ms somewhere between our send and our receive.
    ctx.state.hello = Hello(reply, rtt_ms, (sent_wall + received_wall) / 2 - reply.time_ms / 1000)
    session = KeptSession(client, reply.heartbeat_ms)  # silent for 3 intervals, it would be closed
    ctx.on_close(session.close)
    ctx.state.session = session
    server = server_text(reply.server, secrets, 120)
    data = dataclasses.replace(base, ack=HelloAckData(server, reply.version, reply.heartbeat_ms, reply.udp_port,
                                                      tuple(server_texts(reply.auth, secrets)), rtt_ms)).to_json()
    if ctx.state.tls is False:
        return Outcome(Status.FAIL, say("t3.plaintext", server=server), data, (finding(
            Code.T3_PLAINTEXT, Severity.CRITICAL, HANDSHAKE_ID, address=address, port=port),))
    return Outcome(Status.PASS, say("t3.ok", server=server, version=reply.version, ms=round(rtt_ms, 1)), data)


def duration_text(seconds: float) -> str:
    """"2 h 0 min" to logs, tests and JSON; a Said, so a report shows it in its reader's words ("2 小时 0 分钟")."""
    # Rounded to the unit shown: a clock 7199.6 s off (7200 s less half a round trip) reads "2 h 0 min".
    seconds = abs(seconds)
    if seconds >= 86400:
        return say("duration.d", n=f"{seconds / 86400:.1f}")
    if seconds >= 3600 - 30:
        minutes = round(seconds / 60)
        return say("duration.h_min", h=minutes // 60, min=minutes % 60)
    if seconds >= 60:
        whole = round(seconds)
        return say("duration.min_s", min=whole // 60, s=whole % 60)
    return say("duration.s", n=f"{seconds:.1f}")


def clock_variant(local_synchronised: bool | None, login_worked: bool) -> str | None:
    """Which catalog wording fits: who likely has the wrong clock, and whether logging in still works.

    A synchronised clock is likely the right one; an unsynchronised one here is likely wrong; when
    this computer cannot say, the finding blames neither and asks to check this clock first."""
    if login_worked:
        return "login-works-server-clock" if local_synchronised else "login-works"
    return {True: "server-clock", False: None, None: "clocks-differ"}[local_synchronised]


async def run_clock(ctx: CheckContext) -> Outcome:
    """This computer's clock against the server's time_ms in HELLO_ACK (midpoint of the round trip).

    Says which clock is likely wrong (is this computer's synchronised with a time server?), and
    words the finding by what happened: when the login worked, a skew is a warning of what will
    break next, never "login fails"."""
    hello = ctx.state.hello
    if hello is None:
        raise CheckSkipped(say("skip.no_hello_ack"))
    offset = hello.clock_offset_s
    clock = ClockData(offset, hello.rtt_ms / 2000)
    limit = ctx.options.thresholds.clock_skew_crit_s
    direction = "ahead of" if offset > 0 else "behind"
    summary = say("clock.offset", offset=duration_text(offset), direction=direction)
    if abs(offset) <= limit:
        return Outcome(Status.PASS, summary, clock.to_json())
    synchronised = await asyncio.to_thread(clock_synchronised, timeout=min(2.0, ctx.timeout))
    login = ctx.result("auth.server")
    login_worked = login is not None and login.status is Status.PASS
    local_sync = {True: "synchronised", False: "not synchronised", None: "unknown"}[synchronised]
    data = dataclasses.replace(clock, local_clock=local_sync, login_worked=login_worked).to_json()
    evidence: dict[str, JsonValue] = {
        "offset_s": round(offset, 1), "direction": direction, "offset_text": duration_text(offset),
        "server_direction": "behind" if offset > 0 else "ahead of", "limit_s": limit, "local_clock": local_sync}
    variant = clock_variant(synchronised, login_worked)
    if variant is not None:
        evidence["variant"] = variant
    if login_worked:
        return Outcome(Status.WARN, summary, data, (finding(Code.CLOCK_SKEW, Severity.WARNING, CLOCK_ID,
                                                            **evidence),))
    return Outcome(Status.FAIL, summary, data, (finding(Code.CLOCK_SKEW, Severity.CRITICAL, CLOCK_ID, **evidence),))


async def run_status(ctx: CheckContext) -> Outcome:
    """STATUS (cpu, memory, connections) and the handshake time against the network round trip."""
    client = ctx.state.session
    if client is None:
        raise CheckSkipped(say("skip.no_session"))
    login = ctx.result("auth.server")
    # After AUTH_FAIL the server closes; after a stuck AUTH a late answer would read as STATUS.
    if client.lost or (login is not None and login.status in (Status.FAIL, Status.ERROR)):
        raise CheckSkipped(say("t3.session_gone", check="auth.server" if login is not None else HANDSHAKE_ID))
    t = ctx.options.thresholds
    secrets = secrets_of(ctx)
    findings: list[Finding] = []
    try:
        reply = await client.status()
    except LINK_ERRORS as exc:
        return link_failure(exc, Stage.STATUS, STATUS_ID, ctx.timeout, {}, secrets)
    if not isinstance(reply, m.Status):
        return unexpected_reply(reply, "STATUS", Stage.STATUS, STATUS_ID, {}, secrets)
    status = StatusData(ServerLoad(reply.cpu, reply.memory, reply.disk_io, reply.connections, reply.max_connections,
                                   reply.uptime_s, server_text(reply.version, secrets, 120)))
    busy_ratio = reply.connections / reply.max_connections if reply.max_connections else 0.0
    if reply.cpu > t.overload_ratio or reply.memory > t.overload_ratio or busy_ratio > t.connections_ratio:
        findings.append(finding(Code.SERVER_OVERLOADED, Severity.WARNING, STATUS_ID,
                                cpu_pct=round(reply.cpu * 100), memory_pct=round(reply.memory * 100),
                                connections=reply.connections, max_connections=reply.max_connections))
    hello_ms, rtts = (ctx.state.hello.rtt_ms if ctx.state.hello else None), ctx.state.tcp_rtt_ms
    if hello_ms is not None and rtts:
        rtt = min(rtts)
        status = dataclasses.replace(status, handshake_ms=hello_ms, tcp_rtt_ms=rtt)
        if hello_ms > max(t.slow_handshake_min_ms, t.slow_handshake_factor * rtt):
            findings.append(finding(Code.SERVER_SLOW, Severity.WARNING, STATUS_ID,
                                    handshake_ms=round(hello_ms), rtt_ms=round(rtt, 1)))
    summary = say("status.ok", cpu=f"{reply.cpu:.0%}", memory=f"{reply.memory:.0%}", connections=reply.connections,
                  max=reply.max_connections)
    return Outcome(Status.WARN if findings else Status.PASS, summary, status.to_json(), tuple(findings))
