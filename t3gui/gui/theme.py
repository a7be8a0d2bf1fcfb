"""Light and dark: the OS's choice or the user's (View → Theme), applied live, plots included.

Both palettes are spelt out, disabled colours too: Fusion's own derive a disabled
text that nearly vanishes, and its outlines (the window colour, darker) are
invisible on a dark window. A proxy style draws the outlines of buttons, fields,
check boxes and radio buttons in a colour that stands out from both the window
and the field; tests/gui/test_theme.py checks every pair's contrast.
"""

from __future__ import annotations

import sys

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

from t3gui.core import series

VERDICT_COLOURS = {"healthy": ("#1e7d32", "#a5d6a7"), "degraded": ("#a05a00", "#ffcc80"),
                   "failed": ("#b71c1c", "#ef9a9a"),
                   # Its own colour, far from green: something could not be checked.
                   "inconclusive": ("#4a3aa8", "#c5b8f5")}
SERIES_COLOURS = series.COLOURS  # declared with the series: the bundle's HTML report draws them too
MODES = ("system", "light", "dark")

R = QPalette.ColorRole
# (active, disabled) colour of each role; the disabled ones stay readable (≥ 3:1) and look disabled.
PALETTES: dict[str, dict[QPalette.ColorRole, tuple[str, str]]] = {
    "light": {
        R.Window: ("#efefef", "#efefef"), R.WindowText: ("#1f1f1f", "#6b6b6b"),
        R.Base: ("#ffffff", "#f4f4f4"), R.AlternateBase: ("#f5f5f5", "#f0f0f0"),
        R.Text: ("#1f1f1f", "#6b6b6b"), R.PlaceholderText: ("#6b6b6b", "#7a7a7a"),
        R.Button: ("#e4e4e4", "#ececec"), R.ButtonText: ("#1f1f1f", "#6b6b6b"),
        R.Highlight: ("#1a5fb4", "#8a8a8a"), R.HighlightedText: ("#ffffff", "#ffffff"),
        R.ToolTipBase: ("#ffffdc", "#ffffdc"), R.ToolTipText: ("#1f1f1f", "#1f1f1f"),
        R.Link: ("#0b57d0", "#6b6b6b"), R.LinkVisited: ("#6a1b9a", "#6b6b6b"), R.BrightText: ("#ffffff", "#ffffff"),
        R.Light: ("#ffffff", "#ffffff"), R.Midlight: ("#f2f2f2", "#f2f2f2"), R.Mid: ("#a0a0a0", "#b8b8b8"),
        R.Dark: ("#7a7a7a", "#9a9a9a"), R.Shadow: ("#5a5a5a", "#7a7a7a"),
    },
    "dark": {
        R.Window: ("#202124", "#202124"), R.WindowText: ("#e8eaed", "#9aa0a6"),
        R.Base: ("#171717", "#26272a"), R.AlternateBase: ("#2a2a2a", "#2a2a2a"),
        R.Text: ("#e8eaed", "#9aa0a6"), R.PlaceholderText: ("#9aa0a6", "#80868b"),
        R.Button: ("#303134", "#2a2b2e"), R.ButtonText: ("#e8eaed", "#9aa0a6"),
        R.Highlight: ("#8ab4f8", "#5f6368"), R.HighlightedText: ("#202124", "#e8eaed"),
        R.ToolTipBase: ("#303134", "#303134"), R.ToolTipText: ("#e8eaed", "#e8eaed"),
        R.Link: ("#8ab4f8", "#9aa0a6"), R.LinkVisited: ("#c58af9", "#9aa0a6"), R.BrightText: ("#ffffff", "#ffffff"),
        R.Light: ("#5f6368", "#4a4c50"), R.Midlight: ("#3c4043", "#35363a"), R.Mid: ("#5f6368", "#4a4c50"),
        R.Dark: ("#101113", "#151618"), R.Shadow: ("#000000", "#000000"),
    },
}
# The outline of buttons, fields and indicators: ≥ 3:1 against the window and the field (WCAG 1.4.11).
# Fusion draws it as the palette's window colour made 40 % darker, so the style hands it a window
# colour that, darkened so, gives this outline.
OUTLINES = {"light": ("#767676", "#707070"), "dark": ("#9aa0a6", "#80868b")}  # (enabled, disabled)
PLOT_COLOURS = {"light": ("#ffffff", "#202124"), "dark": ("#171717", "#e8eaed")}  # (background, foreground)
_OUTLINED = {QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton,
             QStyle.PrimitiveElement.PE_PanelButtonCommand, QStyle.PrimitiveElement.PE_FrameLineEdit,
             QStyle.PrimitiveElement.PE_PanelLineEdit}

