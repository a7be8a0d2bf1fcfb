"""The server a live monitor watched, in timeline.json as ``watched``: written, read back as an address
or a host name only, shown in report.html escaped, pseudonymised with the rest; old bundles still open."""

from __future__ import annotations

import dataclasses
import json

import pytest

from t3gui.core.bundle.html_report import render
from t3gui.core.bundle.reader import BundleError, open_bundle
from t3gui.core.bundle.writer import write_bundle

from .hostile_corpus import HOSTILE_TEXT, good_bundle, members_of, remanifested, sample_content


def _with_watched(value: object) -> bytes:
    timeline = json.dumps({"marks": [], "notes": "", "watched": value}).encode()
    return remanifested(good_bundle(), {"timeline.json": timeline})


def test_a_monitor_bundle_names_its_server_in_the_timeline_and_the_page() -> None:
    content = dataclasses.replace(sample_content(), watched="192.0.2.7")
    data, _ = write_bundle(content)
    members = dict(members_of(data))
    assert json.loads(members["timeline.json"])["watched"] == "192.0.2.7"
    bundle = open_bundle(data)
    assert bundle.timeline["watched"] == "192.0.2.7"
    assert "<p>Probes to 192.0.2.7</p>" in members["report.html"].decode()
    chinese = dataclasses.replace(content, report=dataclasses.replace(content.report, language="zh_CN"))
    assert "探测目标：192.0.2.7" in dict(members_of(write_bundle(chinese)[0]))["report.html"].decode()


def test_a_diagnosis_bundle_and_an_old_one_have_no_watched_server() -> None:
    data, _ = write_bundle(sample_content())
    assert "watched" not in json.loads(dict(members_of(data))["timeline.json"])
    assert "watched" not in open_bundle(data).timeline
    assert b"Probes to" not in dict(members_of(data))["report.html"]
    old = remanifested(good_bundle(), {"timeline.json": b'{"marks": [], "notes": "from t3gui 0.1"}'})
    assert open_bundle(old).timeline == {"marks": [], "notes": "from t3gui 0.1"}


@pytest.mark.parametrize(("value", "read"), [
    ("192.0.2.7", "192.0.2.7"), ("2001:DB8::7", "2001:db8::7"), ("[2001:db8::7]", "2001:db8::7"),
    ("t3-node-2.example.com", "t3-node-2.example.com"), ("T3.Example.COM.", "t3.example.com"),
])
def test_an_address_or_a_host_name_is_read(value: str, read: str) -> None:
    assert open_bundle(_with_watched(value)).timeline["watched"] == read


@pytest.mark.parametrize("value", [
    HOSTILE_TEXT, "192.0.2.7" + HOSTILE_TEXT + "a" * 10_000, "<b>x</b>.example.com", "fe80::1%eth0",
    "a" * 254, "example.com\u202e", "host\nname", "", 7, None, True, ["192.0.2.7"], {"address": "192.0.2.7"},
    "1.2.3.4.5", "[not-v6]",
])
def test_anything_else_is_refused_in_one_sentence_without_quoting_it(value: object) -> None:
    with pytest.raises(BundleError) as refused:
        open_bundle(_with_watched(value))
    assert str(refused.value) == "timeline.json names a watched server that is not an IP address or host name"


def test_the_page_escapes_whatever_it_is_given() -> None:
    """The reader lets no markup through; the page escapes all the same (a writer's caller may pass anything)."""
    content = sample_content()
    page = render(content.report, content.samples, [], "2026-11-22T10:00:00Z", watched=HOSTILE_TEXT)
    assert "<b>bold" not in page and "<script" not in page and "\x1b" not in page
    assert "Probes to" in page and "&lt;b&gt;bold&lt;/b&gt;" in page


def test_pseudonyms_hide_the_watched_server() -> None:
    content = dataclasses.replace(sample_content(), watched="t3-node-2.corp.example")
    data, mapping = write_bundle(content, pseudonymize=True)
    assert b"t3-node-2.corp.example" not in data.replace(b"\n", b"")  # nowhere in the stored members either
    for name, member in members_of(data):
        assert b"t3-node-2" not in member, name
    watched = open_bundle(data).timeline["watched"]
    assert mapping["t3-node-2.corp.example"] == watched and watched.endswith(".invalid")
