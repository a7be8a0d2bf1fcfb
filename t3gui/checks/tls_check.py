"""tls.handshake and tls.certificate: the secure channel as a real client meets it."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import ssl
from pathlib import Path
from typing import Any

from cryptography import x509

from t3gui.checks import revocation, tls_chain
from t3gui.checks.identify import looks_like
from t3gui.checks.tls_probe import HandshakeResult, capturing_context, handshake, verifying_context
from t3gui.core.check import CheckFailed, CheckSkipped, Outcome, finding
from t3gui.core.check_data import CertificateData, TlsHandshakeData
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import ErrorReason, Finding, JsonObject, Status
from t3gui.core.run_state import TlsHandshakes
from t3gui.core.say import say
from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection

HANDSHAKE_ID = "tls.handshake"
CERTIFICATE_ID = "tls.certificate"
REJECTING_ALERTS = {"UNKNOWN_CA", "BAD_CERTIFICATE", "CERTIFICATE_UNKNOWN", "CERTIFICATE_EXPIRED",
                    "CERTIFICATE_REVOKED", "UNSUPPORTED_CERTIFICATE", "ACCESS_DENIED", "DECRYPT_ERROR"}
WEAK_VERSIONS = {"TLSv1", "TLSv1.1", "SSLv3"}


async def sniff(address: str, port: int, timeout: float) -> str:
    """Plain TCP: what the port says first, or answers to a plaintext HELLO."""
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(address, port), timeout)
        try:
            data = await asyncio.wait_for(reader.read(64), min(0.3, timeout))  # banner-first services
        except TimeoutError:
            writer.write(Connection().send(m.Hello((1,), "t3gui-probe", "AAAAAAAAAAAAAAAAAAAAAA==", 0)))
            data = await asyncio.wait_for(reader.read(64), timeout)
        return looks_like(data)
    except (TimeoutError, OSError):
        return "nothing (the server closed)"
    finally:
        if writer is not None:
            writer.close()


async def run_handshake(ctx: CheckContext) -> Outcome:
    """TLS handshake as a real client would do it (OS trust store plus --ca-file), and a second,
    permissive one that captures the chain, version and cipher the server offers."""
    if not ctx.state.reachable:
        raise CheckSkipped(say("skip.no_connection"))
    o = ctx.options
    address, port = ctx.state.reachable[0], o.target.port
    try:
        verifying = verifying_context(o.ca_file, o.client_cert, o.client_key, o.use_system_trust)
        capturing = capturing_context(o.client_cert, o.client_key)
    except (ssl.SSLError, OSError) as exc:
        raise CheckFailed(ErrorReason.WRONG_INPUT, say("tls.bad_input", error=exc)) from None
    verified, captured = await asyncio.gather(
        handshake(address, port, o.sni, verifying, ctx.timeout),
        handshake(address, port, o.sni, capturing, ctx.timeout, linger_for_alert=False))
    ctx.state.handshakes = TlsHandshakes(address, verified, captured)
    said = TlsHandshakeData(address, o.sni, verified.as_data(), captured.as_data())
    data = said.to_json()
    findings: list[Finding] = []
    if verified.not_tls or captured.not_tls or (captured.closed and not captured.ok):
        seen = await sniff(address, port, ctx.timeout)
        data = dataclasses.replace(said, looks_like=seen).to_json()
        if seen == "plaintext T3":
            ctx.state.tls = False
        findings.append(finding(Code.TLS_NOT_TLS, Severity.CRITICAL, HANDSHAKE_ID, address=address, port=port,
                                looks_like=seen))
        return Outcome(Status.FAIL, say("tls.not_tls", port=port, seen=seen), data, tuple(findings))
    ctx.state.tls = True
    if verified.alert in ("CERTIFICATE_REQUIRED",) or (verified.alert == "HANDSHAKE_FAILURE" and
                                                       captured.ok and o.client_cert is None):
        findings.append(finding(Code.TLS_CLIENT_CERT_REQUIRED, Severity.CRITICAL, HANDSHAKE_ID,
                                alert=verified.alert.lower()))
    elif verified.alert in REJECTING_ALERTS and o.client_cert is not None:
        findings.append(finding(Code.TLS_CLIENT_CERT_REJECTED, Severity.CRITICAL, HANDSHAKE_ID,
                                alert=verified.alert.lower(), client_subject=_client_subject(o.client_cert)))
    elif verified.timed_out or captured.timed_out:
        findings.append(finding(Code.TLS_HANDSHAKE_FAILED, Severity.CRITICAL, HANDSHAKE_ID, address=address,
                                error=verified.error or captured.error))
    elif verified.weak:
        findings.append(finding(Code.TLS_WEAK, Severity.CRITICAL, HANDSHAKE_ID,
                                weakness=_weakness(captured.chain_der) or verified.weak, refused=True))
    elif not captured.ok and verified.verify_code is None:
        findings.append(finding(Code.TLS_HANDSHAKE_FAILED, Severity.CRITICAL, HANDSHAKE_ID, address=address,
                                error=verified.error or captured.error or "unknown"))
    if captured.version in WEAK_VERSIONS:
        findings.append(finding(Code.TLS_WEAK, Severity.WARNING, HANDSHAKE_ID,
                                weakness=f"the server accepts {captured.version}"))
    ctx.state.tls_ok = verified.ok and not any(f.severity is Severity.CRITICAL for f in findings)
    if findings and any(f.severity is Severity.CRITICAL for f in findings):
        return Outcome(Status.FAIL, say("tls.failed", code=findings[0].code.value), data, tuple(findings))
    if not verified.ok:
        return Outcome(Status.WARN, say("tls.not_accepted", version=captured.version, error=verified.error), data,
                       tuple(findings))
    return Outcome(Status.WARN if findings else Status.PASS,
                   say("tls.ok", version=verified.version, cipher=verified.cipher, ms=round(verified.ms, 1)), data,
                   tuple(findings))


def _weakness(chain_der: list[bytes]) -> str | None:
    """Our own words for what is weak in the leaf, rather than OpenSSL's."""
    chain = tls_chain.load_chain(chain_der)
    found = tls_chain.weak_key_findings(chain[0]) if chain else []
    return str(found[0].evidence["weakness"]) if found else None


