"""The monitor's grid: lines at the ticks the axes label, drawn by the view and not by the axes."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from t3gui.gui.monitor_page import MonitorPage
from t3gui.gui.strings import Translator
from t3gui.gui.tick_grid import TickGrid


class LineRecorder(QPainter):
    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.lines: list[tuple[float, float, float, float]] = []

    def drawLine(self, a: QPointF, b: QPointF) -> None:  # type: ignore[override]
        self.lines.append((a.x(), a.y(), b.x(), b.y()))


def test_grid_lines_sit_on_the_axes_ticks_and_the_axes_draw_none(qapp: QApplication) -> None:
    page = MonitorPage(Translator("en"))
    page.resize(1000, 700)
    page.show()
    page.rtt_plot.setXRange(0.0, 300.0, padding=0)
    page.rtt_plot.setYRange(0.0, 10.0, padding=0)
    qapp.processEvents()
    view = page.rtt_plot.getViewBox()
    grids = [item for item in page.rtt_plot.items if isinstance(item, TickGrid)]
    assert len(grids) == 1 and not page.rtt_plot.getAxis("left").grid
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = LineRecorder(image)
    grids[0].paint(painter)
    painter.end()
    vertical = {round(x1, 6) for x1, _, x2, _ in painter.lines if x1 == x2}
    horizontal = {round(y1, 6) for _, y1, _, y2 in painter.lines if y1 == y2}
    labelled_x = page.loss_plot.getAxis("bottom").tickValues(0.0, 300.0, view.width())[0][1]
    labelled_y = page.rtt_plot.getAxis("left").tickValues(0.0, 10.0, view.height())[0][1]
    assert {50.0, 100.0, 250.0} <= vertical and {round(v, 6) for v in labelled_x} <= vertical
    assert {2.0, 4.0, 8.0} <= horizontal and {round(v, 6) for v in labelled_y} <= horizontal
    page.close()
