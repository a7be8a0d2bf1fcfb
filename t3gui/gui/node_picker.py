"""Which server the live monitor watches, when several stand behind the name: one entry per server,
worst first (its mark, address and verdict, as the result page's table shows them), the watched one
selected. Hidden for a single server.

Choosing another server moves the monitor there: the page's monitor is stopped (that waits for the
probes in flight to be cancelled), the page cleared, and a monitor started on the chosen address
with the same options. One task does the switching; a choice made while it is still stopping only
changes where it goes next, so there is never a second monitor. Stopping the page (back to the
result, a new diagnosis, closing) ends a switch under way before it starts anything.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from t3gui.core.model import NodeResult
from t3gui.gui.node_table import MARKS, ORDER, one_line, ordered
from t3gui.gui.strings import Translator, plain

if TYPE_CHECKING:
    from t3gui.gui.monitor_page import MonitorPage


class NodePicker(QWidget):
    def __init__(self, tr: Translator, page: MonitorPage) -> None:
        super().__init__()
        self.i18n = tr
        self.page = page
        self.nodes: list[NodeResult] = []  # in the order shown
        self.current = ""  # the address chosen last (or watched first)
        self.wanted: str | None = None  # where a switch under way goes
        self._switch: asyncio.Task[None] | None = None
        self.label = QLabel()
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.label.setBuddy(self.combo)
        self.combo.activated.connect(self._activated)  # the user's choices only, not setCurrentIndex
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self.setVisible(False)

    def show_nodes(self, nodes: tuple[NodeResult, ...], watched: str) -> None:
        """The servers of a report (none, or one: no picker), ``watched`` selected."""
        self.nodes = ordered(nodes) if len(nodes) >= 2 else []
        self.current = watched
        self.setVisible(bool(self.nodes))
        self.retranslate()

    def entry_text(self, node: NodeResult) -> str:
        status = node.status.value if node.status in ORDER else "inconclusive"
        return f"{MARKS.get(node.status, '?')} {one_line(node.address)} — {self.i18n('verdict.' + status)}"

    def retranslate(self) -> None:
        self.label.setText(self.i18n("monitor.server"))
        self.combo.setAccessibleName(plain(self.i18n("monitor.server")))
        self.combo.clear()
        for node in self.nodes:
            self.combo.addItem(self.entry_text(node), node.address)
        self._select(self.current)

    def _select(self, address: str) -> None:
        index = self.combo.findData(address)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def _activated(self, index: int) -> None:
        address = self.combo.itemData(index)
        if isinstance(address, str):
            self.choose(address)

    # -- switching -------------------------------------------------------
    def choose(self, address: str) -> None:
        """Watch ``address`` from now on; the switch runs on the event loop, the GUI never waits for it."""
        self.current = address
        self._select(address)
        if self._switch is None and self.page.monitor is not None and self.page.address == address:
            return  # already watched
        self.wanted = address
        if self._switch is None:
            self._switch = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        try:
            while self.wanted is not None:
                address = self.wanted
                await self.page.halt()
                if self.wanted != address:
                    continue  # chosen again while stopping (or the page was stopped): go there instead
                self.wanted = None
                if self.page.options is not None:
                    self.page.clear()
                    self.page.start(self.page.options, address)
        except Exception as exc:  # a t3gui bug: to the crash handler, not into a task nobody awaits
            sys.excepthook(type(exc), exc, exc.__traceback__)
        finally:
            self._switch = None

    @property
    def switching(self) -> bool:
        return self._switch is not None

    async def cancel(self) -> None:
        """End a switch under way without starting anything (the page is being stopped)."""
        self.wanted = None
        if self._switch is not None:
            await asyncio.shield(self._switch)  # its monitor's stop runs to the end, whoever waits
