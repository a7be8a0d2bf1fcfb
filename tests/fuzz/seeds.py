"""Seed corpora made by t3gui's own code: real lab-server conversations, lab PKI certificates,
demo tokens and demo bundles. ``scripts/fuzz.py --make-seeds`` writes them to fuzz/corpus/."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from t3gui.checks import tls_chain
from t3gui.core.bundle import format as fmt
from t3gui.lab.config import LabConfig
from t3gui.lab.faults import Fault
from t3gui.lab.pki import write_demo_pki
from t3gui.lab.server import LabServer
from t3gui.lab.tokens import mint_token
from t3gui.protocol import jwt
from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection
from t3gui.protocol.errors import ProtocolError
from t3gui.protocol.frame import FLAG_MORE, encode_frame
from t3gui.protocol.heartbeat import Heartbeat
from tests.fuzz import file_targets
from tests.fuzz.contract import REPO
from tests.fuzz.protocol_targets import NOW_S

YEAR_S = 365 * 86400


@dataclasses.dataclass
class Session:
    client: bytearray = dataclasses.field(default_factory=bytearray)
    server: bytearray = dataclasses.field(default_factory=bytearray)


async def _converse(config: LabConfig, token: str, *, steps: int = 4) -> Session:
    """HELLO, AUTH, STATUS_REQ and a heartbeat against a plaintext lab server; every byte kept."""
    session = Session()
    async with LabServer(config) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        conn, key = Connection(), b""

        async def ask(message: m.ControlMessage | Heartbeat) -> m.Message | None:
            out = conn.send_heartbeat(message, key) if isinstance(message, Heartbeat) else conn.send(message)
            session.client += out
            writer.write(out)
            while True:
                try:
                    received = conn.next_message()
                    if received is not None:
                        return received.message
                    data = await asyncio.wait_for(reader.read(65536), 2.0)
                except (TimeoutError, ProtocolError):
                    return None  # the bad-frame play: its broken frame is the seed
                if not data:
                    return None
                session.server += data
                conn.feed(data)

        ack = await ask(m.Hello((1,), "t3gui/seed", base64.b64encode(bytes(16)).decode(), int(NOW_S * 1000)))
        if isinstance(ack, m.HelloAck) and steps > 1:
            ok = await ask(m.Auth(token))
            if isinstance(ok, m.AuthOk) and steps > 2:
                key = base64.b64decode(ok.udp_key)
                await ask(m.StatusReq())
                await ask(Heartbeat(ack.session_id, 123456789))
                await ask(m.Bye())
        writer.close()
    return session


def _conversations(pki: dict[str, Path], token: str) -> Iterator[Session]:
    base = LabConfig(port=0, udp_port=0, tls=False, jwt_key=pki["jwt-es256.pub.pem"], host_load=False)
    faults = [Fault.BUSY, Fault.VERSION_UNSUPPORTED, Fault.BAD_FRAME, Fault.OVERLOADED]
    plays: list[tuple[dict[str, Any], str]] = [
        ({}, token), *(({"faults": frozenset({f})}, token) for f in faults),
        ({}, token[:-8] + "AAAAAAAA"),  # a bad signature: AUTH_FAIL
        ({"revoked": frozenset({"alice"})}, token),
    ]
    for overrides, tok in plays:
        yield asyncio.run(_converse(dataclasses.replace(base, **overrides), tok))


def _fragmented() -> bytes:
    """One AUTH_FAIL split into MORE-flagged fragments, the way a large message travels."""
    payload = m.AuthFail("TOKEN_EXPIRED", "the token expired at 2026-01-01").to_payload()
    parts = [payload[:10], payload[10:30], payload[30:]]
    return b"".join(encode_frame(m.AuthFail.TYPE, seq, part, FLAG_MORE if seq < 3 else 0)
                    for seq, part in enumerate(parts, 1))


def _messages(stream: bytes) -> Iterator[bytes]:
    conn = Connection()
    conn.feed(stream)
    while True:
        try:
            received = conn.next_message()
        except ProtocolError:
            return
        if received is None:
            return
        message = received.message
        yield bytes([int(message.TYPE)]) + message.to_payload()


def _tokens(pki: dict[str, Path]) -> Iterator[bytes]:
    keys = [jwt.load_signing_key(pki[f"jwt-{kind}.key"].read_bytes()) for kind in ("es256", "rs256", "eddsa")]
    hs = b"fuzzing-hs256-secret-0123456789"
    now = NOW_S - 60
    for key in [*keys, hs]:
        yield mint_token(key, now_s=now, lifetime_s=10 * YEAR_S).encode()
    es = keys[0]
    yield mint_token(es, now_s=now - 7200, lifetime_s=3600).encode()  # expired
    yield mint_token(es, now_s=now, not_before_in_s=3600, lifetime_s=YEAR_S).encode()
    yield mint_token(es, now_s=now, audience="other", issuer="t3-issuer", lifetime_s=YEAR_S).encode()
    yield mint_token(es, now_s=now, audience=None, lifetime_s=YEAR_S, extra={"aud": ["x", "t3"]}).encode()
    yield jwt.sign({"sub": "alice", "iat": int(now)}, es).encode()  # no expiry
    yield jwt.sign({"sub": "alice", "exp": int(now) + YEAR_S}, hs, "none").encode()


def _token_parts(token: bytes) -> bytes:
    """The same token in the target's other form: header, claims and signature on three lines."""
    header, claims, signature = token.decode().split(".")
    return b"\n".join([jwt.b64url_decode(header), jwt.b64url_decode(claims),
                       jwt.b64url_decode(signature) if signature else b""])


