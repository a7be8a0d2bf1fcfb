"""Bundles in the app: export with a preview, open what the customer saw, compare, refuse a hostile file."""

from __future__ import annotations

import asyncio
import os
import re
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from t3gui.core.report_json import to_json
from t3gui.gui.main_window import MainWindow
from tests.core.bundle.hostile_corpus import CONTROL, CORPUS, good_bundle

from .conftest import diagnose, run_until


def export(window: MainWindow, loop: asyncio.AbstractEventLoop, path: Path, from_monitor: bool = False) -> None:
    dialog = window.export_bundle(from_monitor)
    assert dialog is not None
    run_until(loop, lambda: dialog.save.isEnabled())
    assert {"manifest.json", "report.json", "report.html", "samples.csv", "samples.t3s"} <= set(dialog.members)
    dialog.files.setCurrentRow(list(dialog.members).index("report.json"))
    assert '"schema": "t3gui.report/1"' in dialog.preview.toPlainText()  # previewed before it is written
    dialog.files.setCurrentRow(list(dialog.members).index("samples.t3s"))
    assert re.search(r"probes over \d+ s, 0 lost", dialog.preview.toPlainText())  # binary: described, not dumped
    loop.run_until_complete(dialog.save_to(path))
    assert path.exists() and "saved" in dialog.status.text()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the customer's hosts, readable by them only
    dialog.close()


