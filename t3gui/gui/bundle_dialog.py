"""Export: a preview of every file the bundle will hold, pseudonyms and sealing, then save.

Building and writing run in an executor; the dialog never blocks the app.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import numpy as np
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from t3gui.core.bundle import format as fmt
from t3gui.core.bundle.html_report import Series
from t3gui.core.bundle.reader import open_bundle
from t3gui.core.bundle.seal import SealError, seal
from t3gui.core.bundle.writer import BundleContent, SecretLeak, save_bundle, write_bundle
from t3gui.core.text.words import os_reason
from t3gui.gui.strings import Translator
from t3gui.gui.tasks import TaskSet

PREVIEW_CHARS = 200_000


class BundleDialog(QDialog):
    def __init__(self, tr: Translator, content: BundleContent, secrets: list[str], recipient: str = "",
                 pseudonymize: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n, self.content, self.secrets = tr, content, secrets
        self.setWindowTitle(tr("bundle.title"))
        self.resize(900, 620)
        self.intro = QLabel(tr("bundle.intro"))
        self.intro.setWordWrap(True)
        self.pseudonymize = QCheckBox(tr("bundle.pseudonymize"))
        self.pseudonymize.setChecked(pseudonymize)
        self.pseudonymize.setAccessibleName(tr("bundle.pseudonymize"))
        self.recipient = QLineEdit(recipient)
        self.recipient.setPlaceholderText(tr("bundle.recipient.placeholder"))
        self.recipient.setAccessibleName(tr("bundle.recipient"))
        self.notes = QLineEdit(content.notes)
        self.notes.setPlaceholderText(tr("bundle.notes.placeholder"))
        self.notes.setAccessibleName(tr("bundle.notes"))
        self.notes.editingFinished.connect(self._notes_changed)
        self.files = QListWidget()
        self.files.setAccessibleName(tr("bundle.title"))
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(tr("bundle.title"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save = QPushButton(tr("bundle.save"))
        self.save.setAccessibleName(tr("bundle.save").replace("&", ""))
        self.save.clicked.connect(self.choose_and_save)
        self.save.setEnabled(False)  # until build() has written the bundle in memory
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("bundle.recipient")))
        row.addWidget(self.recipient, 1)
        split = QSplitter()
        split.addWidget(self.files)
        split.addWidget(self.preview)
        split.setSizes([220, 680])
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save)
        self.close_button = QPushButton(tr("dialog.close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.pseudonymize)
        layout.addLayout(row)
        notes_row = QHBoxLayout()
        notes_row.addWidget(QLabel(tr("bundle.notes")))
        notes_row.addWidget(self.notes, 1)
        layout.addLayout(notes_row)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.members: dict[str, bytes] = {}
        self.samples: dict[str, Series] = {}
        self.data = b""
        self.mapping: dict[str, str] = {}
        self.files.currentTextChanged.connect(self._show_member)
        self.tasks = TaskSet()
        self.pseudonymize.toggled.connect(lambda _: self.tasks.spawn(self.build()))
        self.saved_to: Path | None = None

    def _notes_changed(self) -> None:
        if self.notes.text() != self.content.notes:
            self.content.notes = self.notes.text()
            self.tasks.spawn(self.build())

    async def build(self) -> None:
        """Write the bundle in memory (off the GUI thread) and list what it holds."""
        loop = asyncio.get_running_loop()
        self.save.setEnabled(False)
        try:
            self.data, self.mapping = await loop.run_in_executor(
                None, lambda: write_bundle(self.content, pseudonymize=self.pseudonymize.isChecked(),
                                           secrets=self.secrets))
            bundle = await loop.run_in_executor(None, open_bundle, self.data)
        except (SecretLeak, ValueError) as exc:  # ValueError: BundleError, or samples t3gui cannot write
            self.status.setText(self.i18n("bundle.failed", reason=str(exc)))
            return
        self.members, self.samples = bundle.members, bundle.samples
        current = self.files.currentItem().text() if self.files.currentItem() else "report.json"
        self.files.clear()
        self.files.addItems(list(self.members))
        self.files.setCurrentRow(list(self.members).index(current) if current in self.members else 0)
        self.status.setText(f"{len(self.data) // 1024} KiB")
        self.save.setEnabled(True)

    def _show_member(self, name: str) -> None:
        if name == fmt.SAMPLES:  # binary: say what it holds instead of showing bytes
            self.preview.setPlainText(self._describe_samples())
            return
        data = self.members.get(name, b"")
        text = data[:PREVIEW_CHARS].decode("utf-8", errors="replace")
        self.preview.setPlainText(text + ("\n…" if len(data) > PREVIEW_CHARS else ""))

    def _describe_samples(self) -> str:
        lines = [self.i18n("bundle.samples.intro"), ""]
        for series, (t, _, rtt) in self.samples.items():
            seconds = float(t.max() - t.min()) if len(t) else 0.0
            span = (self.i18n("span.s", n=seconds) if seconds < 120 else self.i18n("span.min", n=seconds / 60)
                    if seconds < 7200 else self.i18n("span.h", n=seconds / 3600))
            lines.append(self.i18n("bundle.samples.series", series=series, probes=len(t), span=span,
                                   lost=int(np.isnan(rtt).sum())))
        return "\n".join(lines)

    def suggested_path(self) -> Path:
        """t3gui-HOST-DATE.zip in Documents: a name a help desk can file, where the user looks for it."""
        suffix = ".zip.age" if self.recipient.text().strip() else ".zip"
        report = self.content.report
        host = re.sub(r"[^A-Za-z0-9.-]+", "_", report.target.host).strip("._") or "server"
        date = report.started_at[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", report.started_at[:10]) else ""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(folder or Path.home()) / f"t3gui-{host}{'-' + date if date else ''}{suffix}"

    def choose_and_save(self) -> None:
        suggested = self.suggested_path()
        suffix = "".join(suggested.suffixes[-2:]) if suggested.name.endswith(".zip.age") else ".zip"
        path, _ = QFileDialog.getSaveFileName(self, self.i18n("bundle.title"), str(suggested),
                                              f"{self.i18n('bundle.filter')} (*{suffix})")
        if path:
            self.tasks.spawn(self.save_to(Path(path)))

    async def save_to(self, path: Path) -> None:
        data = self.data
        recipient = self.recipient.text().strip()
        loop = asyncio.get_running_loop()
        try:
            if recipient:
                data = await loop.run_in_executor(None, seal, data, [recipient])
            await loop.run_in_executor(None, save_bundle, path, data, dict(self.mapping))
        except (SealError, OSError) as exc:
            said = exc if isinstance(exc, SealError) else os_reason(exc)
            self.status.setText(self.i18n("bundle.failed", reason=said.text(self.i18n.language)))
            return
        self.saved_to = path
        self.status.setText(self.i18n("bundle.saved", path=path))
