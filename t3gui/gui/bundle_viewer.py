"""An opened bundle, for the technician: beside the findings, the monitor plot, the marks and the
customer's notes, the certificate chain and the timeline, as tabs of the result page.

Everything shown comes from the file and is hostile text: labels are plain
text, never rich text, and every string is stripped of control characters.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from t3gui.core.bundle.reader import Bundle
from t3gui.core.bundle.samples_codec import SERIES
from t3gui.core.i18n import check_title
from t3gui.core.sanitize import for_display
from t3gui.gui import bundle_timeline, cert_details
from t3gui.gui.bundle_diff import Figures
from t3gui.gui.bundle_plot import BundlePlot
from t3gui.gui.bundle_probes import Probes, prepare
from t3gui.gui.cert_page import CertificatesPage, heading, plain_label
from t3gui.gui.strings import Translator, plain
from t3gui.gui.theme import SERIES_COLOURS, configure_plots

MARK_ZOOM_S = 60.0  # a mark double-clicked: this much of the plot around it
# A customer sets a handful of marks; a file may hold 10,000. Past this many, the rest are counted, not drawn.
MAX_MARKS_SHOWN = 300
STATS_COLUMNS = ("monitor.series", "monitor.sent", "monitor.loss_pct", "monitor.median", "monitor.p95")


def wall_time(iso: str) -> str:
    return iso.replace("T", " ").removesuffix("Z")


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(for_display(text).replace("\n", " "))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class BundleViewer(QObject):
    """Owns the pages the result page shows as tabs while a bundle is open."""

    plotRequested = Signal()  # a mark was double-clicked: show the plot, zoomed to it

    def __init__(self, tr: Translator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.i18n = tr
        self.bundle: Bundle | None = None
        self.probes: Probes | None = None  # None while a worker thread reads them
        self.samples_problem = ""
        configure_plots()  # pyqtgraph came with this module, after the theme was applied
        self._build_plot_page()
        self._build_notes_page()
        self.certs_page = CertificatesPage(tr)
        self.timeline_page = _table(2)
        self.timeline_page.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

    def tabs(self) -> list[tuple[QWidget, str]]:
        return [(self.plot_page, "viewer.tab.plot"), (self.notes_page, "viewer.tab.notes"),
                (self.certs_page, "viewer.tab.certs"), (self.timeline_page, "viewer.tab.timeline")]

    # -- pages -----------------------------------------------------------
    def _build_plot_page(self) -> None:
        self.plot_page = QWidget()
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # built from fixed series names, escaped
        self.show_all = QPushButton()
        self.watched = plain_label(wrap=False)  # the server a monitor's probes went to: the file's words
        self.hint = plain_label()
        self.plot_status = plain_label()
        self.plot = BundlePlot(self.i18n)
        self.show_all.clicked.connect(self.plot.show_all)
        self.stats = _table(len(STATS_COLUMNS))
        self.stats.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.legend, 1)
        top.addWidget(self.watched)
        top.addWidget(self.show_all)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.plot)
        split.addWidget(self.stats)
        split.setSizes([400, 140])
        layout = QVBoxLayout(self.plot_page)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.plot_status)
        layout.addWidget(split, 1)

    def _build_notes_page(self) -> None:
        self.notes_page = QWidget()
        self.notes_heading = heading()
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(110)
        self.marks_heading = heading()
        self.marks = _table(3)
        self.marks.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.marks.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.marks.cellDoubleClicked.connect(self._mark_chosen)
        layout = QVBoxLayout(self.notes_page)
        for widget in (self.notes_heading, self.notes, self.marks_heading):
            layout.addWidget(widget)
        layout.addWidget(self.marks, 1)

    # -- data ------------------------------------------------------------
    def show_bundle(self, bundle: Bundle) -> None:
        """The report, manifest, timeline and chain at once; the probes follow with ``show_samples``."""
        self.bundle = bundle
        self.probes, self.samples_problem = None, ""
        self.plot.clear()
        pseudonymized = bundle.manifest.get("pseudonymized") is True
        self.certs_page.show_chain(cert_details.read_chain(bundle.report, bundle.members, pseudonymized),
                                   cert_details.moment(bundle.manifest.get("created_at")))
        self.retranslate()

    def show_probes(self, probes: Probes) -> None:
        """The probes, from ``bundle_probes.prepare`` (run in a worker thread)."""
        self.probes = probes
        self.plot.show_probes(probes)
        self.plot.show_marks(self.marks_shown())
        self.retranslate()

    def samples_failed(self, reason: str) -> None:
        self.probes, self.samples_problem = prepare({}, self.marks_shown()), reason
        self.retranslate()

    def marks_shown(self) -> list[dict[str, Any]]:
        marks: list[dict[str, Any]] = self.bundle.timeline.get("marks", []) if self.bundle else []
        return marks[:MAX_MARKS_SHOWN]

    def _mark_chosen(self, row: int, _column: int) -> None:
        if self.bundle is None or self.probes is None or not self.probes.rings:
            return
        marks = self.marks_shown()
        if 0 <= row < len(marks):
            self.plot.zoom_to(float(marks[row]["t_s"]), MARK_ZOOM_S)
            self.plotRequested.emit()

    # -- texts -----------------------------------------------------------
    def retranslate(self) -> None:
        tr = self.i18n
        self.plot.retranslate()
        self.show_all.setText(tr("bundle.plot.all"))
        self.show_all.setAccessibleName(plain(tr("bundle.plot.all")))
        self.hint.setText(tr("bundle.plot.hint"))
        self.notes_heading.setText(tr("bundle.notes.heading"))
        self.marks_heading.setText(tr("bundle.marks.heading"))
        self.notes.setAccessibleName(tr("bundle.notes.heading"))
        self.marks.setAccessibleName(tr("bundle.marks.heading"))
        self.stats.setAccessibleName(tr("monitor.series"))
        self.timeline_page.setAccessibleName(plain(tr("viewer.tab.timeline")))
        self.certs_page.retranslate()
        self.stats.setHorizontalHeaderLabels([tr(c) for c in STATS_COLUMNS])
        self.marks.setHorizontalHeaderLabels([tr("bundle.marks.at"), tr("bundle.marks.wall"), tr("bundle.marks.note")])
        self.timeline_page.setHorizontalHeaderLabels([tr("timeline.when"), tr("timeline.what")])
        if self.bundle is None:
            return
        self._fill_plot_texts()
        self._fill_notes()
        self._fill_timeline()

    def _series_name(self, series: str) -> str:
        return self.i18n(f"series.{series}") if series in SERIES else for_display(series)

    def _fill_plot_texts(self) -> None:
        tr = self.i18n
        if self.probes is None:
            status = tr("bundle.plot.loading")
        elif self.samples_problem:
            status = tr("bundle.plot.failed", reason=for_display(self.samples_problem).replace("\n", " "))
        elif not self.probes.rings:
            status = tr("bundle.plot.none")
        else:
            status = ""
        self.plot_status.setText(status)
        self.plot_status.setVisible(bool(status))
        for widget in (self.plot, self.stats, self.show_all, self.hint, self.legend):
            widget.setVisible(not status)
        watched = str(self.bundle.timeline.get("watched", "")) if self.bundle is not None else ""
        self.watched.setText(tr("probes_to", address=for_display(watched)) if watched else "")
        # Also above "no probes": which server gave none is what a technician asks next.
        self.watched.setVisible(bool(watched) and self.probes is not None and not self.samples_problem)
        figures = self.probes.figures if self.probes is not None else {}
        self.legend.setText("&nbsp;&nbsp;".join(
            f"<span style='color:{SERIES_COLOURS.get(s, '#888')}'>■</span> {html.escape(self._series_name(s))}"
            for s in figures))
        rows = list(figures.items())
        self.stats.setRowCount(len(rows))
        for row, (series, figures_of_one) in enumerate(rows):
            for column, text in enumerate(self._figure_cells(series, figures_of_one)):
                self.stats.setItem(row, column, _item(text))

    def _figure_cells(self, series: str, f: Figures) -> list[str]:
        def ms(value: float | None) -> str:
            return "—" if value is None else f"{value:.2f}"

        return [self._series_name(series), f"{f.sent:,}", f"{f.loss_pct:.1f}", ms(f.median_ms), ms(f.p95_ms)]

    def _note(self, note: str) -> str:
        # The monitor writes this fixed English note with every mark: say it in the language shown.
        return plain(self.i18n("monitor.mark")) if note == "problem happening now" else for_display(note)

    def _fill_notes(self) -> None:
        assert self.bundle is not None
        tr = self.i18n
        notes = for_display(str(self.bundle.timeline.get("notes", ""))).strip()
        self.notes.setPlainText(notes or tr("bundle.notes.none"))
        marks = self.marks_shown()
        more = len(self.bundle.timeline.get("marks", [])) - len(marks)
        self.marks.clearSpans()
        self.marks.setRowCount(len(marks) + (1 if more or not marks else 0))
        for row, mark in enumerate(marks):
            for column, text in enumerate((f"{float(mark['t_s']):.1f}", str(mark["wall"]), self._note(mark["note"]))):
                self.marks.setItem(row, column, _item(text))
        if more or not marks:
            self.marks.setSpan(len(marks), 0, 1, 3)
            last = tr("bundle.marks.more", n=more) if more else tr("bundle.marks.none")
            self.marks.setItem(len(marks), 0, _item(last))
        self.marks.resizeRowsToContents()

    def _when(self, event: bundle_timeline.Event) -> str:
        if event.t_s is not None:
            return self.i18n("timeline.at", t=event.t_s)
        return self.i18n("timeline.utc", time=wall_time(event.wall)) if event.wall else ""

    def _what(self, event: bundle_timeline.Event) -> str:
        tr, language, v = self.i18n, self.i18n.language, dict(event.values)
        if event.key == "timeline.check":
            v = {"check": check_title(v["check"], language), "status": tr("status." + v["status"]),
                 "ms": tr("run.ms", ms=v["ms"])}
        elif event.key == "timeline.verdict":
            verdict = tr("verdict." + v["status"]) + (f" — {v['code']}" if v["code"] else "")
            v = {"verdict": verdict}
        elif "series" in v:
            v["series"] = self._series_name(v["series"])
        if event.key == "timeline.mark":
            v["note"] = self._note(v["note"])
        return tr(event.key, **v)

    def _fill_timeline(self) -> None:
        assert self.bundle is not None
        b = self.bundle
        probes = self.probes.events if self.probes is not None else []
        events = bundle_timeline.events(b.report, b.manifest, probes)
        self.timeline_page.setRowCount(len(events))
        for row, event in enumerate(events):
            self.timeline_page.setItem(row, 0, _item(self._when(event)))
            self.timeline_page.setItem(row, 1, _item(self._what(event)))
        self.timeline_page.resizeRowsToContents()
