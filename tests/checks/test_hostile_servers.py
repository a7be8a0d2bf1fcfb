"""The whole diagnosis against a server that answers each stage with hostile replies.

Each case runs ``t3gui diagnose`` twice as the user would (``--json --bundle``
and the text report) against the hostile test server (real TLS on loopback,
the lab PKI). Whatever the server sends, the run ends in time with a finding
and no traceback, its JSON is strict, its terminal output carries no control
sequence, and not one form of the user's token reaches stdout, stderr, the
JSON, the bundle or any file the run leaves behind.

Benign cases (exit 0): the server works but names itself, its user or its
version with escapes, the token or a megabyte of text; or its UDP heartbeats
carry an absurd (but authenticated) server time. Nothing stands in the way of
logging in there, so the verdict is healthy, and what is tested is that the
hostile strings arrive clean. One case is degraded (exit 0): junk floods the
data port while the control channel answers, which is UDP_BLOCKED, a warning.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.helpers.hostile_t3_server import (
    Action,
    HostileT3Server,
    Session,
    bad_mac_ack,
    close,
    drip,
    empty_fragments,
    q,
    raw,
    reply,
    reset_mid_frame,
    silence,
)

pytestmark = pytest.mark.slow

TIMEOUT_S = 2.0  # a loaded machine must not turn a prompt hostile answer into "no answer"
PROBES = 5
# The slowest run (heartbeats that die on the control channel, after every tier) costs about
# 6 timeouts and the probe series; the rest is start-up, doubled for a loaded machine.
DEADLINE_S = 25.0
CONTROL = ("\x1b", "\x07", "\x00", "\x9b", "\x9d", "\x90")
ANSI = "\x1b[2J\x1b[H\x1b]0;owned title\x07\x9b31m"


def echo(template: str) -> Callable[[Session], str]:
    """A JSON string quoting the user's token: ``{token}``, ``{b64}``, ``{hex}`` in ``template``."""
    def make(s: Session) -> str:
        raw_token = s.token.encode()
        return q(template.format(token=s.token, b64=base64.b64encode(raw_token).decode(),
                                 b64url=base64.urlsafe_b64encode(raw_token).decode(), hex=raw_token.hex(),
                                 signature=s.token.split(".")[-1]))
    return make


@dataclass(frozen=True)
class Case:
    name: str
    script: dict[str, Action] = field(default_factory=dict)
    expect: str | None = None  # a code the findings must hold (None: a benign case)
    stage: str | None = None  # its evidence.stage
    verdict: str = "failed"
    exit: int = 1
    udp: str = "answer"


def bad(stage: str, code: str = "T3_BAD_FRAME") -> dict[str, Any]:
    return {"expect": code, "stage": stage}


BENIGN: dict[str, Any] = {"verdict": "healthy", "exit": 0}
NESTED = b'{"server":' + b"[" * 50_000 + b"]" * 50_000 + b"}"

