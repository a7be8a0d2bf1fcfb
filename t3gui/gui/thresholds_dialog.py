"""View → Thresholds…: the contract's thresholds, changed and kept in the settings."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from t3gui.core.thresholds import Thresholds
from t3gui.gui.strings import Translator, plain

RATIOS = {"overload_ratio", "connections_ratio"}


class ThresholdsDialog(QDialog):
    """Save keeps the values; Close (or Esc) leaves them as they were. The buttons are the app's own,
    in the app's language: Qt's standard ones would stay English without Qt's translations."""

    def __init__(self, tr: Translator, current: Thresholds, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("thresholds.title"))
        form = QFormLayout(self)
        self.boxes: dict[str, QDoubleSpinBox] = {}
        for field in dataclasses.fields(Thresholds):
            box = QDoubleSpinBox()
            box.setDecimals(2)
            box.setRange(0.0, 1.0 if field.name in RATIOS else 100_000.0)
            box.setSingleStep(0.05 if field.name in RATIOS else 1.0)
            box.setValue(getattr(current, field.name))
            box.setAccessibleName(tr(f"threshold.{field.name}"))
            label = QLabel(tr(f"threshold.{field.name}"))
            label.setBuddy(box)
            form.addRow(label, box)
            self.boxes[field.name] = box
        self.reset = QPushButton(tr("thresholds.reset"))
        self.reset.setAccessibleName(plain(tr("thresholds.reset")))
        self.reset.clicked.connect(lambda: self.show_values(Thresholds()))
        self.save = QPushButton(tr("dialog.save"))
        self.save.setAccessibleName(plain(tr("dialog.save")))
        self.save.setDefault(True)
        self.close_button = QPushButton(tr("dialog.close"))
        self.close_button.setAccessibleName(plain(tr("dialog.close")))
        buttons = QDialogButtonBox()
        buttons.addButton(self.reset, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(self.save, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def show_values(self, thresholds: Thresholds) -> None:
        for name, box in self.boxes.items():
            box.setValue(getattr(thresholds, name))

    def values(self) -> Thresholds:
        return Thresholds(**{name: box.value() for name, box in self.boxes.items()})
