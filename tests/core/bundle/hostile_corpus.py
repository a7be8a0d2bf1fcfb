"""Hostile bundles, shared by the reader's, the command line's and the app's tests.

Each case turns a good bundle into a bad one. Broken archives are half of it;
the other half are broken *reports inside a valid zip whose manifest vouches for
them*, since a corpus of broken zips proves nothing about what the reader does
with a report it has unpacked. A case either names the words of its one-sentence
refusal or, for input that is odd but harmless, says what the output must show.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from t3gui.core.bundle.writer import BundleContent, write_bundle
from t3gui.core.check import finding
from t3gui.core.codes import Code, Severity
from t3gui.core.model import CheckResult, Report, SeriesStats, Status, Target, Tier, Verdict, VerdictStatus

# What no terminal may receive from a bundle: C0 (newline aside) and C1 controls, DEL.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
HOSTILE_TEXT = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x9b2J <b>bold</b><script>alert(1)</script> \u202eevil"


def sample_content() -> BundleContent:
    f = finding(Code.UDP_BLOCKED, Severity.WARNING, "t3.heartbeat", address="192.0.2.7", udp_port=12346, sent=20)
    report = Report("0.1.0", "2026-11-22T10:00:00.000Z", "2026-11-22T10:00:02.000Z", Target("t3.example.com"),
                    (CheckResult("t3.heartbeat", Tier.ADVANCED, Status.WARN, 1400.0, "no UDP", {"probes": 20}, (f,)),),
                    (f,), Verdict(VerdictStatus.DEGRADED, Code.UDP_BLOCKED, "UDP is blocked."),
                    {"t3_tcp": SeriesStats(3, 2, 33.33, 1.0, 2.0, 2.9, 3.0, 1.0)})
    t = np.array([0.1, 0.2, 0.3], dtype=np.float32)
    samples = {"t3_tcp": (t, np.array([1, 2, 3]), np.array([1.0, np.nan, 3.0], dtype=np.float32))}
    return BundleContent(report, samples, marks=[{"t_s": 0.2, "wall": "10:00:01", "note": "now"}],
                         notes="it broke", log_text="line 1", environment={"os": {"system": "Linux"}})


@cache
def good_bundle() -> bytes:
    return write_bundle(sample_content())[0]


# -- archives -------------------------------------------------------------------------------------

def stored(name: str) -> zipfile.ZipInfo:
    """A member kept uncompressed, so what it holds reaches the parser instead of the ratio check."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_STORED
    return info


def rezip(members: list[tuple[zipfile.ZipInfo | str, bytes]], comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicates some cases make on purpose
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in members:
                archive.writestr(info, data)
            archive.comment = comment
    return buffer.getvalue()


def members_of(data: bytes) -> list[tuple[zipfile.ZipInfo | str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [(i.filename, archive.read(i)) for i in archive.infolist()]


def with_member(good: bytes, info: zipfile.ZipInfo | str, data: bytes) -> bytes:
    return rezip([*members_of(good), (info, data)])


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def tampered(good: bytes) -> bytes:
    return rezip([(n, d.replace(b"UDP is blocked.", b"All is fine!!!.") if n == "report.json" else d)
                  for n, d in members_of(good)])


def bad_manifest_entry(good: bytes) -> bytes:
    out = []
    for name, data in members_of(good):
        if name == "manifest.json":
            doc = json.loads(data)
            doc["files"][0]["sha256"] = hashlib.sha256(b"other").hexdigest()
            data = json.dumps(doc).encode()
        out.append((name, data))
    return rezip(out)


def remanifested(good: bytes, replace: dict[str, bytes | None], schema: str | None = None,
                 store: frozenset[str] = frozenset(), manifest_change: Callable[[dict[str, Any]], None] | None = None
                 ) -> bytes:
    """The bundle with members replaced (None drops one) and a manifest that vouches for them, as an
    attacker or an older t3gui would write it; members named in ``store`` are not compressed."""
    members = {str(n): d for n, d in members_of(good) if n != "manifest.json"}
    for name, data in replace.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    manifest = json.loads(dict(members_of(good))["manifest.json"])
    manifest["files"] = [{"name": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                         for n, d in members.items()]
    manifest["schema"] = schema or manifest["schema"]
    if manifest_change is not None:
        manifest_change(manifest)
    return rezip([("manifest.json", json.dumps(manifest).encode()),
                  *((stored(n) if n in store else n, d) for n, d in members.items())])


@dataclass
class RawEntry:
    """One member as the bytes of the archive say it, so a case can lie in any field."""

    name: bytes
    payload: bytes  # as stored: compressed for method 8
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    central_extra: bytes = b""
    central_offset: int | None = None  # what the central directory claims, if not the truth


def raw_entries(good: bytes) -> list[RawEntry]:
    out = []
    for name, data in members_of(good):
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        payload = compressor.compress(data) + compressor.flush()
        out.append(RawEntry(str(name).encode(), payload, zlib.crc32(data), len(data)))
    return out


def raw_zip(entries: list[RawEntry]) -> bytes:
    """A zip archive written field by field (zipfile refuses to write most of these lies)."""
    body, central = io.BytesIO(), io.BytesIO()
    for e in entries:
        offset = body.tell()
        body.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, e.flags, e.method, 0, 0x21, e.crc,
                               len(e.payload), e.size, len(e.name), 0) + e.name + e.payload)
        claimed = offset if e.central_offset is None else e.central_offset
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, e.flags, e.method, 0, 0x21, e.crc,
                                  len(e.payload), e.size, len(e.name), len(e.central_extra), 0, 0, 0, 0o644 << 16,
                                  claimed) + e.name + e.central_extra)
    directory = central.getvalue()
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), body.tell(), 0)
    return body.getvalue() + directory + end