CASES = [
    # HELLO_ACK
    Case("hello time_ms NaN", {"hello": reply("hello_ack", time_ms="NaN")}, **bad("hello")),
    Case("hello time_ms -Infinity", {"hello": reply("hello_ack", time_ms="-Infinity")}, **bad("hello")),
    Case("hello time_ms 1e400", {"hello": reply("hello_ack", time_ms="1e400")}, **bad("hello")),
    Case("hello time_ms 2**80", {"hello": reply("hello_ack", time_ms=str(2**80))}, **bad("hello")),
    Case("hello udp_port 0", {"hello": reply("hello_ack", udp_port="0")}, **bad("hello")),
    Case("hello udp_port 70000", {"hello": reply("hello_ack", udp_port="70000")}, **bad("hello")),
    Case("hello udp_port -1", {"hello": reply("hello_ack", udp_port="-1")}, **bad("hello")),
    Case("hello version is a string", {"hello": reply("hello_ack", version='"1"')}, **bad("hello")),
    Case("hello server is an object", {"hello": reply("hello_ack", server='{"a":[1]}')}, **bad("hello")),
    Case("hello session is not hex", {"hello": reply("hello_ack", session='"zz"')}, **bad("hello")),
    Case("hello heartbeat_ms 1.5", {"hello": reply("hello_ack", heartbeat_ms="1.5")}, **bad("hello")),
    Case("hello 2 MB server name", {"hello": reply("hello_ack", server=q("N" * 2_000_000))}, **bad("hello")),
    Case("hello endless empty fragments", {"hello": empty_fragments(0x02)}, **bad("hello")),
    Case("hello deeply nested JSON", {"hello": raw(0x02, lambda s: NESTED)}, **bad("hello")),
    Case("hello not UTF-8", {"hello": raw(0x02, lambda s: b"\xff\xfe\x1b[2J")}, **bad("hello")),
    Case("hello unknown message type", {"hello": raw(0x42, lambda s: b"{}")}, **bad("hello")),
    Case("hello answered by AUTH_OK", {"hello": reply("auth_ok")}, **bad("hello")),
    Case("hello ERROR echoes the token", {"hello": reply("error", message=echo(ANSI + "no {token} {b64}"))},
         **bad("hello")),
    Case("hello ERROR BUSY retry NaN", {"hello": reply("error", code='"BUSY"', retry_after_ms="NaN")},
         **bad("hello")),
    Case("hello slowloris", {"hello": drip("hello_ack")}, **bad("hello", "T3_NO_RESPONSE")),
    Case("hello reset mid-frame", {"hello": reset_mid_frame("hello_ack")}, **bad("hello", "T3_CONNECTION_CLOSED")),
    Case("hello server name is the token", {"hello": reply("hello_ack", server=echo(ANSI + "{token} {hex}"))},
         **BENIGN),
    Case("hello 1 MB server name", {"hello": reply("hello_ack", server=q("N" * 1_000_000))}, **BENIGN),
    Case("hello surrogate and HTML name",
         {"hello": reply("hello_ack", server='"\\ud800<script>alert(1)</script>\\u202e"')}, **BENIGN),
    # AUTH_OK / AUTH_FAIL
    Case("auth fail echoes the token", {"auth": reply("auth_fail", message=echo(
        ANSI + "token {token} (b64 {b64}, b64url {b64url}, hex {hex}, sig {signature}) is revoked"))},
         expect="AUTH_REVOKED"),
    Case("auth fail code is the token", {"auth": reply("auth_fail", code=echo("{token}"))},
         expect="AUTH_TOKEN_MALFORMED"),
    Case("auth fail 1 MB message", {"auth": reply("auth_fail", message=q("M" * 1_000_000))}, expect="AUTH_REVOKED"),
    Case("auth fail control characters", {"auth": reply("auth_fail", message=q(
        "".join(chr(c) for c in range(0x20)) + "\x7f\x85\x9b31m<b>bold</b>\u202e"))}, expect="AUTH_REVOKED"),
    Case("auth ok expires NaN", {"auth": reply("auth_ok", expires="NaN")}, **bad("auth")),
    Case("auth ok expires 1e400", {"auth": reply("auth_ok", expires="1e400")}, **bad("auth")),
    Case("auth ok expires 2**80", {"auth": reply("auth_ok", expires=str(2**80))}, **bad("auth")),
    Case("auth ok udp_key not base64", {"auth": reply("auth_ok", udp_key='"%%%not-base64%%%"')}, **bad("auth")),
    Case("auth ok udp_key 16 bytes", {"auth": reply("auth_ok", udp_key=q(base64.b64encode(bytes(16)).decode()))},
         **bad("auth")),
    Case("auth ERROR echoes the token", {"auth": reply("error", message=echo("{token}"))}, **bad("auth")),
    Case("auth answered by STATUS", {"auth": reply("status")}, **bad("auth")),
    Case("auth endless empty fragments", {"auth": empty_fragments(0x04)}, **bad("auth")),
    Case("auth silence", {"auth": silence}, **bad("auth", "T3_NO_RESPONSE")),
    Case("auth slowloris", {"auth": drip("auth_ok")}, **bad("auth", "T3_NO_RESPONSE")),
    Case("auth reset mid-frame", {"auth": reset_mid_frame("auth_ok")}, **bad("auth", "T3_CONNECTION_CLOSED")),
    Case("auth ok user is the token", {"auth": reply("auth_ok", user=echo(ANSI + "{token}"))}, **BENIGN),
    # STATUS
    Case("status cpu NaN", {"status": reply("status", cpu="NaN")}, **bad("status")),
    Case("status memory Infinity", {"status": reply("status", memory="Infinity")}, **bad("status")),
    Case("status connections 2**80", {"status": reply("status", connections=str(2**80))}, **bad("status")),
    Case("status cpu -1", {"status": reply("status", cpu="-1")}, **bad("status")),
    Case("status ERROR echoes the token", {"status": reply("error", message=echo("{b64url}"))}, **bad("status")),
    Case("status silence", {"status": silence}, **bad("status", "T3_NO_RESPONSE")),
    Case("status slowloris", {"status": drip("status")}, **bad("status", "T3_NO_RESPONSE")),
    Case("status close", {"status": close}, **bad("status", "T3_CONNECTION_CLOSED")),
    Case("status version is the token", {"status": reply("status", version=echo(ANSI + "{token}"))}, **BENIGN),
    # Heartbeats: the data port misbehaves, so the control channel is tried, and misbehaves too.
    Case("heartbeat UDP garbage, TCP silence", {"heartbeat": silence}, udp="garbage",
         **bad("heartbeat", "T3_NO_RESPONSE")),
    Case("heartbeat UDP dropped, TCP closed", {"heartbeat": close}, udp="drop",
         **bad("heartbeat", "T3_CONNECTION_CLOSED")),
    Case("heartbeat wrong MAC everywhere", {"heartbeat": bad_mac_ack}, udp="bad-mac", **bad("heartbeat")),
    Case("heartbeat TCP slowloris", {"heartbeat": drip("ack")}, udp="drop", **bad("heartbeat", "T3_NO_RESPONSE")),
    Case("heartbeat TCP reset mid-frame", {"heartbeat": reset_mid_frame("ack")}, udp="drop",
         **bad("heartbeat", "T3_CONNECTION_CLOSED")),
    Case("heartbeat TCP empty fragments", {"heartbeat": empty_fragments(0x81)}, udp="drop", **bad("heartbeat")),
    Case("heartbeat TCP ERROR echoes the token", {"heartbeat": reply("error", message=echo("{token}"))},
         udp="drop", **bad("heartbeat", "T3_CONNECTION_CLOSED")),
    Case("heartbeat UDP junk flood", udp="flood", expect="UDP_BLOCKED", verdict="degraded", exit=0),
    Case("heartbeat UDP server time 2**64-1", udp="huge-time", **BENIGN),
]


