"""Revocation of the server certificate through the CRL it names (plain HTTP, as CRLs are served).

Called only for a chain this computer already trusts: the CRL address comes from a certificate a
trusted CA signed, never from whatever a server or an interceptor chose to send.

The download is bounded as a probe is: one deadline for the name lookup, the connection and every
read together (a server that drips a byte at a time is cut off at it), at most ``MAX_CRL`` bytes
held (a larger CRL is refused as it streams in), no redirect followed. Whatever goes wrong, the
answer is "could not check" with a reason, never an exception: the certificate check around it
keeps everything else it found.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

from t3gui.checks.tls_chain import issued

MAX_CRL = 1 << 20
MAX_HEAD = 16 << 10
MAX_URL = 2048
DEADLINE_CAP_S = 2.0

# Why revocation could not be checked. The words are evidence quoted by the catalog (and
# translated there), so they are fixed phrases: nothing a CRL server sent reaches the report.
TIMED_OUT = "the CRL server did not answer in time"
UNREACHABLE = "the CRL server could not be reached"
REDIRECTED = "the CRL server redirects elsewhere"
HTTP_ERROR = "the CRL server answered with an error"
BAD_ANSWER = "the CRL server's answer is not valid HTTP"
TOO_LARGE = "the CRL is larger than 1 MiB"
NOT_A_CRL = "the download is not a revocation list"
WRONG_SIGNER = "the CRL is not signed by the certificate's issuer"
OUT_OF_DATE = "the CRL is out of date"
NO_ISSUER = "the issuer's certificate is not at hand to verify the CRL"
NO_HTTP_URL = "the certificate names no HTTP address for its CRL"
# Nothing was downloaded for these: worth saying, not worth a warning.
NOT_ATTEMPTED = frozenset({NO_ISSUER, NO_HTTP_URL})


@dataclass(frozen=True)
class RevocationStatus:
    checked: bool
    revoked: bool = False
    revoked_at: str | None = None
    url: str | None = None
    reason: str = ""  # one of the phrases above when not checked ("" when there was nothing to check)
    http_status: int | None = None
    ms: float = 0.0

    @property
    def attempted(self) -> bool:
        return self.reason not in NOT_ATTEMPTED

    def as_data(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v not in (None, "")}


class Unavailable(Exception):
    def __init__(self, reason: str, http_status: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.http_status = reason, http_status


def deadline_for(probe_timeout_s: float) -> float:
    """The whole download's budget: the probe timeout, but never long enough to stall the check."""
    return min(probe_timeout_s, DEADLINE_CAP_S)


def first_http_url(urls: Sequence[str]) -> str | None:
    """The first address that is plain HTTP and printable ASCII (an LDAP one, common in Active
    Directory, is skipped; control characters would end up in our own request line)."""
    for url in urls:
        if url.lower().startswith("http://") and printable(url) == url and " " not in url:
            return url
    return None


def printable(url: str) -> str:
    """An address as it may be quoted in a report: printable ASCII of a sane length, or nothing."""
    return url if url.isascii() and url.isprintable() and len(url) <= MAX_URL else ""


async def _resolve(host: str, port: int) -> list[str]:
    """getaddrinfo on a daemon thread: when the deadline passes, the run moves on and the process
    can exit, whatever the system resolver is still waiting for."""
    with contextlib.suppress(ValueError):
        return [str(ipaddress.ip_address(host))]
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[list[str]] = loop.create_future()

    def deliver(result: list[str] | BaseException) -> None:
        if not answer.done():
            if isinstance(result, BaseException):
                answer.set_exception(result)
            else:
                answer.set_result(result)

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            result: list[str] | BaseException = [str(info[4][0]) for info in infos]
        except (OSError, UnicodeError) as exc:
            result = exc
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits any more
            loop.call_soon_threadsafe(deliver, result)

    threading.Thread(target=lookup, name="crl-lookup", daemon=True).start()
    return await answer


