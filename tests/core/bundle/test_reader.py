"""Opening bundles: round trip, sealing, and a corpus of hostile files refused in one sentence."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from t3gui.checks.registry import CHECKS
from t3gui.cli.text_report import render
from t3gui.core.bundle.html_report import render as render_html
from t3gui.core.bundle.reader import MAX_CSV_ROWS, BundleError, open_bundle
from t3gui.core.bundle.seal import seal
from t3gui.core.bundle.writer import write_bundle
from t3gui.core.codes import Code
from t3gui.core.report_json import dumps, to_json

from .hostile_corpus import CONTROL, EXISTING, NEW, good_bundle, remanifested, sample_content, stored

KNOWN = [c.id for c in CHECKS]


@pytest.fixture(scope="module")
def good() -> bytes:
    return good_bundle()


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


@pytest.mark.parametrize("case", EXISTING, ids=list(EXISTING))
def test_hostile_bundles_are_refused_quickly_with_bounded_memory(good: bytes, case: str, tmp_path: Path) -> None:
    make, reason = EXISTING[case].make, EXISTING[case].refusal
    assert reason is not None
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


@pytest.mark.parametrize("case", NEW, ids=list(NEW))
def test_new_hostile_bundles_are_one_sentence_or_shown_defused(good: bytes, case: str) -> None:
    """Broken archives and broken reports inside valid ones: refused in one BundleError sentence, or
    (harmless oddities) opened with nothing a terminal would obey in any output, the page escaped."""
    c = NEW[case]
    data = c.make(good)
    started = time.monotonic()
    if c.refusal is not None:
        with pytest.raises(BundleError) as refused:
            open_bundle(data, known_checks=KNOWN)
        sentence = str(refused.value)
        assert c.refusal in sentence and "\n" not in sentence and not CONTROL.search(sentence), sentence
        assert len(sentence) < 400
    else:
        bundle = open_bundle(data, known_checks=KNOWN)
        text, doc = render(bundle.report), dumps(bundle.report)
        assert c.shows(text) and c.shows(doc), case
        text.encode("utf-8")  # a lone surrogate would fail here, as it would on the way to a terminal
        page = render_html(bundle.report, bundle.samples, bundle.timeline["marks"], "2026-11-22T10:00:00Z")
        assert "<script" not in page and "<b>bold" not in page and not CONTROL.search(page)
    assert time.monotonic() - started < 20


def test_without_the_registry_only_the_shape_of_check_ids_is_checked(good: bytes) -> None:
    """Core cannot import the checks: the ids' registry is the caller's to pass."""
    data = NEW["check id not in the registry"].make(good)
    assert open_bundle(data).report.checks[0].id == "evil.check"
    with pytest.raises(BundleError, match="not a check id"):
        open_bundle(NEW["check id with markup"].make(good))


def test_schema_1_csv_row_cap_is_counted_before_parsing(good: bytes) -> None:
    """Past the cap of every series together, the refusal costs one count of newlines, not a parse."""
    csv = b"time_s,series,seq,rtt_ms,lost\n" + b"0,icmp,0,,1\n" * (MAX_CSV_ROWS + 1)
    old = remanifested(good, {"samples.t3s": None, "samples.csv": csv}, schema="t3gui.bundle/1",
                       store=frozenset({"samples.csv"}))
    started = time.monotonic()
    with pytest.raises(BundleError, match="4,000,001 rows; t3gui keeps at most 1,000,000 probes a series"):
        open_bundle(old)
    assert time.monotonic() - started < 5


def test_a_stored_member_is_still_limited(good: bytes) -> None:
    big = remanifested(good, {"report.json": b" " * (17 << 20)}, store=frozenset({"report.json"}))
    with pytest.raises(BundleError, match="over its limit"):
        open_bundle(big)
    assert stored("x").compress_type == 0


def test_an_inconclusive_verdict_round_trips_with_what_was_not_checked() -> None:
    import dataclasses

    from t3gui.core.model import ErrorReason, Unchecked, VerdictStatus

    content = sample_content()
    verdict = dataclasses.replace(content.report.verdict, status=VerdictStatus.INCONCLUSIVE,
                                  unchecked=(Unchecked("auth.server", ErrorReason.TIMEOUT),
                                             Unchecked("t3.status", ErrorReason.TIMEOUT, "auth.server")))
    content.report = dataclasses.replace(content.report, verdict=verdict)
    report = open_bundle(write_bundle(content)[0], known_checks=KNOWN).report
    assert report.verdict == verdict and to_json(report) == to_json(content.report)