_forced: bool | None = None
_mode = "system"
_style: QProxyStyle | None = None  # kept: Qt does not own a style handed to it from Python


def scheme() -> str:
    return "dark" if is_dark() else "light"


def is_dark() -> bool:
    if _forced is not None:
        return _forced
    if _mode != "system":
        return _mode == "dark"
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def mode() -> str:
    return _mode


def palette(name: str) -> QPalette:
    result = QPalette()
    for role, (active, disabled) in PALETTES[name].items():
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            result.setColor(group, role, QColor(active))
        result.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return result


def _outline_source(outline: str) -> QColor:
    """The window colour that Fusion's 40 % darker turns into ``outline``."""
    colour = QColor(outline)
    return QColor.fromHsv(colour.hsvHue(), colour.hsvSaturation(), min(255, round(colour.value() * 1.4)))


class _OutlinedStyle(QProxyStyle):
    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        if element in _OUTLINED:
            enabled, disabled = OUTLINES[scheme()]
            original = option.palette
            changed = QPalette(original)
            outline = enabled if option.state & QStyle.StateFlag.State_Enabled else disabled
            changed.setColor(QPalette.ColorRole.Window, _outline_source(outline))
            option.palette = changed
            try:
                super().drawPrimitive(element, option, painter, widget)
            finally:
                option.palette = original
            return
        super().drawPrimitive(element, option, painter, widget)


def apply(app: QApplication, dark: bool | None = None) -> None:
    """The scheme of the current mode (the OS's for "system"); ``dark`` forces one (screenshots)."""
    global _forced, _style
    _forced = dark
    if _style is None or not shiboken6.isValid(_style):  # Qt deletes a style another setStyle replaced
        _style = _OutlinedStyle(QStyleFactory.create("Fusion"))
    if app.style() is not _style:
        app.setStyle(_style)
    name = scheme()
    app.setPalette(palette(name))
    if "pyqtgraph" in sys.modules:  # else the first page with a plot sets them (configure_plots)
        configure_plots()


def configure_plots() -> None:
    """pyqtgraph, loaded if it is not yet, makes plots in the scheme's colours from now on.

    Only the pages that draw plots (the live monitor, a bundle's) load it, when first shown:
    the start page opens without it.
    """
    import pyqtgraph as pg

    background, foreground = PLOT_COLOURS[scheme()]
    pg.setConfigOptions(background=background, foreground=foreground, antialias=False)


def set_mode(app: QApplication, new_mode: str, root: QWidget | None = None) -> None:
    """Switch to "system", "light" or "dark" now, plots under ``root`` included."""
    global _mode
    _mode = new_mode if new_mode in MODES else "system"
    apply(app)
    if root is not None:
        restyle(root)


def restyle(root: QWidget) -> None:
    """Widgets with a style sheet keep the palette they were polished with: polish them again."""
    for widget in [root, *root.findChildren(QWidget)]:
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
    restyle_plots(root)


def restyle_plots(root: QWidget) -> None:
    """Plots already drawn take the scheme's colours: pyqtgraph reads its options only for new ones."""
    if "pyqtgraph" not in sys.modules:
        return  # no page with a plot was built yet
    import pyqtgraph as pg

    background, foreground = PLOT_COLOURS[scheme()]
    # Text items in a default colour: a scheme's foreground, or pyqtgraph's own TextItem grey.
    defaults = {QColor(fg).name() for _, fg in PLOT_COLOURS.values()} | {"#c8c8c8"}
    for view in root.findChildren(pg.GraphicsView):
        view.setBackground(background)
        scene = view.scene()
        if scene is None:
            continue
        for item in scene.items():
            if isinstance(item, pg.AxisItem):
                item.setPen(foreground)
                item.setTextPen(foreground)
            elif isinstance(item, pg.LegendItem):
                item.setLabelTextColor(foreground)
            elif isinstance(item, pg.TextItem) and item.color.name() in defaults:
                item.setColor(foreground)  # text in the default colour (a mark's time); coloured text keeps its own


def verdict_colours(status: str) -> tuple[str, str]:
    """(text, background) of a verdict banner, for the current scheme."""
    strong, soft = VERDICT_COLOURS.get(status, ("#444", "#ddd"))
    return ("#111", soft) if is_dark() else ("#fff", strong)


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor | str, b: QColor | str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)
