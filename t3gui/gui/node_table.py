"""Several servers behind one name, side by side: one row per server, the ones with a problem first.

Each row: the server's address, its own verdict in the colours of the verdict
banner (marked ✖ when its login fails), and what was found there in plain
words, in the language shown; and, for the technician, each server's own checks
side by side (NodeChecks). The result page shows both for a run and for an
opened bundle alike. Everything comes from a report, which may come from a
file: plain-text cells only, every string through ``for_display``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from t3gui.core import catalog
from t3gui.core.i18n import check_title
from t3gui.core.model import Finding, NodeResult, Report, Status, VerdictStatus
from t3gui.core.sanitize import for_display
from t3gui.core.say import localize
from t3gui.gui.chain_view import COLOURS, SYMBOLS
from t3gui.gui.strings import Translator, plain
from t3gui.gui.theme import is_dark, verdict_colours

# Worst first: the servers to look at lead the list.
ORDER = (VerdictStatus.FAILED, VerdictStatus.INCONCLUSIVE, VerdictStatus.DEGRADED, VerdictStatus.HEALTHY)
MARKS = {VerdictStatus.FAILED: "✖", VerdictStatus.INCONCLUSIVE: "?", VerdictStatus.DEGRADED: "!",
         VerdictStatus.HEALTHY: "✔"}
COLUMNS = ("nodes.address", "nodes.status", "nodes.cause")
VISIBLE_ROWS = 6  # past this many servers the table scrolls rather than push the findings away


def one_line(text: str) -> str:
    return for_display(text).replace("\n", " ")


def ordered(nodes: tuple[NodeResult, ...]) -> list[NodeResult]:
    """Worst first, each status in the order the report gives (the order of the addresses)."""
    return sorted(nodes, key=lambda n: ORDER.index(n.status) if n.status in ORDER else 0)


def cause_finding(node: NodeResult, report: Report) -> Finding | None:
    """The finding that names ``node``'s root cause, about that node."""
    if node.root_cause is None:
        return None
    return next((f for f in report.findings if f.code is node.root_cause
                 and f.evidence.get("address") == node.address), None)


def has_problem(node: NodeResult) -> bool:
    return node.status is not VerdictStatus.HEALTHY


