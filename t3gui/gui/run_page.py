"""The run page: checks appear as they start and finish, grouped by tier; Cancel stops everything."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from t3gui.core.events import CheckStarted, TierSkipped
from t3gui.core.model import CheckResult, Status, Tier
from t3gui.core.say import localize
from t3gui.gui.plain_errors import describe, scrub
from t3gui.gui.strings import Translator

ICONS = {Status.PASS: QStyle.StandardPixmap.SP_DialogApplyButton,
         Status.WARN: QStyle.StandardPixmap.SP_MessageBoxWarning,
         Status.FAIL: QStyle.StandardPixmap.SP_MessageBoxCritical,
         Status.SKIP: QStyle.StandardPixmap.SP_MediaSkipForward,
         Status.ERROR: QStyle.StandardPixmap.SP_MessageBoxQuestion}
RUNNING_ICON = QStyle.StandardPixmap.SP_BrowserReload


class RunPage(QWidget):
    cancelRequested = Signal()
    backRequested = Signal()

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = tr
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.cancel = QPushButton()
        self.cancel.clicked.connect(self.cancelRequested)
        self.back = QPushButton()
        self.back.clicked.connect(self.backRequested)
        self.back.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.tier_items: dict[Tier, QTreeWidgetItem] = {}
        self.items: dict[str, QTreeWidgetItem] = {}
        self.results: dict[str, CheckResult] = {}
        self.skipped: dict[Tier, str] = {}
        self.target = ""
        self.failure: BaseException | str | None = None
        self.was_cancelled = False
        self.retranslate()

    def begin(self, target: str, total: int) -> None:
        self.target = target
        self.tree.clear()
        self.tier_items.clear()
        self.items.clear()
        self.results.clear()
        self.skipped.clear()
        for tier in Tier:
            item = QTreeWidgetItem([self.i18n(f"tier.name.{tier.value}")])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
            self.tier_items[tier] = item
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.status.clear()
        self.failure = None
        self.was_cancelled = False
        self.cancel.show()
        self.cancel.setEnabled(True)
        self.back.hide()
        self.retranslate()

    def _item(self, check_id: str, tier: Tier) -> QTreeWidgetItem:
        item = self.items.get(check_id)
        if item is None:
            item = QTreeWidgetItem([self.i18n(f"check.{check_id}"), "", "", ""])
            item.setData(0, Qt.ItemDataRole.UserRole, check_id)
            self.tier_items[tier].addChild(item)
            self.items[check_id] = item
        return item

    def on_started(self, event: CheckStarted) -> None:
        item = self._item(event.check_id, event.tier)
        item.setIcon(1, self.style().standardIcon(RUNNING_ICON))
        item.setText(1, self.i18n("status.running"))

    def on_finished(self, result: CheckResult) -> None:
        self.results[result.id] = result
        item = self._item(result.id, result.tier)
        item.setIcon(1, self.style().standardIcon(ICONS[result.status]))
        item.setText(1, self.i18n(f"status.{result.status.value}"))
        item.setText(2, self.i18n("run.ms", ms=result.duration_ms) if result.status is not Status.SKIP else "")
        summary = self._said(result.summary)
        item.setText(3, summary)
        item.setToolTip(3, summary)
        self.progress.setValue(len(self.results))

    def on_tier_skipped(self, event: TierSkipped) -> None:
        self.skipped[event.tier] = event.reason
        self.tier_items[event.tier].setText(3, self._said(event.reason))

    def _said(self, text: str) -> str:
        """A check's words in the page's language, with no Python exception name left in them."""
        return scrub(localize(text, self.i18n.language), self.i18n.language)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.cancel.isVisible() and self.cancel.isEnabled():
            self.cancel.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def on_done(self) -> None:
        self.cancel.hide()
        self.back.show()

    def on_cancelled(self) -> None:
        self.was_cancelled = True
        self.status.setText(self.i18n("run.cancelled"))
        self._stopped()

    def on_failed(self, reason: BaseException | str) -> None:
        self.failure = reason
        self._show_failure()
        self._stopped()

    def _show_failure(self) -> None:
        if self.failure is None:
            return
        language = self.i18n.language
        words = (describe(self.failure, language) if isinstance(self.failure, BaseException)
                 else scrub(self.failure, language))
        self.status.setText(self.i18n("run.failed", reason=words))

    def _stopped(self) -> None:
        self.cancel.hide()
        self.back.show()
        self.back.setFocus()
        for check_id, item in self.items.items():
            if check_id not in self.results:
                item.setText(1, "—")
                item.setIcon(1, self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserStop))

    def retranslate(self) -> None:
        tr = self.i18n
        self.heading.setText(tr("run.heading", target=self.target))
        self.tree.setHeaderLabels([tr("run.col.check"), tr("run.col.status"), tr("run.col.time"),
                                   tr("run.col.summary")])
        self.tree.setAccessibleName(tr("run.col.check"))
        for tier, item in self.tier_items.items():
            item.setText(0, tr(f"tier.name.{tier.value}"))
        for check_id, item in self.items.items():
            item.setText(0, tr(f"check.{check_id}"))
        for check_id, result in self.results.items():
            self.items[check_id].setText(1, tr(f"status.{result.status.value}"))
            if result.status is not Status.SKIP:
                self.items[check_id].setText(2, tr("run.ms", ms=result.duration_ms))
            self.items[check_id].setText(3, self._said(result.summary))
            self.items[check_id].setToolTip(3, self._said(result.summary))
        for tier, reason in self.skipped.items():
            self.tier_items[tier].setText(3, self._said(reason))
        self._show_failure()
        if self.was_cancelled:
            self.status.setText(tr("run.cancelled"))
        self.cancel.setText(tr("run.cancel"))
        self.cancel.setAccessibleName(tr("run.cancel").replace("&", ""))
        self.back.setText(tr("run.back"))
        self.back.setAccessibleName(tr("run.back").replace("&", ""))
        self.progress.setAccessibleName(tr("run.heading", target=self.target))
