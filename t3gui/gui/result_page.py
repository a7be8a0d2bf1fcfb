"""The result page: the verdict in one sentence and its fix, then findings in causal order.

The report is rebuilt from its texts in the language shown, so switching
language re-renders the findings from the catalog.
"""

from __future__ import annotations

import html
import json
import sys

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from t3gui.cli.text_report import render as render_text
from t3gui.core import catalog, node_checks
from t3gui.core.i18n import check_title, tr
from t3gui.core.model import Report, VerdictStatus
from t3gui.core.nodes import NodeRun
from t3gui.core.report_builder import cluster_summary, for_the_cluster, inconclusive_summary, render_finding
from t3gui.core.sanitize import for_display
from t3gui.core.say import localize, say
from t3gui.gui.chain_view import LINKS, SYMBOLS, ChainView, link_states
from t3gui.gui.node_table import NodeChecks, NodeTable
from t3gui.gui.strings import Translator
from t3gui.gui.theme import verdict_colours


def _anchor(kind: str, name: str) -> str:
    # Anchors carry only safe characters: a check id from a bundle is hostile text.
    return f"{kind}-" + "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)


class ResultPage(QWidget):
    rerunRequested = Signal()
    monitorRequested = Signal()
    newRequested = Signal()
    exportRequested = Signal()

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = tr
        self.report: Report | None = None
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setMargin(12)
        self.customer = QRadioButton()
        self.technician = QRadioButton()
        self.customer.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.customer)
        group.addButton(self.technician)
        self.customer.toggled.connect(self.refresh)
        self.nodes = NodeTable(tr)  # several servers behind the name: each one's verdict
        self.chain = ChainView(tr)
        self.chain.linkClicked.connect(self.show_link)
        self.body = QTextBrowser()
        self.body.setOpenExternalLinks(False)
        self.copy = QPushButton()
        self.copy.clicked.connect(self.copy_summary)
        self.rerun = QPushButton()
        self.rerun.clicked.connect(self.rerunRequested)
        self.monitor = QPushButton()
        self.monitor.clicked.connect(self.monitorRequested)
        self.new = QPushButton()
        self.new.clicked.connect(self.newRequested)
        self.export = QPushButton()
        self.export.clicked.connect(self.exportRequested)
        self.note = QLabel()
        views = QHBoxLayout()
        views.addWidget(self.customer)
        views.addWidget(self.technician)
        views.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        for button in (self.copy, self.export, self.rerun, self.monitor, self.new):
            buttons.addWidget(button)
        # The findings are the first tab; several servers behind the name add each server's checks, and
        # an opened bundle adds its own (plot, notes, certificates, timeline). With the findings alone
        # the tab bar hides and the page reads as one list.
        findings = QWidget()
        findings_layout = QVBoxLayout(findings)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_layout.addLayout(views)
        findings_layout.addWidget(self.body, 1)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)
        self.tabs.addTab(findings, "")
        self.bundle_tabs: list[tuple[QWidget, str]] = []
        self.node_checks = NodeChecks(tr)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.nodes)
        layout.addWidget(self.chain)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def set_bundle_tabs(self, tabs: list[tuple[QWidget, str]]) -> None:
        """Bundle mode: ``tabs`` (page, strings key) beside the findings, and the actions that need a
        run from this computer withdrawn, each saying why. An empty list leaves bundle mode."""
        self.bundle_tabs = list(tabs)
        self._place_tabs()
        self.tabs.setCurrentIndex(0)
        for button in (self.rerun, self.monitor, self.export):
            button.setEnabled(not tabs)
        self.nodes.set_watchable(not tabs)  # a server of a bundle's run is not watched from here either
        self._bundle_texts()

    def _extra_tabs(self) -> list[tuple[QWidget, str]]:
        servers = [(self.node_checks, "viewer.tab.servers")] if self.report is not None and self.report.nodes else []
        return [*servers, *self.bundle_tabs]

    def _place_tabs(self) -> None:
        """The tabs beside the findings: each server's checks when there are several, the bundle's pages."""
        wanted = self._extra_tabs()
        if [self.tabs.widget(i) for i in range(1, self.tabs.count())] == [page for page, _ in wanted]:
            return
        while self.tabs.count() > 1:
            self.tabs.removeTab(1)  # the bundle's pages belong to the bundle viewer, not to this page
        for page, key in wanted:
            self.tabs.addTab(page, self.i18n(key))

    @property
    def bundle_mode(self) -> bool:
        return bool(self.bundle_tabs)

    def _bundle_texts(self) -> None:
        tr = self.i18n
        self.tabs.setTabText(0, tr("viewer.tab.findings"))
        for index, (_, key) in enumerate(self._extra_tabs(), start=1):
            self.tabs.setTabText(index, tr(key))
        for button, key in ((self.rerun, "result.bundle.rerun"), (self.monitor, "result.bundle.monitor"),
                            (self.export, "result.bundle.export")):
            button.setToolTip(tr(key) if self.bundle_tabs else "")

    def show_report(self, report: Report) -> None:
        self.report = report
        self.note.clear()
        self.refresh()

    def _localized(self, report: Report) -> Report:
        """The same report with finding texts in the language shown now."""
        import dataclasses

        language = self.i18n.language
        platform = report.platform or sys.platform  # the fix steps of the OS the report was made on
        findings = tuple(render_finding(f, language, platform) for f in report.findings)
        root = next((f for f in findings if f.code is report.verdict.root_cause), None)
        if report.verdict.status is VerdictStatus.INCONCLUSIVE and report.verdict.unchecked:
            summary = inconclusive_summary(report.verdict.unchecked, language)
        elif root is not None:
            summary = catalog.render(root.code, root.evidence, language, platform).verdict
        else:
            summary = self.i18n("result.none")
        if report.nodes and report.verdict.status is VerdictStatus.FAILED:
            # How many of the servers behind the name fail, and the fix for whoever runs them.
            runs = [NodeRun(node, tuple(f for f in findings if f.evidence.get("address") == node.address), ())
                    for node in report.nodes]
            summary = cluster_summary(summary, root, runs, report.target.host, language, platform)
            findings = tuple(for_the_cluster(findings, report.nodes, report.target.host, language, platform))
        return dataclasses.replace(report, findings=findings, language=language,
                                   verdict=dataclasses.replace(report.verdict, summary=summary))

    def refresh(self) -> None:
        if self.report is None:
            return
        report = self._localized(self.report)
        status = report.verdict.status.value
        fg, bg = verdict_colours(status)
        self.banner.setStyleSheet(f"background: {bg}; color: {fg}; font-size: 15px; border-radius: 6px;")
        lines = [f"<b style='font-size:18px'>{html.escape(self.i18n('verdict.' + status))}</b>",
                 html.escape(report.verdict.summary)]
        root = next((f for f in report.findings if f.code is report.verdict.root_cause), None)
        if root is not None:
            lines.append(f"<b>{html.escape(self.i18n('result.fix'))}:</b> {html.escape(root.remediation)}")
        self.banner.setText(for_display("<br>".join(lines)))
        self.banner.setAccessibleName(f"{self.i18n('verdict.' + status)}. {report.verdict.summary}")
        self.body.setHtml(for_display(self._findings_html(report)))
        self.nodes.show_report(report)
        self.node_checks.show_report(report)
        self._place_tabs()
        self.chain.show_report(report)

    def show_link(self, key: str) -> None:
        """A click on a link of the chain: its first finding, or else its checks in the technician view."""
        if self.report is None:
            return
        link = next(link for link in LINKS if link.key == key)
        self.tabs.setCurrentIndex(0)  # the evidence is among the findings
        index = next((i for i, f in enumerate(self.report.findings) if f.check in link.checks), None)
        if index is None:
            self.technician.setChecked(True)  # re-renders the body with every check
            checks = [c.id for c in self.report.checks if c.id in link.checks]
            if checks:
                self.body.scrollToAnchor(_anchor("check", checks[0]))
            return
        self.body.scrollToAnchor(_anchor("finding", str(index)))

    def _findings_html(self, report: Report) -> str:
        technician = self.technician.isChecked()
        language = self.i18n.language
        parts = [self._unchecked_html(report)]
        parts.append(f"<h3>{html.escape(self.i18n('result.findings'))}</h3>")
        if not report.findings:
            parts.append(f"<p>{html.escape(self.i18n('result.none'))}</p>")
        for index, f in enumerate(report.findings):
            parts.append(f"<a name='{_anchor('finding', str(index))}'></a>")
            entry = catalog.entry(f.code, language, f.evidence.get("variant"))
            text = catalog.render(f.code, f.evidence, language, report.platform or sys.platform)
            severity = self.i18n("severity." + f.severity.value)
            # Several servers behind the name: which one this is about (the address is the report's: escaped).
            address = f.evidence.get("address") if report.nodes else None
            where = (f" — {html.escape(self.i18n('result.on_server', address=str(address)))}"
                     if isinstance(address, str) else "")
            # f.remediation: the catalog's, in the language shown, with the cluster's note when there is one.
            parts.append(f"<p><b>{html.escape(entry.title)}</b>{where} "
                         f"<small>[{html.escape(severity)}] {f.code.value}</small>"
                         f"<br>{html.escape(text.summary)}"
                         f"<br><i>{html.escape(text.technician if technician else text.customer)}</i>"
                         f"<br>{html.escape(self.i18n('result.fix'))}: {html.escape(f.remediation)}</p>")
            if technician and f.evidence:
                evidence = json.dumps(dict(f.evidence), ensure_ascii=False, indent=1, default=str)
                parts.append(f"<pre>{html.escape(self.i18n('result.evidence'))}: {html.escape(evidence)}</pre>")
        if not technician:
            parts.append(self._links_html(report))
        if technician:
            main = node_checks.main_address(report) if report.nodes else None
            heading = (localize(say("nodes.checks.heading", address=main, host=report.target.host), language)
                       if main else self.i18n("result.checks"))
            parts.append(f"<h3>{html.escape(heading)}</h3><table cellpadding='3'>")
            for c in report.checks:
                parts.append(f"<tr><td><a name='{_anchor('check', c.id)}'></a>"
                             f"{html.escape(self.i18n('tier.name.' + c.tier.value))}</td>"
                             f"<td><code>{html.escape(c.id)}</code></td>"
                             f"<td>{html.escape(self.i18n('status.' + c.status.value))}</td>"
                             f"<td>{html.escape(self.i18n('run.ms', ms=c.duration_ms))}</td>"
                             f"<td>{html.escape(localize(c.summary, language))}"
                             f"<b>{html.escape(node_checks.elsewhere_note(report, c, language))}</b></td></tr>")
            parts.append("</table>")
            for c in report.checks:
                if c.data:
                    data = json.dumps(dict(c.data), ensure_ascii=False, indent=1, default=str)
                    parts.append(f"<p><code>{html.escape(c.id)}</code></p><pre>{html.escape(data[:20000])}</pre>")
        return "".join(parts)

    def _links_html(self, report: Report) -> str:
        """Each link of the chain in a line: how it went, in the words of its own test."""
        language = self.i18n.language
        by_check = {c.id: c for c in report.checks}
        states = link_states(report)
        # Several servers behind the name: the link that broke says what broke on which server, not
        # what the server the main run happened to reach said.
        root = next((f for f in report.findings if f.code is report.verdict.root_cause), None)
        address = root.evidence.get("address") if root is not None and report.nodes else None
        node = next((n for n in report.nodes if n.address == address), None)
        rows = []
        for link in LINKS:
            state = states[link.key]
            main = by_check.get(link.main)
            said = html.escape(localize(main.summary, language)) if main is not None else ""
            if state == "broken" and node is not None and root is not None:
                said = html.escape(self.i18n("result.at_server", address=node.address, text=root.summary))
            rows.append(f"<tr><td>{SYMBOLS[state]}</td><td><b>{html.escape(self.i18n('chain.' + link.key))}</b></td>"
                        f"<td>{html.escape(self.i18n('chain.state.' + state))}</td><td>{said}</td></tr>")
        return (f"<h3>{html.escape(self.i18n('result.chain'))}</h3><table cellpadding='3'>{''.join(rows)}</table>")

    def _unchecked_html(self, report: Report) -> str:
        """What could not be checked, each with why and what to try: never hidden behind a green banner."""
        if not report.verdict.unchecked:
            return ""
        language = self.i18n.language
        items = []
        for u in report.verdict.unchecked:
            reason = u.reason.value
            line = (f"<b>{html.escape(check_title(u.check, language))}</b>: "
                    f"{html.escape(tr('reason.' + reason, language))}")
            if u.because is None:
                line += f" — {html.escape(tr('advice.' + reason, language))}"
            else:
                line += f" ({html.escape(check_title(u.because, language))})"
            items.append(f"<li>{line}</li>")
        return f"<h3>{html.escape(tr('unchecked', language))}</h3><ul>{''.join(items)}</ul>"

    def summary_text(self) -> str:
        assert self.report is not None
        return render_text(self._localized(self.report))

    def copy_summary(self) -> None:
        if self.report is None:
            return
        QGuiApplication.clipboard().setText(self.summary_text())
        self.note.setText(self.i18n("result.copied"))

    def retranslate(self) -> None:
        tr = self.i18n
        for button, key in ((self.copy, "result.copy"), (self.export, "bundle.export"), (self.rerun, "result.rerun"),
                            (self.monitor, "result.monitor"), (self.new, "result.new")):
            button.setText(tr(key))
            button.setAccessibleName(tr(key).replace("&", ""))
        self.customer.setText(tr("result.view_customer"))
        self.technician.setText(tr("result.view_technician"))
        self.customer.setAccessibleName(tr("result.view_customer"))
        self.technician.setAccessibleName(tr("result.view_technician"))
        self.body.setAccessibleName(tr("result.findings"))
        self.chain.setAccessibleName(tr("result.chain"))
        self.chain.retranslate()
        self.nodes.retranslate()
        self._bundle_texts()
        self.refresh()
