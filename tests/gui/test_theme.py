"""View → Theme: System, Light and Dark, remembered, applied live to every page and plot, and readable.

Contrast is WCAG's: ≥ 4.5 for text, ≥ 3 for disabled text and for the outlines
that show where a field, button, check box or radio button is (WCAG 1.4.11).
The outlines are measured on pixels Qt drew, not only on the palette.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from t3gui.gui import theme
from t3gui.gui.main_window import MainWindow
from t3gui.gui.settings import AppSettings
from tests.gui.conftest import diagnose, run_until

R = QPalette.ColorRole
ACTIVE, DISABLED = QPalette.ColorGroup.Active, QPalette.ColorGroup.Disabled
TEXT_ON = [(R.Text, R.Base), (R.WindowText, R.Window), (R.ButtonText, R.Button), (R.HighlightedText, R.Highlight),
           (R.PlaceholderText, R.Base), (R.ToolTipText, R.ToolTipBase), (R.Link, R.Base), (R.Link, R.Window),
           (R.LinkVisited, R.Base)]
DISABLED_TEXT_ON = [(R.Text, R.Base), (R.WindowText, R.Window), (R.ButtonText, R.Button),
                    (R.PlaceholderText, R.Base), (R.HighlightedText, R.Highlight)]


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    theme.set_mode(qapp, "system")  # the next tests see the app as the OS has it


def test_contrast_is_computed_as_wcag_says() -> None:
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert theme.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_disabled_text_and_outlines_are_readable(scheme: str) -> None:
    palette = theme.palette(scheme)
    low = []
    for fg, bg in TEXT_ON:
        ratio = theme.contrast(palette.color(ACTIVE, fg), palette.color(ACTIVE, bg))
        if ratio < 4.5:
            low.append(f"{fg.name} on {bg.name}: {ratio:.2f}")
    for fg, bg in DISABLED_TEXT_ON:
        ratio = theme.contrast(palette.color(DISABLED, fg), palette.color(DISABLED, bg))
        if ratio < 3.0:
            low.append(f"disabled {fg.name} on {bg.name}: {ratio:.2f}")
    enabled, disabled = theme.OUTLINES[scheme]
    for bg in (R.Window, R.Base, R.Button):
        for outline, group in ((enabled, ACTIVE), (disabled, DISABLED)):
            ratio = theme.contrast(outline, palette.color(group, bg))
            if ratio < 3.0:
                low.append(f"outline {outline} on {group.name} {bg.name}: {ratio:.2f}")
    # Disabled must also look disabled: not the same colour as enabled text.
    assert palette.color(DISABLED, R.Text) != palette.color(ACTIVE, R.Text)
    assert palette.color(DISABLED, R.ButtonText) != palette.color(ACTIVE, R.ButtonText)
    assert not low, low


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_verdict_banners_are_readable(scheme: str, themed: QApplication) -> None:
    theme.set_mode(themed, scheme)
    for status in theme.VERDICT_COLOURS:
        fg, bg = theme.verdict_colours(status)
        assert theme.contrast(fg, bg) >= 4.5, (scheme, status)


def test_chain_links_are_readable_in_both_schemes() -> None:
    from t3gui.gui.chain_view import COLOURS

    for state, (light, dark) in COLOURS.items():
        # The chain writes white on the light scheme's colours and near-black on the dark scheme's.
        assert theme.contrast("#fff", light) >= 4.5, (state, light)
        assert theme.contrast("#111", dark) >= 4.5, (state, dark)


def _outline_contrast(widget: QWidget, window: QColor) -> float:
    """The strongest contrast to the window of the pixels where ``widget``'s outline is drawn: the
    indicator of a check box or radio button, the top edge of a field or button."""
    image = widget.grab().toImage()
    indicator = isinstance(widget, (QCheckBox, QRadioButton))
    columns = range(min(18, image.width())) if indicator else [image.width() // 2]
    rows = range(image.height()) if indicator else range(4)
    return max(theme.contrast(QColor(image.pixel(x, y)), window) for x in columns for y in rows)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_indicators_disabled_fields_and_a_disabled_start_button_stand_out(
        scheme: str, themed: QApplication, qtbot: QtBot) -> None:
    theme.set_mode(themed, scheme)
    page = QWidget()
    qtbot.addWidget(page)
    radio, check, field, start = QRadioButton("radio"), QCheckBox("check"), QLineEdit("field"), QPushButton("Start")
    field.setEnabled(False)
    start.setEnabled(False)
    start.setDefault(True)
    layout = QVBoxLayout(page)
    for widget in (radio, check, field, start):
        layout.addWidget(widget)
    page.show()
    qtbot.waitExposed(page)
    window = page.palette().color(ACTIVE, R.Window)
    assert window == QColor(theme.PALETTES[scheme][R.Window][0])
    seen = {type(w).__name__: round(_outline_contrast(w, window), 2) for w in (radio, check, field, start)}
    assert all(ratio >= 3.0 for ratio in seen.values()), seen


@pytest.fixture
def window(loop: asyncio.AbstractEventLoop, settings: AppSettings, themed: QApplication) -> Iterator[MainWindow]:
    window = MainWindow(settings, "en", demo=True, monitor_capacity=10_000)
    window.show()
    yield window
    loop.run_until_complete(window.shutdown())
    window.close()
    window.deleteLater()


def _plot_background(window: MainWindow) -> QColor:
    return QColor(window.monitor_page.graphs.backgroundBrush().color())


def test_the_theme_is_applied_live_everywhere_and_remembered(
        window: MainWindow, loop: asyncio.AbstractEventLoop, settings: AppSettings, themed: QApplication) -> None:
    assert [a.text().replace("&", "") for a in window.theme_menu.actions()] == ["System", "Light", "Dark"]
    diagnose(window, loop, "cert-expired")
    window.result_page.monitor.click()
    page = window.monitor_page
    run_until(loop, lambda: "tcp_connect" in page.rings and page.rings["tcp_connect"].count >= 1)
    light_banner = window.result_page.banner.styleSheet()

    window.theme_actions["dark"].trigger()
    assert theme.is_dark() and settings.theme == "dark"
    assert themed.palette().color(R.Window) == QColor(theme.PALETTES["dark"][R.Window][0])
    assert _plot_background(window) == QColor(theme.PLOT_COLOURS["dark"][0])
    axis = page.rtt_plot.getAxis("left")
    assert axis.pen().color() == QColor(theme.PLOT_COLOURS["dark"][1])
    assert window.result_page.banner.styleSheet() != light_banner  # the verdict took the dark colours
    fg, bg = theme.verdict_colours("failed")
    assert bg in window.result_page.banner.styleSheet() and fg in window.result_page.banner.styleSheet()
    # A widget with its own style sheet (the start page's heading) follows the new palette too.
    heading = window.start_page.heading
    assert heading.palette().color(heading.foregroundRole()) == QColor(theme.PALETTES["dark"][R.WindowText][0])

    window.theme_actions["light"].trigger()
    assert not theme.is_dark() and settings.theme == "light"
    assert _plot_background(window) == QColor(theme.PLOT_COLOURS["light"][0])
    assert axis.pen().color() == QColor(theme.PLOT_COLOURS["light"][1])
    assert window.result_page.banner.styleSheet() == light_banner

    window.theme_actions["dark"].trigger()
    settings.sync()
    # A new start: the choice is read back from the settings file and applied before the window shows.
    theme.set_mode(themed, "system")
    again = AppSettings(QSettings(settings.qs.fileName(), QSettings.Format.IniFormat))
    assert again.theme == "dark"
    second = MainWindow(again, "en")
    try:
        assert theme.is_dark() and second.theme_actions["dark"].isChecked()
        assert _plot_background(second) == QColor(theme.PLOT_COLOURS["dark"][0])  # made before the theme was set
    finally:
        loop.run_until_complete(second.shutdown())
        second.close()
        second.deleteLater()


def test_system_follows_the_os_and_a_damaged_setting_falls_back_to_it(
        themed: QApplication, settings: AppSettings) -> None:
    theme.set_mode(themed, "system")
    assert theme.is_dark() == (QGuiApplication.styleHints().colorScheme().name == "Dark")
    settings.qs.setValue("theme", "purple")
    assert settings.theme == "system"
    theme.set_mode(themed, "purple")
    assert theme.mode() == "system"


def test_a_style_that_qt_deleted_is_made_again(themed: QApplication) -> None:
    from PySide6.QtWidgets import QStyleFactory

    theme.set_mode(themed, "dark")
    themed.setStyle(QStyleFactory.create("Fusion"))  # deletes the theme's style
    theme.set_mode(themed, "light")
    assert isinstance(themed.style(), theme._OutlinedStyle)


def test_plots_made_before_a_switch_take_the_new_colours(themed: QApplication, qtbot: QtBot) -> None:
    theme.set_mode(themed, "light")
    host = QWidget()
    qtbot.addWidget(host)
    plot = pg.PlotWidget(parent=host)
    mark = pg.InfiniteLine(pos=1, angle=90, label="12:00:00")
    plot.addItem(mark)
    theme.set_mode(themed, "dark", host)
    assert plot.backgroundBrush().color() == QColor(theme.PLOT_COLOURS["dark"][0])
    assert plot.getAxis("bottom").textPen().color() == QColor(theme.PLOT_COLOURS["dark"][1])
    assert mark.label.color == QColor(theme.PLOT_COLOURS["dark"][1])