def _status(head: bytes) -> tuple[int, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or not (code.isdigit() and code.isascii()):
        raise Unavailable(BAD_ANSWER)
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return int(code), headers


async def _connect(addresses: list[str], port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """The first address that accepts, in the resolver's order (a name with a dead IPv6 address
    and a live IPv4 one still gets its CRL fetched), all within the caller's deadline."""
    error: OSError = OSError("no address")
    for address in dict.fromkeys(addresses):
        try:
            return await asyncio.open_connection(address, port, limit=MAX_HEAD)
        except OSError as exc:
            error = exc
    raise error


async def _exchange(host: str, port: int, target: str, host_header: str) -> bytes:
    reader, writer = await _connect(await _resolve(host, port), port)
    try:
        writer.write(f"GET {target} HTTP/1.0\r\nHost: {host_header}\r\nUser-Agent: t3gui\r\n"
                     "Accept: application/pkix-crl\r\nConnection: close\r\n\r\n".encode("ascii"))
        await writer.drain()
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            raise Unavailable(BAD_ANSWER) from None
        status, headers = _status(head)
        if 300 <= status < 400:
            raise Unavailable(REDIRECTED, status)
        if status != 200:
            raise Unavailable(HTTP_ERROR, status)
        if "transfer-encoding" in headers:  # not HTTP/1.0, which is what we asked for
            raise Unavailable(BAD_ANSWER, status)
        length = headers.get("content-length", "")
        if length.isascii() and length.isdigit() and (len(length) > 9 or int(length) > MAX_CRL):
            raise Unavailable(TOO_LARGE, status)  # refused before a byte of the body is read
        body = bytearray()
        while chunk := await reader.read(65536):
            body += chunk
            if len(body) > MAX_CRL:
                raise Unavailable(TOO_LARGE, status)
        return bytes(body)
    finally:
        writer.transport.abort()  # no lingering close handshake with a server that stalls


async def fetch(url: str, deadline_s: float) -> bytes:
    """GET ``url`` (plain HTTP) within ``deadline_s`` in all; raises Unavailable."""
    try:
        parts = urlsplit(url)
        port = parts.port or 80
    except ValueError:
        raise Unavailable(NO_HTTP_URL) from None
    host = parts.hostname
    if parts.scheme.lower() != "http" or not host:
        raise Unavailable(NO_HTTP_URL)
    host_header = f"[{host}]" if ":" in host else host
    if port != 80:
        host_header += f":{port}"
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        async with asyncio.timeout(deadline_s):
            return await _exchange(host, port, target, host_header)
    except TimeoutError:
        raise Unavailable(TIMED_OUT) from None
    except (OSError, UnicodeError):
        raise Unavailable(UNREACHABLE) from None


def load_crl(data: bytes) -> x509.CertificateRevocationList:
    if data.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_crl(data)
    return x509.load_der_x509_crl(data)


def judge(data: bytes, leaf: x509.Certificate, issuer: x509.Certificate, now: dt.datetime) -> tuple[bool, str | None]:
    """(revoked, revocation date) from a downloaded CRL; raises Unavailable when it cannot say."""
    try:
        crl = load_crl(data)
        key = issuer.public_key()
        if not isinstance(key, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey, dsa.DSAPublicKey,
                                ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
            raise Unavailable(WRONG_SIGNER)
        if crl.issuer != issuer.subject or not crl.is_signature_valid(key):
            raise Unavailable(WRONG_SIGNER)
        entry = crl.get_revoked_certificate_by_serial_number(leaf.serial_number)
        if entry is not None:  # even from a stale list: the issuer did revoke it
            return True, entry.revocation_date_utc.strftime("%Y-%m-%d")
        next_update = crl.next_update_utc
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise Unavailable(NOT_A_CRL) from None
    if next_update is not None and next_update < now:
        raise Unavailable(OUT_OF_DATE)
    return False, None


async def check(leaf: x509.Certificate, issuers: Sequence[x509.Certificate], urls: Sequence[str],
                timeout: float, now: dt.datetime | None = None) -> RevocationStatus:
    """Whether ``leaf`` is on its CRL. ``leaf`` and ``issuers`` must come from a trusted chain."""
    if not urls:
        return RevocationStatus(False)  # the certificate uses no CRL: nothing to check
    url = first_http_url(urls)
    if url is None:
        return RevocationStatus(False, url=printable(urls[0]) or None, reason=NO_HTTP_URL)
    issuer = next((c for c in issuers if c.subject == leaf.issuer and issued(leaf, c)), None)
    if issuer is None:
        return RevocationStatus(False, url=url, reason=NO_ISSUER)
    started = time.monotonic()
    http_status = None
    try:
        data = await fetch(url, deadline_for(timeout))
        http_status = 200
        revoked, revoked_at = judge(data, leaf, issuer, now or dt.datetime.now(dt.UTC))
    except Unavailable as exc:
        return RevocationStatus(False, url=url, reason=exc.reason, http_status=exc.http_status or http_status,
                                ms=round((time.monotonic() - started) * 1000, 1))
    return RevocationStatus(True, revoked, revoked_at, url, http_status=http_status,
                            ms=round((time.monotonic() - started) * 1000, 1))