class NodeTable(QWidget):
    """The servers of a report's ``nodes``; hidden when the report has none (one server behind the name).

    A row double-clicked (or Enter on it, or "Watch this server live" from its menu) asks for the
    live monitor on that server, unless the report is a bundle's (``watchable`` off)."""

    watchRequested = Signal(str)  # a server's address

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = tr
        self.report: Report | None = None
        self.rows: list[NodeResult] = []  # in the order shown
        self.watchable = True
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # the host name is from the report
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setStyleSheet("QTableWidget::item { padding: 3px 8px; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Activated: a double-click, or Enter on the selected row (a single click where the platform says so).
        self.table.activated.connect(self._watch_row)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.menu = QMenu(self)
        self.watch_action = QAction(self.menu)
        self.menu.addAction(self.watch_action)
        self.watch_action.triggered.connect(lambda: self._watch_row(self.table.currentIndex()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        self.setVisible(False)

    def show_report(self, report: Report) -> None:
        self.report = report
        self.rows = ordered(report.nodes)
        self.setVisible(bool(self.rows))
        self.retranslate()

    def set_watchable(self, watchable: bool) -> None:
        self.watchable = watchable
        self.table.setAccessibleDescription(plain(self.i18n("nodes.watch.hint")) if watchable else "")
        # The hover text says it too: nothing on the table shows that a row can be double-clicked.
        for row, node in enumerate(self.rows if self.report is not None else []):
            tip = self._tooltip(node)
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if item is not None:
                    item.setToolTip(tip)

    def _tooltip(self, node: NodeResult) -> str:
        sentence = self.cause_text(node)[1]
        return f"{sentence}\n\n{plain(self.i18n('nodes.watch.hint'))}" if self.watchable else sentence

    def _watch_row(self, index: QModelIndex) -> None:
        if self.watchable and 0 <= index.row() < len(self.rows):
            self.watchRequested.emit(self.rows[index.row()].address)

    def _menu(self, at: QPoint) -> None:
        index = self.table.indexAt(at)
        if not index.isValid():  # the menu key: the selected row
            index = self.table.currentIndex()
            at = self.table.visualRect(index).center()
        if not self.watchable or not index.isValid():
            return
        self.table.setCurrentIndex(index)
        self.menu.popup(self.table.viewport().mapToGlobal(at))  # not exec(): no nested event loop

    def cause_text(self, node: NodeResult) -> tuple[str, str]:
        """What was found on ``node``, in a few words and in a sentence, in the language shown."""
        assert self.report is not None
        tr, language = self.i18n, self.i18n.language
        found = cause_finding(node, self.report)
        if node.root_cause is None:
            words = tr("nodes.works") if node.status is VerdictStatus.HEALTHY else tr("nodes.unchecked")
            return words, words if node.status is VerdictStatus.HEALTHY else one_line(node.summary)
        title = catalog.entry(node.root_cause, language, found.evidence.get("variant") if found else None).title
        platform = self.report.platform or "linux"
        # The node's own sentence is in the language the report was made in: rebuilt when it can be.
        sentence = (catalog.render(found.code, found.evidence, language, platform).summary if found is not None
                    else node.summary)
        return one_line(title), one_line(sentence)

    def retranslate(self) -> None:
        tr = self.i18n
        self.table.setHorizontalHeaderLabels([tr(key) for key in COLUMNS])
        self.table.setAccessibleName(plain(tr("nodes.title")))
        self.watch_action.setText(tr("nodes.watch"))
        self.set_watchable(self.watchable)
        if self.report is None:
            return
        host = one_line(self.report.target.host)
        bad = sum(1 for n in self.rows if has_problem(n))
        self.heading.setText(tr("nodes.heading.bad", host=host, bad=bad, total=len(self.rows)) if bad
                             else tr("nodes.heading.ok", host=host, total=len(self.rows)))
        self.table.setRowCount(len(self.rows))
        for row, node in enumerate(self.rows):
            self._fill_row(row, node)
        self.table.resizeRowsToContents()
        self._fit_height()

    def _fill_row(self, row: int, node: NodeResult) -> None:
        tr = self.i18n
        status = node.status.value if node.status in ORDER else "inconclusive"
        verdict = tr("verdict." + status)
        words, sentence = self.cause_text(node)
        address = one_line(node.address)
        fg, bg = verdict_colours(status)
        cells = (address, f"{MARKS.get(node.status, '?')} {verdict}", words)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setToolTip(self._tooltip(node))
            if has_problem(node):
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            if column == 0:  # a screen reader hears the row as one sentence: where, how, and what
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{address}: {verdict}. {sentence}")
            if column == 1:
                item.setBackground(QBrush(QColor(bg)))
                item.setForeground(QBrush(QColor(fg)))
            self.table.setItem(row, column, item)

    def _fit_height(self) -> None:
        rows = min(len(self.rows), VISIBLE_ROWS)
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(rows))
        self.table.setFixedHeight(height + (0 if len(self.rows) <= VISIBLE_ROWS else 2))


_CHECK_STATES = {Status.FAIL: "fail", Status.ERROR: "unchecked", Status.WARN: "warn", Status.PASS: "pass",
                 Status.SKIP: "skip"}


class NodeChecks(QTableWidget):
    """Each server's own checks side by side, for the technician: a row per check, a column per server
    (in the order of the table above, the ones with a problem first), each cell the check's outcome."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(0, 0, parent)
        self.i18n = tr
        self.report: Report | None = None
        self.nodes: list[NodeResult] = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def show_report(self, report: Report) -> None:
        self.report = report
        self.nodes = ordered(report.nodes)
        self.retranslate()

    def check_ids(self) -> list[str]:
        return list(dict.fromkeys(c.id for n in self.nodes for c in n.checks))

    def retranslate(self) -> None:
        tr, language = self.i18n, self.i18n.language
        self.setAccessibleName(plain(tr("viewer.tab.servers")))
        ids = self.check_ids()
        self.setColumnCount(len(self.nodes))
        self.setRowCount(len(ids))
        self.setHorizontalHeaderLabels([f"{MARKS.get(n.status, '?')} {one_line(n.address)}" for n in self.nodes])
        self.setVerticalHeaderLabels([one_line(check_title(i, language)) for i in ids])  # an id may be the file's
        dark = is_dark()
        for column, node in enumerate(self.nodes):
            by_id = {c.id: c for c in node.checks}
            for row, check_id in enumerate(ids):
                result = by_id.get(check_id)
                if result is None:
                    item = QTableWidgetItem("·")
                    item.setToolTip(tr("nodes.not_run"))
                else:
                    state = _CHECK_STATES.get(result.status, "unchecked")
                    item = QTableWidgetItem(f"{SYMBOLS[state]} {tr('status.' + result.status.value)}")
                    item.setToolTip(one_line(localize(result.summary, language)))
                    light, dark_bg = COLOURS[state]
                    item.setBackground(QBrush(QColor(dark_bg if dark else light)))
                    item.setForeground(QBrush(QColor("#111" if dark else "#fff")))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.setItem(row, column, item)
