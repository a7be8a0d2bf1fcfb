"""Form fields that validate as the user types and say why beneath themselves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from t3gui.gui import theme
from t3gui.gui.validation import TokenInput, looks_like_path

Validator = Callable[[str], tuple[bool, str]]  # text -> (ok, message shown beneath the field)
ERROR_COLOURS = ("#c62828", "#ff8a80")  # light, dark: both readable on their window colour


class HintLabel(QLabel):
    """One line of fixed height beneath a field, there even when empty.

    A hint that appeared and took room would push the rows below while the user aims at
    them, so clicks land in the wrong field. Long text is elided; ``text()`` and the tooltip
    keep all of it (screen readers read ``text()``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = False
        # The layout gives the width; the text never asks for more (it would widen the window).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._fit_height()

    def _fit_height(self) -> None:
        self.setFixedHeight(self.fontMetrics().height() + 2)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
        super().changeEvent(event)

    def show_text(self, text: str, error: bool) -> None:
        self.error = error
        self.setText(text)
        self.setToolTip(text if self.fontMetrics().horizontalAdvance(text) > self.width() else "")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        colour = QColor(ERROR_COLOURS[theme.is_dark()]) if self.error else self.palette().color(self.foregroundRole())
        painter.setPen(colour)
        elided = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided)


class ValidatedField(QWidget):
    changed = Signal()

    def __init__(self, validator: Validator, browse: bool = False, password: bool = False,
                 file_filter: str = "PEM (*.pem *.crt *.cer *.key);;*", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.validator = validator
        self.edit = QLineEdit()
        if password:
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = HintLabel()
        self.browse = QPushButton() if browse else None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        if self.browse is not None:
            row.addWidget(self.browse)
            self.browse.clicked.connect(self._choose)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.message)
        self.edit.textChanged.connect(self._validate)
        self.ok, self.file_filter = True, file_filter
        self._validate()

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.edit.accessibleName(), "", self.file_filter)
        if path:
            self.on_file_chosen(Path(path))

    def on_file_chosen(self, path: Path) -> None:
        self.edit.setText(str(path))

    def _validate(self) -> None:
        self.ok, text = self.validator(self.edit.text().strip())
        self.message.show_text(text, error=not self.ok)
        self.edit.setToolTip(text)
        self.changed.emit()

    def revalidate(self) -> None:
        self._validate()

    def text(self) -> str:
        return self.edit.text().strip()

    def set_accessible(self, name: str, browse_label: str | None = None) -> None:
        self.edit.setAccessibleName(name)
        self.message.setAccessibleName(name)
        if self.browse is not None and browse_label:
            self.browse.setText(browse_label)
            self.browse.setAccessibleName(f"{browse_label} {name}")


class TokenField(ValidatedField):
    """A pasted token or the path of a file holding one; the hint says which was taken.

    The token itself stays in memory only and is hidden while typed; a path is shown, since
    a hidden path cannot be checked by eye."""

    def __init__(self, resolve: Callable[[str], TokenInput], parent: QWidget | None = None) -> None:
        self.value = TokenInput(None, None, True, "")
        super().__init__(lambda text: self._check(resolve, text), browse=True, password=True,
                         file_filter="JWT (*.jwt *.txt *.token);;*", parent=parent)

    def _check(self, resolve: Callable[[str], TokenInput], text: str) -> tuple[bool, str]:
        self.value = resolve(text)
        shown = self.value.path is not None or looks_like_path(text)
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        if self.edit.echoMode() != mode:
            self.edit.setEchoMode(mode)
        return self.value.ok, self.value.message

    def token(self) -> str | None:
        return self.value.token if self.value.ok else None