def token_forms(token: str) -> dict[str, bytes]:
    """The token as a leak could carry it: raw, its parts, base64 and base64url at every alignment, hex, URL."""
    raw_token = token.encode()
    forms = {"raw": raw_token, "hex": raw_token.hex().encode(), "HEX": raw_token.hex().upper().encode(),
             "url": quote(token, safe="").encode()}
    for i, part in enumerate(token.split(".")):
        forms[f"part {i}"] = part.encode()
    for shift in range(3):
        for name, encoder in (("base64", base64.b64encode), ("base64url", base64.urlsafe_b64encode)):
            encoded = encoder(b"\0" * shift + raw_token)
            skip = (shift * 4 + 2) // 3
            forms[f"{name}+{shift}"] = encoded[skip:-3]
    return forms


def leaks(where: str, data: bytes, forms: dict[str, bytes]) -> list[str]:
    return [f"{where}: {name}" for name, form in forms.items() if form in data]


async def run_cli(args: list[str], env: dict[str, str]) -> tuple[int, bytes, bytes, float]:
    started = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "t3gui", "diagnose", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), DEADLINE_S * 2)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"t3gui diagnose {args} still ran after {DEADLINE_S * 2} s") from None
    assert proc.returncode is not None
    return proc.returncode, out, err, time.monotonic() - started


