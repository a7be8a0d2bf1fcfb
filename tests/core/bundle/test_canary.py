"""Unique secrets planted everywhere a customer has them; none may reach any byte of a bundle."""

from __future__ import annotations

import base64
import dataclasses
import io
import os
import secrets
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from t3gui.checks.registry import CHECKS
from t3gui.core.bundle.writer import BundleContent, SecretLeak, encodings, samples_from_events, write_bundle
from t3gui.core.engine import Engine
from t3gui.core.events import Sample
from t3gui.core.secret import Secret
from t3gui.lab.scenarios import BY_NAME, play
from t3gui.lab.tokens import mint_token
from t3gui.protocol import jwt


def forms(secret: str) -> list[bytes]:
    """Plain, base64 and base64url at every alignment, hex both cases, URL-encoded."""
    raw = secret.encode()
    out = [raw, raw.hex().encode(), raw.hex().upper().encode(), quote(secret, safe="").encode(),
           quote_plus(secret).encode()]
    for shift in range(3):
        for enc in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = enc(b"\0" * shift + raw)
            skip = (shift * 4 + 2) // 3
            out.append(encoded[skip:-3] if len(encoded) > skip + 6 else encoded)
    return [f for f in out if len(f) >= 6]


def hits(bundle: bytes, secret: str) -> list[str]:
    found = []
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    surfaces = {name: archive.read(name) for name in archive.namelist()}
    surfaces["<member names>"] = "\n".join(archive.namelist()).encode()
    surfaces["<zip comment>"] = archive.comment
    surfaces["<raw zip bytes>"] = bundle
    for where, data in surfaces.items():
        for form in forms(secret):
            if form in data:
                found.append(f"{where}: {form[:20]!r}")
    return found


async def test_no_secret_reaches_a_bundle(pki: dict[str, Path], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    user = f"canaryuser{secrets.token_hex(3)}"
    host = f"canary-host-{secrets.token_hex(3)}.example"
    proxy_password = f"Pr0xyCanary{secrets.token_hex(4)}"
    monkeypatch.setenv("HTTPS_PROXY", f"http://someone:{proxy_password}@proxy.corp.example:3128")
    key = jwt.load_signing_key(pki["jwt-es256.key"].read_bytes())
    token = mint_token(key, sub=user, extra={"canary": secrets.token_hex(8)})
    client_key = pki["client.key"].read_text()
    async with play(BY_NAME["client-cert-rejected"], pki) as options:
        # The scenario's client certificate and key, our canary token and a canary host name.
        options = dataclasses.replace(options, token=Secret(token), server_name=host,
                                      client_cert=pki["client.pem"], client_key=pki["client.key"])
        samples = []
        engine = Engine(CHECKS, options)
        async for event in engine.events():
            if isinstance(event, Sample):
                samples.append((event.series, event.seq, event.t_s, event.rtt_ms))
        assert engine.report is not None
    content = BundleContent(engine.report, samples_from_events(samples),
                            marks=[{"t_s": 1.0, "wall": "10:00:00", "note": f"slow for {user} on {host}"}],
                            notes=f"{user} says {host} is down", log_text=f"connecting to {host} as {user}")
    bundle, mapping = write_bundle(content, pseudonymize=True, secrets=[token])
    (tmp_path / "b.zip").write_bytes(bundle)
    key_lines = [ln for ln in client_key.splitlines() if ln and not ln.startswith("-----")]
    for name, secret in [("token", token), ("token signature", token.split(".")[2]), ("proxy password", proxy_password),
                         ("user name", user), ("host name", host), *[("client key", ln) for ln in key_lines]]:
        assert hits(bundle, secret) == [], f"the {name} leaked"
    assert mapping[host].endswith(".invalid") and mapping[user].startswith("user-")
    assert os.environ["HTTPS_PROXY"]  # the canary really was set while the bundle was made


def test_without_pseudonyms_secrets_still_stay_out(pki: dict[str, Path]) -> None:
    from t3gui.core.model import Report, Target, Verdict, VerdictStatus

    report = Report("0.1.0", "2026-11-22T10:00:00.000Z", "2026-11-22T10:00:01.000Z", Target("t3.example.com"),
                    (), (), Verdict(VerdictStatus.HEALTHY, None, "ok"))
    token = mint_token(jwt.load_signing_key(pki["jwt-es256.key"].read_bytes()))
    bundle, mapping = write_bundle(BundleContent(report, environment={}), secrets=[token])
    assert hits(bundle, token) == [] and mapping == {}


def test_the_writer_refuses_to_write_a_known_secret() -> None:
    from t3gui.core.model import Report, Target, Verdict, VerdictStatus

    secret = "hunter2-" + secrets.token_hex(8)
    report = Report("0.1.0", "2026-11-22T10:00:00.000Z", "2026-11-22T10:00:01.000Z", Target("t3.example.com"),
                    (), (), Verdict(VerdictStatus.HEALTHY, None, "ok"))
    for leak in (secret, base64.b64encode(b"x" + secret.encode()).decode(), secret.encode().hex()):
        with pytest.raises(SecretLeak):
            write_bundle(BundleContent(report, notes=f"oops {leak}", environment={}), secrets=[secret])


def test_encodings_cover_base64_at_every_offset() -> None:
    secret = "s3cret-value-123"
    for prefix in (b"", b"a", b"ab", b"abc"):
        blob = base64.b64encode(prefix + secret.encode() + b"tail")
        assert any(form in blob for form in encodings(secret)), prefix
