"""Where it broke, at a glance: the chain from this computer to the heartbeats, one link per stage.

Each link takes the worst outcome of its checks; the link that holds the root
cause is marked as the break. Clicking a link asks the result page to show that
link's evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from t3gui.core.model import Report, Status
from t3gui.gui.strings import Translator
from t3gui.gui.theme import is_dark


@dataclass(frozen=True)
class Link:
    key: str  # strings: "chain.<key>"
    checks: tuple[str, ...]  # the first is the link's own test: the link works only if that one passed

    @property
    def main(self) -> str:
        return self.checks[0]


# The order a login travels; every check of the registry belongs to exactly one link (a test says so).
LINKS: tuple[Link, ...] = (
    Link("computer", ("local.network", "local.proxy", "clock.skew")),
    Link("dns", ("dns.resolve",)),
    Link("network", ("tcp.connect", "icmp.echo", "path.quality", "path.traceroute", "path.mtu")),
    Link("tls", ("tls.certificate", "tls.handshake")),
    Link("server", ("t3.handshake", "t3.status")),
    Link("login", ("auth.server", "auth.token")),
    Link("heartbeats", ("t3.heartbeat",)),
)

# Worst first: the state a link shows is the first of these that any of its checks has.
STATES = ("broken", "fail", "unchecked", "warn", "skip", "pass", "none")
SYMBOLS = {"broken": "✖", "fail": "✖", "unchecked": "?", "warn": "!", "pass": "✔", "skip": "–", "none": "·"}
# (light, dark) background per state: white text on the light ones, near-black on the dark ones, each
# ≥ 4.5:1 (tests/gui/test_theme.py).
COLOURS = {"broken": ("#b71c1c", "#ef9a9a"), "fail": ("#d32f2f", "#ef5350"), "unchecked": ("#4a3aa8", "#c5b8f5"),
           "warn": ("#a05a00", "#ffcc80"), "pass": ("#2e7d32", "#a5d6a7"), "skip": ("#5f6368", "#b0b5ba"),
           "none": ("#757575", "#80868b")}
_STATUS_STATE = {Status.FAIL: "fail", Status.ERROR: "unchecked", Status.WARN: "warn", Status.PASS: "pass",
                 Status.SKIP: "skip"}


def link_states(report: Report) -> dict[str, str]:
    """The state of every link: the root cause's link is "broken", the rest their worst check."""
    by_check = {c.id: c for c in report.checks}
    unchecked = {u.check for u in report.verdict.unchecked}
    root = next((f for f in report.findings if f.code is report.verdict.root_cause), None)
    states: dict[str, str] = {}
    for link in LINKS:
        found = []
        for check_id in link.checks:
            result = by_check.get(check_id)
            if result is None:
                continue
            state = "unchecked" if check_id in unchecked else _STATUS_STATE[result.status]
            # The other checks of a link only ever make it look worse: a passed ping says
            # nothing of a port that was never tried, a skipped traceroute nothing of one that opened.
            if check_id == link.main or state in ("fail", "unchecked", "warn"):
                found.append(state)
        if root is not None and root.check in link.checks and report.verdict.status.value in ("failed", "degraded"):
            found.append("broken" if report.verdict.status.value == "failed" else "warn")
        states[link.key] = min(found, key=STATES.index) if found else "none"
    return states


class ChainView(QWidget):
    linkClicked = Signal(str)  # the link's key

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = tr
        self.states: dict[str, str] = {}
        self.buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        for i, link in enumerate(LINKS):
            if i:
                arrow = QLabel("→")
                arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                layout.addWidget(arrow)
            button = QToolButton()
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumHeight(48)
            button.clicked.connect(lambda _=False, key=link.key: self.linkClicked.emit(key))
            self.buttons[link.key] = button
            layout.addWidget(button, 1)
        self.retranslate()

    def show_report(self, report: Report) -> None:
        self.states = link_states(report)
        self.retranslate()

    def retranslate(self) -> None:
        dark = is_dark()
        for key, button in self.buttons.items():
            state = self.states.get(key, "none")
            name = self.i18n(f"chain.{key}")
            words = self.i18n(f"chain.state.{state}")
            button.setText(f"{SYMBOLS[state]}\n{name}")
            button.setToolTip(f"{name}: {words}")
            button.setAccessibleName(f"{name}: {words}")
            light_bg, dark_bg = COLOURS[state]
            bg = dark_bg if dark else light_bg
            fg = "#111" if dark else "#fff"
            border = "3px solid " + ("#fff" if dark else "#111") if state == "broken" else "1px solid transparent"
            button.setStyleSheet(f"QToolButton {{ background: {bg}; color: {fg}; border: {border}; "
                                 "border-radius: 6px; padding: 4px; font-weight: bold; }")
