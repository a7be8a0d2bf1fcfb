"""checks/tls_chain.py, table-driven, with certificates minted here by cryptography.

Names are also put to Python's own ssl (a real TLS handshake over memory BIOs), so the module's
rule for wildcards, IP SANs and the CN is the one the verifying handshake applies.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from t3gui.checks import tls_chain
from t3gui.checks.tls_chain import TrustSignals
from t3gui.core.codes import Code

Key = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DAY = dt.timedelta(days=1)
HOST = "t3.example.com"


@dataclass
class Minted:
    cert: x509.Certificate
    key: Key


def _name(cn: str | None, org: str = "t3gui tests") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)]
    if cn is not None:
        attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def mint(cn: str | None, issuer: Minted | None = None, *, key: Key | None = None, dns: tuple[str, ...] = (),
         ips: tuple[str, ...] = (), valid: tuple[float, float] = (-1, 365), ca: bool = False,
         subject: x509.Name | None = None) -> Minted:
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = subject or _name(cn)
    names: list[x509.GeneralName] = [x509.DNSName(d) for d in dns]
    names += [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer.cert.subject if issuer else subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(NOW + valid[0] * DAY).not_valid_after(NOW + valid[1] * DAY)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return Minted(builder.sign(issuer.key if issuer else key, hashes.SHA256()), key)


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_length(len(body)) + body


SHA256_RSA = bytes.fromhex("300d06092a864886f70d01010b0500")
WEAK_RSA = {"md5": (bytes.fromhex("300d06092a864886f70d0101040500"), hashes.MD5()),
            "sha1": (bytes.fromhex("300d06092a864886f70d0101050500"), hashes.SHA1())}


def resign(cert: x509.Certificate, issuer_key: rsa.RSAPrivateKey, digest: str) -> x509.Certificate:
    """``cert`` signed again with MD5 or SHA-1, which cryptography no longer signs certificates with:
    swap the algorithm identifier in the signed part and outside it, and sign the new bytes."""
    algorithm, hash_ = WEAK_RSA[digest]
    tbs = cert.tbs_certificate_bytes
    assert tbs.count(SHA256_RSA) == 1
    tbs = tbs.replace(SHA256_RSA, algorithm)
    signature = issuer_key.sign(tbs, padding.PKCS1v15(), hash_)
    return x509.load_der_x509_certificate(_tlv(0x30, tbs + algorithm + _tlv(0x03, b"\x00" + signature)))


def rsa_key(bits: int) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


ROOT = mint("Test Root CA", ca=True)
INTER = mint("Test Intermediate CA", ROOT, ca=True)
RSA_ROOT = mint("Test RSA Root CA", key=rsa_key(2048), ca=True)
RSA_INTER = mint("Test RSA Intermediate CA", RSA_ROOT, key=rsa_key(2048), ca=True)
IMPOSTOR_INTER = mint(None, ROOT, subject=INTER.cert.subject, ca=True)  # same name, another key
TRUSTED = TrustSignals(True)
UNTRUSTED = TrustSignals(False, "unable to get local issuer certificate")


def leaf(**kw: object) -> Minted:
    kw.setdefault("dns", (HOST,))
    return mint(kw.pop("cn", HOST), kw.pop("issuer", INTER), **kw)  # type: ignore[arg-type]


@dataclass
class Case:
    chain: Callable[[], list[x509.Certificate]]
    expected: set[Code]
    host: str = HOST
    trust: TrustSignals = TRUSTED
    expiring_days: float = 14
    evidence: dict[str, object] = field(default_factory=dict)  # of the first expected finding


def chain_of(*minted: Callable[[], Minted] | Minted) -> Callable[[], list[x509.Certificate]]:
    return lambda: [(m() if callable(m) else m).cert for m in minted]


def weak_leaf(digest: str) -> Callable[[], list[x509.Certificate]]:
    def build() -> list[x509.Certificate]:
        minted = mint(HOST, RSA_INTER, key=rsa_key(2048), dns=(HOST,))
        return [resign(minted.cert, RSA_INTER.key, digest), RSA_INTER.cert]  # type: ignore[arg-type]
    return build


def weak_intermediate() -> list[x509.Certificate]:
    inter = resign(mint("Old Intermediate CA", RSA_ROOT, key=rsa_key(2048), ca=True).cert,
                   RSA_ROOT.key, "sha1")  # type: ignore[arg-type]
    return [mint(HOST, Minted(inter, RSA_ROOT.key), dns=(HOST,)).cert, inter]


CASES: dict[str, Case] = {
    "good": Case(chain_of(leaf, INTER), set()),
    "wildcard one label": Case(chain_of(lambda: leaf(dns=("*.example.com",)), INTER), set()),
    "wildcard two labels": Case(chain_of(lambda: leaf(dns=("*.example.com",)), INTER),
                                {Code.TLS_HOSTNAME_MISMATCH}, host="a.t3.example.com"),
    "wildcard apex": Case(chain_of(lambda: leaf(dns=("*.example.com",)), INTER),
                          {Code.TLS_HOSTNAME_MISMATCH}, host="example.com"),
    "ip san": Case(chain_of(lambda: leaf(dns=(), ips=("192.0.2.7",)), INTER), set(), host="192.0.2.7"),
    "ip san, other address": Case(chain_of(lambda: leaf(dns=(), ips=("192.0.2.7",)), INTER),
                                  {Code.TLS_HOSTNAME_MISMATCH}, host="192.0.2.8"),
    "dns san holding an address": Case(chain_of(lambda: leaf(dns=("192.0.2.7",)), INTER),
                                       {Code.TLS_HOSTNAME_MISMATCH}, host="192.0.2.7"),
    "name only in the cn": Case(chain_of(lambda: leaf(dns=()), INTER), set()),
    "cn beside a dns san": Case(chain_of(lambda: leaf(dns=("other.example.com",)), INTER),
                                {Code.TLS_HOSTNAME_MISMATCH}, evidence={"names": ["other.example.com"]}),
    "address only in the cn": Case(chain_of(lambda: leaf(cn="192.0.2.7", dns=()), INTER),
                                   {Code.TLS_HOSTNAME_MISMATCH}, host="192.0.2.7"),
    "sha1 signature": Case(weak_leaf("sha1"), {Code.TLS_WEAK}, evidence={"weakness": "a SHA1 signature"}),
    "md5 signature": Case(weak_leaf("md5"), {Code.TLS_WEAK}, evidence={"weakness": "a MD5 signature"}),
    "sha1 intermediate": Case(weak_intermediate, {Code.TLS_WEAK},
                              evidence={"weakness": "a SHA1 signature in Old Intermediate CA"}),
    "ec p192": Case(chain_of(lambda: leaf(key=ec.generate_private_key(ec.SECP192R1())), INTER), {Code.TLS_WEAK},
                    evidence={"weakness": "an EC key of 192 bits"}),
    "ec p224": Case(chain_of(lambda: leaf(key=ec.generate_private_key(ec.SECP224R1())), INTER), {Code.TLS_WEAK}),
    "ec p256": Case(chain_of(lambda: leaf(key=ec.generate_private_key(ec.SECP256R1())), INTER), set()),
    "rsa 1024": Case(chain_of(lambda: leaf(key=rsa_key(1024)), INTER), {Code.TLS_WEAK},
                     evidence={"weakness": "an RSA key of 1024 bits"}),
    "rsa 2048": Case(chain_of(lambda: leaf(key=rsa_key(2048)), INTER), set()),
    "complete chain to an unknown root": Case(chain_of(leaf, INTER, ROOT), {Code.TLS_UNTRUSTED_ROOT},
                                              trust=UNTRUSTED, evidence={"issuer": "Test Root CA"}),
    "unknown root not sent": Case(chain_of(leaf, INTER), {Code.TLS_UNTRUSTED_ROOT}, trust=UNTRUSTED),
    "self-signed": Case(chain_of(lambda: mint(HOST, dns=(HOST,))), {Code.TLS_UNTRUSTED_ROOT}, trust=UNTRUSTED,
                        evidence={"self_signed": True}),
    "missing intermediate": Case(chain_of(leaf), {Code.TLS_INCOMPLETE_CHAIN}, trust=UNTRUSTED,
                                 evidence={"issuer": "Test Intermediate CA"}),
    "issuer mismatch": Case(chain_of(leaf, IMPOSTOR_INTER, ROOT), {Code.TLS_INCOMPLETE_CHAIN}, trust=UNTRUSTED),
    "other issuer and a proxy": Case(chain_of(leaf, INTER), {Code.TLS_INTERCEPTED},
                                     trust=TrustSignals(False, None, "Corp Issuing CA", "http://proxy:3128"),
                                     evidence={"evidence_of_interception": ["a proxy is configured"]}),
    "other issuer, no proxy": Case(chain_of(leaf, INTER), {Code.TLS_UNTRUSTED_ROOT},
                                   trust=TrustSignals(False, None, "Corp Issuing CA")),
    "expected issuer and a proxy": Case(chain_of(leaf, INTER), {Code.TLS_UNTRUSTED_ROOT},
                                        trust=TrustSignals(False, None, "Test Intermediate", "http://proxy:3128")),
    "other issuer, trusted": Case(chain_of(leaf, INTER), {Code.TLS_INTERCEPTED},
                                  trust=TrustSignals(True, None, "Corp Issuing CA"),
                                  evidence={"evidence_of_interception": ["a locally added root is trusted"]}),
    "expired": Case(chain_of(lambda: leaf(valid=(-90, -3)), INTER), {Code.TLS_CERT_EXPIRED},
                    evidence={"days_ago": 3}),
    "not yet valid": Case(chain_of(lambda: leaf(valid=(2, 365)), INTER), {Code.TLS_CERT_NOT_YET_VALID},
                          evidence={"days_ahead": 2}),
    "expiring soon": Case(chain_of(lambda: leaf(valid=(-80, 5)), INTER), {Code.TLS_CERT_EXPIRING_SOON},
                          evidence={"days_left": 5}),
    "expiring, beyond the threshold": Case(chain_of(lambda: leaf(valid=(-80, 20)), INTER), set()),
}


@pytest.mark.parametrize("name", CASES)
def test_chain_findings(name: str) -> None:
    case = CASES[name]
    findings = tls_chain.analyze(case.chain(), case.host, NOW, case.expiring_days, case.trust)
    assert {f.code for f in findings} == case.expected, [(f.code, f.evidence) for f in findings]
    assert len(findings) == len(case.expected)
    if case.evidence:
        first = next(f for f in findings if f.code in case.expected)
        assert {k: first.evidence[k] for k in case.evidence} == case.evidence


def test_weak_signatures_are_really_what_they_say() -> None:
    """The re-signed certificates verify under their issuer: a real SHA-1 and a real MD5 signature."""
    for digest in ("sha1", "md5"):
        cert, issuer = weak_leaf(digest)()
        assert tls_chain.signature_hash(cert) == digest
        issuer.public_key().verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(),  # type: ignore
                                   WEAK_RSA[digest][1])


# (dNSName SANs, iPAddress SANs, CN, host, whether the certificate names the host as Python's ssl decides)
NAMES: list[tuple[tuple[str, ...], tuple[str, ...], str | None, str, bool]] = [
    (("*.example.com",), (), "x", "a.example.com", True),
    (("*.example.com",), (), "x", "a.b.example.com", False),
    (("*.example.com",), (), "x", "example.com", False),
    (("*.com",), (), "x", "example.com", False),
    (("f*.example.com",), (), "x", "foo.example.com", False),
    (("A.Example.COM",), (), "x", "a.example.com", True),
    (("xn--bcher-kva.example",), (), "x", "bücher.example", True),
    ((), ("192.0.2.7",), "x", "192.0.2.7", True),
    ((), ("192.0.2.7",), "x", "192.0.2.8", False),
    ((), ("2001:db8::7",), "x", "2001:db8:0:0:0:0:0:7", True),
    (("192.0.2.7",), (), "x", "192.0.2.7", False),
    ((), (), "a.example.com", "a.example.com", True),
    ((), (), "*.example.com", "a.example.com", True),
    (("b.example.com",), (), "a.example.com", "a.example.com", False),
    ((), ("192.0.2.7",), "a.example.com", "a.example.com", True),  # no dNSName SAN: the CN counts
    ((), (), "192.0.2.7", "192.0.2.7", False),
]


def python_ssl_accepts(tmp_path: Path, minted: Minted, host: str) -> bool:
    """A real handshake over memory BIOs, verified and name-checked by Python's ssl."""
    pem = tmp_path / "server.pem"
    pem.write_bytes(minted.cert.public_bytes(serialization.Encoding.PEM) + INTER.cert.public_bytes(
        serialization.Encoding.PEM) + minted.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(pem)
    client = ssl.create_default_context(cadata=ROOT.cert.public_bytes(serialization.Encoding.PEM).decode())
    c_in, c_out, s_in, s_out = ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO()
    client_side = client.wrap_bio(c_in, c_out, server_hostname=host)
    server_side = server.wrap_bio(s_in, s_out, server_side=True)
    for _ in range(8):
        try:
            client_side.do_handshake()
            return True
        except ssl.SSLWantReadError:
            pass
        except ssl.SSLCertVerificationError as exc:
            assert exc.verify_code in (62, 64), exc  # only the name may be wrong here
            return False
        s_in.write(c_out.read())
        try:
            server_side.do_handshake()
        except ssl.SSLWantReadError:
            pass
        c_in.write(s_out.read())
    raise AssertionError("the handshake did not finish")


@pytest.mark.parametrize(("dns", "ips", "cn", "host", "expected"), NAMES,
                         ids=[f"{n[3]} in {','.join(n[0] + n[1]) or 'no SAN'} cn={n[2]}" for n in NAMES])
def test_names_match_as_python_ssl_matches(tmp_path: Path, dns: tuple[str, ...], ips: tuple[str, ...],
                                           cn: str | None, host: str, expected: bool) -> None:
    minted = mint(cn, INTER, dns=dns, ips=ips)
    assert tls_chain.host_matches(host, minted.cert) is expected
    assert python_ssl_accepts(tmp_path, minted, host) is expected


@pytest.mark.parametrize(("last_byte", "named", "weak"), [(0x02, "md2", ["a MD2 signature"]),
                                                          (0x7F, "1.2.840.113549.1.1.127", [])])
def test_signature_algorithms_cryptography_does_not_know(last_byte: int, named: str, weak: list[str]) -> None:
    """A server can send any algorithm identifier; describing it must not crash the check."""
    minted = mint(HOST, RSA_INTER, key=rsa_key(2048), dns=(HOST,))
    algorithm = SHA256_RSA[:-3] + bytes([last_byte]) + SHA256_RSA[-2:]
    tbs = minted.cert.tbs_certificate_bytes.replace(SHA256_RSA, algorithm)
    cert = x509.load_der_x509_certificate(_tlv(0x30, tbs + algorithm + _tlv(0x03, b"\x00" + b"\x01" * 256)))
    assert tls_chain.describe(cert)["signature_hash"] == named
    assert tls_chain.weaknesses(cert) == weak
    findings = tls_chain.analyze([cert, RSA_INTER.cert], HOST, NOW, 14, TRUSTED)
    assert [f.code for f in findings] == ([Code.TLS_WEAK] if weak else [])


def test_an_unreadable_leaf_leaves_no_chain_and_an_unreadable_intermediate_is_dropped() -> None:
    good, inter = leaf().cert, INTER.cert
    der = tls_chain.cert_der(good)
    v4 = der.replace(b"\xa0\x03\x02\x01\x02", b"\xa0\x03\x02\x01\x03", 1)  # X.509 "v4": no such version
    assert v4 != der
    assert tls_chain.load_chain([v4, tls_chain.cert_der(inter)]) == []
    assert tls_chain.load_chain([der, b"\x30\x03\x02\x01\x00", tls_chain.cert_der(inter)]) == [good, inter]


def test_description() -> None:
    minted = leaf()
    described = tls_chain.describe(minted.cert)
    assert described["sans"] == [HOST] and described["signature_hash"] == "sha256"
    assert described["key"] == "EC secp256r1 256" and described["crl"] == []
