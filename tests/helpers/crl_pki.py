"""Server certificates that name a CRL address, and CRLs for them, for the revocation tests."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from t3gui.lab.pki import Issuer, cert_pem, issue, key_pem, new_key

DAY = dt.timedelta(days=1)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "t3gui crl tests"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def new_ca(cn: str) -> Issuer:
    key = new_key()
    return Issuer(issue(_name(cn), key, None, not_before=_now() - DAY, not_after=_now() + 365 * DAY, ca=True), key)


def demo_intermediate(pki: dict[str, Path]) -> Issuer:
    """The lab's intermediate CA (under the root that --ca-file trusts in the tests)."""
    key = serialization.load_pem_private_key(pki["intermediate-ca.key"].read_bytes(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return Issuer(x509.load_pem_x509_certificate(pki["intermediate-ca.pem"].read_bytes()), key)


@dataclass(frozen=True)
class CrlLeaf:
    cert: x509.Certificate
    issuer: Issuer
    pem: Path  # the leaf, then its issuer: what the server sends
    key: Path

    def crl(self, revoked: bool = True, signer: Issuer | None = None, next_update_days: float = 7) -> bytes:
        """A DER CRL from ``signer`` (default: the real issuer), listing the leaf when ``revoked``."""
        signer = signer or self.issuer
        now = _now()
        builder = (x509.CertificateRevocationListBuilder().issuer_name(signer.cert.subject)
                   .last_update(now - DAY).next_update(now + next_update_days * DAY))
        if revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(self.cert.serial_number)
                .revocation_date(now - 2 * DAY).build())
        return builder.sign(signer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def crl_leaf(issuer: Issuer, out: Path, crl_url: str | None, host: str = "localhost",
             days_left: float = 365) -> CrlLeaf:
    """A server certificate for ``host`` naming ``crl_url``, written with its key under ``out``."""
    key = new_key()
    names: list[x509.GeneralName] = [x509.DNSName(host), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = issue(_name(host), key, issuer, not_before=_now() - 30 * DAY, not_after=_now() + days_left * DAY,
                 hosts=names, crl_url=crl_url)
    out.mkdir(parents=True, exist_ok=True)
    pem, key_file = out / "server-crl.pem", out / "server-crl.key"
    pem.write_bytes(cert_pem(cert, issuer.cert))
    key_file.write_bytes(key_pem(key))
    key_file.chmod(0o600)
    return CrlLeaf(cert, issuer, pem, key_file)
