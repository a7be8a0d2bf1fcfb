"""The server's certificate chain as a bundle carries it, read for the technician.

A bundle is hostile input: the PEM texts may be anything. Each certificate is
either read whole into plain facts or replaced by the reason it cannot be
(a strings key), never a traceback. What "Copy PEM" copies is the certificate
encoded again from what was parsed, not the text the file held.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from t3gui.checks import tls_chain
from t3gui.core.bundle import format as fmt
from t3gui.core.check_data import CertificateData, DataFormatError
from t3gui.core.model import Report
from t3gui.core.node_checks import most_telling
from t3gui.core.sanitize import for_display

MAX_CERTIFICATES = 10  # a real chain has 2 to 4; past this the rest is not shown
MAX_PEM_CHARS = 64_000  # a certificate with many names is a few kilobytes
MAX_FIELD = 2_000  # a subject or issuer as shown
_PEM_BLOCK = re.compile(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.DOTALL)


@dataclass(frozen=True)
class Certificate:
    subject: str
    issuer: str
    names: tuple[str, ...]
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str  # colon-separated upper-case hex, as browsers show it
    pem: str

    def state_at(self, moment: dt.datetime | None) -> str:
        """"valid", "expired" or "not-yet-valid" when the bundle was made; "" when that is unknown."""
        if moment is None:
            return ""
        if moment > self.not_after:
            return "expired"
        if moment < self.not_before:
            return "not-yet-valid"
        return "valid"


@dataclass(frozen=True)
class Unreadable:
    reason: str  # strings key: "certs.bad.pem" or "certs.bad.fields"


@dataclass(frozen=True)
class Chain:
    certificates: tuple[Certificate | Unreadable, ...]
    missing: str = ""  # strings key saying why there is no chain at all
    cut: int = 0  # certificates left out past MAX_CERTIFICATES


def _clean(text: str) -> str:
    text = for_display(text).replace("\n", " ")
    return text if len(text) <= MAX_FIELD else text[:MAX_FIELD - 1] + "…"


def read_certificate(pem: object) -> Certificate | Unreadable:
    if not isinstance(pem, str) or len(pem) > MAX_PEM_CHARS:
        return Unreadable("certs.bad.pem")
    try:
        cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
    except (ValueError, TypeError, UnicodeError):
        return Unreadable("certs.bad.pem")
    if not tls_chain.readable(cert):
        return Unreadable("certs.bad.fields")
    try:
        fingerprint = cert.fingerprint(hashes.SHA256())
        again = cert.public_bytes(Encoding.PEM).decode("ascii")
    except ValueError:
        return Unreadable("certs.bad.fields")
    return Certificate(
        subject=_clean(cert.subject.rfc4514_string()), issuer=_clean(cert.issuer.rfc4514_string()),
        names=tuple(_clean(n) for n in tls_chain.alt_names(cert)[:200]),
        not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
        sha256=":".join(f"{b:02X}" for b in fingerprint), pem=again)


def _pem_texts(report: Report, members: Mapping[str, bytes]) -> list[str | None] | None:
    """The chain as the TLS check kept it, else the bundle's chain.pem; None when neither is there."""
    try:
        certificate = CertificateData.parse(most_telling(report, CertificateData.CHECK_ID)[1])
    except DataFormatError:
        return [None]  # a wrong shape: one unreadable entry
    if certificate is not None and certificate.chain_pem is not None:
        return list(certificate.chain_pem)
    data = members.get(fmt.CHAIN)
    if data is None:
        return None
    text = data.decode("ascii", "replace")
    blocks: list[str | None] = list(_PEM_BLOCK.findall(text))
    return blocks or [text]


def read_chain(report: Report, members: Mapping[str, bytes], pseudonymized: bool) -> Chain:
    texts = _pem_texts(report, members)
    if texts is None:
        return Chain((), "certs.none.pseudonymized" if pseudonymized else "certs.none")
    if not texts:
        return Chain((), "certs.none")
    shown = texts[:MAX_CERTIFICATES]
    return Chain(tuple(read_certificate(t) for t in shown), cut=len(texts) - len(shown))


def shown(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def moment(text: object) -> dt.datetime | None:
    """A bundle's created_at (validated by the reader) as a time; None when it does not parse."""
    if not isinstance(text, str):
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