def test_export_then_open_shows_what_the_customer_saw(demo_window: MainWindow, loop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    diagnose(demo_window, loop, "udp-blocked")
    seen = to_json(demo_window.report)  # type: ignore[arg-type]
    path = tmp_path / "ticket.zip"
    path.write_bytes(b"an earlier bundle, saved over")
    export(demo_window, loop, path)
    demo_window.new_diagnosis()
    loop.run_until_complete(demo_window.open_bundle(path))
    assert demo_window.stack.currentWidget() is demo_window.result_page
    assert to_json(demo_window.report) == seen  # type: ignore[arg-type]
    assert "UDP" in demo_window.result_page.banner.text() and "Opened ticket.zip" in demo_window.result_page.note.text()
    viewer = demo_window.bundles.viewer
    assert viewer is not None and demo_window.result_page.bundle_mode
    run_until(loop, lambda: viewer.probes is not None)  # the probes follow the verdict, from a worker thread
    assert viewer.plot.rings["t3_udp"].count == 20 and viewer.plot.rings["t3_tcp"].count == 20
    assert demo_window.monitor_page.rings == {}  # the live monitor's page is not the bundle's
    demo_window.set_language("zh_CN")  # the note about the file follows the language, as the rest does
    assert demo_window.result_page.note.text().startswith("已打开 ticket.zip"), demo_window.result_page.note.text()
    demo_window.set_language("en")


def test_pseudonyms_and_notes_in_the_preview(demo_window: MainWindow, loop) -> None:  # type: ignore[no-untyped-def]
    diagnose(demo_window, loop, "healthy")
    dialog = demo_window.export_bundle(False)
    assert dialog is not None
    run_until(loop, lambda: dialog.save.isEnabled())
    dialog.notes.setText("fails every morning at 9")
    dialog.notes.editingFinished.emit()
    run_until(loop, lambda: b"every morning" in dialog.members.get("timeline.json", b""))
    assert b"127.0.0.1" in dialog.members["report.json"]
    dialog.pseudonymize.setChecked(True)
    run_until(loop, lambda: dialog.save.isEnabled() and b"127.0.0.1" not in dialog.members["report.json"])
    assert "127.0.0.1" in dialog.mapping
    dialog.close()


def test_monitor_export_carries_series_and_marks(demo_window: MainWindow, loop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from t3gui.core.bundle.reader import open_bundle

    diagnose(demo_window, loop, "healthy")
    demo_window.monitor_page.interval.setCurrentText("0.1 s")
    demo_window.result_page.monitor.click()
    rings = demo_window.monitor_page.rings
    run_until(loop, lambda: "t3_udp" in rings and rings["t3_udp"].count >= 5)
    demo_window.monitor_page.mark_now()
    path = tmp_path / "monitor.zip"
    export(demo_window, loop, path, from_monitor=True)
    bundle = open_bundle(path.read_bytes())
    assert len(bundle.samples["t3_udp"][0]) >= 5
    assert bundle.timeline["marks"][0]["note"] == "problem happening now"


def test_compare_two_bundles_exported_from_the_app(demo_window: MainWindow, loop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    diagnose(demo_window, loop, "cert-expired")
    export(demo_window, loop, tmp_path / "before.zip")
    demo_window.new_diagnosis()
    diagnose(demo_window, loop, "healthy")
    export(demo_window, loop, tmp_path / "after.zip")
    dialog = loop.run_until_complete(demo_window.compare_bundles(tmp_path / "before.zip", tmp_path / "after.zip"))
    assert dialog is not None
    assert dialog.answer.text() == "Fixed: TLS_CERT_EXPIRED is gone; the verdict went from failed to healthy."
    assert "TLS_CERT_EXPIRED" in dialog.full[0].toPlainText() and "HEALTHY" in dialog.full[1].toPlainText()
    dialog.close()


def test_a_hostile_file_is_refused_with_one_sentence(demo_window: MainWindow, loop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    evil = tmp_path / "evil.zip"
    evil.write_bytes(b"PK\x03\x04 definitely broken")
    loop.run_until_complete(demo_window.open_bundle(evil))
    box = demo_window.bundle_message
    assert box is not None and box.isVisible() and box.textFormat() is Qt.TextFormat.PlainText
    assert "evil.zip cannot be opened" in box.text() and "\n" not in box.text()
    assert demo_window.report is None


@pytest.mark.parametrize("case", CORPUS, ids=list(CORPUS))
def test_hostile_bundle_corpus_in_the_app(window: MainWindow, loop, case: str, corpus_files: dict[str, Path],  # type: ignore[no-untyped-def]
                                          crashes: list[BaseException]) -> None:
    """Opened offscreen through File → Open bundle: a message box quoting the sentence, as plain text,
    or (harmless oddities) the result page in both views with nothing unescaped; nothing escapes the task."""
    path, expected = corpus_files[case], CORPUS[case]
    loop.run_until_complete(window.open_bundle(path))
    assert crashes == []
    box = window.bundle_message
    if expected.refusal is not None:
        assert box is not None and box.isVisible() and box.textFormat() is Qt.TextFormat.PlainText
        assert f"{path.name} cannot be opened" in box.text() and expected.refusal in box.text(), box.text()
        assert "\n" not in box.text() and not CONTROL.search(box.text())
        return
    assert box is None and window.stack.currentWidget() is window.result_page
    page = window.result_page
    for view in (page.customer, page.technician):
        view.setChecked(True)
        shown = page.banner.text() + page.body.toPlainText() + page.summary_text()
        assert not CONTROL.search(shown) and expected.shows(page.body.toPlainText() + page.summary_text())
    assert "<b>bold" not in page.body.toHtml() and "<script" not in page.body.toHtml()
    viewer = window.bundles.viewer  # the bundle's own tabs: plain text only, controls stripped
    assert viewer is not None and page.bundle_mode
    run_until(loop, lambda: viewer.probes is not None)
    assert crashes == []
    for widget in (viewer.plot_page, viewer.notes_page, viewer.certs_page):
        for label in widget.findChildren(QLabel):
            rich = label.textFormat() is not Qt.TextFormat.PlainText
            assert not CONTROL.search(label.text()) and not (rich and "<b>bold" in label.text())
    for table in (viewer.marks, viewer.timeline_page, viewer.stats):
        for row in range(table.rowCount()):
            for col in range(table.columnCount()):
                item = table.item(row, col)
                assert item is None or not CONTROL.search(item.text())
    assert not CONTROL.search(viewer.notes.toPlainText())


def test_comparing_with_a_hostile_bundle_says_why(window: MainWindow, loop, corpus_files: dict[str, Path],  # type: ignore[no-untyped-def]
                                                  crashes: list[BaseException], tmp_path: Path) -> None:
    good = tmp_path / "good.zip"
    good.write_bytes(good_bundle())
    evil = corpus_files["root cause not among findings"]
    assert loop.run_until_complete(window.compare_bundles(good, evil)) is None
    assert crashes == [] and window.bundle_message is not None
    assert "not among the report's findings" in window.bundle_message.text()


def test_save_proposes_a_named_zip_in_documents_and_the_dialog_closes(  # type: ignore[no-untyped-def]
        demo_window: MainWindow, loop, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    diagnose(demo_window, loop, "healthy")
    dialog = demo_window.export_bundle(False)
    assert dialog is not None
    run_until(loop, lambda: dialog.save.isEnabled())
    asked: list[tuple[str, str]] = []

    def save_file_name(parent: object, title: str, proposed: str, filters: str) -> tuple[str, str]:
        asked.append((proposed, filters))
        return "", ""  # the user cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)  # no system dialog offscreen
    dialog.choose_and_save()
    proposed, filters = asked[0]
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    date = demo_window.report.started_at[:10] if demo_window.report else ""
    assert proposed == str(Path(documents) / f"t3gui-127.0.0.1-{date}.zip")
    assert filters.endswith("(*.zip)") and "*)" not in filters.replace("(*.zip)", "")
    dialog.close_button.click()
    assert not dialog.isVisible()
