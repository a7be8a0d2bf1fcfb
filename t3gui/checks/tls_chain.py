"""The certificate chain a server sent, examined: dates, names, completeness,
trust, interception and weak keys. Pure functions over DER bytes.

Names are matched as Python's ``ssl`` (OpenSSL's X509_check_host) matches them,
so this module never contradicts the verifying handshake:

- an IP address target matches only an iPAddress SAN, never a dNSName and never the CN;
- a DNS target matches the dNSName SANs; the subject's CN is consulted only when the
  certificate has no dNSName SAN at all (RFC 6125 6.4.4; ``hostname_checks_common_name``);
- a wildcard is only a whole leftmost label (``*.example.com``) with at least two labels after
  it, and stands for exactly one non-empty label: not ``example.com``, not ``a.b.example.com``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

from t3gui.core.check import finding
from t3gui.core.codes import Code, Severity
from t3gui.core.model import Finding

CHECK_ID = "tls.certificate"
WEAK_HASHES = frozenset({"md2", "md4", "md5", "sha1"})
# Signature algorithms cryptography no longer names (it raises UnsupportedAlgorithm for them).
_LEGACY_SIGNATURE_OIDS = {"1.2.840.113549.1.1.2": "md2", "1.2.840.113549.1.1.3": "md4"}
_LABEL = re.compile(r"[a-z0-9-]+")
_Extension = TypeVar("_Extension", bound=x509.ExtensionType)


def load_chain(chain_der: Sequence[bytes]) -> list[x509.Certificate]:
    """The certificates that can be read, in the order sent; empty when the leaf cannot be
    (a chain analysed from its second certificate would be read as a wrong name)."""
    out = []
    for i, der in enumerate(chain_der):
        try:
            cert: x509.Certificate | None = x509.load_der_x509_certificate(der)
        except (ValueError, x509.InvalidVersion):
            cert = None
        if cert is not None and readable(cert):
            out.append(cert)
        elif i == 0:
            return []
    return out


def readable(cert: x509.Certificate) -> bool:
    """Whether every part used here parses: cryptography parses lazily, so a field a server (or a
    file) mangled would otherwise raise wherever it is first read."""
    try:
        parts = (cert.subject.rfc4514_string(), cert.issuer.rfc4514_string(), cert.serial_number,
                 cert.not_valid_before_utc, cert.not_valid_after_utc, len(cert.extensions))
    # ValueError: bad DER inside; TypeError: a name attribute of the wrong type
    except (ValueError, TypeError, x509.DuplicateExtension, x509.UnsupportedGeneralNameType):
        return False
    return all(p is not None for p in parts)


def _extension(cert: x509.Certificate, kind: type[_Extension]) -> _Extension | None:
    """One extension's value; None when absent or when the server sent one that does not parse."""
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except (x509.ExtensionNotFound, x509.DuplicateExtension, x509.UnsupportedGeneralNameType, ValueError):
        return None


def common_names(name: x509.Name) -> list[str]:
    return [str(a.value) for a in name.get_attributes_for_oid(NameOID.COMMON_NAME)]


def common_name(name: x509.Name) -> str:
    cns = common_names(name)
    return cns[0] if cns else name.rfc4514_string()


def dns_names(cert: x509.Certificate) -> list[str]:
    san = _extension(cert, x509.SubjectAlternativeName)
    return [str(n) for n in san.get_values_for_type(x509.DNSName)] if san else []


def ip_names(cert: x509.Certificate) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    san = _extension(cert, x509.SubjectAlternativeName)
    return [ip for ip in san.get_values_for_type(x509.IPAddress)
            if isinstance(ip, (ipaddress.IPv4Address, ipaddress.IPv6Address))] if san else []


def alt_names(cert: x509.Certificate) -> list[str]:
    return dns_names(cert) + [str(ip) for ip in ip_names(cert)]


def aia_issuers(cert: x509.Certificate) -> list[str]:
    aia = _extension(cert, x509.AuthorityInformationAccess)
    return [str(d.access_location.value) for d in aia or ()
            if d.access_method == AuthorityInformationAccessOID.CA_ISSUERS]


def crl_urls(cert: x509.Certificate) -> list[str]:
    points = _extension(cert, x509.CRLDistributionPoints)
    return [str(n.value) for p in points or () for n in (p.full_name or [])
            if isinstance(n, x509.UniformResourceIdentifier)]


def key_description(cert: x509.Certificate) -> tuple[str, int]:
    try:
        key = cert.public_key()
    except (UnsupportedAlgorithm, ValueError):
        return "unknown", 0
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}", key.curve.key_size
    if isinstance(key, dsa.DSAPublicKey):
        return "DSA", key.key_size
    return type(key).__name__.replace("PublicKey", ""), 0


