"""auth.token and auth.server: the user's token, read here (unverified), then tried on the server.

The token is sent only over TLS whose certificate this computer trusts: a
diagnosis must never hand a secret to an interceptor or a plaintext server.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from t3gui.checks.t3_check import LINK_ERRORS, Stage, link_failure, secrets_of, unexpected_reply
from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.check_data import TOKEN_CLAIMS, TOKEN_HEADER, AuthServerData, TokenData
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Finding, Status
from t3gui.core.sanitize import server_text
from t3gui.core.say import say
from t3gui.protocol import jwt
from t3gui.protocol import messages as m
from t3gui.protocol.errors import AuthCode, TokenError

TOKEN_ID = "auth.token"
SERVER_ID = "auth.server"
# Claims safe to show in a report or bundle; never the signature or the raw token.
ALLOWED_CLAIMS = TOKEN_CLAIMS  # declared once, with the data that shows them

AUTH_CODES = {
    AuthCode.TOKEN_MALFORMED: Code.AUTH_TOKEN_MALFORMED, AuthCode.TOKEN_EXPIRED: Code.AUTH_TOKEN_EXPIRED,
    AuthCode.TOKEN_NOT_YET_VALID: Code.AUTH_TOKEN_NOT_YET_VALID, AuthCode.BAD_SIGNATURE: Code.AUTH_BAD_SIGNATURE,
    AuthCode.BAD_AUDIENCE: Code.AUTH_BAD_AUDIENCE, AuthCode.BAD_ISSUER: Code.AUTH_BAD_ISSUER,
    AuthCode.UNKNOWN_USER: Code.AUTH_UNKNOWN_USER, AuthCode.REVOKED: Code.AUTH_REVOKED,
}


def when(seconds: Any) -> str:
    try:
        return dt.datetime.fromtimestamp(float(seconds), dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (TypeError, ValueError, OverflowError, OSError):
        return str(seconds)


def token_evidence(token: jwt.DecodedToken | None) -> dict[str, Any]:
    if token is None:
        return {}
    claims = {k: token.claims[k] for k in ALLOWED_CLAIMS if k in token.claims}
    return {"alg": token.alg, "user": claims.get("sub", "?"), "audience": claims.get("aud", "-"),
            "issuer": claims.get("iss", "-"), "expired_at": when(claims.get("exp")),
            "valid_from": when(claims.get("nbf")), "token_sha256": token.fingerprint()}


def _decode(ctx: CheckContext) -> tuple[jwt.DecodedToken | None, TokenError | None]:
    assert ctx.options.token is not None
    try:
        return jwt.decode(ctx.options.token.reveal()), None
    except TokenError as exc:
        return None, exc


async def run_token(ctx: CheckContext) -> Outcome:
    """The token decoded on this computer (not verified: only the server holds the key)."""
    if ctx.options.token is None:
        return Outcome(Status.WARN, say("auth.no_token"), {}, (finding(Code.AUTH_TOKEN_MISSING, Severity.WARNING,
                                                                    TOKEN_ID),))
    token, error = _decode(ctx)
    if token is None:
        assert error is not None
        return Outcome(Status.FAIL, say("auth.not_jwt", detail=error.detail), {}, (finding(
            Code.AUTH_TOKEN_MALFORMED, Severity.CRITICAL, TOKEN_ID, detail=error.detail),))
    claims = {k: token.claims[k] for k in ALLOWED_CLAIMS if k in token.claims}
    data = TokenData({k: token.header[k] for k in TOKEN_HEADER if k in token.header}, claims,
                     token.fingerprint()).to_json()
    evidence = {**token_evidence(token), "where": "on this computer"}
    try:
        jwt.check_claims(token.claims, time.time(), ctx.options.token_audience, ctx.options.token_issuer)
    except TokenError as exc:
        code = AUTH_CODES[exc.code]
        # Unverified and judged by this computer's clock: a hint, the server's word decides.
        severity = Severity.CRITICAL if code is Code.AUTH_TOKEN_MALFORMED else Severity.WARNING
        return Outcome(Status.FAIL if severity is Severity.CRITICAL else Status.WARN,
                       say("auth.local_problem", code=exc.code.value, detail=exc.detail), data,
                       (finding(code, severity, TOKEN_ID, **evidence, detail=exc.detail),))
    return Outcome(Status.PASS, say("auth.local_ok", user=claims.get("sub"), alg=token.alg,
                                    expires=evidence["expired_at"]), data)


async def run_server(ctx: CheckContext) -> Outcome:
    """AUTH on the server with the token; each AUTH_FAIL code is named."""
    if ctx.options.token is None:
        raise CheckSkipped(say("auth.no_token"))
    client = ctx.state.session
    if client is None:
        raise CheckSkipped(say("skip.no_session_auth"))
    if ctx.state.tls is False:
        raise CheckSkipped(say("auth.plaintext"))
    certificate = ctx.result("tls.certificate")
    if not ctx.state.tls_ok or (certificate is not None and certificate.status is Status.FAIL):
        raise CheckSkipped(say("auth.untrusted"))
    token, _ = _decode(ctx)
    secrets = secrets_of(ctx)
    try:
        reply = await client.auth(ctx.options.token.reveal())
    except LINK_ERRORS as exc:
        return link_failure(exc, Stage.AUTH, SERVER_ID, client.timeout, {}, secrets)
    if isinstance(reply, m.AuthOk):
        ctx.state.udp_key = client.udp_key
        user = server_text(reply.user, secrets, 120)
        return Outcome(Status.PASS, say("auth.ok", user=user, until=when(reply.expires)),
                       AuthServerData(user, reply.expires).to_json())
    if isinstance(reply, m.AuthFail):
        code = AUTH_CODES.get(reply.auth_code) if reply.auth_code else None
        fail_code, message = server_text(reply.code, secrets, 60), server_text(reply.message, secrets)
        evidence = {**token_evidence(token), "where": "by the server", "server_message": message,
                    "detail": f"{fail_code}: {message}"}
        findings: tuple[Finding, ...] = (finding(code or Code.AUTH_TOKEN_MALFORMED, Severity.CRITICAL, SERVER_ID,
                                                 **evidence),)
        return Outcome(Status.FAIL, say("auth.fail", code=fail_code, message=message),
                       AuthServerData(code=fail_code).to_json(), findings)
    return unexpected_reply(reply, "AUTH_OK or AUTH_FAIL", Stage.AUTH, SERVER_ID, {}, secrets)
