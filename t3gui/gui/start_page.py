"""The start page: server, token, certificates, depth; every field says what is wrong with it."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from t3gui.core.model import Target, Tier
from t3gui.core.options import DiagnoseOptions
from t3gui.core.profile import Profile
from t3gui.core.profile_options import Given, OptionsError, options_from_profile
from t3gui.core.secret import Secret
from t3gui.gui import validation
from t3gui.gui.fields import TokenField, ValidatedField
from t3gui.gui.settings import AppSettings
from t3gui.gui.strings import Translator, plain, scenario_description

TIERS = (("tier.choice.auto", Tier.ADVANCED, True), ("tier.choice.basic", Tier.BASIC, False),
         ("tier.choice.intermediate", Tier.INTERMEDIATE, False), ("tier.choice.advanced", Tier.ADVANCED, False))


class StartPage(QWidget):
    startRequested = Signal(object)  # DiagnoseOptions
    problem: QMessageBox | None = None  # the box saying why the loaded profile cannot start a diagnosis

    def __init__(self, tr: Translator, settings: AppSettings, demo_scenarios: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n, self.settings = tr, settings
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.target = ValidatedField(lambda t: validation.target(t, self.i18n))
        self.token = TokenField(lambda t: validation.resolve_token(t, self.i18n))
        self.ca_file = ValidatedField(lambda t: validation.pem_file(t, self.i18n, b"CERTIFICATE"), browse=True)
        self.client_cert = ValidatedField(lambda t: validation.pem_file(t, self.i18n, b"CERTIFICATE"), browse=True)
        self.client_key = ValidatedField(self._check_key, browse=True)
        self.tier = QComboBox()
        self.scenario = QComboBox()
        self.scenario_label = QLabel()
        self.scenario_about = QLabel()  # what the picked scenario plays, in the page's language
        self.start = QPushButton()
        self.start.setDefault(True)
        self.start.clicked.connect(self._start)
        self.demo = demo_scenarios is not None
        if demo_scenarios:
            self.scenario.addItems(demo_scenarios)
        form = QFormLayout()
        self.labels = {name: QLabel() for name in ("target", "token", "ca", "client_cert", "client_key", "tier")}
        for name, widget in (("target", self.target), ("token", self.token), ("ca", self.ca_file),
                             ("client_cert", self.client_cert), ("client_key", self.client_key),
                             ("tier", self.tier)):
            self.labels[name].setBuddy(widget.edit if isinstance(widget, ValidatedField) else widget)
            form.addRow(self.labels[name], widget)
        if self.demo:
            picker = QHBoxLayout()
            picker.addWidget(self.scenario)
            picker.addWidget(self.scenario_about, 1)
            form.insertRow(0, self.scenario_label, picker)
            self.scenario.currentTextChanged.connect(lambda _: self._describe_scenario())
            self.scenario_label.setBuddy(self.scenario)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.demo_note)
        layout.addLayout(form)
        layout.addWidget(self.start)
        layout.addStretch(1)
        self._tab_order()
        for field in (self.target, self.token, self.ca_file, self.client_cert, self.client_key):
            field.changed.connect(self._update_start)
        self.client_cert.changed.connect(self.client_key.revalidate)
        self.target.edit.setCompleter(QCompleter(settings.recent_targets))
        if settings.recent_targets and not self.demo:
            self.target.edit.setText(settings.recent_targets[0])
        for key, field in (("ca_file", self.ca_file), ("client_cert", self.client_cert),
                           ("client_key", self.client_key)):
            field.edit.setText(settings.text(key))
        self.demo_target: Target | None = None
        if self.demo:
            self.target.edit.setText("127.0.0.1")
            self.target.setEnabled(False)
            self.scenario.currentTextChanged.connect(lambda _: self.show_demo_target(None))
        self.retranslate()

    def _tab_order(self) -> None:
        """Top to bottom, as the form reads: widgets made out of order would otherwise be visited so."""
        chain: list[QWidget] = [self.scenario] if self.demo else []
        for field in (self.target, self.token, self.ca_file, self.client_cert, self.client_key):
            chain.append(field.edit)
            if field.browse is not None:
                chain.append(field.browse)
        chain += [self.tier, self.start]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_demo_target(self, target: Target | None) -> None:
        """The demo server's real address once it listens (the system chooses its port); None while it starts."""
        self.demo_target = target
        if target is not None:
            self.target.edit.setText(target.display())
            self.target.message.show_text(self.i18n("start.demo_listening"), error=False)
        else:
            self.target.message.show_text(self.i18n("start.demo_starting"), error=False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier):
            focus = QApplication.focusWidget()
            if isinstance(focus, QAbstractButton) and focus is not self.start and self.isAncestorOf(focus):
                focus.click()  # Enter on "Choose…" opens its file dialog, as a button does
            else:
                self._start()
            event.accept()
            return
        super().keyPressEvent(event)

    def _describe_scenario(self) -> None:
        about = scenario_description(self.scenario.currentText(), self.i18n.language) if self.demo else ""
        self.scenario_about.setText(about)
        self.scenario.setAccessibleDescription(about)

    def _check_key(self, text: str) -> tuple[bool, str]:
        ok, message = validation.pem_file(text, self.i18n, b"PRIVATE KEY")
        if ok and text and not self.client_cert.text():
            return False, self.i18n("err.key_without_cert")
        return ok, message

    def _update_start(self) -> None:
        fields = (self.target, self.token, self.ca_file, self.client_cert, self.client_key)
        self.start.setEnabled(all(f.ok for f in fields))

    def retranslate(self) -> None:
        tr = self.i18n
        self.heading.setText(tr("start.heading"))
        self.demo_note.setText(tr("start.demo_note") if self.demo else "")
        self.demo_note.setVisible(self.demo)
        for name, key in (("target", "start.target"), ("token", "start.token"), ("ca", "start.ca"),
                          ("client_cert", "start.client_cert"), ("client_key", "start.client_key"),
                          ("tier", "start.tier")):
            self.labels[name].setText(tr(key))
        self.scenario_label.setText(tr("start.scenario"))
        self.scenario.setAccessibleName(plain(tr("start.scenario")))
        for index in range(self.scenario.count()):
            self.scenario.setItemData(index, scenario_description(self.scenario.itemText(index), tr.language),
                                      Qt.ItemDataRole.ToolTipRole)
        self._describe_scenario()
        self.target.edit.setPlaceholderText(tr("start.target.placeholder"))
        self.token.edit.setPlaceholderText(tr("start.token.placeholder"))
        self.ca_file.edit.setPlaceholderText(tr("start.ca.placeholder"))
        self.client_cert.edit.setPlaceholderText(tr("start.optional_pem"))
        self.client_key.edit.setPlaceholderText(tr("start.optional_pem"))
        self.target.set_accessible(plain(tr("start.target")))
        self.token.set_accessible(plain(tr("start.token")), tr("start.browse"))
        self.ca_file.set_accessible(plain(tr("start.ca")), tr("start.browse"))
        self.client_cert.set_accessible(plain(tr("start.client_cert")), tr("start.browse"))
        self.client_key.set_accessible(plain(tr("start.client_key")), tr("start.browse"))
        current = max(0, self.tier.currentIndex())
        self.tier.clear()
        self.tier.addItems([tr(key) for key, _, _ in TIERS])
        self.tier.setCurrentIndex(current)
        self.tier.setAccessibleName(plain(tr("start.tier")))
        self.start.setText(tr("start.run"))
        self.start.setAccessibleName(plain(tr("start.run")))
        for field in (self.target, self.token, self.ca_file, self.client_cert, self.client_key):
            field.revalidate()
        if self.demo:
            self.show_demo_target(self.demo_target)

    def apply_profile(self, profile: Profile) -> None:
        host, port = profile.get("target", "host"), profile.get("target", "port")
        if host:
            self.target.edit.setText(f"{host}:{port}" if port else str(host))
        for section, key, field in (("tls", "ca_file", self.ca_file), ("tls", "client_cert", self.client_cert),
                                    ("tls", "client_key", self.client_key)):
            path = profile.path_value(section, key)
            if path:
                field.edit.setText(str(path))
        tier = profile.get("diagnosis", "tier")
        if tier:  # the form shows the profile's tier; "automatic" is the advanced tier stopping early
            stop_early = profile.get("diagnosis", "stop_early") is not False
            self.tier.setCurrentIndex(next((i for i, (_, t, early) in enumerate(TIERS)
                                            if t.value == tier and early == (stop_early and t is Tier.ADVANCED)),
                                           self.tier.currentIndex()))
        token_path = profile.path_value("auth", "token_file")
        if token_path:
            self.token.on_file_chosen(token_path)  # the hint then says the token was read from that file
        self.profile = profile

    def options(self) -> DiagnoseOptions:
        """The form on top of the loaded profile, through the same function as the CLI's flags."""
        _, tier, stop_early = TIERS[max(0, self.tier.currentIndex())]

        def path(field: ValidatedField) -> Path | None:
            return Path(field.text()).expanduser() if field.text() else None

        profile: Profile | None = getattr(self, "profile", None)
        token = self.token.token()
        given = Given(target=self.target.text(), token=Secret(token) if token else None, tier=tier.value,
                      stop_early=stop_early, ca_file=path(self.ca_file), client_cert=path(self.client_cert),
                      client_key=path(self.client_key), language=self.i18n.language,
                      thresholds=self.settings.thresholds, token_from_profile=False)
        return options_from_profile(profile, given)

    def _start(self) -> None:
        self.token.revalidate()  # a token file is read again: it may have been renewed since it was typed
        if not self.start.isEnabled():
            return
        if not self.demo:
            self.settings.remember_target(self.target.text())
            for key, field in (("ca_file", self.ca_file), ("client_cert", self.client_cert),
                               ("client_key", self.client_key)):
                self.settings.set_text(key, field.text())
        try:
            options = self.options()
        except OptionsError as exc:  # a profile's value the form does not show (its resolve list)
            if self.problem is not None:
                self.problem.deleteLater()
            box = QMessageBox(QMessageBox.Icon.Warning, "t3gui", exc.text(self.i18n.language),
                              QMessageBox.StandardButton.Ok, self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.open()  # window-modal, without a nested event loop
            self.problem = box
            return
        self.startRequested.emit(options)
