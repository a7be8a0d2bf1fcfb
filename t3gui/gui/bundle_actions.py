"""Bundles from the File menu and the result page: export, open (the viewer), compare two.

A file that is not an intact bundle is one sentence in a message box; anything
else that goes wrong while reading one is a t3gui bug and goes to the crash
handler, never into a task nobody awaits.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from t3gui.checks.environment import collect as collect_environment
from t3gui.core.bundle.reader import Bundle
from t3gui.core.bundle.samples_codec import SERIES
from t3gui.core.text.words import Localized
from t3gui.gui.bundle_dialog import BundleDialog
from t3gui.gui.strings import plain

if TYPE_CHECKING:
    from t3gui.gui.bundle_viewer import BundleViewer
    from t3gui.gui.compare_dialog import CompareDialog
    from t3gui.gui.main_window import MainWindow


class BundleActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.message: QMessageBox | None = None  # why the last bundle could not be opened
        self.opened: tuple[str, str] | None = None  # the open bundle's file name and creation time
        self.viewer: BundleViewer | None = None  # made when the first bundle is opened
        self.compare_dialog: CompareDialog | None = None

    def _filter(self) -> str:
        return f"{self.window.i18n('bundle.filter')} (*.zip *.age)"

    # -- export ------------------------------------------------------------
    def export_bundle(self, from_monitor: bool) -> BundleDialog | None:
        from t3gui.core.bundle.writer import BundleContent, samples_from_events

        w = self.window
        if w.report is None or (w.result_page.bundle_mode and not from_monitor):
            return None  # an opened bundle is sent as the file it is
        samples = w.monitor_page.series_for_bundle() if from_monitor else samples_from_events(w.run_samples)
        log_text = ""
        if w.crash_log is not None and w.crash_log.exists():
            log_text = w.crash_log.read_text(encoding="utf-8", errors="replace")[-200_000:]
        content = BundleContent(w.report, samples, w.monitor_page.marks_for_bundle() if from_monitor else [],
                                log_text=log_text, environment=collect_environment(),
                                watched=w.monitor_page.address if from_monitor else "")
        secrets = [w.options.token.reveal()] if w.options and w.options.token else []
        profile = getattr(w.start_page, "profile", None)
        dialog = BundleDialog(w.i18n, content, secrets, recipient=profile.get("bundle", "recipient") or ""
                              if profile else "", pseudonymize=bool(profile and profile.get("bundle", "pseudonymize")),
                              parent=w)
        w.tasks.spawn(dialog.build())
        dialog.show()
        return dialog

    # -- reading -----------------------------------------------------------
    def say_problem(self, path: Path, reason: Localized) -> QMessageBox:
        """The sentence saying why a bundle cannot be opened, in the window's language, as plain text: it
        quotes the file."""
        from t3gui.core.report_json import printable

        w = self.window
        said = reason.text(w.i18n.language)
        text = w.i18n("bundle.bad", name=printable(path.name, 200), reason=printable(said.replace("\n", " ")))
        if self.message is not None:
            self.message.deleteLater()
        box = QMessageBox(QMessageBox.Icon.Warning, "t3gui", text, QMessageBox.StandardButton.Ok, w)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()  # window-modal without a nested event loop inside this coroutine
        self.message = box
        return box

    @staticmethod
    def _bug(exc: Exception) -> None:
        """Anything but a BundleError is a t3gui bug: the crash handler writes its log and names the file."""
        sys.excepthook(type(exc), exc, exc.__traceback__)

    async def read_bundle(self, path: Path) -> Bundle | None:
        from t3gui.core.bundle.reader import BundleError, open_bundle, read_file
        from t3gui.core.bundle.seal import SealError, is_sealed, read_identity_file

        w = self.window
        loop = asyncio.get_running_loop()
        from t3gui.checks import registry  # every check (cryptography, dnspython): when a bundle is opened

        known = [c.id for c in registry.CHECKS]
        try:
            data = await loop.run_in_executor(None, read_file, path)
            identities: list[str] = []
            passphrase = None
            if is_sealed(data):
                key_file, _ = QFileDialog.getOpenFileName(w, w.i18n("bundle.sealed"), "", "age (*.txt *.key);;*")
                if key_file:
                    identities = read_identity_file(Path(key_file))
                else:
                    passphrase, ok = QInputDialog.getText(w, "t3gui", w.i18n("bundle.passphrase"),
                                                          QLineEdit.EchoMode.Password)
                    if not ok:
                        return None
            return await loop.run_in_executor(
                None, lambda: open_bundle(data, identities, passphrase, samples=False, known_checks=known))
        except (BundleError, SealError) as exc:
            self.say_problem(path, exc)
            return None

    # -- the viewer --------------------------------------------------------
    def choose_bundle(self) -> None:
        w = self.window
        path, _ = QFileDialog.getOpenFileName(w, plain(w.i18n("bundle.open")).rstrip("…"), "", self._filter())
        if path:
            w.tasks.spawn(self.open_bundle(Path(path)))

    def ensure_viewer(self) -> BundleViewer:
        if self.viewer is None:
            from t3gui.gui.bundle_viewer import BundleViewer  # pyqtgraph's plot parts: on first use only

            w = self.window
            viewer = self.viewer = BundleViewer(w.i18n, w)
            viewer.plotRequested.connect(lambda: w.result_page.tabs.setCurrentWidget(viewer.plot_page))
        return self.viewer

    async def open_bundle(self, path: Path) -> None:
        try:
            await self._open_bundle(path)
        except Exception as exc:  # handed to the crash handler, not swallowed
            self._bug(exc)

    async def _open_bundle(self, path: Path) -> None:
        from t3gui.core.bundle.reader import BundleError, read_samples
        from t3gui.gui.bundle_probes import prepare

        w = self.window
        bundle = await self.read_bundle(path)
        if bundle is None:
            return
        await w.monitor_page.stop()
        w.monitor_page.clear()
        w.options = None
        w.show_result(bundle.report)  # the verdict first; the probes follow from a worker thread
        viewer = self.ensure_viewer()
        viewer.show_bundle(bundle)
        w.result_page.set_bundle_tabs(viewer.tabs())
        w.result_page.note.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the file's name
        self.opened = (path.name, str(bundle.manifest.get("created_at", "?")))
        self._say_opened()
        marks = viewer.marks_shown()
        try:
            probes = await asyncio.get_running_loop().run_in_executor(
                None, lambda: prepare(read_samples(bundle), marks, SERIES))
        except BundleError as exc:
            if viewer.bundle is bundle:
                viewer.samples_failed(exc.text(w.i18n.language))
            self.say_problem(path, exc)
            return
        if viewer.bundle is bundle:  # not replaced by another bundle opened meanwhile
            viewer.show_probes(probes)

    def _say_opened(self) -> None:
        w = self.window
        if self.opened is not None and w.result_page.bundle_mode:
            name, created = self.opened
            w.result_page.note.setText(w.i18n("bundle.opened", name=name, created=created))

    def retranslate(self) -> None:
        self._say_opened()
        if self.viewer is not None:
            self.viewer.retranslate()
        if self.compare_dialog is not None:
            self.compare_dialog.retranslate()

    # -- comparing ---------------------------------------------------------
    def choose_comparison(self) -> None:
        w = self.window
        first, _ = QFileDialog.getOpenFileName(w, w.i18n("compare.pick.before"), "", self._filter())
        if not first:
            return
        second, _ = QFileDialog.getOpenFileName(w, w.i18n("compare.pick.after"), str(Path(first).parent),
                                                self._filter())
        if second:
            w.tasks.spawn(self.compare_bundles(Path(first), Path(second)))

    async def compare_bundles(self, before: Path, after: Path) -> CompareDialog | None:
        try:
            return await self._compare_bundles(before, after)
        except Exception as exc:  # handed to the crash handler, not swallowed
            self._bug(exc)
            return None

    async def _compare_bundles(self, before: Path, after: Path) -> CompareDialog | None:
        from t3gui.core.bundle.reader import BundleError, read_samples
        from t3gui.gui.bundle_diff import compare
        from t3gui.gui.compare_dialog import CompareDialog

        loop = asyncio.get_running_loop()
        bundles, samples = [], []
        for path in (before, after):
            bundle = await self.read_bundle(path)
            if bundle is None:
                return None  # said why; the other file is not asked for
            try:
                samples.append(await loop.run_in_executor(None, read_samples, bundle))
            except BundleError as exc:
                self.say_problem(path, exc)
                return None
            bundles.append(bundle)
        comparison = compare(bundles[0].report, bundles[1].report, samples[0], samples[1], SERIES)
        created = (str(bundles[0].manifest.get("created_at", "?")), str(bundles[1].manifest.get("created_at", "?")))
        if self.compare_dialog is not None:
            self.compare_dialog.deleteLater()
        dialog = CompareDialog(self.window.i18n, comparison, (before, after), created, parent=self.window)
        dialog.show()
        self.compare_dialog = dialog
        return dialog
