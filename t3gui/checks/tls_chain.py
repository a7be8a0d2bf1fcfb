"""The certificate chain a server sent, examined: dates, names, completeness,
trust, interception and weak keys. Pure functions over DER bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

from t3gui.core.check import finding
from t3gui.core.codes import Code, Severity
from t3gui.core.model import Finding

CHECK_ID = "tls.certificate"
WEAK_HASHES = {"md5", "sha1"}


def load_chain(chain_der: Sequence[bytes]) -> list[x509.Certificate]:
    out = []
    for der in chain_der:
        try:
            out.append(x509.load_der_x509_certificate(der))
        except ValueError:
            continue
    return out


def common_name(name: x509.Name) -> str:
    cns = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(cns[0].value) if cns else name.rfc4514_string()


def alt_names(cert: x509.Certificate) -> list[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [str(n) for n in san.get_values_for_type(x509.DNSName)] + \
        [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]


def aia_issuers(cert: x509.Certificate) -> list[str]:
    try:
        aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    except x509.ExtensionNotFound:
        return []
    return [str(d.access_location.value) for d in aia
            if d.access_method == AuthorityInformationAccessOID.CA_ISSUERS]


def crl_urls(cert: x509.Certificate) -> list[str]:
    try:
        points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    except x509.ExtensionNotFound:
        return []
    return [str(n.value) for p in points for n in (p.full_name or []) if isinstance(n, x509.UniformResourceIdentifier)]


def key_description(cert: x509.Certificate) -> tuple[str, int]:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}", key.curve.key_size
    return type(key).__name__.replace("PublicKey", ""), 0


def describe(cert: x509.Certificate) -> dict[str, Any]:
    kind, bits = key_description(cert)
    digest = cert.signature_hash_algorithm
    return {
        "subject": cert.subject.rfc4514_string(), "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "x"), "sans": alt_names(cert),
        "not_before": iso(cert.not_valid_before_utc), "not_after": iso(cert.not_valid_after_utc),
        "sha256": hashlib.sha256(cert_der(cert)).hexdigest(), "key": f"{kind} {bits}".strip(),
        "signature_hash": digest.name if digest else None, "aia_ca_issuers": aia_issuers(cert),
        "crl": crl_urls(cert),
    }


def cert_der(cert: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.DER)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def host_matches(host: str, cert: x509.Certificate) -> bool:
    names = alt_names(cert) or [common_name(cert.subject)]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for name in names:
        if address is not None:
            try:
                if ipaddress.ip_address(name) == address:
                    return True
            except ValueError:
                continue
        elif _dns_match(host.lower().rstrip("."), name.lower().rstrip(".")):
            return True
    return False


def _dns_match(host: str, pattern: str) -> bool:
    if pattern.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == pattern[2:]
    return host == pattern


def issued(child: x509.Certificate, parent: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(parent)
        return True
    except (ValueError, TypeError, Exception):  # InvalidSignature and unsupported key types alike
        return False


def is_self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject and issued(cert, cert)


# OpenSSL builds and trusts the chain before it checks dates and names, so these codes mean the
# chain itself was trusted: X509_V_ERR_CERT_NOT_YET_VALID, CERT_HAS_EXPIRED, HOSTNAME_MISMATCH,
# IP_ADDRESS_MISMATCH, and the weak-key codes.
TRUSTED_CHAIN_CODES = frozenset({9, 10, 62, 64, 66, 67, 68})


@dataclass(frozen=True)
class TrustSignals:
    verified: bool  # the verifying handshake accepted the chain (or failed only for dates, names, key size)
    verify_message: str | None = None
    expected_issuer: str | None = None  # from the profile
    proxy: str | None = None  # a configured proxy, if any


def analyze(chain: Sequence[x509.Certificate], host: str, now: dt.datetime, expiring_days: float,
            trust: TrustSignals) -> list[Finding]:
    if not chain:
        return []
    leaf = chain[0]
    subject = common_name(leaf.subject)
    out: list[Finding] = []
    not_after, not_before = leaf.not_valid_after_utc, leaf.not_valid_before_utc
    if now > not_after:
        out.append(finding(Code.TLS_CERT_EXPIRED, Severity.CRITICAL, CHECK_ID, subject=subject,
                           not_after=iso(not_after), not_after_date=not_after.date().isoformat(),
                           days_ago=(now - not_after).days))
    elif now < not_before:
        out.append(finding(Code.TLS_CERT_NOT_YET_VALID, Severity.CRITICAL, CHECK_ID, subject=subject,
                           not_before=iso(not_before), not_before_date=not_before.date().isoformat(),
                           days_ahead=max(1, (not_before - now).days)))
    elif (not_after - now).total_seconds() < expiring_days * 86400:
        out.append(finding(Code.TLS_CERT_EXPIRING_SOON, Severity.WARNING, CHECK_ID, subject=subject,
                           not_after=iso(not_after), not_after_date=not_after.date().isoformat(),
                           days_left=(not_after - now).days))
    if not host_matches(host, leaf):
        out.append(finding(Code.TLS_HOSTNAME_MISMATCH, Severity.CRITICAL, CHECK_ID, host=host,
                           names=alt_names(leaf) or [subject]))
    out += _trust_findings(chain, leaf, trust)
    out += weak_key_findings(leaf)
    return out


def _trust_findings(chain: Sequence[x509.Certificate], leaf: x509.Certificate, trust: TrustSignals) -> list[Finding]:
    issuer = common_name(leaf.issuer)
    if trust.expected_issuer and trust.expected_issuer.lower() not in leaf.issuer.rfc4514_string().lower():
        signals = []
        if trust.proxy:
            signals.append("a proxy is configured")
        if trust.verified:
            signals.append("a locally added root is trusted")
        if signals:
            return [finding(Code.TLS_INTERCEPTED, Severity.CRITICAL, CHECK_ID, issuer=issuer,
                            expected_issuer=trust.expected_issuer,
                            evidence_of_interception=signals, proxy=trust.proxy or "")]
    if trust.verified:
        return []
    if is_self_signed(leaf):
        return [finding(Code.TLS_UNTRUSTED_ROOT, Severity.CRITICAL, CHECK_ID, issuer=issuer,
                        subject=common_name(leaf.subject), self_signed=True)]
    parent = next((c for c in chain[1:] if c.subject == leaf.issuer and issued(leaf, c)), None)
    if parent is None:
        aia = aia_issuers(leaf)
        return [finding(Code.TLS_INCOMPLETE_CHAIN, Severity.CRITICAL, CHECK_ID, issuer=issuer,
                        aia=aia[0] if aia else "no AIA address in the certificate")]
    top = chain[-1]
    return [finding(Code.TLS_UNTRUSTED_ROOT, Severity.CRITICAL, CHECK_ID, issuer=common_name(top.issuer),
                    subject=common_name(leaf.subject), verify_message=trust.verify_message or "")]


def weak_key_findings(leaf: x509.Certificate) -> list[Finding]:
    kind, bits = key_description(leaf)
    weaknesses = []
    if kind == "RSA" and bits < 2048:
        weaknesses.append(f"an RSA key of {bits} bits")
    if kind.startswith("EC") and bits < 256:
        weaknesses.append(f"an EC key of {bits} bits")
    digest = leaf.signature_hash_algorithm
    if digest is not None and digest.name in WEAK_HASHES:
        weaknesses.append(f"a {digest.name.upper()} signature")
    if not weaknesses:
        return []
    return [finding(Code.TLS_WEAK, Severity.WARNING, CHECK_ID, weakness=", ".join(weaknesses))]
