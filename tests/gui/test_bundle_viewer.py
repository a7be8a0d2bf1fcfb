"""An opened bundle is the technician's console: the monitor plot, the marks and the notes, the
certificate chain and the timeline, from bundles made by real diagnoses; nothing from the file is
read as markup or reaches a label with control characters; no live action is offered for it."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QTableWidget

from t3gui.core.bundle.reader import open_bundle
from t3gui.gui.bundle_viewer import MAX_MARKS_SHOWN, BundleViewer
from t3gui.gui.main_window import MainWindow
from tests.core.bundle.hostile_corpus import CONTROL, HOSTILE_TEXT, members_of, remanifested

from .conftest import diagnose, run_until
from .real_bundles import cli_bundle, monitor_bundle
from .test_keyboard import duplicates, mnemonic, visible_mnemonics


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bundles")
    return {"cert-expired": cli_bundle(folder, "cert-expired"), "healthy": cli_bundle(folder, "healthy"),
            "pseudonymized": cli_bundle(folder, "cert-expired", "--pseudonymize")}


@pytest.fixture
def crashes(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: seen.append(exc))
    return seen


def opened(window: MainWindow, loop: asyncio.AbstractEventLoop, path: Path) -> BundleViewer:
    loop.run_until_complete(window.open_bundle(path))
    viewer = window.bundles.viewer
    assert viewer is not None and window.bundle_message is None
    run_until(loop, lambda: viewer.probes is not None)
    return viewer


def column(table: QTableWidget, index: int) -> list[str]:
    items = [table.item(row, index) for row in range(table.rowCount())]
    return [item.text() for item in items if item is not None]


def labels(widget: object) -> list[QLabel]:
    assert hasattr(widget, "findChildren")
    return list(widget.findChildren(QLabel))


def with_report(bundle: Path, change: object, out: Path) -> Path:
    """The real bundle with its report.json changed and a manifest that vouches for it, as an attacker
    would make it."""
    doc = json.loads(dict(members_of(bundle.read_bytes()))["report.json"])
    assert callable(change)
    change(doc)
    out.write_bytes(remanifested(bundle.read_bytes(), {"report.json": json.dumps(doc).encode()}))
    return out


def test_a_monitor_bundle_shows_the_plot_marks_notes_and_timeline(demo_window: MainWindow, loop,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    notes = "fails every morning at 9 <b>not bold</b>"
    path = monitor_bundle(demo_window, loop, tmp_path / "monitor.zip", "udp-blocked", notes=notes)
    bundle = open_bundle(path.read_bytes())
    mark = bundle.timeline["marks"][0]
    viewer = opened(demo_window, loop, path)
    page = demo_window.result_page
    assert page.bundle_mode and page.tabs.count() == 5

    # Nothing that needs a run from this computer is offered, and each says why.
    for button, words in ((page.monitor, "live monitor measures from this computer"), (page.rerun, "no token"),
                          (page.export, "bundle already")):
        assert not button.isEnabled() and words in button.toolTip()
    demo_window.open_monitor()
    assert demo_window.stack.currentWidget() is page and demo_window.monitor_page.monitor is None

    # Every series, the lost UDP heartbeats as crosses along the bottom, the TCP connects as a curve.
    plot = viewer.plot
    assert {"t3_udp", "tcp_connect"} <= set(plot.rings)
    assert plot.rings["t3_udp"].count == len(bundle.samples["t3_udp"][0])
    lost_x, lost_y = plot.lost_marks["t3_udp"].getData()
    assert lost_x is not None and len(lost_x) > 0 and not np.any(lost_y)
    tcp_x, tcp_y = plot.curves["tcp_connect"].getData()
    assert len(tcp_x) > 0 and np.isfinite(tcp_y).any()
    lost_tcp = plot.lost_marks["tcp_connect"].getData()[0]
    assert lost_tcp is None or not len(lost_tcp)
    _, loss = plot.loss_curves["t3_udp"].getData()
    assert np.nanmin(loss) == 100.0
    stats = dict(zip(column(viewer.stats, 0), column(viewer.stats, 2), strict=True))
    assert stats["T3 heartbeat (UDP)"] == "100.0" and stats["TCP connect"] == "0.0"

    # The mark: a dashed line on both plots, its clock time as the label, the note on hover.
    assert len(plot.mark_lines) == 2
    line = plot.mark_lines[0]
    assert line.value() == pytest.approx(mark["t_s"]) and mark["wall"] in line.label.toPlainText()
    assert "problem happening now" in line.toolTip()

    # Zoomed to the mark: only what is in view is drawn; "Show all" brings the whole span back.
    plot.zoom_to(mark["t_s"], 2.0)
    x0, x1 = plot.visible_range()
    assert x1 - x0 == pytest.approx(2.0, rel=0.01)
    drawn = plot.curves["tcp_connect"].getData()[0]
    assert len(drawn) and drawn.min() >= x0 - 0.2 and drawn.max() <= x1 + 0.2
    viewer.show_all.click()
    x0, x1 = plot.visible_range()
    t = bundle.samples["tcp_connect"][0]
    assert x0 <= float(t.min()) and x1 >= float(t.max())

    # The customer's words, as the text they are.
    assert viewer.notes.toPlainText() == notes
    assert column(viewer.marks, 2) == ["Problem happening now"] and column(viewer.marks, 1) == [mark["wall"]]
    viewer.marks.cellDoubleClicked.emit(0, 0)
    assert page.tabs.currentWidget() is viewer.plot_page

    # The timeline: the run, the lost heartbeats, the mark, the bundle, in that order.
    what = column(viewer.timeline_page, 1)
    assert what[0].startswith("Diagnosis of 127.0.0.1:") and what[-1].startswith("Bundle made")
    loss_rows = [w for w in what if w.startswith("T3 heartbeat (UDP):") and "lost in a row" in w]
    mark_rows = [w for w in what if w.startswith("The customer marked")]
    assert loss_rows and mark_rows == [f"The customer marked “problem happening now” at {mark['wall']}: "
                                       "Problem happening now"]

    # A run of this computer leaves bundle mode: the live actions are back.
    diagnose(demo_window, loop, "healthy")
    assert page.tabs.count() == 1 and page.monitor.isEnabled() and page.monitor.toolTip() == ""


def test_the_certificate_chain_with_fingerprints_and_copy_pem(window: MainWindow, loop,  # type: ignore[no-untyped-def]
                                                              made: dict[str, Path]) -> None:
    viewer = opened(window, loop, made["cert-expired"])
    report = open_bundle(made["cert-expired"].read_bytes()).report
    pems = next(c for c in report.checks if c.id == "tls.certificate").data["chain_pem"]
    certs = [x509.load_pem_x509_certificate(p.encode()) for p in pems]
    shown = [label.text() for label in labels(viewer.certs_page)]
    for cert in certs:
        fingerprint = ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))
        assert fingerprint in shown and cert.subject.rfc4514_string() in shown
    assert "localhost, 127.0.0.1, ::1" in shown  # the leaf's names
    expired = [t for t in shown if t.endswith("expired when the bundle was made")]
    assert len(expired) == 1 and expired[0].startswith(certs[0].not_valid_after_utc.strftime("%Y-%m-%d %H:%M"))
    assert len(viewer.certs_page.copy_buttons) == 2
    viewer.certs_page.copy_buttons[1].click()
    copied = x509.load_pem_x509_certificate(QGuiApplication.clipboard().text().encode())
    assert copied == certs[1] and viewer.certs_page.status.text() == "Certificate 2 copied as PEM."


def hostile_certificate() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    # A name's parts are at most 64 characters: the hostile text, split in two.
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 <b>bold</b>"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "\x9b2J <script>alert(1)</script> \u202eevil")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("<b>x</b>.example")]), critical=False)
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.mark.parametrize("chain", ["texts", "not a list"])
def test_a_hostile_chain_is_a_sentence_not_a_crash(window: MainWindow, loop, made: dict[str, Path],  # type: ignore[no-untyped-def]
                                                   tmp_path: Path, crashes: list[BaseException], chain: str) -> None:
    broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    value: object = ["not a pem \x1b[2J", broken, hostile_certificate()] if chain == "texts" else {"a": 1}

    def change(doc: dict[str, object]) -> None:
        checks = doc["checks"]
        assert isinstance(checks, list)
        next(c for c in checks if c["id"] == "tls.certificate")["data"]["chain_pem"] = value

    viewer = opened(window, loop, with_report(made["cert-expired"], change, tmp_path / "evil.zip"))
    assert crashes == []
    shown = labels(viewer.certs_page)
    texts = [label.text() for label in shown]
    assert "Certificate 1 cannot be read: the bundle holds no PEM certificate there." in texts
    assert all(label.textFormat() is Qt.TextFormat.PlainText for label in shown)
    assert not any(CONTROL.search(t) for t in texts)
    if chain == "texts":
        assert "Certificate 2 cannot be read: the bundle holds no PEM certificate there." in texts
        subject = next(t for t in texts if "red" in t and "evil" in t)
        assert "\\<b\\>bold\\</b\\>" in subject  # RFC 4514's escapes, shown as the text they are
        assert "<b>x</b>.example" in texts and len(viewer.certs_page.copy_buttons) == 1


def test_a_pseudonymised_bundle_says_why_it_has_no_certificates(window: MainWindow, loop,  # type: ignore[no-untyped-def]
                                                                made: dict[str, Path]) -> None:
    viewer = opened(window, loop, made["pseudonymized"])
    texts = [label.text() for label in labels(viewer.certs_page)]
    assert any(t.startswith("This bundle is pseudonymised, so it holds no certificates") for t in texts)
    assert viewer.certs_page.copy_buttons == []


def test_hostile_marks_and_notes(window: MainWindow, loop, made: dict[str, Path], tmp_path: Path,  # type: ignore[no-untyped-def]
                                 crashes: list[BaseException]) -> None:
    marks = [{"t_s": 0.01 * i, "wall": "{0}{value}\x1b[31m", "note": HOSTILE_TEXT} for i in range(MAX_MARKS_SHOWN + 5)]
    timeline = json.dumps({"marks": marks, "notes": HOSTILE_TEXT}).encode()
    path = tmp_path / "marks.zip"
    path.write_bytes(remanifested(made["healthy"].read_bytes(), {"timeline.json": timeline}))
    viewer = opened(window, loop, path)
    assert crashes == []
    line = viewer.plot.mark_lines[0]
    assert line.label.toPlainText() == "{0}{value}"  # a brace is a brace, not a format field
    assert "&lt;b&gt;bold&lt;/b&gt;" in line.toolTip() and "<b>bold" not in line.toolTip()
    assert len(viewer.plot.mark_lines) == 2 * MAX_MARKS_SHOWN  # the rest are counted, not drawn
    assert column(viewer.marks, 0)[-1] == "5 more marks are not shown."
    notes = viewer.notes.toPlainText()
    assert "<b>bold</b>" in notes and not CONTROL.search(notes)
    for table in (viewer.marks, viewer.timeline_page):
        assert not any(CONTROL.search(t) for c in range(table.columnCount()) for t in column(table, c))


def test_the_viewer_follows_the_language(window: MainWindow, loop, made: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    viewer = opened(window, loop, made["cert-expired"])
    window.set_language("zh_CN")
    tabs = window.result_page.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "发现的问题(&I)", "监控图(&P)", "标记和备注(&O)", "证书(&C)", "时间线(&L)"]
    what = column(viewer.timeline_page, 1)
    assert what[0].startswith("开始诊断") and any(w.startswith("服务器证书：失败（") for w in what)
    assert viewer.notes.toPlainText() == "客户没有填写备注。"
    assert any("生成诊断包时已过期" in label.text() for label in labels(viewer.certs_page))
    assert window.result_page.monitor.toolTip().startswith("不适用于诊断包")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_bundle_mode_keeps_mnemonics_unique(window: MainWindow, loop, made: dict[str, Path],  # type: ignore[no-untyped-def]
                                            language: str) -> None:
    viewer = opened(window, loop, made["cert-expired"])
    window.set_language(language)
    page = window.result_page
    tabs = page.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        found = visible_mnemonics(window, page)
        found += [(key, tabs.tabText(i)) for i in range(tabs.count()) if (key := mnemonic(tabs.tabText(i)))]
        assert not duplicates(found), (language, index, duplicates(found))
    assert len(viewer.certs_page.copy_buttons) == 2
