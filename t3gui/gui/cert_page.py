"""The certificate chain of an opened bundle: for each certificate its subject, issuer, names,
dates and SHA-256 fingerprint, and a button that copies it as PEM. A certificate that cannot be
read is a sentence in its place. Every text is plain, never rich text: it comes from the file."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from t3gui.gui import cert_details
from t3gui.gui.strings import Translator, plain

WARNING_COLOUR = "#d32f2f"


def plain_label(text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def heading(text: str = "") -> QLabel:
    label = plain_label(text)
    label.setStyleSheet("font-weight: 600;")
    return label


class CertificatesPage(QScrollArea):
    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = tr
        self.setWidgetResizable(True)
        self.chain: cert_details.Chain | None = None
        self.made: dt.datetime | None = None  # when the bundle was made: a date past it is marked
        self.copy_buttons: list[QPushButton] = []
        self.status = plain_label()

    def show_chain(self, chain: cert_details.Chain, made: dt.datetime | None) -> None:
        self.chain, self.made = chain, made
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.i18n
        self.setAccessibleName(plain(tr("viewer.tab.certs")))
        if self.chain is None:
            return
        page = QWidget()
        layout = QVBoxLayout(page)
        self.copy_buttons = []
        self.status = plain_label()
        layout.addWidget(plain_label(tr(self.chain.missing)) if self.chain.missing else heading(tr("certs.heading")))
        for n, cert in enumerate(self.chain.certificates, start=1):
            if isinstance(cert, cert_details.Unreadable):
                layout.addWidget(plain_label(tr(cert.reason, n=n)))
            else:
                layout.addWidget(self._frame(n, cert))
        if self.chain.cut:
            layout.addWidget(plain_label(tr("certs.cut", n=self.chain.cut)))
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setWidget(page)  # the previous page is deleted with its widgets

    def _frame(self, n: int, cert: cert_details.Certificate) -> QFrame:
        tr = self.i18n
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        form = QFormLayout(frame)
        form.addRow(heading(tr("certs.title", n=n)))
        state = cert.state_at(self.made)
        outside = state in ("expired", "not-yet-valid")
        until = cert_details.shown(cert.not_after) + (f" — {tr('certs.state.' + state)}" if outside else "")
        rows = (("certs.subject", cert.subject), ("certs.issuer", cert.issuer),
                ("certs.names", ", ".join(cert.names) or tr("certs.no_names")),
                ("certs.not_before", cert_details.shown(cert.not_before)), ("certs.not_after", until),
                ("certs.sha256", cert.sha256))
        for key, value in rows:
            label = plain_label(value)
            if key == "certs.not_after" and outside:
                label.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: 600;")
            if key == "certs.sha256":
                label.setStyleSheet("font-family: monospace;")
            form.addRow(plain_label(tr(key), wrap=False), label)
        copy = QPushButton(tr("certs.copy"))
        copy.setAccessibleName(tr("certs.copy.name", n=n))
        copy.clicked.connect(lambda _=False, pem=cert.pem, n=n: self._copy(pem, n))
        self.copy_buttons.append(copy)
        form.addRow("", copy)
        return frame

    def _copy(self, pem: str, n: int) -> None:
        QGuiApplication.clipboard().setText(pem)
        self.status.setText(self.i18n("certs.copied", n=n))
