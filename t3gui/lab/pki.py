"""Demo PKI: a root, an intermediate and server certificates good and bad.

Every certificate a customer's login can trip over is minted here, so the
demo, the tests and the docs all meet the same ones.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

AIA_URL = "http://pki.t3-lab.invalid/intermediate.pem"
WRONG_HOST = "wrong-host.t3-lab.invalid"

# name -> what the server certificate file is for (server-NAME.pem and .key)
SERVER_CERTS = {
    "good": "valid leaf for the host, with the intermediate",
    "expired": "expired 3 days ago",
    "not-yet-valid": "valid only from 2 days from now",
    "wrong-host": f"valid, but for {WRONG_HOST}",
    "self-signed": "self-signed leaf for the host",
    "missing-intermediate": "valid leaf sent without its intermediate",
    "expiring-soon": "valid, but expires in 5 days",
    "weak": "valid, but with a 1024-bit RSA key (serve it with --allow-weak-tls)",
}


@dataclass(frozen=True)
class Issuer:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _name(common_name: str, org: str = "t3gui lab") -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _alt_names(host: str) -> list[x509.GeneralName]:
    try:
        return [x509.IPAddress(ipaddress.ip_address(host))]
    except ValueError:
        names: list[x509.GeneralName] = [x509.DNSName(host)]
        if host == "localhost":
            names += [x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                      x509.IPAddress(ipaddress.ip_address("::1"))]
        return names


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def issue(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    issuer: Issuer | None,
    *,
    not_before: dt.datetime,
    not_after: dt.datetime,
    ca: bool = False,
    hosts: list[x509.GeneralName] | None = None,
    client: bool = False,
    aia: bool = False,
    crl_url: str | None = None,
) -> x509.Certificate:
    """A certificate for ``key``; self-signed when ``issuer`` is None."""
    signer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
    else:
        usage = ExtendedKeyUsageOID.CLIENT_AUTH if client else ExtendedKeyUsageOID.SERVER_AUTH
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    if hosts:
        builder = builder.add_extension(x509.SubjectAlternativeName(hosts), critical=False)
    if aia:
        builder = builder.add_extension(x509.AuthorityInformationAccess([
            x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS,
                                   x509.UniformResourceIdentifier(AIA_URL))]), critical=False)
    if crl_url:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(crl_url)], None, None, None)]), critical=False)
    return builder.sign(signer_key, hashes.SHA256())


def make_crl(issuer: Issuer, revoked_serials: list[int], revoked_at: dt.datetime | None = None) -> bytes:
    """A DER CRL signed by ``issuer`` listing ``revoked_serials``."""
    now = _now()
    builder = (x509.CertificateRevocationListBuilder().issuer_name(issuer.cert.subject)
               .last_update(now - dt.timedelta(hours=1)).next_update(now + dt.timedelta(days=7)))
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial)
            .revocation_date(revoked_at or now - dt.timedelta(days=1)).build())
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def revoked_server(directory: Path, host: str, crl_url: str) -> dict[str, Path]:
    """A leaf issued by the demo intermediate with a CRL address, and that CRL revoking it.

    Needs the intermediate's key, which write_demo_pki keeps as intermediate-ca.key.
    """
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    inter_key = load_pem_private_key((directory / "intermediate-ca.key").read_bytes(), None)
    assert isinstance(inter_key, ec.EllipticCurvePrivateKey)
    inter = Issuer(x509.load_pem_x509_certificate((directory / "intermediate-ca.pem").read_bytes()), inter_key)
    now, key = _now(), new_key()
    leaf = issue(_name(host), key, inter, not_before=now - dt.timedelta(days=1),
                 not_after=now + dt.timedelta(days=365), hosts=_alt_names(host), aia=True, crl_url=crl_url)
    files = {name: directory / name for name in ("server-revoked.pem", "server-revoked.key", "intermediate.crl")}
    _write(files["server-revoked.pem"], cert_pem(leaf, inter.cert))
    _write(files["server-revoked.key"], key_pem(key), private=True)
    _write(files["intermediate.crl"], make_crl(inter, [leaf.serial_number]))
    return files


def cert_pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def key_pem(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def public_pem(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def self_signed_pem(host: str) -> tuple[bytes, bytes]:
    key = new_key()
    now = _now()
    cert = issue(_name(host), key, None, not_before=now - dt.timedelta(hours=1),
                 not_after=now + dt.timedelta(days=30), hosts=_alt_names(host))
    return cert_pem(cert), key_pem(key)


def _write(path: Path, data: bytes, private: bool = False) -> None:
    path.write_bytes(data)
    if private:
        path.chmod(0o600)


def write_demo_pki(directory: Path, host: str) -> dict[str, Path]:
    """Write the whole demo PKI under ``directory``; returns the files by role."""
    directory.mkdir(parents=True, exist_ok=True)
    now = _now()
    day = dt.timedelta(days=1)
    files: dict[str, Path] = {}

    def save(name: str, data: bytes, private: bool = False) -> None:
        files[name] = directory / name
        _write(files[name], data, private)

    root_key, inter_key = new_key(), new_key()
    root = Issuer(issue(_name("t3gui Lab Root CA"), root_key, None, not_before=now - day,
                        not_after=now + 3650 * day, ca=True), root_key)
    inter = Issuer(issue(_name("t3gui Lab Intermediate CA"), inter_key, root,
                         not_before=now - day, not_after=now + 1825 * day, ca=True), inter_key)
    save("root-ca.pem", cert_pem(root.cert))
    save("intermediate-ca.pem", cert_pem(inter.cert))
    save("intermediate-ca.key", key_pem(inter.key), private=True)

    hosts = _alt_names(host)
    windows = {
        "good": (now - day, now + 365 * day),
        "expired": (now - 90 * day, now - 3 * day),
        "not-yet-valid": (now + 2 * day, now + 365 * day),
        "wrong-host": (now - day, now + 365 * day),
        "self-signed": (now - day, now + 365 * day),
        "missing-intermediate": (now - day, now + 365 * day),
        "expiring-soon": (now - 80 * day, now + 5 * day),
    }
    for name, (start, end) in windows.items():
        key = new_key()
        names: list[x509.GeneralName] = [x509.DNSName(WRONG_HOST)] if name == "wrong-host" else hosts
        subject = _name(WRONG_HOST if name == "wrong-host" else host)
        signer = None if name == "self-signed" else inter
        leaf = issue(subject, key, signer, not_before=start, not_after=end, hosts=names,
                     aia=signer is not None)
        chain = (leaf,) if name in ("self-signed", "missing-intermediate") else (leaf, inter.cert)
        save(f"server-{name}.pem", cert_pem(*chain))
        save(f"server-{name}.key", key_pem(key), private=True)

    weak_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    weak = issue(_name(host), weak_key, inter, not_before=now - day, not_after=now + 365 * day,
                 hosts=hosts, aia=True)
    save("server-weak.pem", cert_pem(weak, inter.cert))
    save("server-weak.key", key_pem(weak_key), private=True)

    client_ca_key, client_key, stranger_key = new_key(), new_key(), new_key()
    client_ca = Issuer(issue(_name("t3gui Lab Client CA"), client_ca_key, None,
                             not_before=now - day, not_after=now + 3650 * day, ca=True), client_ca_key)
    save("client-ca.pem", cert_pem(client_ca.cert))
    save("client.pem", cert_pem(issue(_name("alice"), client_key, client_ca, not_before=now - day,
                                      not_after=now + 365 * day, client=True)))
    save("client.key", key_pem(client_key), private=True)
    save("client-untrusted.pem", cert_pem(issue(_name("mallory"), stranger_key, None,
                                                not_before=now - day, not_after=now + 365 * day,
                                                client=True)))
    save("client-untrusted.key", key_pem(stranger_key), private=True)

    _write_jwt_keys(save)
    return files


def _write_jwt_keys(save: Callable[[str, bytes, bool], None]) -> None:
    save("jwt-hs256.secret", secrets.token_hex(32).encode() + b"\n", True)
    keys: dict[str, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey] = {
        "rs256": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "es256": new_key(),
        "eddsa": ed25519.Ed25519PrivateKey.generate(),
    }
    for name, key in keys.items():
        save(f"jwt-{name}.key", key_pem(key), True)
        save(f"jwt-{name}.pub.pem", public_pem(key), False)