def refuse_constant(name: str) -> Any:
    raise AssertionError(f"{name} in the JSON report")


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_a_hostile_server_gets_a_finding_and_nothing_of_the_token(
        case: Case, pki: dict[str, Path], token: Callable[..., str], tmp_path: Path) -> None:
    jwt = token(sub="alice")
    forms = token_forms(jwt)
    token_file = tmp_path / "secret" / "user.jwt"
    token_file.parent.mkdir()
    token_file.write_text(jwt + "\n")
    run_dir = tmp_path / "run"  # the runs' home: any log or crash file they write lands here
    bundle = run_dir / "ticket.zip"
    env = {**os.environ, "HOME": str(run_dir / "home"), "XDG_STATE_HOME": str(run_dir / "state"),
           "XDG_CACHE_HOME": str(run_dir / "cache"), "XDG_CONFIG_HOME": str(run_dir / "config"),
           "PYTHONIOENCODING": "utf-8"}
    (run_dir / "home").mkdir(parents=True)
    async with HostileT3Server(pki, jwt, case.script, udp=case.udp) as server:
        common = [f"127.0.0.1:{server.port}", "--token-file", str(token_file), "--ca-file", str(pki["root-ca.pem"]),
                  "--timeout", str(TIMEOUT_S), "--probes", str(PROBES)]
        (rc, out, err, took), (text_rc, text_out, text_err, text_took) = await asyncio.gather(
            run_cli([*common, "--json", "--bundle", str(bundle)], env), run_cli(common, env))

    outputs = {"json stdout": out, "json stderr": err, "text stdout": text_out, "text stderr": text_err}
    context = f"{case.name}: exit {rc}/{text_rc}\n{err.decode(errors='replace')[-3000:]}"
    assert rc == text_rc == case.exit, context
    assert max(took, text_took) < DEADLINE_S, (took, text_took)
    for where, data in outputs.items():
        assert b"Traceback" not in data, (where, data.decode(errors="replace")[-2000:])
        text = data.decode("utf-8")  # strict: whatever came from the server prints as valid UTF-8
        assert not any(c in text for c in CONTROL), (where, [c for c in CONTROL if c in text])

    report = json.loads(out, parse_constant=refuse_constant)
    assert report["verdict"]["status"] == case.verdict, (report["verdict"], report["findings"])
    assert all(c.get("error_reason") != "bug" for c in report["checks"]), report["checks"]
    assert not any(c in s for s in strings(report) for c in CONTROL)
    if case.expect is not None:
        found = [f for f in report["findings"] if f["code"] == case.expect]
        assert found, [(f["code"], f["evidence"]) for f in report["findings"]]
        if case.stage is not None:
            assert found[0]["evidence"].get("stage") == case.stage, found[0]
    assert f"{report['verdict']['status'].upper()}" in text_out.decode()

    found_leaks = [leak for where, data in outputs.items() for leak in leaks(where, data, forms)]
    archive = zipfile.ZipFile(io.BytesIO(bundle.read_bytes()))
    for name in archive.namelist():
        member = archive.read(name)
        found_leaks += leaks(f"bundle {name}", member, forms)
        assert b"Traceback" not in member, name
    for path in run_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found_leaks += leaks(str(path.relative_to(run_dir)), data, forms)
            assert b"Traceback" not in data, path
    assert not found_leaks


def test_the_corpus_is_what_the_issue_asks_for() -> None:
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)
    stages = {stage for c in CASES for stage in c.script} | {"heartbeat" for c in CASES if c.udp != "answer"}
    assert stages == {"hello", "auth", "status", "heartbeat"}
    benign = [c.name for c in CASES if c.exit == 0]
    assert len(benign) <= 7, benign  # the rest must end in a critical finding
