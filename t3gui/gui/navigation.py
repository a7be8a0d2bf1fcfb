"""The way through the app: start → run → result ⇄ live monitor, and the demo's lab servers.

The pages and the state they share (the options, the report, the run's
samples) live on the main window; this moves between them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStackedWidget

from t3gui.core.check_data import TcpConnectData
from t3gui.core.model import Report, VerdictStatus
from t3gui.core.options import DiagnoseOptions
from t3gui.gui.plain_errors import describe

if TYPE_CHECKING:
    from t3gui.gui.main_window import MainWindow

log = logging.getLogger("t3gui.gui")


def check_count() -> int:
    from t3gui.checks import registry  # loaded with the first run, not with the window

    return len(registry.CHECKS)


class Navigation:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.stack = QStackedWidget()
        # The live monitor's page joins when first used (MainWindow.monitor_page).
        for page in (window.start_page, window.run_page, window.result_page):
            self.stack.addWidget(page)
        window.result_page.nodes.watchRequested.connect(self.open_monitor)  # a server of the table, watched

    def back_from_run(self) -> None:
        w = self.window
        self.stack.setCurrentWidget(w.result_page if w.report and not w.runner.running else w.start_page)

    def start_diagnosis(self, options: DiagnoseOptions) -> None:
        w = self.window
        w.run_samples = []
        w.run_page.begin(options.target.display(), check_count())
        self.stack.setCurrentWidget(w.run_page)
        w.run_page.cancel.setFocus()
        if w.demo_lab is not None:
            w.tasks.spawn(self._start_demo(options))
        else:
            w.options = options
            w.runner.start(options)

    def play_demo(self, scenario: str) -> None:
        self.window.start_page.scenario.setCurrentText(scenario)
        self.window.start_page.start.click()

    def prepare_demo(self) -> None:
        w = self.window
        if w.demo_lab is not None and not w.demo_lab.closed:
            w.tasks.spawn(self._prepare_demo())

    async def _prepare_demo(self) -> None:
        from t3gui.gui.demo_lab import DemoClosed

        w = self.window
        assert w.demo_lab is not None
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            # Qt ran this step while the asyncio loop was not running (a test harness processing
            # events between its steps): start again from within the loop.
            QTimer.singleShot(20, w, self.prepare_demo)
            return
        name = w.start_page.scenario.currentText()
        await w.stop_monitor()  # it may be measuring the server about to stop
        try:
            target = await w.demo_lab.serve(name)
        except DemoClosed:
            return
        except OSError as exc:
            log.warning("demo scenario %s cannot be played: %s", name, exc)
            w.start_page.target.message.show_text(describe(exc, w.i18n.language), error=True)
            return
        if w.start_page.scenario.currentText() == name:
            w.start_page.show_demo_target(target)

    async def _start_demo(self, base: DiagnoseOptions) -> None:
        from t3gui.gui.demo_lab import DemoClosed

        w = self.window
        assert w.demo_lab is not None
        await w.stop_monitor()
        name = w.start_page.scenario.currentText()
        try:
            options = await w.demo_lab.start(name, base)
        except DemoClosed:
            return
        except OSError as exc:
            log.warning("demo scenario %s cannot be played: %s", name, exc)
            w.run_page.on_failed(exc)
            return
        w.start_page.show_demo_target(options.target)
        w.options = options
        w.run_page.begin(options.target.display(), check_count())
        w.runner.start(options)

    def show_result(self, report: Report) -> None:
        """A verdict, from a run of this computer or from a bundle (which then adds its tabs)."""
        w = self.window
        w.report = report
        w.run_page.on_done()
        w.result_page.set_bundle_tabs([])
        w.result_page.show_report(report)
        self.stack.setCurrentWidget(w.result_page)
        w.result_page.banner.setFocus()

    def rerun(self) -> None:
        w = self.window
        if w.options is not None and not w.result_page.bundle_mode:
            w.run_samples = []
            options = w.options
            w.run_page.begin(options.target.display(), check_count())
            self.stack.setCurrentWidget(w.run_page)
            w.runner.start(options)

    def new_diagnosis(self) -> None:
        w = self.window
        w.tasks.spawn(w.stop_monitor())
        self.stack.setCurrentWidget(w.start_page)

    def open_monitor(self, address: str = "") -> None:
        """The live monitor on ``address`` (a server of the report), else on ``watched_address``."""
        w = self.window
        if w.options is None or w.report is None or w.result_page.bundle_mode:
            return  # a bundle's run was made elsewhere: there is nothing here to monitor from
        if address not in (n.address for n in w.report.nodes):
            address = watched_address(w.report, w.options.target.host)
        w.monitor_page.clear()
        w.monitor_page.start(dataclasses.replace(w.options, timeout_s=min(w.options.timeout_s, 2.0)), address)
        w.monitor_page.picker.show_nodes(w.report.nodes, address)
        self.stack.setCurrentWidget(w.monitor_page)

    def close_monitor(self) -> None:
        w = self.window
        w.tasks.spawn(w.stop_monitor())
        self.stack.setCurrentWidget(w.result_page)


def watched_address(report: Report, host: str) -> str:
    """The server the live monitor watches: the first failing one behind the name (what the ticket is
    about), else the one the diagnosis reached, else the name itself."""
    failing = next((n.address for n in report.nodes if n.status is VerdictStatus.FAILED), None)
    if failing is not None:
        return failing
    tcp = TcpConnectData.in_report(report)
    reachable = tcp.reachable if tcp is not None else ()
    return reachable[0] if reachable else host
