"""The Chinese app says why it refuses a bundle or a profile in Chinese: the reason inside its message
box is the refusal's own sentence in the window's language, with no English sentence outside “…”
(tests/helpers/english.py; a report's technical locator or a library's message is quoted so)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from t3gui.gui.main_window import MainWindow
from tests.core.bundle.hostile_corpus import CONTROL, CORPUS
from tests.helpers.english import english_runs

from .conftest import run_until

_CHINESE = re.compile(r"[\u4e00-\u9fff]")
# A refusal of each kind: the archive, a member (a hostile name among them), the manifest, JSON, the
# report's format (quoted locator), the samples read after the verdict is shown, the timeline.
CASES = ("zip slip", "not a zip", "hostile member name", "bomb by ratio", "altered report", "unknown schema",
         "deflate garbage", "NaN", "report not json", "root cause not among findings", "hostile samples",
         "timeline of the wrong shape")


def _said_in_chinese(text: str) -> None:
    assert _CHINESE.search(text) and not english_runs(text), (english_runs(text), text)
    assert "\n" not in text and not CONTROL.search(text), text


@pytest.mark.parametrize("case", CASES)
def test_a_refused_bundle_is_said_in_chinese(zh_app: MainWindow, loop, case: str,  # type: ignore[no-untyped-def]
                                             corpus_files: dict[str, Path], crashes: list[BaseException]) -> None:
    assert CORPUS[case].refusal is not None
    path = corpus_files[case]
    loop.run_until_complete(zh_app.open_bundle(path))
    assert crashes == []
    box = zh_app.bundle_message
    assert box is not None and box.isVisible() and box.textFormat() is Qt.TextFormat.PlainText
    assert box.text().startswith(f"无法打开 {path.name}："), box.text()
    _said_in_chinese(box.text())


def test_the_english_app_still_says_the_corpus_refusal(window: MainWindow, loop,  # type: ignore[no-untyped-def]
                                                       corpus_files: dict[str, Path]) -> None:
    """The same files in the English app: the English sentences the scan above would have caught."""
    for case in ("root cause not among findings", "hostile samples", "zip slip"):
        loop.run_until_complete(window.open_bundle(corpus_files[case]))
        box = window.bundle_message
        assert box is not None and str(CORPUS[case].refusal) in box.text(), box.text()
        assert english_runs(box.text()) and not _CHINESE.search(box.text())


def test_a_report_locator_is_quoted_in_the_chinese_box(zh_app: MainWindow, loop,  # type: ignore[no-untyped-def]
                                                       corpus_files: dict[str, Path]) -> None:
    loop.run_until_complete(zh_app.open_bundle(corpus_files["root cause not among findings"]))
    box = zh_app.bundle_message
    assert box is not None
    assert "report.json 不是 t3gui 写出的有效报告：“verdict.root_cause TLS_CERT_EXPIRED" in box.text(), box.text()


def _close_the_next_box(seen: list[str]) -> None:
    """Read and close the modal box the next call opens (QMessageBox.warning runs its own event loop)."""
    def close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.close()
        else:
            QTimer.singleShot(20, close)

    QTimer.singleShot(0, close)


@pytest.mark.parametrize(("text", "chinese"), [
    ("[[[ not toml\n", "不是有效的 TOML：“"),
    ("[targets]\nhost = \"t3.example\"\n", "中有未知的节 [targets]"),
    ("[target]\nport = \"4433\"\n", "中 target.port 的类型不对"),
], ids=["not-toml", "unknown-section", "wrong-type"])
def test_a_bad_profile_is_said_in_chinese(zh_app: MainWindow, tmp_path: Path, text: str, chinese: str) -> None:
    profile = tmp_path / "profile.toml"
    profile.write_text(text)
    seen: list[str] = []
    _close_the_next_box(seen)
    zh_app.load_profile(profile)
    assert len(seen) == 1 and chinese in seen[0] and str(profile) in seen[0], seen
    _said_in_chinese(seen[0])
    assert zh_app.stack.currentWidget() is zh_app.start_page


def test_a_profile_that_cannot_start_is_said_in_chinese(zh_app: MainWindow, loop, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        crashes: list[BaseException]) -> None:
    """A value the form does not show (the profile's resolve list) stops Start with a sentence, not a crash."""
    profile = tmp_path / "profile.toml"
    profile.write_text("[target]\nhost = \"127.0.0.1\"\nresolve = [\"t3.example\"]\n")
    zh_app.load_profile(profile)
    page = zh_app.start_page
    run_until(loop, lambda: page.start.isEnabled())
    page.start.click()
    assert crashes == []
    box = page.problem
    assert box is not None and box.isVisible() and box.textFormat() is Qt.TextFormat.PlainText
    assert "resolve：'t3.example' 不是 IP 地址" in box.text(), box.text()
    _said_in_chinese(box.text())
    assert zh_app.stack.currentWidget() is page


def test_a_bundle_that_cannot_be_written_says_why_in_chinese(zh_window: MainWindow, loop: asyncio.AbstractEventLoop,
                                                             tmp_path: Path) -> None:
    from tests.gui.conftest import diagnose

    diagnose(zh_window, loop, "healthy")
    dialog = zh_window.export_bundle(False)
    assert dialog is not None
    run_until(loop, lambda: dialog.save.isEnabled())
    loop.run_until_complete(dialog.save_to(tmp_path / "no such folder" / "ticket.zip"))
    assert dialog.saved_to is None and dialog.status.text().startswith("诊断包未写入：")
    _said_in_chinese(dialog.status.text())
    dialog.close()
