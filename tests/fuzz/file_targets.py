"""Fuzz targets for what a server's certificate chain or a ticket's bundle holds."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from functools import cache
from typing import Any

from cryptography import x509

from t3gui.checks import tls_chain
from t3gui.core.bundle import format as fmt
from t3gui.core.bundle.reader import BundleError, open_bundle
from t3gui.core.report_json import ReportFormatError, from_json, to_json
from t3gui.core.sanitize import for_display
from tests.fuzz.contract import CORPUS, ContractViolation, attempt

NOW = dt.datetime.now(dt.UTC)
_TRUSTS = (  # the host the chain is checked for, and what the handshakes and the profile said
    ("localhost", tls_chain.TrustSignals(verified=False)),
    ("127.0.0.1", tls_chain.TrustSignals(verified=True, verify_message="unable to get local issuer certificate",
                                         expected_issuer="Other CA", proxy="http://proxy.invalid:3128")),
    ("t3.example.com", tls_chain.TrustSignals(verified=False, expected_issuer="t3gui lab")),
)
MAX_CHAIN = 8


def split_der(data: bytes) -> list[bytes]:
    """Concatenated DER certificates (as a TLS Certificate message lists them), cut at each outer length."""
    out: list[bytes] = []
    at = 0
    while at < len(data) and len(out) < MAX_CHAIN:
        if at + 2 > len(data):
            out.append(data[at:])
            break
        first = data[at + 1]
        head, size = 2, first
        if first & 0x80:
            width = first & 0x7F
            if not 1 <= width <= 4 or at + 2 + width > len(data):
                out.append(data[at:])
                break
            head, size = 2 + width, int.from_bytes(data[at + 2:at + 2 + width], "big")
        out.append(data[at:at + head + size])
        at += head + size
    return out


def certificate_chain(data: bytes) -> None:
    """A chain as the server sent it (DER, or PEM as chain.pem holds it), through everything
    ``tls.certificate`` asks of it: load, describe, analyze, CRL addresses.

    tls_chain has no error type: load_chain drops what does not parse, the rest never raises.
    """
    if data.startswith(b"-----BEGIN"):
        # PEM armour is cryptography's to undo, not t3gui's: a refusal there is not a finding.
        certs = attempt((ValueError,), x509.load_pem_x509_certificates, data)
        ders = [tls_chain.cert_der(c) for c in certs or []]
    else:
        ders = split_der(data)
    chain = tls_chain.load_chain(ders)
    if not chain:
        return
    for cert in chain:
        tls_chain.describe(cert)
    for host, trust in _TRUSTS:
        tls_chain.analyze(chain, host, NOW, 14, trust)
    tls_chain.crl_urls(chain[0])
    tls_chain.common_name(chain[-1].issuer)
    chain[0].not_valid_after_utc.date().isoformat()


def bundle(data: bytes) -> None:
    """The bytes of a bundle file, as ``bundle verify``/``show`` and the app open it."""
    attempt((BundleError,), open_bundle, data)


BASE_BUNDLE = CORPUS / "bundle" / "demo-healthy.zip"
MEMBER_NAMES = sorted(fmt.MEMBERS)


@cache
def _base_members() -> dict[str, bytes]:
    with zipfile.ZipFile(BASE_BUNDLE) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rebuild(members: dict[str, bytes]) -> bytes:
    """A bundle of these members whose manifest lists each with its true size and hash."""
    manifest: dict[str, Any] = json.loads(_base_members()[fmt.MANIFEST])
    if fmt.MANIFEST not in members:
        manifest["files"] = [{"name": name, "sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
                             for name, body in members.items()]
        members = {fmt.MANIFEST: json.dumps(manifest).encode(), **members}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def bundle_member(data: bytes) -> None:
    """A real bundle's report.json and one member (first byte: which one; the rest: its bytes),
    under a manifest that lists both truly, so the fuzzer reaches the member parsers behind the
    manifest's hashes. A new manifest.json is kept as it is; a new report.json replaces the real one.

    Only the two members: with every member present, each seed would cover the same code and
    libFuzzer would keep just one of them."""
    if not data:
        return
    name = MEMBER_NAMES[data[0] % len(MEMBER_NAMES)]
    members = {fmt.REPORT_JSON: _base_members()[fmt.REPORT_JSON]}
    if name == fmt.MANIFEST:
        members = {fmt.MANIFEST: data[1:], **members}
    else:
        members[name] = data[1:]
    attempt((BundleError,), open_bundle, rebuild(members))


def _strings(value: Any) -> Iterator[str]:
    """Every string of a JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def report_json(data: bytes) -> None:
    """report.json's text, through ``from_json``. What its docstring promises of a report it
    accepts is checked: finite numbers, a root cause among the findings, text without control
    characters; and it must read back the same once written."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return  # not JSON at all: the reader's refusal, fuzzed by the bundle targets
    report = attempt((ReportFormatError,), from_json, doc)
    if report is None:
        return
    again = to_json(report)
    try:
        json.dumps(again, allow_nan=False)
    except ValueError:
        raise ContractViolation("from_json accepted a number that is not finite") from None
    if report.verdict.root_cause is not None and report.verdict.root_cause not in {f.code for f in report.findings}:
        raise ContractViolation("from_json accepted a root cause that is not among the findings")
    dirty = next((text for text in _strings(again) if for_display(text) != text), None)
    if dirty is not None:
        raise ContractViolation(f"from_json accepted text with control characters: {dirty[:80]!r}")
    if from_json(again) != report:
        raise ContractViolation("a report read from JSON does not read back the same after writing")
