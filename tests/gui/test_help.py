"""Help → Guide in both languages, and Help → Open the log folder when nothing can open it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from t3gui.core.paths import log_dir
from t3gui.gui.guide import GUIDE
from t3gui.gui.help_dialog import HelpDialog, LogFolderDialog, desktop_launcher, guide_html
from t3gui.gui.main_window import MainWindow

# What the guide must explain, in each language's words.
TOPICS = {
    "en": ["three tiers", "Basic", "Intermediate", "Advanced", "Healthy", "Works, with problems", "Login fails",
           "inconclusive", "chain", "live monitor", "Problem happening now", "bundle", "pseudonyms", "log"],
    "zh_CN": ["三个层级", "基础", "中级", "高级", "正常", "可用，但有问题", "无法登录", "无法确定", "环节链",
              "实时监控", "问题正在发生", "诊断包", "假名", "日志"],
}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_guide_covers_every_topic_in_plain_html(language: str, tmp_path: Path) -> None:
    text = guide_html(language, tmp_path / "a<b>&c")
    for topic in TOPICS[language]:
        assert topic in text, topic
    assert "{log_dir}" not in text and "a&lt;b&gt;&amp;c" in text  # the path is escaped, never markup
    tags = set(re.findall(r"</?([a-z0-9]+)", text))
    assert tags <= {"h2", "p", "ul", "li", "b", "i", "code"}, tags  # no links, images, scripts or styles
    assert len(re.findall("<h2>", GUIDE["en"])) == len(re.findall("<h2>", GUIDE["zh_CN"])) == 7
    if language == "zh_CN":
        assert "\n" not in text  # a line break between Chinese characters would show as a space


def test_help_shows_the_guide_in_the_language_shown_and_closes(window: MainWindow) -> None:
    assert [a.text() for a in window.help_menu.actions()] == ["&Guide", "Open the &log folder", "&About t3gui"]
    window.guide.trigger()  # F1
    guide = window.findChild(HelpDialog)
    assert isinstance(guide, HelpDialog) and guide.isVisible() and guide.windowTitle() == "t3gui guide"
    assert "Reading the verdict" in guide.view.toPlainText() and str(log_dir()) in guide.view.toPlainText()
    guide.close_button.click()
    assert not guide.isVisible()
    window.set_language("zh_CN")
    assert window.guide.text() == "使用指南(&G)"
    guide = window.show_help()
    assert guide.windowTitle() == "t3gui 使用指南" and "如何阅读结论" in guide.view.toPlainText()
    assert guide.close_button.text() == "关闭(&C)"
    guide.reject()  # Esc
    assert not guide.isVisible()


def _shows_the_path(dialog: LogFolderDialog | None, folder: Path, qapp: QApplication) -> None:
    assert dialog is not None and dialog.isVisible()
    assert dialog.path.text() == str(folder)
    dialog.copy.click()
    assert QGuiApplication.clipboard().text() == str(folder)
    assert dialog.status.text() == "Copied."
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_the_log_folder_path_is_shown_without_a_desktop_launcher(
        window: MainWindow, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # neither xdg-open nor gio
    assert not desktop_launcher()
    folder = tmp_path / "state" / "t3gui" / "log"
    dialog = window.show_log_folder()
    _shows_the_path(dialog, folder, qapp)
    assert folder.is_dir() and (os.name != "posix" or folder.stat().st_mode & 0o077 == 0)


def test_the_log_folder_path_is_shown_when_the_launcher_fails(
        window: MainWindow, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A launcher is on the PATH, but this (offscreen) platform cannot hand it a folder: openUrl fails.
    launcher = tmp_path / "bin" / "xdg-open"
    launcher.parent.mkdir()
    launcher.write_text("#!/bin/sh\nexit 0\n")
    launcher.chmod(0o755)
    monkeypatch.setenv("PATH", str(launcher.parent))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert desktop_launcher()
    assert QApplication.platformName() == "offscreen"
    window.set_language("zh_CN")
    dialog = window.show_log_folder()
    assert dialog is not None and dialog.windowTitle() == "日志文件夹" and "无法" in dialog.text.text()
    dialog.copy.click()
    assert dialog.status.text() == "已复制。"
    assert QGuiApplication.clipboard().text() == str(tmp_path / "state" / "t3gui" / "log")
