"""Two bundles, before and after a fix: the answer in one line, then what changed, highlighted.

The comparison itself is ``bundle_diff``; this draws it. Every string from the
bundles is escaped into the rich text, and cleaned of control characters.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from t3gui.cli.text_report import render
from t3gui.core import catalog
from t3gui.core.bundle.samples_codec import SERIES
from t3gui.core.i18n import check_title
from t3gui.core.model import Finding, Report, Status
from t3gui.core.sanitize import for_display
from t3gui.gui.bundle_diff import Comparison, Figures, SeriesChange, Trend
from t3gui.gui.strings import Translator
from t3gui.gui.theme import VERDICT_COLOURS, verdict_colours

# Cells that changed: a soft tint with dark text, legible on the light and the dark theme alike.
TINTS = {Trend.BETTER: VERDICT_COLOURS["healthy"][1], Trend.WORSE: VERDICT_COLOURS["failed"][1]}
ANSWER_STATUS = {Trend.BETTER: "healthy", Trend.WORSE: "failed", Trend.SAME: "degraded"}


def _e(text: str) -> str:
    return html.escape(for_display(text).replace("\n", " "))


def _cell(text: str, trend: Trend = Trend.SAME, bold: bool = False) -> str:
    body = f"<b>{text}</b>" if bold else text
    if trend in TINTS:
        return f"<td bgcolor='{TINTS[trend]}' style='color:#111'>{body}</td>"
    return f"<td>{body}</td>"


class CompareDialog(QDialog):
    def __init__(self, tr: Translator, comparison: Comparison, files: tuple[Path, Path],
                 created: tuple[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n, self.comparison = tr, comparison
        self.setWindowTitle(tr("compare.title"))
        self.resize(1000, 720)
        self.answer = QLabel()
        self.answer.setTextFormat(Qt.TextFormat.PlainText)  # quotes codes and check names only, but plainly
        self.answer.setWordWrap(True)
        self.answer.setMargin(12)
        self.files = QLabel()
        self.files.setTextFormat(Qt.TextFormat.PlainText)
        self.files.setWordWrap(True)
        self.diff = QTextBrowser()
        self.diff.setOpenLinks(False)
        self.full = [QTextBrowser(), QTextBrowser()]
        full = QWidget()
        row = QHBoxLayout(full)
        for view, report in zip(self.full, (comparison.before, comparison.after), strict=True):
            view.setPlainText(for_display(render(report)))
            row.addWidget(view)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.diff, "")
        self.tabs.addTab(full, "")
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.answer)
        layout.addWidget(self.files)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.names = (files[0].name, files[1].name)
        self.created = created
        self.retranslate()

    # -- the answer ----------------------------------------------------
    def _status(self, report: Report) -> str:
        return self.i18n("compare.status." + report.verdict.status.value)

    def answer_text(self) -> str:
        c, tr = self.comparison, self.i18n
        answer = c.answer()
        b, a = c.before.verdict, c.after.verdict
        language = tr.language
        unchecked = [check_title(u.check, language) for u in a.unchecked[:3]]
        checks = ("、" if language == "zh_CN" else ", ").join(unchecked) + ("…" if len(a.unchecked) > 3 else "")
        return tr(f"compare.answer.{answer.kind}", before=self._status(c.before), after=self._status(c.after),
                  root=b.root_cause.value if b.root_cause else "—", now=a.root_cause.value if a.root_cause else "—",
                  checks=checks)

    # -- the differences -----------------------------------------------
    def _verdict_html(self) -> str:
        tr, c = self.i18n, self.comparison
        trend = c.answer().trend
        rows = [f"<tr><th>{_e(tr('compare.before'))}</th><th>{_e(tr('compare.after'))}</th></tr>",
                "<tr>" + _cell(_e(self._status(c.before)), bold=True)
                + _cell(_e(self._status(c.after)), trend, bold=True) + "</tr>"]
        codes = [r.verdict.root_cause.value if r.verdict.root_cause else "—" for r in (c.before, c.after)]
        rows.append("<tr>" + "".join(_cell(f"<code>{_e(code)}</code>") for code in codes) + "</tr>")
        return (f"<h3>{_e(tr('compare.verdict'))}</h3><table cellpadding='4' cellspacing='0' border='1'>"
                f"{''.join(rows)}</table>")

    def _check_status(self, status: Status | None) -> str:
        return _e(self.i18n("status." + status.value) if status is not None else self.i18n("compare.not_run"))

    def _checks_html(self) -> str:
        tr, c = self.i18n, self.comparison
        parts = [f"<h3>{_e(tr('compare.checks'))}</h3>"]
        if not c.checks:
            return parts[0] + f"<p>{_e(tr('compare.checks.none'))}</p>"
        parts.append(f"<table cellpadding='4' cellspacing='0' border='1'><tr><th>{_e(tr('compare.check'))}</th>"
                     f"<th>{_e(tr('compare.col.before'))}</th><th></th><th>{_e(tr('compare.col.after'))}</th></tr>")
        for change in c.checks:
            parts.append(f"<tr><td>{_e(check_title(change.check, tr.language))} <small><code>{_e(change.check)}"
                         f"</code></small></td><td>{self._check_status(change.before)}</td><td>→</td>"
                         + _cell(self._check_status(change.after), change.trend, bold=True) + "</tr>")
        return "".join(parts) + "</table>"

    def _finding_line(self, f: Finding) -> str:
        title = catalog.entry(f.code, self.i18n.language, f.evidence.get("variant")).title
        severity = self.i18n("severity." + f.severity.value)
        return f"<code>{_e(f.code.value)}</code> {_e(title)} <small>[{_e(severity)}]</small>"

    def _findings_html(self) -> str:
        tr, c = self.i18n, self.comparison
        parts = [f"<h3>{_e(tr('compare.findings'))}</h3>"]
        if not (c.gone or c.new or c.kept):
            return parts[0] + f"<p>{_e(tr('compare.findings.none'))}</p>"
        parts.append("<table cellpadding='4' cellspacing='0' border='1'>")
        for key, findings, trend in (("compare.gone", c.gone, Trend.BETTER), ("compare.new", c.new, Trend.WORSE),
                                     ("compare.kept", c.kept, Trend.SAME)):
            for f in findings:
                parts.append("<tr>" + _cell(_e(tr(key)), trend, bold=True) + f"<td>{self._finding_line(f)}</td></tr>")
        return "".join(parts) + "</table>"

    def _series_name(self, series: str) -> str:
        return self.i18n(f"series.{series}") if series in SERIES else series

    def _series_html(self) -> str:
        tr, c = self.i18n, self.comparison
        parts = [f"<h3>{_e(tr('compare.series'))}</h3>"]
        if not c.series:
            return parts[0] + f"<p>{_e(tr('compare.series.none'))}</p>"
        figures = (("median_ms", tr("compare.ms", name=tr("monitor.median"))),
                   ("p95_ms", tr("compare.ms", name=tr("monitor.p95"))), ("loss_pct", tr("monitor.loss_pct")))
        head = "".join(f"<th colspan='2'>{_e(name)}</th>" for _, name in figures)
        sub = "".join(f"<th>{_e(tr('compare.col.before'))}</th><th>{_e(tr('compare.col.after'))}</th>"
                      for _ in figures)
        parts.append(f"<table cellpadding='4' cellspacing='0' border='1'><tr><th rowspan='2'>"
                     f"{_e(tr('monitor.series'))}</th>{head}<th colspan='2'>{_e(tr('monitor.sent'))}</th></tr>"
                     f"<tr>{sub}<th>{_e(tr('compare.col.before'))}</th><th>{_e(tr('compare.col.after'))}</th></tr>")
        for change in c.series:
            parts.append(self._series_row(change, [f for f, _ in figures]))
        parts.append(f"</table><p><small>{_e(tr('compare.series.note'))}</small></p>")
        return "".join(parts)

    def _series_row(self, change: SeriesChange, figures: list[str]) -> str:
        def value(side: Figures | None, figure: str) -> str:
            number = getattr(side, figure) if side is not None else None
            if number is None:
                return "—"
            return f"{number:.1f}" if figure == "loss_pct" else f"{number:.2f}"

        cells = [f"<td>{_e(self._series_name(change.series))}</td>"]
        for figure in figures:
            cells.append(_cell(value(change.before, figure)))
            cells.append(_cell(value(change.after, figure), change.trend(figure), bold=True))
        for side in (change.before, change.after):
            cells.append(_cell(f"{side.sent:,}" if side is not None else "—"))
        return f"<tr>{''.join(cells)}</tr>"

    def _warnings_html(self) -> str:
        tr, c = self.i18n, self.comparison
        lines = []
        if c.other_server:
            lines.append(tr("compare.other_server", before=for_display(c.before.target.host),
                            after=for_display(c.after.target.host)))
        if c.wrong_order:
            lines.append(tr("compare.wrong_order"))
        return "".join(f"<p style='color:#d32f2f'><b>⚠ {_e(line)}</b></p>" for line in lines)

    def diff_html(self) -> str:
        return "".join((self._warnings_html(), self._verdict_html(), self._checks_html(), self._findings_html(),
                        self._series_html()))

    def retranslate(self) -> None:
        tr = self.i18n
        self.setWindowTitle(tr("compare.title"))
        status = ANSWER_STATUS[self.comparison.answer().trend]
        if self.comparison.after.verdict.status.value == "inconclusive":
            status = "inconclusive"
        fg, bg = verdict_colours(status)
        self.answer.setStyleSheet(f"background: {bg}; color: {fg}; font-size: 16px; font-weight: 600;"
                                  " border-radius: 6px;")
        self.answer.setText(self.answer_text())
        self.answer.setAccessibleName(self.answer_text())
        self.files.setText("\n".join(
            f"{tr(side)}: {tr('compare.file', name=for_display(name), created=created)}"
            for side, name, created in zip(("compare.before", "compare.after"), self.names, self.created,
                                           strict=True)))
        self.diff.setHtml(self.diff_html())
        self.diff.setAccessibleName(tr("compare.title"))
        self.tabs.setTabText(0, tr("compare.tab.diff"))
        self.tabs.setTabText(1, tr("compare.tab.full"))
        self.close_button.setText(tr("dialog.close"))
        self.close_button.setAccessibleName(tr("dialog.close").replace("&", ""))
        for view, name in zip(self.full, self.names, strict=True):
            view.setAccessibleName(for_display(name))