def _client_subject(path: Any) -> str:
    with contextlib.suppress(OSError, ValueError):
        from cryptography import x509

        return tls_chain.common_name(x509.load_pem_x509_certificate(path.read_bytes()).subject)
    return str(path.name)


async def run_certificate(ctx: CheckContext) -> Outcome:
    """The chain the server actually sent: dates, names, completeness, trust, interception, keys."""
    handshakes = ctx.state.handshakes
    if handshakes is None or not handshakes.captured.chain_der:
        raise CheckSkipped(say("cert.none"))
    captured, verified = handshakes.captured, handshakes.verified
    chain = tls_chain.load_chain(captured.chain_der)
    if not chain:  # the handshake's own findings stand; there is nothing here to examine
        raise CheckSkipped(say("cert.unreadable"))
    proxy = ctx.state.proxy.proxy if ctx.state.proxy else None
    # A chain refused only for weakness is reported as weak (by tls.handshake), not as untrusted.
    chain_trusted = (verified.ok or verified.alert is not None or verified.weak is not None
                     or verified.verify_code in tls_chain.TRUSTED_CHAIN_CODES)
    trust = tls_chain.TrustSignals(chain_trusted, verified.verify_message,
                                   ctx.options.expected_issuer, proxy)
    if verified.timed_out:  # a stall (heavy loss) says nothing of trust: judge only what the chain shows
        trust = tls_chain.TrustSignals(True)
    now = dt.datetime.now(dt.UTC)
    findings = tls_chain.analyze(chain, ctx.options.sni, now, ctx.options.thresholds.cert_expiring_days, trust)
    if verified.weak:
        findings = [f for f in findings if f.code is not Code.TLS_WEAK]  # tls.handshake said it already
    elif verified.verify_code is not None and not any(f.severity is Severity.CRITICAL for f in findings):
        findings.append(finding(Code.TLS_UNTRUSTED_ROOT, Severity.CRITICAL, CERTIFICATE_ID,
                                issuer=tls_chain.common_name(chain[-1].issuer),
                                subject=tls_chain.common_name(chain[0].subject),
                                verify_message=verified.verify_message or ""))
    revoked, revocation = await _revocation_findings(ctx, verified)
    findings += revoked
    data = CertificateData(tuple(tls_chain.describe(c) for c in chain), tuple(_pem(c) for c in chain),
                           revocation).to_json()
    leaf = tls_chain.common_name(chain[0].subject)
    critical = [f for f in findings if f.severity is Severity.CRITICAL]
    status = Status.FAIL if critical else Status.WARN if findings else Status.PASS
    summary = (say("cert.problems", leaf=leaf, codes=", ".join(f.code.value for f in findings)) if findings
               else say("cert.ok", leaf=leaf, issuer=tls_chain.common_name(chain[0].issuer),
                        date=chain[0].not_valid_after_utc.date().isoformat()))
    return Outcome(status, summary, data, tuple(findings))


async def _revocation_findings(ctx: CheckContext, verified: HandshakeResult) -> tuple[list[Finding], JsonObject]:
    """Revocation, for the chain the verifying handshake accepted and no other: the CRL address of a
    chain nobody vouches for is the server's (or an interceptor's) choice of an HTTP request made
    from inside the customer's network. A download that fails is a finding of its own."""
    trusted = tls_chain.load_chain(verified.chain_der) if verified.verify_code is None else []
    if not trusted:
        return [], {"checked": False, "not_fetched": "no verifying handshake accepted the chain"}
    leaf = trusted[0]
    issuers = trusted[1:] + _ca_file_certificates(ctx.options.ca_file)
    status = await revocation.check(leaf, issuers, tls_chain.crl_urls(leaf), ctx.timeout)
    kept = status.as_data()
    if status.revoked:
        return [finding(Code.TLS_CERT_REVOKED, Severity.CRITICAL, CERTIFICATE_ID,
                        subject=tls_chain.common_name(leaf.subject), serial=format(leaf.serial_number, "x"),
                        revoked_at=status.revoked_at, crl=status.url)], kept
    if not status.reason:
        return [], kept
    # A download that was tried and failed leaves part of the certificate unchecked: the verdict
    # then says "inconclusive", with this reason, rather than vouching for the certificate.
    why = ErrorReason.TIMEOUT if status.reason == revocation.TIMED_OUT else ErrorReason.CONNECTIVITY
    return [finding(Code.TLS_REVOCATION_UNKNOWN, Severity.WARNING if status.attempted else Severity.INFO,
                    CERTIFICATE_ID, subject=tls_chain.common_name(leaf.subject), url=status.url or "-",
                    reason=status.reason, http_status=status.http_status or "-", error_reason=why.value)], kept


def _ca_file_certificates(path: Path | None) -> list[x509.Certificate]:
    """The --ca-file's certificates: a company CA often issues server certificates directly and the
    server then sends no issuer, yet its CRL can only be verified with the issuer's key."""
    if path is None:
        return []
    try:
        certificates = x509.load_pem_x509_certificates(path.read_bytes())
    except (OSError, ValueError, x509.InvalidVersion):
        return []
    return [c for c in certificates if tls_chain.readable(c)]


def _pem(cert: Any) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding

    return str(cert.public_bytes(Encoding.PEM).decode("ascii"))
