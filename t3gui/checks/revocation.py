"""Revocation of the server certificate through the CRL it names (plain HTTP, as CRLs are served).

Bounded like every probe: one request, the per-probe timeout, at most 4 MiB.
A CRL that cannot be fetched or verified says nothing either way.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography import x509

MAX_CRL = 4 << 20


@dataclass(frozen=True)
class RevocationStatus:
    checked: bool
    revoked: bool = False
    revoked_at: str | None = None
    url: str | None = None
    detail: str = ""


async def fetch(url: str, timeout: float) -> bytes:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"only http:// CRL addresses are fetched ({url})")
    port = parts.port or 80
    reader, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, port), timeout)
    try:
        path = parts.path or "/"
        writer.write(f"GET {path} HTTP/1.0\r\nHost: {parts.hostname}\r\nUser-Agent: t3gui\r\n\r\n".encode())
        await writer.drain()
        data = await asyncio.wait_for(reader.read(MAX_CRL + 65536), timeout)
        while len(data) <= MAX_CRL + 65536 and (chunk := await asyncio.wait_for(reader.read(65536), timeout)):
            data += chunk
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0]
    if not status_line.startswith(b"HTTP/1.") or b" 200 " not in status_line + b" ":
        raise ValueError(f"the CRL server answered {status_line[:60]!r}")
    if len(body) > MAX_CRL:
        raise ValueError("the CRL is larger than 4 MiB")
    return body


def load_crl(data: bytes) -> x509.CertificateRevocationList:
    if data.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_crl(data)
    return x509.load_der_x509_crl(data)


async def check(leaf: x509.Certificate, issuer: x509.Certificate | None, urls: list[str],
                timeout: float) -> RevocationStatus:
    if not urls:
        return RevocationStatus(False, detail="the certificate names no CRL")
    if issuer is None:
        return RevocationStatus(False, detail="the issuer is unknown, so its CRL cannot be verified")
    url = urls[0]
    try:
        crl = load_crl(await fetch(url, timeout))
    except (TimeoutError, OSError, ValueError) as exc:
        return RevocationStatus(False, url=url, detail=f"CRL not available: {exc}")
    with contextlib.suppress(Exception):
        if crl.issuer == issuer.subject and crl.is_signature_valid(issuer.public_key()):  # type: ignore[arg-type]
            entry = crl.get_revoked_certificate_by_serial_number(leaf.serial_number)
            if entry is None:
                return RevocationStatus(True, url=url)
            return RevocationStatus(True, True, entry.revocation_date_utc.strftime("%Y-%m-%d"), url)
    return RevocationStatus(False, url=url, detail="the CRL is not signed by the certificate's issuer")