def raw_changed(good: bytes, name: str, change: Callable[[RawEntry], None]) -> bytes:
    entries = raw_entries(good)
    for e in entries:
        if e.name == name.encode():
            change(e)
    return raw_zip(entries)


def _garbage_deflate(e: RawEntry) -> None:
    e.payload = b"\xff\xfe\xfd" + e.payload[3:]  # an invalid block type: zlib.error


def _truncated_deflate(e: RawEntry) -> None:
    e.payload = e.payload[: len(e.payload) // 2]  # the stream ends early: EOFError


def _bad_crc(e: RawEntry) -> None:
    e.crc ^= 0xDEADBEEF


def _encrypted(e: RawEntry) -> None:
    e.flags |= 0x1


def _bzip2(e: RawEntry) -> None:
    e.method = zipfile.ZIP_BZIP2


def _zip64_offset(e: RawEntry) -> None:
    e.central_offset = 0xFFFFFFFF  # look in the zip64 extra field, which says 2**64 - 1
    e.central_extra = struct.pack("<HHQ", 1, 8, 2**64 - 1)


def _not_utf8_name(e: RawEntry) -> None:
    e.flags |= 0x800  # "the name is UTF-8", and it is not
    e.name = b"report.json\xff\xfe"


# -- reports inside a valid zip -----------------------------------------------------------------

def report_doc(good: bytes) -> dict[str, Any]:
    return dict(json.loads(dict(members_of(good))["report.json"]))


def with_report(change: Callable[[dict[str, Any]], None], raw: Callable[[str], str] = lambda s: s,
                store: bool = False) -> Callable[[bytes], bytes]:
    """A case: report.json changed (as a document, then as text), every hash in the manifest right."""
    def make(good: bytes) -> bytes:
        doc = report_doc(good)
        change(doc)
        text = raw(json.dumps(doc))  # ASCII: a lone surrogate or an escape character travels as \uXXXX
        return remanifested(good, {"report.json": text.encode()},
                            store=frozenset({"report.json"}) if store else frozenset())
    return make


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set a dotted path (``checks.0.duration_ms``) in the document."""
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return change


def _node(address: str, status: str = "healthy", root_cause: str | None = None,
          checks: list[Any] | None = None) -> dict[str, Any]:
    return {"address": address, "status": status, "root_cause": root_cause, "summary": "", "checks": checks or []}


def _everywhere(text: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["verdict"]["summary"] = text
        doc["findings"][0]["summary"] = text
        doc["findings"][0]["remediation"] = text
        doc["findings"][0]["evidence"]["address"] = text
        doc["checks"][0]["summary"] = text
        doc["checks"][0]["data"][text] = text
        doc["target"]["host"] = text
        doc["tool"]["version"] = text
    return change


def _nest_text(depth: int) -> Callable[[str], str]:
    return lambda s: s.replace('"__LITERAL__"', "[" * depth + "]" * depth)


def _literal(value: str) -> Callable[[str], str]:
    return lambda s: s.replace('"__LITERAL__"', value)


def _timeline(text: bytes) -> Callable[[bytes], bytes]:
    return lambda g: remanifested(g, {"timeline.json": text})


def _csv(rows: str, count: int = 1) -> Callable[[bytes], bytes]:
    csv = ("time_s,series,seq,rtt_ms,lost\n" + rows * count).encode()
    return lambda g: remanifested(g, {"samples.t3s": None, "samples.csv": csv}, schema="t3gui.bundle/1",
                                  store=frozenset({"samples.csv"}))


def _manifest(change: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    return lambda g: remanifested(g, {}, manifest_change=change)


def _no_controls(out: str) -> bool:
    return not CONTROL.search(out)


def _hostile_text_defused(out: str) -> bool:
    """Escape sequences and the bidirectional override gone, the words kept, the markup there as text
    (for a page to escape)."""
    return _no_controls(out) and "\u202e" not in out and "<b>bold</b>" in out and "red" in out and "evil" in out


def _capped(out: str) -> bool:
    return _no_controls(out) and len(out) < 600_000 and "…" in out


@dataclass(frozen=True)
class Case:
    make: Callable[[bytes], bytes]
    refusal: str | None  # words of the one-sentence refusal; None: opens, and ``shows`` holds of the output
    shows: Callable[[str], bool] = _no_controls


# The corpus the reader was first tested with (zip level and manifest).
EXISTING: dict[str, Case] = {
    "zip slip": Case(lambda g: with_member(g, "../../etc/cron.d/evil", b"x"), "leave the bundle's folder"),
    "absolute path": Case(lambda g: with_member(g, "/etc/passwd", b"x"), "absolute path"),
    "windows absolute path": Case(lambda g: with_member(g, "C:\\evil.txt", b"x"), "absolute path"),
    "symbolic link": Case(lambda g: with_member(g, symlink("app.log"), b"/etc/shadow"), "symbolic link"),
    "bomb by ratio": Case(lambda g: rezip([(n, b"\0" * (8 << 20) if n == "app.log" else d)
                                           for n, d in members_of(g)]), "compression bomb"),
    "bomb by member count": Case(lambda g: rezip([(f"f{i}", b"x") for i in range(5000)]), "at most"),
    "duplicate names": Case(lambda g: with_member(g, "report.json", b"{}"), "appears twice"),
    "unknown member": Case(lambda g: with_member(g, "payload.exe", b"MZ"), "does not belong"),
    "not a zip": Case(lambda g: b"%PDF-1.7 definitely not a bundle", "not a zip archive"),
    "truncated": Case(lambda g: g[: len(g) // 2], "not a zip archive"),
    "empty": Case(lambda g: b"", "not a zip archive"),
    "wrong manifest hash": Case(bad_manifest_entry, "does not match its manifest"),
    "altered report": Case(tampered, "does not match its manifest"),
    "no manifest": Case(lambda g: rezip([m for m in members_of(g) if m[0] != "manifest.json"]), "no manifest.json"),
    "zip comment": Case(lambda g: rezip(members_of(g), comment=b"hi"), "zip comment"),
    "hostile samples": Case(lambda g: remanifested(g, {"samples.t3s": b"T3SAMPLES/1\n\x01\x04icmp\xff\xff\xff\x00"}),
                            "more than t3gui ever keeps"),
    "unknown schema": Case(lambda g: remanifested(g, {}, schema="t3gui.bundle/99"), "this version can read"),
}

NEW: dict[str, Case] = {
    # inflating
    "deflate garbage": Case(lambda g: raw_changed(g, "report.json", _garbage_deflate), "report.json is damaged"),
    "deflate cut short": Case(lambda g: raw_changed(g, "report.json", _truncated_deflate), "report.json is damaged"),
    "bad crc": Case(lambda g: raw_changed(g, "manifest.json", _bad_crc), "manifest.json is damaged"),
    "encrypted member": Case(lambda g: raw_changed(g, "report.json", _encrypted), "encrypted"),
    "bzip2 member": Case(lambda g: raw_changed(g, "report.json", _bzip2), "compressed in a way"),
    "zip64 offset past 2**63": Case(lambda g: raw_changed(g, "report.json", _zip64_offset), "report.json is damaged"),
    "name not utf-8": Case(lambda g: raw_changed(g, "report.json", _not_utf8_name), "not a zip archive"),
    "hostile member name": Case(lambda g: with_member(g, "\x1b]0;pwned\x07\x9b<b>x<b>" + "A" * 5000, b"x"),
                                "does not belong"),
    # JSON the parser must survive
    "deep nesting in a stored member": Case(with_report(_set("findings.0.evidence.address", "__LITERAL__"),
                                                        _nest_text(200_000), store=True),
                                            "nests too deeply"),
    "nesting the parser survives": Case(with_report(_set("findings.0.evidence.address", "__LITERAL__"),
                                                            _nest_text(100)), "nests deeper than 16"),
    "NaN": Case(with_report(_set("checks.0.duration_ms", "__LITERAL__"), _literal("NaN")), "NaN"),
    "Infinity": Case(with_report(_set("measurements.rtt.t3_tcp.loss_pct", "__LITERAL__"), _literal("-Infinity")),
                     "Infinity"),
    "1e400": Case(with_report(_set("checks.0.duration_ms", "__LITERAL__"), _literal("1e400")), "finite"),
    "10**400": Case(with_report(_set("findings.0.evidence.sent", "__LITERAL__"), _literal(str(10**400))),
                    "too large"),
    "10**5000": Case(with_report(_set("target.port", "__LITERAL__"), _literal("9" * 5000)), "too large"),
    "report not utf-8": Case(lambda g: remanifested(g, {"report.json": b"{\"schema\": \"\xff\xfe\"}"}),
                             "not UTF-8"),
    "report not json": Case(lambda g: remanifested(g, {"report.json": b"{\"schema\": "}), "not JSON"),
    "report is a list": Case(lambda g: remanifested(g, {"report.json": b"[]"}), "not a JSON object"),
    # reports that parse and lie
    "root cause not among findings": Case(with_report(_set("verdict.root_cause", "TLS_CERT_EXPIRED")),
                                          "not among the report's findings"),
    "status that does not fit": Case(with_report(_set("verdict.status", "healthy")), "does not fit"),
    "bad timestamp": Case(with_report(_set("started_at", "yesterday")), "ISO 8601"),
    "timestamp without zone": Case(with_report(_set("finished_at", "2026-11-22T10:00:02")), "time zone"),
    "string for a number": Case(with_report(_set("checks.0.duration_ms", "1400")), "wrong type"),
    "string for a loss": Case(with_report(_set("measurements.rtt.t3_tcp.loss_pct", "a lot")), "wrong type"),
    "negative duration": Case(with_report(_set("checks.0.duration_ms", -5)), "out of range"),
    "a duration of a year": Case(with_report(_set("checks.0.duration_ms", 3.2e10)), "out of range"),
    "port 0": Case(with_report(_set("target.port", 0)), "outside 1-65535"),
    "port 70000": Case(with_report(_set("target.udp_port", 70000)), "outside 1-65535"),
    "loss 250 %": Case(with_report(_set("measurements.rtt.t3_tcp.loss_pct", 250)), "out of range"),
    "more received than sent": Case(with_report(_set("measurements.rtt.t3_tcp.received", 9)), "outside"),
    "negative count": Case(with_report(_set("measurements.rtt.t3_tcp.sent", -1)), "outside"),
    "bool for a count": Case(with_report(_set("measurements.rtt.t3_tcp.sent", True)), "wrong type"),
    "unknown finding code": Case(with_report(_set("findings.0.code", "PWNED")), "unknown value"),
    "unknown check status": Case(with_report(_set("checks.0.status", "maybe")), "unknown value"),
    "unknown severity": Case(with_report(_set("findings.0.severity", "apocalyptic")), "unknown value"),
    "check id not in the registry": Case(with_report(_set("checks.0.id", "evil.check")), "does not have"),
    "check id with markup": Case(with_report(_set("checks.0.id", "<img src=x onerror=alert(1)>")),
                                 "not a check id"),
    "finding of a made-up check": Case(with_report(_set("findings.0.check", "t3.pwn")), "does not have"),
    "unknown language": Case(with_report(_set("language", "xx")), "language"),
    "series name with markup": Case(with_report(lambda d: d["measurements"]["rtt"].update(
        {"<svg onload=alert(1)>": d["measurements"]["rtt"]["t3_tcp"]})), "plain word"),
    "evidence that is not a mapping": Case(with_report(_set("findings.0.evidence", [1, 2])), "wrong type"),
    # several servers behind the name: each node an IP address, with a verdict that fits the findings
    "node named by a host name": Case(with_report(_set("nodes", [_node("evil.example")])), "not an IP address"),
    "node address with escapes": Case(with_report(_set("nodes", [_node("fe80::1%\x1b]0;pwned\x07")])), "zone"),
    "node listed twice": Case(with_report(_set("nodes", [_node("192.0.2.7"), _node("192.0.2.7")])),
                              "one IP address of its own"),
    "node status made up": Case(with_report(_set("nodes", [_node("192.0.2.7", status="doomed")])), "unknown value"),
    "node root cause not among findings": Case(with_report(_set("nodes", [_node(
        "192.0.2.7", status="failed", root_cause="TLS_CERT_EXPIRED")])), "not among the report's findings"),
    "node failed without a cause": Case(with_report(_set("nodes", [_node("192.0.2.7", status="failed")])),
                                        "does not fit"),
    "a thousand nodes": Case(with_report(_set("nodes", [_node(f"10.0.{i // 250}.{i % 250}") for i in range(1000)])),
                             "more than 64"),
    "node check not in the registry": Case(with_report(_set("nodes", [_node("192.0.2.7", checks=[{
        "id": "evil.check", "tier": "basic", "status": "pass", "duration_ms": 1.0, "summary": "", "data": {}}])])),
        "does not have"),
    # odd but harmless: opens, and shows nothing a terminal would obey
    "ANSI escapes and HTML in every string": Case(with_report(_everywhere(HOSTILE_TEXT)), None,
                                                  _hostile_text_defused),
    "lone surrogates": Case(with_report(_everywhere("half \ud800 a pair")), None, _no_controls),
    "huge strings": Case(with_report(_everywhere("long " * 200_000), store=True), None, _capped),
    # the other members
    "timeline with NaN": Case(_timeline(b'{"marks": [{"t_s": NaN, "wall": "", "note": ""}], "notes": ""}'), "NaN"),
    "timeline of the wrong shape": Case(_timeline(b'{"marks": "soon", "notes": 3}'), "not a t3gui timeline"),
    # the server a monitor watched: an address or a host name, never text to show as it is
    "watched server with escapes, markup and 10 kB": Case(_timeline(json.dumps(
        {"marks": [], "notes": "", "watched": "192.0.2.7" + HOSTILE_TEXT + "a" * 10_000}).encode()),
        "watched server that is not an IP address or host name"),
    "watched server that is not a string": Case(_timeline(b'{"marks": [], "notes": "", "watched": ["192.0.2.7"]}'),
                                                "watched server"),
    "watched server with a zone": Case(_timeline(b'{"marks": [], "notes": "", "watched": "fe80::1%\\u001b]0;x"}'),
                                       "watched server"),
    "watched server named": Case(_timeline(b'{"marks": [], "notes": "", "watched": "T3-Node-2.Example.COM."}'),
                                 None),
    "manifest time with escapes": Case(_manifest(lambda m: m.update(created_at="\x1b[2J2026")), "when the bundle"),
    "manifest version with escapes": Case(_manifest(lambda m: m.update(app_version="1.0\x1b]0;x\x07")),
                                          "t3gui version"),
    "manifest size as text": Case(_manifest(lambda m: m["files"][0].update(size="12")), "malformed entry"),
    "schema-1 csv over the probe cap": Case(_csv("0,icmp,0,,1\n", 1_000_001), "at most 1,000,000"),
    "schema-1 csv with 1e400": Case(_csv("1e400,icmp,1,2.0,0\n"), "no probe can have"),
    "schema-1 csv with inf rtt": Case(_csv("0.5,icmp,1,inf,0\n"), "no probe can have"),
}

CORPUS: dict[str, Case] = {**EXISTING, **NEW}


def write_corpus(folder: Path) -> dict[str, Path]:
    """Every case of the corpus as a file in ``folder``, by case name."""
    good = good_bundle()
    out = {}
    for i, (name, case) in enumerate(CORPUS.items()):
        out[name] = folder / f"case-{i}.zip"
        out[name].write_bytes(case.make(good))
    return out
