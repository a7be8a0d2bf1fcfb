"""A bundle's probes drawn read-only: round trips and loss per interval of every series, lost
probes as crosses along the bottom, the customer's marks as dashed lines with their notes on hover.

The wheel zooms and a drag moves along the time axis; the round-trip axis fits
what is in view. Series are held in the same rings the live monitor uses, so a
day at 10 Hz is drawn from the visible window only, peak-downsampled per pixel.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from t3gui.core.ring import LOST_BITS, SeriesRing
from t3gui.core.sanitize import for_display
from t3gui.gui.bundle_probes import Probes
from t3gui.gui.strings import Translator
from t3gui.gui.theme import SERIES_COLOURS
from t3gui.gui.tick_grid import TickGrid

MARK_COLOUR = "#d32f2f"
REDRAW_DELAY_MS = 30  # a wheel turn moves the range many times; draw once it settles
AXIS_TITLES_MIN_HEIGHT = 300  # px of both plots: below it the two vertical titles overlap
MIN_BUCKETS = 150  # loss intervals across the view
FEW_POINTS = 300


def mark_tooltip(wall: str, note: str) -> str:
    """Rich text that shows a hostile note as the text it is (a plain string that looks like
    HTML would be rendered as HTML by a tooltip)."""
    return f"<qt><b>{html.escape(for_display(wall))}</b><br>{html.escape(for_display(note))}</qt>"


class BundlePlot(QWidget):
    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = tr
        self.rings: dict[str, SeriesRing] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.loss_curves: dict[str, pg.PlotDataItem] = {}
        self.lost_marks: dict[str, pg.PlotDataItem] = {}
        self.mark_lines: list[pg.InfiniteLine] = []
        self.span: tuple[float, float] = (0.0, 1.0)
        self.spacing = 1.0  # the probes' usual interval: no loss interval is shorter
        self.redraws = 0
        self.graphs = pg.GraphicsLayoutWidget()
        self.rtt_plot = self.graphs.addPlot(row=0, col=0)
        self.loss_plot = self.graphs.addPlot(row=1, col=0)
        self.loss_plot.setXLink(self.rtt_plot)
        self.loss_plot.setMaximumHeight(150)
        self.loss_plot.setYRange(0, 100, padding=0.05)
        self.loss_plot.getAxis("left").setTicks([[(0, "0"), (50, "50"), (100, "100")]])  # legible when short
        self.rtt_plot.addItem(TickGrid(self.loss_plot.getAxis("bottom"), self.rtt_plot.getAxis("left")),
                              ignoreBounds=True)
        self.rtt_plot.hideAxis("bottom")  # the loss plot below shows the shared time axis
        for plot in (self.rtt_plot, self.loss_plot):
            plot.setMouseEnabled(x=True, y=False)  # time is what a technician zooms into
            plot.hideButtons()
        self.loss_plot.getViewBox().disableAutoRange()
        self.rtt_plot.enableAutoRange(axis="y")
        self.rtt_plot.setAutoVisible(y=True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_DELAY_MS)
        self._timer.timeout.connect(self.redraw)
        self.rtt_plot.getViewBox().sigXRangeChanged.connect(lambda *_: self._timer.start())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphs)
        self.retranslate()

    # -- data ------------------------------------------------------------
    def clear(self) -> None:
        for items, plot in ((self.curves, self.rtt_plot), (self.lost_marks, self.rtt_plot),
                            (self.loss_curves, self.loss_plot)):
            for item in items.values():
                plot.removeItem(item)
            items.clear()
        for line in self.mark_lines:
            for plot in (self.rtt_plot, self.loss_plot):
                plot.removeItem(line)  # a no-op on the plot that does not hold it
        self.mark_lines.clear()
        self.rings.clear()

    def show_probes(self, probes: Probes) -> None:
        """Every series of ``probes`` (made ready in a worker thread), the whole span in view."""
        self.clear()
        self.rings = dict(probes.rings)
        for name in self.rings:
            pen = pg.mkPen(SERIES_COLOURS.get(name, "#888"), width=1)
            self.curves[name] = self.rtt_plot.plot(pen=pen, connect="finite")
            self.lost_marks[name] = self.rtt_plot.plot(pen=None, symbol="x", symbolSize=7, symbolPen=pen,
                                                       symbolBrush=None)
            self.loss_curves[name] = self.loss_plot.plot(pen=pen, connect="finite")
        self.span, self.spacing = probes.span, probes.spacing
        pad = (self.span[1] - self.span[0]) * 0.02
        for plot in (self.rtt_plot, self.loss_plot):
            plot.getViewBox().setLimits(xMin=self.span[0] - pad, xMax=self.span[1] + pad)
        self.show_all()

    def show_marks(self, marks: Sequence[Mapping[str, Any]]) -> None:
        for mark in marks:
            t, wall, note = float(mark["t_s"]), str(mark["wall"]), str(mark["note"])
            for plot in (self.rtt_plot, self.loss_plot):
                # The label is a format string to pyqtgraph: a brace from the file must stay a brace.
                label = for_display(wall).replace("{", "{{").replace("}", "}}") if plot is self.rtt_plot else None
                line = pg.InfiniteLine(pos=t, angle=90, movable=False,
                                       pen=pg.mkPen(MARK_COLOUR, width=2, style=Qt.PenStyle.DashLine),
                                       label=label, labelOpts={"position": 0.95, "color": MARK_COLOUR})
                line.setToolTip(mark_tooltip(wall, note))
                plot.addItem(line, ignoreBounds=True)
                self.mark_lines.append(line)

    def show_all(self) -> None:
        self.rtt_plot.setXRange(*self.span, padding=0.02)
        self.redraw()

    def zoom_to(self, t_s: float, span_s: float) -> None:
        self.rtt_plot.setXRange(t_s - span_s / 2, t_s + span_s / 2, padding=0)
        self.redraw()

    # -- drawing ---------------------------------------------------------
    def visible_range(self) -> tuple[float, float]:
        (x0, x1), _ = self.rtt_plot.getViewBox().viewRange()
        return float(x0), float(x1)

    def redraw(self) -> None:
        if not self.rings:
            return
        self.redraws += 1
        x0, x1 = self.visible_range()
        span = max(x1 - x0, 1e-3)
        pixels = max(200, int(self.rtt_plot.getViewBox().width()))
        bucket = max(span / MIN_BUCKETS, 5 * self.spacing)
        for name, ring in self.rings.items():
            t, rtt = ring.downsampled(x0, x1, pixels)
            # A few probes (a diagnosis's, or a deep zoom) get dots: a lone probe draws no line.
            self.curves[name].setData(t, rtt, connect="finite", symbol="o" if self._few(rtt) else None, symbolSize=4,
                                      symbolPen=None, symbolBrush=SERIES_COLOURS.get(name, "#888"))
            lost_t = self._lost_in_view(ring, x0, x1, pixels)
            self.lost_marks[name].setData(lost_t, np.zeros(len(lost_t)))
            starts, loss = ring.loss_per_interval(bucket, x0 - bucket, x1 + bucket)
            self.loss_curves[name].setData(starts + bucket / 2, loss, connect="finite",
                                           symbol="o" if self._few(loss) else None, symbolSize=4, symbolPen=None,
                                           symbolBrush=SERIES_COLOURS.get(name, "#888"))

    @staticmethod
    def _few(values: np.ndarray[Any, Any]) -> bool:
        """Few enough points to dot, and at least one to dot (pyqtgraph cannot bound all-NaN dots)."""
        return len(values) <= FEW_POINTS and bool(np.isfinite(values).any())

    @staticmethod
    def _lost_in_view(ring: SeriesRing, x0: float, x1: float, pixels: int) -> np.ndarray[Any, Any]:
        """The times of lost probes in view, at most one a pixel: every loss shows, at any zoom."""
        t, rtt = ring.window(x0, x1)
        lost: np.ndarray[Any, Any] = t[rtt.view(np.uint16) == LOST_BITS].astype(np.float64)
        if len(lost) <= pixels:
            return lost
        width = (x1 - x0) / pixels
        centres: np.ndarray[Any, Any] = np.unique(np.floor((lost - x0) / width)) * width + x0 + width / 2
        return centres

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_axis_titles()

    def _fit_axis_titles(self) -> None:
        """The vertical axis titles only where there is room for them: on a short page (a small window
        under a cluster's table) they ran into each other; the legend and the table still name the units."""
        tall = self.graphs.height() >= AXIS_TITLES_MIN_HEIGHT
        for plot in (self.rtt_plot, self.loss_plot):
            plot.getAxis("left").showLabel(tall)

    def retranslate(self) -> None:
        tr = self.i18n
        self.rtt_plot.setLabel("left", tr("monitor.rtt"))
        self.loss_plot.setLabel("left", tr("monitor.loss"))
        self.loss_plot.setLabel("bottom", tr("bundle.plot.seconds"))
        self.graphs.setAccessibleName(tr("viewer.tab.plot").replace("&", ""))
        self._fit_axis_titles()  # setLabel shows a title again
