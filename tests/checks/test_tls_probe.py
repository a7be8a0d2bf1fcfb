"""alert_of: one reading of a TLS alert, for tls.handshake and t3.handshake alike, against real servers.

The lab server asks for a client certificate; OpenSSL reports what it sends back as
reasons such as TLSV13_ALERT_CERTIFICATE_REQUIRED and TLSV1_ALERT_UNKNOWN_CA.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from pathlib import Path

from t3gui.checks.tls_probe import alert_of, handshake
from tests.conftest import LabFactory


def _first_read_error(port: int, context: ssl.SSLContext) -> ssl.SSLError | None:
    """Handshake and read once, as a client; the TLS error that ends it, if any."""
    with socket.create_connection(("127.0.0.1", port), timeout=2) as raw:
        try:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.recv(1)  # TLS 1.3: a refused client certificate arrives after the handshake
        except ssl.SSLError as exc:
            return exc
        except TimeoutError:
            return None  # accepted: the server waits for the client's HELLO
    return None


def _client(pki: dict[str, Path], cert: str | None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(pki["root-ca.pem"]))
    if cert is not None:
        context.load_cert_chain(pki[f"{cert}.pem"], pki[f"{cert}.key"])
    return context


async def test_alerts_are_read_by_their_rfc_names(lab: LabFactory, pki: dict[str, Path]) -> None:
    async with lab(client_ca=pki["client-ca.pem"]) as server:
        missing = await asyncio.to_thread(_first_read_error, server.port, _client(pki, None))
        untrusted = await asyncio.to_thread(_first_read_error, server.port, _client(pki, "client-untrusted"))
        accepted = await asyncio.to_thread(_first_read_error, server.port, _client(pki, "client"))
        # The probe reads the same alert the same way.
        probed = await handshake("127.0.0.1", server.port, "localhost", _client(pki, None), 3.0)
    assert missing is not None and "ALERT" in str(missing.reason)
    assert alert_of(missing) == "CERTIFICATE_REQUIRED"
    assert untrusted is not None and alert_of(untrusted) == "UNKNOWN_CA"
    assert accepted is None  # the certificate it trusts: no alert at all
    assert probed.alert == "CERTIFICATE_REQUIRED" and not probed.ok


async def test_errors_that_are_no_alert_are_none(lab: LabFactory, pki: dict[str, Path]) -> None:
    async with lab(tls=False, cert=None, key=None) as plaintext:
        not_tls = await asyncio.to_thread(_first_read_error, plaintext.port, _client(pki, None))
    async with lab() as server:
        wrong_ca = ssl.create_default_context(cafile=str(pki["client-ca.pem"]))  # does not trust the server
        untrusting = await asyncio.to_thread(_first_read_error, server.port, wrong_ca)
    assert not_tls is not None and alert_of(not_tls) is None
    assert isinstance(untrusting, ssl.SSLCertVerificationError) and alert_of(untrusting) is None
