"""The time of a frame on the monitor page: our redraw (downsample, loss, setData) and Qt's paint.

A day of history on three series, following the live edge; each frame adds a
probe to each series, runs the page's redraw and lets Qt paint what changed.
The paint is timed inside the plot widget's own ``paintEvent``. Two switches
bring back what the page drew before (to compare): pyqtgraph's grid, drawn by
the axis items (``--grid axes``), and wider pens on the RTT curves
(``--pen-width 1.5``). Run through ``bench/bench_gui.py paint``.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.gui_common import SERIES, dispose, load_history, new_window


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def use_old_look(page: Any, grid: str, pen_width: float) -> None:
    import pyqtgraph as pg  # noqa: TID251 - a benchmark of the desktop app

    from t3gui.gui.theme import SERIES_COLOURS
    from t3gui.gui.tick_grid import TickGrid

    if grid == "axes":  # as before t3gui/gui/tick_grid.py: the axes draw the grid across the plot
        for item in [i for i in page.rtt_plot.items if isinstance(i, TickGrid)]:
            page.rtt_plot.removeItem(item)
        page.rtt_plot.showGrid(x=True, y=True, alpha=0.2)
    for series, curve in page.curves.items():
        curve.setPen(pg.mkPen(SERIES_COLOURS.get(series, "#888"), width=pen_width))


def axis_paint_ms(axis: Any, repeat: int) -> tuple[float, float]:
    """Median ms of one axis's paint: its cached picture played, and re-rendered (tick labels laid out)."""
    from PySide6.QtGui import QImage, QPainter  # noqa: TID251

    image = QImage(1200, 800, QImage.Format.Format_ARGB32_Premultiplied)
    played: list[float] = []
    rendered: list[float] = []
    for _ in range(repeat):
        for cached, out in ((False, rendered), (True, played)):
            if not cached:
                axis.picture = None
            painter = QPainter(image)
            started = time.perf_counter()
            axis.paint(painter, None, None)
            out.append((time.perf_counter() - started) * 1000)
            painter.end()
    return statistics.median(played), statistics.median(rendered)


def frame_times(frames: int, hours: float, grid: str, pen_width: float) -> dict[str, Any]:
    from t3gui.core.events import Sample

    app, loop, window = new_window()
    page = window.monitor_page
    window.stack.setCurrentWidget(page)
    now = load_history(page, hours)
    use_old_look(page, grid, pen_width)
    view = page.graphs
    paints: list[float] = []
    painted = [0]
    plain_paint = type(view).paintEvent

    def timed_paint(self: Any, event: Any) -> Any:
        started = time.perf_counter()
        try:
            return plain_paint(self, event)
        finally:
            paints.append((time.perf_counter() - started) * 1000)
            painted[0] += 1

    type(view).paintEvent = timed_paint  # on the class: Qt calls the Python override it finds there
    for _ in range(20):  # settle the layout and the first full paint
        page.redraw()
        app.processEvents()
    paints.clear()
    redraws: list[float] = []
    for seq in range(1, frames + 1):
        now += 0.1
        for series in SERIES:
            page.add_sample(Sample(series, seq, now, 20.0 + seq % 7))
        started = time.perf_counter()
        page.redraw()
        redraws.append((time.perf_counter() - started) * 1000)
        before = painted[0]
        deadline = time.perf_counter() + 1.0
        while painted[0] == before and time.perf_counter() < deadline:
            app.processEvents()
    type(view).paintEvent = plain_paint
    axis = page.rtt_plot.getAxis("left")
    played, rendered = axis_paint_ms(axis, max(5, frames // 10))
    dispose(window)
    loop.close()
    return {"frames": frames, "paints": paints, "redraws": redraws, "axis_played": played,
            "axis_rendered": rendered}


def report(frames: int, hours: float, grid: str, pen_width: float) -> None:
    result = frame_times(frames, hours, grid, pen_width)
    paints, redraws = result["paints"], result["redraws"]
    look = f"grid by {'the axes' if grid == 'axes' else 'the view'}, {pen_width:g} px RTT pens"
    print(f"a frame following the live edge, {hours:g} h of history, {look} ({frames} frames, {len(paints)} paints)")
    print(f"{'  our redraw: downsample, loss, setData (p50 / p99)':<56} {statistics.median(redraws):6.2f} / "
          f"{percentile(redraws, 99):6.2f} ms")
    if paints:
        print(f"{'  Qt paint of the plots (p50 / p99)':<56} {statistics.median(paints):6.2f} / "
              f"{percentile(paints, 99):6.2f} ms")
    print(f"{'  the RTT axis painted: cached picture / re-rendered':<56} {result['axis_played']:6.2f} / "
          f"{result['axis_rendered']:6.2f} ms (median)")
