"""View → Thresholds…: the contract's thresholds, changed and kept in the settings."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QPushButton, QWidget

from t3gui.core.thresholds import Thresholds
from t3gui.gui.strings import Translator

RATIOS = {"overload_ratio", "connections_ratio"}


class ThresholdsDialog(QDialog):
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
            form.addRow(tr(f"threshold.{field.name}"), box)
            self.boxes[field.name] = box
        reset = QPushButton(tr("thresholds.reset"))
        reset.setAccessibleName(tr("thresholds.reset"))
        reset.clicked.connect(lambda: self.show_values(Thresholds()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(reset, buttons)

    def show_values(self, thresholds: Thresholds) -> None:
        for name, box in self.boxes.items():
            box.setValue(getattr(thresholds, name))

    def values(self) -> Thresholds:
        return Thresholds(**{name: box.value() for name, box in self.boxes.items()})