def signature_hash(cert: x509.Certificate) -> str | None:
    """The digest the issuer signed with (None for algorithms without one, such as Ed25519)."""
    try:
        digest = cert.signature_hash_algorithm
    except UnsupportedAlgorithm:
        oid = cert.signature_algorithm_oid.dotted_string
        return _LEGACY_SIGNATURE_OIDS.get(oid, oid)
    return digest.name if digest else None


def describe(cert: x509.Certificate) -> dict[str, Any]:
    kind, bits = key_description(cert)
    return {
        "subject": cert.subject.rfc4514_string(), "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "x"), "sans": alt_names(cert),
        "not_before": iso(cert.not_valid_before_utc), "not_after": iso(cert.not_valid_after_utc),
        "sha256": hashlib.sha256(cert_der(cert)).hexdigest(), "key": f"{kind} {bits}".strip(),
        "signature_hash": signature_hash(cert), "aia_ca_issuers": aia_issuers(cert),
        "crl": crl_urls(cert),
    }


def cert_der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(Encoding.DER)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def host_matches(host: str, cert: x509.Certificate) -> bool:
    """Whether ``cert`` names ``host``, by the rules in the module's docstring."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    if address is not None:
        return address in ip_names(cert)
    wanted = _ascii(host).lower().rstrip(".")
    patterns = dns_names(cert) or common_names(cert.subject)
    return any(_dns_match(wanted, pattern.lower().rstrip(".")) for pattern in patterns)


def _ascii(host: str) -> str:
    """The name as it goes on the wire (IDNA), which is what certificates carry."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _dns_match(host: str, pattern: str) -> bool:
    if pattern.startswith("*.") and "*" not in pattern[1:] and pattern.count(".") >= 2:
        label, dot, rest = host.partition(".")
        return bool(dot) and rest == pattern[2:] and _LABEL.fullmatch(label) is not None
    return host == pattern  # a partial wildcard ("f*.example.com") is not one: only a literal match


def issued(child: x509.Certificate, parent: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(parent)
        return True
    # name mismatch or bad parameters, a key type that cannot sign, a bad signature, an unknown hash
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False


def is_self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject and issued(cert, cert)


# OpenSSL builds and trusts the chain before it checks dates and names, so these codes mean the
# chain itself was trusted: X509_V_ERR_CERT_NOT_YET_VALID, CERT_HAS_EXPIRED, HOSTNAME_MISMATCH,
# IP_ADDRESS_MISMATCH, and the weak-key codes. (Names are checked before signatures, so these
# codes do not vouch for the leaf's contents: revocation is fetched only for a fully verified chain.)
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
                           names=alt_names(leaf) or common_names(leaf.subject) or [subject]))
    out += _trust_findings(chain, leaf, trust)
    out += weak_key_findings(leaf, chain[1:])
    return out


def _trust_findings(chain: Sequence[x509.Certificate], leaf: x509.Certificate, trust: TrustSignals) -> list[Finding]:
    issuer = common_name(leaf.issuer)
    if trust.expected_issuer and trust.expected_issuer.lower() not in leaf.issuer.rfc4514_string().lower():
        # Another issuer than the help desk expects is interception only with a second sign of it;
        # alone it may be the server's own new certificate.
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


def weaknesses(cert: x509.Certificate, signed: bool = True) -> list[str]:
    """What is weak in one certificate: its key, and (when ``signed``) the digest its issuer used."""
    kind, bits = key_description(cert)
    out = []
    if kind in ("RSA", "DSA") and bits < 2048:
        out.append(f"{'an' if kind == 'RSA' else 'a'} {kind} key of {bits} bits")
    if kind.startswith("EC") and bits < 256:
        out.append(f"an EC key of {bits} bits")
    digest = signature_hash(cert)
    if signed and digest in WEAK_HASHES:
        out.append(f"a {digest.upper()} signature")
    return out


def weak_key_findings(leaf: x509.Certificate, issuers: Sequence[x509.Certificate] = ()) -> list[Finding]:
    found = weaknesses(leaf)
    for cert in issuers:  # a root's signature on itself secures nothing, its key does
        found += [f"{w} in {common_name(cert.subject)}" for w in weaknesses(cert, signed=not is_self_signed(cert))]
    if not found:
        return []
    return [finding(Code.TLS_WEAK, Severity.WARNING, CHECK_ID, weakness=", ".join(found))]
