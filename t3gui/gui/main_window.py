"""The main window: start → run → result ⇄ live monitor, with menus and live language switching."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
)

from t3gui import __version__
from t3gui.checks.registry import CHECKS
from t3gui.core.bundle.reader import Bundle
from t3gui.core.model import Report
from t3gui.core.options import DiagnoseOptions
from t3gui.core.paths import log_dir
from t3gui.core.profile import ProfileError, load_profile
from t3gui.core.ring import DAY_AT_10HZ
from t3gui.gui.bundle_dialog import BundleDialog
from t3gui.gui.monitor_page import MonitorPage
from t3gui.gui.plain_errors import describe
from t3gui.gui.result_page import ResultPage
from t3gui.gui.run_page import RunPage
from t3gui.gui.runner import DiagnosisRunner
from t3gui.gui.settings import AppSettings
from t3gui.gui.start_page import StartPage
from t3gui.gui.strings import LANGUAGES, Translator
from t3gui.gui.tasks import TaskSet
from t3gui.gui.thresholds_dialog import ThresholdsDialog

log = logging.getLogger("t3gui.gui")
MINIMUM_SIZE = (760, 560)


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings, language: str, demo: bool = False,
                 monitor_capacity: int | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.i18n = Translator(language)
        self.demo_lab = None
        scenarios = None
        if demo:
            from t3gui.gui.demo_lab import DemoLab

            self.demo_lab = DemoLab()
            scenarios = [s.name for s in self.demo_lab.scenarios]
        self.start_page = StartPage(self.i18n, settings, scenarios)
        self.run_page = RunPage(self.i18n)
        self.result_page = ResultPage(self.i18n)
        self.monitor_page = MonitorPage(self.i18n, capacity=monitor_capacity or DAY_AT_10HZ)
        self.stack = QStackedWidget()
        for page in (self.start_page, self.run_page, self.result_page, self.monitor_page):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.runner = DiagnosisRunner(self)
        self.options: DiagnoseOptions | None = None
        self.report: Report | None = None
        self.run_samples: list[tuple[str, int, float, float | None]] = []
        self.crash_log: Path | None = None  # included in the next bundle's app.log
        self.bundle_message: QMessageBox | None = None  # why the last bundle could not be opened
        self.tasks = TaskSet()
        self._wire()
        self._menus()
        if self.demo_lab is not None:
            self.start_page.scenario.currentTextChanged.connect(lambda _: self.prepare_demo())
            self.prepare_demo()
        self.retranslate()
        # Below this the start page's rows and the result page's buttons no longer fit, in either language.
        self.setMinimumSize(MINIMUM_SIZE[0], MINIMUM_SIZE[1])
        geometry = settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(980, 700)

    # -- wiring ----------------------------------------------------------
    def _wire(self) -> None:
        self.start_page.startRequested.connect(self.start_diagnosis)
        self.run_page.cancelRequested.connect(self.runner.cancel)
        self.run_page.backRequested.connect(
            lambda: self.stack.setCurrentWidget(self.result_page if self.report and not self.runner.running
                                                else self.start_page))
        self.runner.checkStarted.connect(self.run_page.on_started)
        self.runner.checkFinished.connect(self.run_page.on_finished)
        self.runner.tierSkipped.connect(self.run_page.on_tier_skipped)
        self.runner.cancelled.connect(self.run_page.on_cancelled)
        self.runner.failed.connect(self.run_page.on_failed)
        self.runner.finished.connect(self.show_result)
        self.result_page.rerunRequested.connect(self.rerun)
        self.result_page.newRequested.connect(self.new_diagnosis)
        self.result_page.monitorRequested.connect(self.open_monitor)
        self.monitor_page.backRequested.connect(self.close_monitor)
        self.result_page.exportRequested.connect(lambda: self.export_bundle(from_monitor=False))
        self.monitor_page.exportRequested.connect(lambda: self.export_bundle(from_monitor=True))
        self.runner.sample.connect(lambda s: self.run_samples.append((s.series, s.seq, s.t_s, s.rtt_ms)))

    def _spawn(self, coro: Coroutine[Any, Any, object]) -> None:
        self.tasks.spawn(coro)

    def start_diagnosis(self, options: DiagnoseOptions) -> None:
        self.run_samples = []
        self.run_page.begin(options.target.display(), len(CHECKS))
        self.stack.setCurrentWidget(self.run_page)
        self.run_page.cancel.setFocus()
        if self.demo_lab is not None:
            self._spawn(self._start_demo(options))
        else:
            self.options = options
            self.runner.start(options)

    def play_demo(self, scenario: str) -> None:
        """Start the demo on one scenario, as choosing it and pressing Run does."""
        self.start_page.scenario.setCurrentText(scenario)
        self.start_page.start.click()

    def prepare_demo(self) -> None:
        """Start the picked scenario's server at once, so the start page shows its real address."""
        if self.demo_lab is not None and not self.demo_lab.closed:
            self._spawn(self._prepare_demo())

    async def _prepare_demo(self) -> None:
        from t3gui.gui.demo_lab import DemoClosed

        assert self.demo_lab is not None
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            # Qt ran this step while the asyncio loop was not running (a test harness processing
            # events between its steps): start again from within the loop.
            QTimer.singleShot(20, self, self.prepare_demo)
            return
        name = self.start_page.scenario.currentText()
        await self.monitor_page.stop()  # it may be measuring the server about to stop
        try:
            target = await self.demo_lab.serve(name)
        except DemoClosed:
            return
        except OSError as exc:
            log.warning("demo scenario %s cannot be played: %s", name, exc)
            self.start_page.target.message.show_text(describe(exc, self.i18n.language), error=True)
            return
        if self.start_page.scenario.currentText() == name:
            self.start_page.show_demo_target(target)

    async def _start_demo(self, base: DiagnoseOptions) -> None:
        from t3gui.gui.demo_lab import DemoClosed

        assert self.demo_lab is not None
        await self.monitor_page.stop()
        name = self.start_page.scenario.currentText()
        try:
            options = await self.demo_lab.start(name, base)
        except DemoClosed:
            return
        except OSError as exc:
            log.warning("demo scenario %s cannot be played: %s", name, exc)
            self.run_page.on_failed(exc)
            return
        self.start_page.show_demo_target(options.target)
        self.options = options
        self.run_page.begin(options.target.display(), len(CHECKS))
        self.runner.start(options)

    def show_result(self, report: Report) -> None:
        self.report = report
        self.run_page.on_done()
        self.result_page.show_report(report)
        self.stack.setCurrentWidget(self.result_page)
        self.result_page.banner.setFocus()

    def rerun(self) -> None:
        if self.options is not None:
            self.run_samples = []
            options = self.options
            self.run_page.begin(options.target.display(), len(CHECKS))
            self.stack.setCurrentWidget(self.run_page)
            self.runner.start(options)

    def new_diagnosis(self) -> None:
        self._spawn(self.monitor_page.stop())
        self.stack.setCurrentWidget(self.start_page)

    def open_monitor(self) -> None:
        if self.options is None or self.report is None:
            return
        tcp = next((c for c in self.report.checks if c.id == "tcp.connect"), None)
        reachable = [e["address"] for e in (tcp.data.get("endpoints", []) if tcp else []) if e["outcome"] == "open"]
        address = reachable[0] if reachable else self.options.target.host
        self.monitor_page.clear()
        self.monitor_page.start(dataclasses.replace(self.options, timeout_s=min(self.options.timeout_s, 2.0)),
                                address)
        self.stack.setCurrentWidget(self.monitor_page)

    def close_monitor(self) -> None:
        self._spawn(self.monitor_page.stop())
        self.stack.setCurrentWidget(self.result_page)

    # -- bundles ---------------------------------------------------------
    def export_bundle(self, from_monitor: bool) -> BundleDialog | None:
        from t3gui.core.bundle.writer import BundleContent, samples_from_events

        if self.report is None:
            return None
        samples = self.monitor_page.series_for_bundle() if from_monitor else samples_from_events(self.run_samples)
        log_text = ""
        if self.crash_log is not None and self.crash_log.exists():
            log_text = self.crash_log.read_text(encoding="utf-8", errors="replace")[-200_000:]
        content = BundleContent(self.report, samples, self.monitor_page.marks_for_bundle() if from_monitor else [],
                                log_text=log_text)
        secrets = [self.options.token.reveal()] if self.options and self.options.token else []
        profile = getattr(self.start_page, "profile", None)
        dialog = BundleDialog(self.i18n, content, secrets, recipient=profile.get("bundle", "recipient") or ""
                              if profile else "", pseudonymize=bool(profile and profile.get("bundle", "pseudonymize")),
                              parent=self)
        self._spawn(dialog.build())
        dialog.show()
        return dialog

    def choose_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.i18n("bundle.open").replace("&", ""), "",
                                              "t3gui (*.zip *.age);;*")
        if path:
            self._spawn(self.open_bundle(Path(path)))

    def say_bundle_problem(self, path: Path, reason: str) -> QMessageBox:
        """The sentence saying why a bundle cannot be opened, as plain text: it quotes the file."""
        from PySide6.QtCore import Qt

        from t3gui.core.report_json import printable

        text = self.i18n("bundle.bad", name=printable(path.name, 200), reason=printable(reason.replace("\n", " ")))
        if self.bundle_message is not None:
            self.bundle_message.deleteLater()
        box = QMessageBox(QMessageBox.Icon.Warning, "t3gui", text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()  # window-modal without a nested event loop inside this coroutine
        self.bundle_message = box
        return box

    def _bundle_bug(self, exc: Exception) -> None:
        """Anything but a BundleError is a t3gui bug: the crash handler writes its log and names the file,
        rather than the task dropping it where nobody sees it."""
        import sys

        sys.excepthook(type(exc), exc, exc.__traceback__)

    async def read_bundle(self, path: Path) -> Bundle | None:
        from t3gui.core.bundle.reader import BundleError, open_bundle, read_file
        from t3gui.core.bundle.seal import is_sealed, read_identities

        loop = asyncio.get_running_loop()
        known = [c.id for c in CHECKS]
        try:
            data = await loop.run_in_executor(None, read_file, path)
            identities: list[str] = []
            passphrase = None
            if is_sealed(data):
                key_file, _ = QFileDialog.getOpenFileName(self, self.i18n("bundle.sealed"), "", "age (*.txt *.key);;*")
                if key_file:
                    identities = read_identities(Path(key_file).read_text(encoding="utf-8"))
                else:
                    passphrase, ok = QInputDialog.getText(self, "t3gui", self.i18n("bundle.passphrase"),
                                                          QLineEdit.EchoMode.Password)
                    if not ok:
                        return None
            return await loop.run_in_executor(
                None, lambda: open_bundle(data, identities, passphrase, samples=False, known_checks=known))
        except (BundleError, OSError, UnicodeDecodeError) as exc:
            self.say_bundle_problem(path, str(exc))
            return None

    async def open_bundle(self, path: Path) -> None:
        try:
            await self._open_bundle(path)
        except Exception as exc:  # handed to the crash handler, not swallowed
            self._bundle_bug(exc)

    async def _open_bundle(self, path: Path) -> None:
        from PySide6.QtCore import Qt

        bundle = await self.read_bundle(path)
        if bundle is None:
            return
        from t3gui.core.bundle.reader import BundleError, read_samples

        await self.monitor_page.stop()
        self.monitor_page.clear()
        self.options = None
        self.show_result(bundle.report)  # the verdict first; the series follow from a worker thread
        self.result_page.note.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the file's name
        self.result_page.note.setText(self.i18n("bundle.opened", name=path.name,
                                                created=bundle.manifest.get("created_at", "?")))
        try:
            samples = await asyncio.get_running_loop().run_in_executor(None, read_samples, bundle)
        except BundleError as exc:
            self.say_bundle_problem(path, str(exc))
            return
        for series, (t, _, rtt) in samples.items():
            self.monitor_page.load_history(series, t, rtt)

    def choose_comparison(self) -> None:
        first, _ = QFileDialog.getOpenFileName(self, "1", "", "t3gui (*.zip *.age);;*")
        second, _ = QFileDialog.getOpenFileName(self, "2", "", "t3gui (*.zip *.age);;*") if first else ("", "")
        if first and second:
            self._spawn(self.compare_bundles(Path(first), Path(second)))

    async def compare_bundles(self, first: Path, second: Path) -> QDialog | None:
        try:
            return await self._compare_bundles(first, second)
        except Exception as exc:  # handed to the crash handler, not swallowed
            self._bundle_bug(exc)
            return None

    async def _compare_bundles(self, first: Path, second: Path) -> QDialog | None:
        import html

        from t3gui.cli.text_report import render

        bundles = [await self.read_bundle(first), await self.read_bundle(second)]
        if bundles[0] is None or bundles[1] is None:
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle(self.i18n("bundle.compare").replace("&", "").rstrip("…"))
        dialog.resize(1300, 700)
        row = QHBoxLayout(dialog)
        for path, bundle in zip((first, second), bundles, strict=True):
            column = QVBoxLayout()
            column.addWidget(QLabel(f"<b>{html.escape(path.name)}</b>"))
            view = QTextBrowser()
            view.setPlainText(render(bundle.report))  # type: ignore[union-attr]
            view.setAccessibleName(path.name)
            column.addWidget(view)
            row.addLayout(column)
        dialog.show()
        return dialog

    # -- menus -----------------------------------------------------------
    def _menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.open_profile = QAction(self)
        self.open_profile.setShortcut(QKeySequence.StandardKey.Open)
        self.open_profile.triggered.connect(self.choose_profile)
        self.quit = QAction(self)
        self.quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit.triggered.connect(self.close)
        self.open_bundle_action = QAction(self)
        self.open_bundle_action.triggered.connect(self.choose_bundle)
        self.compare_action = QAction(self)
        self.compare_action.triggered.connect(self.choose_comparison)
        self.file_menu.addActions([self.open_profile, self.open_bundle_action, self.compare_action, self.quit])
        self.view_menu = bar.addMenu("")
        self.thresholds_action = QAction(self)
        self.thresholds_action.triggered.connect(self.edit_thresholds)
        self.view_menu.addAction(self.thresholds_action)
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == self.i18n.language)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.help_menu = bar.addMenu("")
        self.open_logs = QAction(self)
        self.open_logs.triggered.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir()))))
        self.about = QAction(self)
        self.about.triggered.connect(lambda: QMessageBox.about(self, "t3gui",
                                                               self.i18n("about.text", version=__version__)))
        self.help_menu.addActions([self.open_logs, self.about])

    def choose_profile(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.i18n("menu.open_profile").replace("&", ""), "",
                                              "TOML (*.toml);;*")
        if path:
            self.load_profile(Path(path))

    def load_profile(self, path: Path) -> None:
        try:
            self.start_page.apply_profile(load_profile(path))
        except ProfileError as exc:
            QMessageBox.warning(self, "t3gui", str(exc))
        self.stack.setCurrentWidget(self.start_page)

    def edit_thresholds(self) -> ThresholdsDialog:
        dialog = ThresholdsDialog(self.i18n, self.settings.thresholds, self)
        dialog.accepted.connect(lambda: setattr(self.settings, "thresholds", dialog.values()))
        dialog.open()
        return dialog

    def set_language(self, language: str) -> None:
        self.i18n.language = language
        self.settings.language = language
        self.language_actions[language].setChecked(True)
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.i18n
        self.setWindowTitle(tr("app.title"))
        self.file_menu.setTitle(tr("menu.file"))
        self.open_profile.setText(tr("menu.open_profile"))
        self.open_bundle_action.setText(tr("bundle.open"))
        self.compare_action.setText(tr("bundle.compare"))
        self.quit.setText(tr("menu.quit"))
        self.view_menu.setTitle(tr("menu.view"))
        self.language_menu.setTitle(tr("menu.language"))
        self.thresholds_action.setText(tr("menu.thresholds"))
        self.help_menu.setTitle(tr("menu.help"))
        self.open_logs.setText(tr("menu.logs"))
        self.about.setText(tr("menu.about"))
        for page in (self.start_page, self.run_page, self.result_page, self.monitor_page):
            page.retranslate()

    # -- closing ---------------------------------------------------------
    async def shutdown(self) -> None:
        self.runner.cancel()
        await self.runner.wait()
        await self.monitor_page.stop()
        if self.demo_lab is not None:
            await self.demo_lab.close()
            self.demo_lab.cleanup()
        await self.tasks.cancel_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.sync()
        super().closeEvent(event)
