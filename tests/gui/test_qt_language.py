"""Qt's own buttons and dialogs speak the window's language."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication, QMessageBox

from t3gui.gui.main_window import MainWindow
from t3gui.gui.qt_language import QT_LANGUAGE
from t3gui.gui.settings import AppSettings

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _ok_button_text() -> str:
    box = QMessageBox(QMessageBox.Icon.Information, "t3gui", "x", QMessageBox.StandardButton.Ok)
    try:
        button = box.button(QMessageBox.StandardButton.Ok)
        assert button is not None
        return button.text()
    finally:
        box.deleteLater()


def test_a_message_boxs_button_follows_the_windows_language(qapp: QApplication, settings: AppSettings) -> None:
    window = MainWindow(settings, "zh_CN")
    try:
        assert QT_LANGUAGE.installed, "qtbase_zh_CN.qm was not found where Qt keeps its translations"
        assert CHINESE.search(_ok_button_text()), _ok_button_text()
        window.set_language("en")
        assert not QT_LANGUAGE.installed and _ok_button_text().replace("&", "") == "OK"
        window.set_language("zh_CN")
        assert CHINESE.search(_ok_button_text())
    finally:
        window.set_language("en")  # the next tests read Qt in English
        window.close()
        window.deleteLater()
