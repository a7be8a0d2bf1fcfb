"""Grid lines at an axis's major ticks, drawn by the view instead of by the axes.

pyqtgraph's own grid (``PlotItem.showGrid``) is drawn by the axis items, which
then cover the whole plot: every live redraw of a curve repaints them, tick
labels included, about 1.4 ms an axis a frame. This item draws only the lines,
at the ticks the axes show, and keeps the axes out of the curves' repaints.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainter, QPen


class TickGrid(pg.UIGraphicsItem):  # type: ignore[misc]
    def __init__(self, x_axis: pg.AxisItem, y_axis: pg.AxisItem) -> None:
        super().__init__()
        self.x_axis, self.y_axis = x_axis, y_axis
        # Mid grey reads on light and dark alike; the ticks between the labelled ones fainter.
        self.pens = [QPen(QColor(128, 128, 128, alpha)) for alpha in (70, 30)]
        for pen in self.pens:
            pen.setCosmetic(True)
        self.setZValue(-100)  # under the curves

    def paint(self, painter: QPainter, *args: Any) -> None:
        view = self.getViewBox()
        area = self.boundingRect()
        if view is None or area.isNull():
            return
        x_levels = _tick_levels(self.x_axis, area.left(), area.right(), view.width())
        y_levels = _tick_levels(self.y_axis, area.top(), area.bottom(), view.height())
        for pen, xs, ys in zip(self.pens, x_levels, y_levels, strict=False):
            painter.setPen(pen)
            for x in xs:
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
            for y in ys:
                painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))


def _tick_levels(axis: pg.AxisItem, low: float, high: float, pixels: float) -> list[list[float]]:
    """Tick positions per level, as the axis places them, each level without the ones above it."""
    low, high = min(low, high), max(low, high)
    if pixels <= 0 or high <= low:
        return [[], []]
    levels: list[list[float]] = []
    drawn: set[float] = set()
    for _, values in axis.tickValues(low, high, pixels)[:2]:
        levels.append([float(v) for v in values if float(v) not in drawn])
        drawn.update(float(v) for v in values)
    return levels + [[]] * (2 - len(levels))
