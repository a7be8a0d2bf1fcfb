"""Form fields that validate as the user types and say why beside themselves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

Validator = Callable[[str], tuple[bool, str]]  # text -> (ok, message shown beside the field)


class ValidatedField(QWidget):
    changed = Signal()

    def __init__(self, validator: Validator, browse: bool = False, password: bool = False,
                 file_filter: str = "PEM (*.pem *.crt *.cer *.key);;*", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.validator = validator
        self.edit = QLineEdit()
        if password:
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
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
        self.message.setText(text)
        self.message.setStyleSheet("" if self.ok else "color: #d32f2f;")
        self.message.setVisible(bool(text))
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
