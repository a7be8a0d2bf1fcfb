"""Opening bundles: round trip, sealing, and a corpus of hostile files refused in one sentence."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from t3gui.core.bundle.reader import BundleError, open_bundle
from t3gui.core.bundle.seal import seal
from t3gui.core.bundle.writer import BundleContent, write_bundle
from t3gui.core.check import finding
from t3gui.core.codes import Code, Severity
from t3gui.core.model import CheckResult, Report, SeriesStats, Status, Target, Tier, Verdict, VerdictStatus
from t3gui.core.report_json import to_json


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


@pytest.fixture(scope="module")
def good() -> bytes:
    return write_bundle(sample_content())[0]


def test_round_trip_gives_the_same_report_and_series(good: bytes) -> None:
    content = sample_content()
    bundle = open_bundle(good)
    assert to_json(bundle.report) == to_json(content.report)
    _, seq, rtt = bundle.samples["t3_tcp"]
    assert list(seq) == [1, 2, 3] and np.isnan(rtt[1]) and rtt[2] == 3.0
    assert bundle.timeline["marks"][0]["note"] == "now" and bundle.timeline["notes"] == "it broke"
    assert {f["name"] for f in bundle.manifest["files"]} == set(bundle.members) - {"manifest.json"}
    assert b"<svg" in bundle.members["report.html"] and b"<script" not in bundle.members["report.html"]


def test_sealed_to_a_recipient_and_with_a_passphrase(good: bytes) -> None:
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    sealed = seal(good, [str(identity.to_public())])
    assert b"report.json" not in sealed
    assert to_json(open_bundle(sealed, [str(identity)]).report) == to_json(open_bundle(good).report)
    with pytest.raises(BundleError, match="sealed"):
        open_bundle(sealed)
    with pytest.raises(BundleError, match="cannot be opened"):
        open_bundle(sealed, [str(pyrage.x25519.Identity.generate())])
    locked = seal(good, passphrase="correct horse")
    assert open_bundle(locked, passphrase="correct horse").report.verdict.root_cause is Code.UDP_BLOCKED


def rezip(members: list[tuple[zipfile.ZipInfo | str, bytes]], comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data)
        archive.comment = comment
    return buffer.getvalue()


def members_of(data: bytes) -> list[tuple[zipfile.ZipInfo | str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [(i.filename, archive.read(i)) for i in archive.infolist()]


def with_member(good: bytes, info: zipfile.ZipInfo | str, data: bytes) -> bytes:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we make on purpose
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


def remanifested(good: bytes, replace: dict[str, bytes | None], schema: str | None = None) -> bytes:
    """The bundle with members replaced (None drops one) and a manifest that vouches for them, as an
    attacker or an older t3gui would write it."""
    members = {n: d for n, d in members_of(good) if n != "manifest.json"}
    for name, data in replace.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    manifest = json.loads(dict(members_of(good))["manifest.json"])
    manifest["files"] = [{"name": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                         for n, d in members.items()]
    manifest["schema"] = schema or manifest["schema"]
    return rezip([("manifest.json", json.dumps(manifest).encode()), *members.items()])


HOSTILE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "zip slip": (lambda g: with_member(g, "../../etc/cron.d/evil", b"x"), "leave the bundle's folder"),
    "absolute path": (lambda g: with_member(g, "/etc/passwd", b"x"), "absolute path"),
    "windows absolute path": (lambda g: with_member(g, "C:\\evil.txt", b"x"), "absolute path"),
    "symbolic link": (lambda g: with_member(g, symlink("app.log"), b"/etc/shadow"), "symbolic link"),
    "bomb by ratio": (lambda g: rezip([(n, b"\0" * (8 << 20) if n == "app.log" else d) for n, d in members_of(g)]),
                      "compression bomb"),
    "bomb by member count": (lambda g: rezip([(f"f{i}", b"x") for i in range(5000)]), "at most"),
    "duplicate names": (lambda g: with_member(g, "report.json", b"{}"), "appears twice"),
    "unknown member": (lambda g: with_member(g, "payload.exe", b"MZ"), "does not belong"),
    "not a zip": (lambda g: b"%PDF-1.7 definitely not a bundle", "not a zip archive"),
    "truncated": (lambda g: g[: len(g) // 2], "not a zip archive"),
    "empty": (lambda g: b"", "not a zip archive"),
    "wrong manifest hash": (bad_manifest_entry, "does not match its manifest"),
    "altered report": (tampered, "does not match its manifest"),
    "no manifest": (lambda g: rezip([m for m in members_of(g) if m[0] != "manifest.json"]), "no manifest.json"),
    "zip comment": (lambda g: rezip(members_of(g), comment=b"hi"), "zip comment"),
    "hostile samples": (lambda g: remanifested(g, {"samples.t3s": b"T3SAMPLES/1\n\x01\x04icmp\xff\xff\xff\x00"}),
                        "more than t3gui ever keeps"),
    "unknown schema": (lambda g: remanifested(g, {}, schema="t3gui.bundle/99"), "this version can read"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_bundles_are_refused_quickly_with_bounded_memory(good: bytes, case: str, tmp_path: Path) -> None:
    make, reason = HOSTILE[case]
    data = make(good)
    before = sorted(tmp_path.rglob("*"))
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(BundleError, match=reason):
        open_bundle(data)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2.0 and peak < 64 << 20
    assert sorted(tmp_path.rglob("*")) == before  # nothing extracted anywhere


def test_a_schema_1_bundle_still_opens(good: bytes) -> None:
    csv = b"time_s,series,seq,rtt_ms,lost\n0.100,t3_tcp,1,1.00,0\n0.200,t3_tcp,2,,1\n0.300,t3_tcp,3,3.00,0\n"
    old = remanifested(good, {"samples.t3s": None, "samples.csv": csv}, schema="t3gui.bundle/1")
    _, seq, rtt = open_bundle(old).samples["t3_tcp"]
    assert list(seq) == [1, 2, 3] and np.isnan(rtt[1]) and rtt[2] == 3.0


def test_samples_csv_holds_the_newest_hour_and_the_manifest_says_so() -> None:
    content = sample_content()
    t = np.arange(0, 7200, 0.5, dtype=np.float32)
    content.samples = {"icmp": (t, np.arange(len(t)), np.full(len(t), 5.0, np.float32))}
    bundle = open_bundle(write_bundle(content)[0])
    csv_rows = bundle.members["samples.csv"].decode().splitlines()[1:]
    assert len(csv_rows) == 3600 * 2 + 1 and csv_rows[0].startswith("3599.500,icmp,")
    assert bundle.manifest["samples_csv_complete"] is False
    assert len(bundle.samples["icmp"][0]) == len(t)  # every probe, from samples.t3s


@pytest.mark.parametrize("bad_row", ["1.0,t3_udp,1,abc,0", "1.0,virus,1,2.0,0", "1.0,t3_udp,1,2.0,7", "1,2"])
def test_malformed_samples_are_refused(bad_row: str) -> None:
    from t3gui.core.bundle.reader import _samples_csv

    with pytest.raises(BundleError, match=r"samples\.csv"):
        _samples_csv(("time_s,series,seq,rtt_ms,lost\n0.1,icmp,1,2.5,0\n" + bad_row + "\n").encode())
