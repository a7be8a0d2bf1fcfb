"""TLS handshakes as probes: one verified as a real client would, one that
captures whatever the server sends (the chain, the version, the cipher).

The chain a server sent is public API only from Python 3.13
(``SSLObject.get_unverified_chain``); 3.11 and 3.12 have it on the private
``_sslobj``. ``sent_chain`` hides that difference.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from pathlib import Path

from t3gui.core.run_state import HandshakeResult

__all__ = ["HandshakeResult", "capturing_context", "handshake", "verifying_context"]

ALERT_REASONS = ("CERTIFICATE_REQUIRED", "UNKNOWN_CA", "BAD_CERTIFICATE", "CERTIFICATE_UNKNOWN",
                 "CERTIFICATE_EXPIRED", "CERTIFICATE_REVOKED", "UNSUPPORTED_CERTIFICATE", "ACCESS_DENIED",
                 "HANDSHAKE_FAILURE", "PROTOCOL_VERSION", "INSUFFICIENT_SECURITY", "DECRYPT_ERROR",
                 "INTERNAL_ERROR", "ILLEGAL_PARAMETER")
# X509_V_ERR_EE_KEY_TOO_SMALL, CA_KEY_TOO_SMALL, CA_MD_TOO_WEAK: refused as weak, not as untrusted.
WEAK_VERIFY_CODES = (66, 67, 68)
NOT_TLS_REASONS = ("WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG",
                   "UNKNOWN_PROTOCOL", "HTTP_REQUEST", "HTTPS_PROXY_REQUEST", "RECORD_TOO_LARGE")


def sent_chain(sslobj: ssl.SSLObject) -> list[bytes]:
    getter = getattr(sslobj, "get_unverified_chain", None)  # Python 3.13+: DER bytes
    if getter is not None:
        return list(getter() or [])
    inner = getattr(sslobj, "_sslobj", None)
    chain = inner.get_unverified_chain() if inner is not None and hasattr(inner, "get_unverified_chain") else None
    if chain:
        import _ssl  # the private module owns the encoding constant on 3.10-3.12

        return [c.public_bytes(_ssl.ENCODING_DER) for c in chain]
    leaf = sslobj.getpeercert(binary_form=True)
    return [leaf] if leaf else []


def verifying_context(ca_file: Path | None, client_cert: Path | None, client_key: Path | None,
                      system_trust: bool = True) -> ssl.SSLContext:
    """What a real T3 client uses: the OS trust store plus the company CA file."""
    if system_trust:
        import truststore

        context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_file is not None:
        context.load_verify_locations(cafile=str(ca_file))
    if client_cert is not None:
        context.load_cert_chain(str(client_cert), str(client_key) if client_key else None)
    return context


def capturing_context(client_cert: Path | None, client_key: Path | None) -> ssl.SSLContext:
    """Accepts anything, to see what the server sends; never used to send secrets."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with contextlib.suppress(ssl.SSLError, ValueError):
        context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    if client_cert is not None:
        context.load_cert_chain(str(client_cert), str(client_key) if client_key else None)
    return context


def _reason(exc: ssl.SSLError) -> str:
    reason = getattr(exc, "reason", None) or ""
    return str(reason).upper()


def alert_of(exc: ssl.SSLError) -> str | None:
    """The TLS alert the server sent, by its RFC 8446 name (CERTIFICATE_REQUIRED), when ``exc`` is
    OpenSSL reporting one (reason TLSV13_ALERT_CERTIFICATE_REQUIRED); None for any other TLS error."""
    reason = _reason(exc)
    return next((a for a in ALERT_REASONS if a in reason), None)


async def handshake(address: str, port: int, server_name: str, context: ssl.SSLContext, timeout: float,
                    linger_for_alert: bool = True) -> HandshakeResult:
    """Connect, handshake, and wait briefly for a post-handshake alert (TLS 1.3 client-cert refusals)."""
    result = HandshakeResult()
    started = time.monotonic()
    writer: asyncio.StreamWriter | None = None
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(address, port, ssl=context, server_hostname=server_name,
                                    ssl_handshake_timeout=timeout), timeout)
        result.ms = (time.monotonic() - started) * 1000
        sslobj = writer.get_extra_info("ssl_object") if writer is not None else None
        if isinstance(sslobj, ssl.SSLObject):
            result.version, result.cipher = sslobj.version(), (sslobj.cipher() or (None,))[0]
            result.chain_der = sent_chain(sslobj)
        result.ok = True
        if linger_for_alert:
            # A refusal of our certificate in TLS 1.3 arrives one round trip after our Finished.
            wait = min(timeout, max(0.1, 2.5 * result.ms / 1000))
            with contextlib.suppress(asyncio.TimeoutError):
                data = await asyncio.wait_for(reader.read(1), wait)
                if not data:
                    result.closed = True
    except ssl.SSLCertVerificationError as exc:
        result.verify_code, result.verify_message = exc.verify_code, exc.verify_message
        result.error = exc.verify_message or str(exc)
        if exc.verify_code in WEAK_VERIFY_CODES:
            result.weak = exc.verify_message
    except ssl.SSLError as exc:
        reason = _reason(exc)
        alert = alert_of(exc)
        if alert:
            result.alert = alert
        elif any(r in reason for r in NOT_TLS_REASONS):
            result.not_tls = True
        result.error = reason or str(exc)
        result.ok = False
    except TimeoutError:
        result.timed_out, result.error = True, f"no TLS handshake within {timeout:g} s"
    except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, asyncio.IncompleteReadError) as exc:
        result.closed, result.error = True, f"closed by the server ({exc.__class__.__name__})"
    except OSError as exc:
        result.error = exc.strerror or exc.__class__.__name__
    finally:
        if writer is not None:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 0.5)
    if result.alert:
        result.ok = False
    return result
