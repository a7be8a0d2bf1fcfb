"""Help → Guide, and Help → Open the log folder (which says where it is when it cannot open it)."""

from __future__ import annotations

import html
import logging
import os
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from t3gui.core.paths import log_dir, private_folder
from t3gui.gui.guide import GUIDE, UNSPACED
from t3gui.gui.strings import Translator, plain

log = logging.getLogger("t3gui.gui")


def guide_html(language: str, folder: Path | None = None) -> str:
    text = GUIDE.get(language) or GUIDE["en"]
    if language in UNSPACED:
        text = text.replace("\n", "")
    return text.replace("{log_dir}", html.escape(str(folder or log_dir())))


class HelpDialog(QDialog):
    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(plain(tr("guide.title")))
        self.resize(720, 640)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)  # the guide has no links; nothing in it may open anything
        self.view.setHtml(guide_html(tr.language))
        self.view.setAccessibleName(plain(tr("guide.title")))
        self.close_button = QPushButton(tr("dialog.close"))
        self.close_button.setAccessibleName(plain(tr("dialog.close")))
        self.close_button.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)


def desktop_launcher() -> bool:
    """Whether this system has a program that opens a folder: on Linux and the BSDs, xdg-open or gio
    (a server or a bare window manager often has neither); Windows and macOS always do."""
    if sys.platform in ("win32", "darwin"):
        return True
    return any(shutil.which(name) for name in ("xdg-open", "gio"))


class LogFolderDialog(QDialog):
    """The log folder's path, to copy, when no file manager could be opened on it."""

    def __init__(self, tr: Translator, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n, self.folder = tr, folder
        self.setWindowTitle(plain(tr("logs.title")))
        self.text = QLabel(tr("logs.cannot_open"))
        self.text.setWordWrap(True)
        self.path = QLabel(str(folder))
        self.path.setTextFormat(Qt.TextFormat.PlainText)  # a path is shown as it is, never as markup
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.path.setAccessibleName(plain(tr("logs.title")))
        self.status = QLabel()
        self.copy = QPushButton(tr("logs.copy"))
        self.copy.setAccessibleName(plain(tr("logs.copy")))
        self.copy.setDefault(True)
        self.copy.clicked.connect(self.copy_path)
        self.close_button = QPushButton(tr("dialog.close"))
        self.close_button.setAccessibleName(plain(tr("dialog.close")))
        buttons = QDialogButtonBox()
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.text, self.path, self.status):
            layout.addWidget(widget)
        layout.addWidget(buttons)

    def copy_path(self) -> None:
        QGuiApplication.clipboard().setText(str(self.folder))
        self.status.setText(self.i18n("logs.copied"))


def open_log_folder(tr: Translator, parent: QWidget | None = None,
                    folder: Path | None = None) -> LogFolderDialog | None:
    """Open the log folder in the file manager; when that cannot be done, show its path instead
    (None: the file manager was asked to open it)."""
    folder = folder or log_dir()
    try:
        private_folder(folder)  # a launcher given a folder that does not exist yet fails, or opens another
    except OSError as exc:
        log.warning("cannot create the log folder %s: %s", folder, exc)
    if desktop_launcher() and os.path.isdir(folder) and QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return None
    dialog = LogFolderDialog(tr, folder, parent)
    dialog.open()  # window-modal, without a nested event loop
    return dialog
