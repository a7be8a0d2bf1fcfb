"""Light and dark, following the OS; plots follow too."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

VERDICT_COLOURS = {"healthy": ("#1e7d32", "#a5d6a7"), "degraded": ("#a05a00", "#ffcc80"),
                   "failed": ("#b71c1c", "#ef9a9a"),
                   # Its own colour, far from green: something could not be checked.
                   "inconclusive": ("#4a3aa8", "#c5b8f5")}
SERIES_COLOURS = {"t3_udp": "#1f77b4", "t3_tcp": "#9467bd", "tcp_connect": "#ff7f0e", "icmp": "#2ca02c"}


_forced: bool | None = None


def is_dark() -> bool:
    if _forced is not None:
        return _forced
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def apply(app: QApplication, dark: bool | None = None) -> None:
    """Follow the OS, or force a scheme (screenshots; platforms that report none)."""
    global _forced
    _forced = dark
    app.setStyle("Fusion")
    dark = is_dark()
    palette = QPalette()
    if dark:
        for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                             (QPalette.ColorRole.Base, "#171717"), (QPalette.ColorRole.AlternateBase, "#2a2a2a"),
                             (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.Button, "#303134"),
                             (QPalette.ColorRole.ButtonText, "#e8eaed"), (QPalette.ColorRole.Highlight, "#8ab4f8"),
                             (QPalette.ColorRole.HighlightedText, "#202124"),
                             (QPalette.ColorRole.ToolTipBase, "#303134"), (QPalette.ColorRole.ToolTipText, "#e8eaed"),
                             (QPalette.ColorRole.PlaceholderText, "#9aa0a6"), (QPalette.ColorRole.Link, "#8ab4f8")):
            palette.setColor(role, QColor(colour))
    else:
        palette = app.style().standardPalette()
    app.setPalette(palette)
    pg.setConfigOptions(background="#171717" if dark else "w", foreground="#e8eaed" if dark else "#202124",
                        antialias=False)


def verdict_colours(status: str) -> tuple[str, str]:
    """(text, background) of a verdict banner, for the current scheme."""
    strong, soft = VERDICT_COLOURS.get(status, ("#444", "#ddd"))
    return ("#111", soft) if is_dark() else ("#fff", strong)