def _chains(pki: dict[str, Path]) -> Iterator[bytes]:
    from cryptography import x509

    for name in sorted(pki):
        if not name.endswith(".pem") or "pub" in name:
            continue
        pem = pki[name].read_bytes()
        certs = x509.load_pem_x509_certificates(pem)
        yield b"".join(tls_chain.cert_der(c) for c in certs)
        if name == "server-good.pem":
            yield pem


def _bundles(folder: Path) -> Iterator[tuple[str, bytes]]:
    # The base of bundle_member keeps chain.pem, which pseudonyms drop; the others show that variant.
    for scenario, extra in (("healthy", []), ("cert-expired", ["--pseudonymize"]),
                            ("token-expired", ["--pseudonymize"]), ("overloaded", ["--pseudonymize"])):
        path = folder / f"demo-{scenario}.zip"
        # The installed command, as a user runs it; exit 1 is a demo's critical finding, not a failure.
        subprocess.run([str(Path(sys.executable).with_name("t3gui")), "diagnose", "--demo", "--scenario", scenario,
                        "--bundle", str(path), *extra], cwd=REPO, capture_output=True, timeout=300, check=False)
        if path.exists():
            yield path.name, path.read_bytes()


def _member_seeds(bundle: bytes) -> Iterator[bytes]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        for name in archive.namelist():
            yield bytes([file_targets.MEMBER_NAMES.index(name)]) + archive.read(name)


def _name(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()  # libFuzzer's own naming: the same input is one file


def make_seeds(corpus: Path) -> dict[str, int]:
    """Write every corpus; returns the number of seeds per target."""
    found: dict[str, dict[str, bytes]] = {}

    def add(target: str, data: bytes, name: str | None = None) -> None:
        found.setdefault(target, {})[name or _name(data)] = data

    with tempfile.TemporaryDirectory() as tmp:
        pki = write_demo_pki(Path(tmp) / "pki", "localhost")
        token = mint_token(jwt.load_signing_key(pki["jwt-es256.key"].read_bytes()), now_s=NOW_S,
                           lifetime_s=10 * YEAR_S)
        for session in _conversations(pki, token):
            for stream in (bytes(session.client), bytes(session.server)):
                add("frame", b"\x06" + stream)
                for msg in _messages(stream):
                    add("message", msg)
        add("frame", b"\x02" + _fragmented())
        for tok in _tokens(pki):
            add("jwt", tok)
            add("jwt", _token_parts(tok))
        for chain in _chains(pki):
            add("cert", chain)
        for name, data in _bundles(Path(tmp)):
            add("bundle", data, name)
            if name == file_targets.BASE_BUNDLE.name:
                for seed in _member_seeds(data):
                    add("bundle_member", seed)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                add("report_json", archive.read(fmt.REPORT_JSON))
    for target, seeds in found.items():
        folder = corpus / target
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in seeds.items():
            (folder / name).write_bytes(data)
    return {target: len(seeds) for target, seeds in found.items()}


if __name__ == "__main__":
    print(json.dumps(make_seeds(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "fuzz" / "corpus")))
