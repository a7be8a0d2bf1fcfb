"""The bundle's plot on a short page: the vertical axis titles give way rather than run into each other."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from t3gui.gui.bundle_plot import AXIS_TITLES_MIN_HEIGHT, BundlePlot
from t3gui.gui.strings import Translator


def _titles_shown(plot: BundlePlot) -> list[bool]:
    return [p.getAxis("left").label.isVisible() for p in (plot.rtt_plot, plot.loss_plot)]


def test_axis_titles_only_where_they_fit(qapp: QApplication) -> None:
    plot = BundlePlot(Translator("en"))
    plot.show()
    try:
        plot.resize(900, AXIS_TITLES_MIN_HEIGHT - 150)  # under a cluster's table in a 980 x 700 window
        qapp.processEvents()
        assert _titles_shown(plot) == [False, False]
        plot.i18n.language = "zh_CN"
        plot.retranslate()  # a language switch sets the titles again: they stay hidden
        assert _titles_shown(plot) == [False, False]
        plot.resize(900, AXIS_TITLES_MIN_HEIGHT + 200)
        qapp.processEvents()
        assert _titles_shown(plot) == [True, True]
    finally:
        plot.close()
        plot.deleteLater()
