"""The main window: its pages, menus and live language switching, and the wiring between them.

The way through the pages is ``navigation``; bundles (export, open, compare) are ``bundle_actions``.
The names other code calls on the window stay here, handing over to those two.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
)

from t3gui import __version__
from t3gui.core.model import Report
from t3gui.core.options import DiagnoseOptions
from t3gui.core.profile import ProfileError, load_profile
from t3gui.core.ring import DAY_AT_10HZ
from t3gui.gui import theme
from t3gui.gui.bundle_actions import BundleActions
from t3gui.gui.bundle_dialog import BundleDialog
from t3gui.gui.help_dialog import HelpDialog, LogFolderDialog, open_log_folder
from t3gui.gui.navigation import Navigation
from t3gui.gui.qt_language import QT_LANGUAGE
from t3gui.gui.result_page import ResultPage
from t3gui.gui.run_page import RunPage
from t3gui.gui.runner import DiagnosisRunner
from t3gui.gui.settings import AppSettings
from t3gui.gui.start_page import StartPage
from t3gui.gui.strings import LANGUAGES, Translator
from t3gui.gui.tasks import TaskSet
from t3gui.gui.thresholds_dialog import ThresholdsDialog

if TYPE_CHECKING:
    from t3gui.gui.compare_dialog import CompareDialog
    from t3gui.gui.monitor_page import MonitorPage

MINIMUM_SIZE = (760, 560)


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings, language: str, demo: bool = False,
                 monitor_capacity: int | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.i18n = Translator(language)
        QT_LANGUAGE.use(language)
        self.demo_lab = None
        scenarios = None
        if demo:
            from t3gui.gui.demo_lab import DemoLab

            self.demo_lab = DemoLab()
            scenarios = [s.name for s in self.demo_lab.scenarios]
        self.start_page = StartPage(self.i18n, settings, scenarios)
        self.run_page = RunPage(self.i18n)
        self.result_page = ResultPage(self.i18n)
        self._monitor_capacity = monitor_capacity or DAY_AT_10HZ
        self._monitor_page: MonitorPage | None = None  # built when first used (monitor_page)
        self.runner = DiagnosisRunner(self)
        self.options: DiagnoseOptions | None = None
        self.report: Report | None = None
        self.run_samples: list[tuple[str, int, float, float | None]] = []
        self.crash_log: Path | None = None  # included in the next bundle's app.log
        self.tasks = TaskSet()
        self.navigation = Navigation(self)
        self.stack = self.navigation.stack
        self.setCentralWidget(self.stack)
        self.bundles = BundleActions(self)
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
        self.run_page.backRequested.connect(self.navigation.back_from_run)
        self.runner.checkStarted.connect(self.run_page.on_started)
        self.runner.checkFinished.connect(self.run_page.on_finished)
        self.runner.tierSkipped.connect(self.run_page.on_tier_skipped)
        self.runner.cancelled.connect(self.run_page.on_cancelled)
        self.runner.failed.connect(self.run_page.on_failed)
        self.runner.finished.connect(self.show_result)
        self.result_page.rerunRequested.connect(self.rerun)
        self.result_page.newRequested.connect(self.new_diagnosis)
        self.result_page.monitorRequested.connect(self.open_monitor)
        self.result_page.exportRequested.connect(lambda: self.export_bundle(from_monitor=False))
        self.runner.sample.connect(lambda s: self.run_samples.append((s.series, s.seq, s.t_s, s.rtt_ms)))

    # -- the live monitor's page, built when first used --------------------
    @property
    def monitor_page(self) -> MonitorPage:
        """Built on first use: its plots load pyqtgraph (about 25 MiB and 0.3 s of a start-up, as measured
        by bench/bench_imports.py and bench_gui.py), which the start page does without."""
        if self._monitor_page is None:
            theme.configure_plots()
            from t3gui.gui.monitor_page import MonitorPage

            page = MonitorPage(self.i18n, capacity=self._monitor_capacity)
            page.backRequested.connect(self.close_monitor)
            page.exportRequested.connect(lambda: self.export_bundle(from_monitor=True))
            page.retranslate()
            self.stack.addWidget(page)
            self._monitor_page = page
        return self._monitor_page

    @property
    def built_monitor_page(self) -> MonitorPage | None:
        """The monitor's page if something has used it yet, without building it."""
        return self._monitor_page

    async def stop_monitor(self) -> None:
        """Stop the live monitor if it runs; one never built has nothing to stop."""
        if self._monitor_page is not None:
            await self._monitor_page.stop()

    # -- the way through the pages (navigation.py) -----------------------
    def start_diagnosis(self, options: DiagnoseOptions) -> None:
        self.navigation.start_diagnosis(options)

    def play_demo(self, scenario: str) -> None:
        """Start the demo on one scenario, as choosing it and pressing Run does."""
        self.navigation.play_demo(scenario)

    def prepare_demo(self) -> None:
        """Start the picked scenario's server at once, so the start page shows its real address."""
        self.navigation.prepare_demo()

    def show_result(self, report: Report) -> None:
        self.navigation.show_result(report)

    def rerun(self) -> None:
        self.navigation.rerun()

    def new_diagnosis(self) -> None:
        self.navigation.new_diagnosis()

    def open_monitor(self) -> None:
        self.navigation.open_monitor()

    def close_monitor(self) -> None:
        self.navigation.close_monitor()

    # -- bundles (bundle_actions.py) ---------------------------------------
    @property
    def bundle_message(self) -> QMessageBox | None:
        """Why the last bundle could not be opened."""
        return self.bundles.message

    def export_bundle(self, from_monitor: bool) -> BundleDialog | None:
        return self.bundles.export_bundle(from_monitor)

    def choose_bundle(self) -> None:
        self.bundles.choose_bundle()

    async def open_bundle(self, path: Path) -> None:
        await self.bundles.open_bundle(path)

    def choose_comparison(self) -> None:
        self.bundles.choose_comparison()

    async def compare_bundles(self, before: Path, after: Path) -> CompareDialog | None:
        return await self.bundles.compare_bundles(before, after)

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
        self.theme_menu = self.view_menu.addMenu("")
        themes = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for mode in theme.MODES:
            action = QAction(self, checkable=True)
            action.setChecked(mode == self.settings.theme)
            action.triggered.connect(lambda _=False, m=mode: self.set_theme(m))
            themes.addAction(action)
            self.theme_menu.addAction(action)
            self.theme_actions[mode] = action
        app = QApplication.instance()
        if isinstance(app, QApplication) and self.settings.theme != theme.mode():
            theme.set_mode(app, self.settings.theme, self)  # the pages' plots were made before it
        # After the app's own handler has re-applied the palette (it connected first).
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        self.help_menu = bar.addMenu("")
        self.guide = QAction(self)
        self.guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide.triggered.connect(self.show_help)
        self.open_logs = QAction(self)
        self.open_logs.triggered.connect(self.show_log_folder)
        self.about = QAction(self)
        self.about.triggered.connect(lambda: QMessageBox.about(self, "t3gui",
                                                               self.i18n("about.text", version=__version__)))
        self.help_menu.addActions([self.guide, self.open_logs, self.about])

    def choose_profile(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.i18n("menu.open_profile").replace("&", ""), "",
                                              "TOML (*.toml);;*")
        if path:
            self.load_profile(Path(path))

    def load_profile(self, path: Path) -> None:
        try:
            self.start_page.apply_profile(load_profile(path))
        except ProfileError as exc:
            QMessageBox.warning(self, "t3gui", exc.text(self.i18n.language))
        self.stack.setCurrentWidget(self.start_page)

    def edit_thresholds(self) -> ThresholdsDialog:
        dialog = ThresholdsDialog(self.i18n, self.settings.thresholds, self)
        dialog.accepted.connect(lambda: setattr(self.settings, "thresholds", dialog.values()))
        dialog.open()
        return dialog

    def set_language(self, language: str) -> None:
        self.i18n.language = language
        QT_LANGUAGE.use(language)
        self.settings.language = language
        self.language_actions[language].setChecked(True)
        self.retranslate()

    def set_theme(self, mode: str) -> None:
        """View → Theme: kept in the settings, applied now to every page, plots included."""
        self.settings.theme = mode
        self.theme_actions[mode].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.set_mode(app, mode, self)
        self.retranslate()  # pages that colour by scheme (the verdict, the chain) draw again

    def _system_scheme_changed(self) -> None:
        if theme.mode() == "system":
            theme.restyle(self)
            self.retranslate()

    def show_help(self) -> HelpDialog:
        dialog = HelpDialog(self.i18n, self)
        dialog.show()
        return dialog

    def show_log_folder(self) -> LogFolderDialog | None:
        return open_log_folder(self.i18n, self)

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
        self.theme_menu.setTitle(tr("menu.theme"))
        for mode, action in self.theme_actions.items():
            action.setText(tr(f"theme.{mode}"))
        self.guide.setText(tr("menu.guide"))
        self.thresholds_action.setText(tr("menu.thresholds"))
        self.help_menu.setTitle(tr("menu.help"))
        self.open_logs.setText(tr("menu.logs"))
        self.about.setText(tr("menu.about"))
        for page in (self.start_page, self.run_page, self.result_page, self._monitor_page):
            if page is not None:
                page.retranslate()
        self.bundles.retranslate()

    # -- closing ---------------------------------------------------------
    async def shutdown(self) -> None:
        self.runner.cancel()
        await self.runner.wait()
        await self.stop_monitor()
        if self.demo_lab is not None:
            await self.demo_lab.close()
            self.demo_lab.cleanup()
        await self.tasks.cancel_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.sync()
        super().closeEvent(event)
