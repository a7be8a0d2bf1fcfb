"""The live monitor: RTT and loss plots, an mtr-style table, marks for "problem happening now".

A T3 session that drops is an event, not loss: a shaded region on both plots
and a row of the table, saying whether the server ended the session or the
network stopped answering.

Samples go into fixed-size ring buffers as they arrive; the plots are redrawn
on a timer (at most 10 Hz) from the visible window only, with peak
downsampling, never per sample. The table refreshes once a second from the
rings' running figures.

Where the lines break and how loss is bucketed: t3gui.gui.monitor_lines.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from t3gui.checks.monitor import Monitor, SessionEvent
from t3gui.core.events import Sample
from t3gui.core.options import DiagnoseOptions
from t3gui.core.ring import DAY_AT_10HZ, SeriesRing
from t3gui.core.series import NAMES
from t3gui.gui.monitor_lines import cut_across, loss_bucket
from t3gui.gui.monitor_words import cause_text, outage_text, series_cells
from t3gui.gui.node_picker import NodePicker
from t3gui.gui.strings import Translator
from t3gui.gui.theme import SERIES_COLOURS
from t3gui.gui.tick_grid import TickGrid

INTERVALS_S = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
SERIES = NAMES
FOLLOW_SPAN_S = 300.0
REDRAW_MS = 100  # 10 Hz at most
HUGE_WINDOW_SAMPLES = 300_000  # past this many visible samples, series are refreshed in turn
MAX_OUTAGE_ROWS = 20  # the table shows the latest
MAX_OUTAGES = 1000  # the plot keeps this many: a server flapping for days must not grow the page without end
MAX_PAUSES = 1000  # likewise for pauses
LEGEND_LEFT = 60  # px: the legend starts about where the plot area does
OUTAGE_BRUSH, OUTAGE_PEN = (126, 87, 194, 60), "#7e57c2"
COLUMNS = ("monitor.series", "monitor.sent", "monitor.loss_pct", "monitor.last", "monitor.best", "monitor.median",
           "monitor.p95", "monitor.worst", "monitor.jitter")


@dataclass
class Outage:
    """A time without a T3 session: from its "down" event to the "up" that ended it."""

    down: SessionEvent
    last: SessionEvent  # the latest news: the down itself, a failed retry, the up or giving up
    end_s: float | None = None
    items: list[tuple[pg.PlotItem, pg.GraphicsObject]] = field(default_factory=list)


class MonitorPage(QWidget):
    backRequested = Signal()
    exportRequested = Signal()

    def __init__(self, tr: Translator, capacity: int = DAY_AT_10HZ, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = tr
        self.capacity = capacity
        self.rings: dict[str, SeriesRing] = {}
        # Probes that could say nothing (a refused port, no session): not loss, but the table says so.
        self.unmeasured: dict[str, tuple[int, float]] = {}  # series -> (count, monitor time of the latest)
        self.marks: list[tuple[float, str]] = []
        self._mark_items: list[tuple[pg.PlotItem, pg.InfiniteLine]] = []
        self.pauses: list[list[float | None]] = []  # [start, end]; end None while paused
        self.outages: list[Outage] = []
        self._wall0 = dt.datetime.now()
        self.monitor: Monitor | None = None
        self.options: DiagnoseOptions | None = None  # the monitor's, kept for a switch to another server
        self.address = ""  # the server watched (also once stopped: an export from here names it)
        self._consumer: asyncio.Task[None] | None = None
        self._ending: set[asyncio.Task[None]] = set()  # monitors let go of, still stopping
        self._stale: set[str] = set()  # series whose plotted data is out of date
        self.follow = True
        self.redraws = 0
        self.target = ""

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.graphs = pg.GraphicsLayoutWidget()
        # The legend has a row of its own above the plot: inside it, it hid the data under it.
        self.legend_row = self.graphs.addLayout(row=0, col=0)
        self.rtt_plot = self.graphs.addPlot(row=1, col=0)
        self.loss_plot = self.graphs.addPlot(row=2, col=0)
        self.loss_plot.setXLink(self.rtt_plot)
        self.loss_plot.setMaximumHeight(160)
        self.rtt_plot.addItem(TickGrid(self.loss_plot.getAxis("bottom"), self.rtt_plot.getAxis("left")),
                              ignoreBounds=True)
        self.rtt_plot.hideAxis("bottom")  # the loss plot below shows the shared time axis
        self.loss_plot.setYRange(0, 100)
        # Ranges are set here with hysteresis: an axis whose range moves every frame
        # re-renders its text every frame, which costs more than the curves.
        for plot in (self.rtt_plot, self.loss_plot):
            plot.getViewBox().disableAutoRange()
        self._x_range: tuple[float, float] = (0.0, FOLLOW_SPAN_S)
        self._y_max = 0.0
        self.legend = pg.LegendItem(offset=(LEGEND_LEFT, 1), colCount=len(SERIES))
        self.legend.setParentItem(self.legend_row)
        self._fit_legend()
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.loss_curves: dict[str, pg.PlotDataItem] = {}
        for plot in (self.rtt_plot, self.loss_plot):  # the x axes are linked: a zoom on either is one
            plot.getViewBox().sigRangeChangedManually.connect(self._stop_following)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.interval = QComboBox()
        self.interval.addItems([f"{s:g} s" for s in INTERVALS_S])
        self.interval.setCurrentIndex(INTERVALS_S.index(1.0))
        self.interval.currentIndexChanged.connect(self._interval_changed)
        self.interval_label = QLabel()
        self.interval_label.setBuddy(self.interval)
        self.pause = QPushButton()
        self.pause.setCheckable(True)
        self.pause.toggled.connect(self._paused)
        self.mark = QPushButton()
        self.mark.clicked.connect(self.mark_now)
        self.marks_label = QLabel()
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.session_line = QLabel()  # what the T3 session is doing, once it has dropped
        self.session_line.setWordWrap(True)
        self.session_line.hide()
        self.back = QPushButton()
        self.back.clicked.connect(self.backRequested)
        self.export = QPushButton()
        self.export.clicked.connect(self.exportRequested)
        self.picker = NodePicker(tr, self)  # several servers behind the name: which one is watched
        controls = QHBoxLayout()
        for widget in (self.picker, self.interval_label, self.interval, self.pause, self.mark, self.marks_label):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.export)
        controls.addWidget(self.back)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.graphs)
        splitter.addWidget(self.table)
        splitter.setSizes([420, 160])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(controls)
        layout.addWidget(self.notes)
        layout.addWidget(self.session_line)
        layout.addWidget(splitter, 1)
        self.redraw_timer = QTimer(self)
        self.redraw_timer.setInterval(REDRAW_MS)
        self.redraw_timer.timeout.connect(self.redraw)
        self.table_timer = QTimer(self)
        self.table_timer.setInterval(1000)
        self.table_timer.timeout.connect(self.refresh_table)
        self.retranslate()

    # -- data ------------------------------------------------------------
    def ring(self, series: str) -> SeriesRing:
        ring = self.rings.get(series)
        if ring is None:
            ring = self.rings[series] = SeriesRing(self.capacity)
            colour = SERIES_COLOURS.get(series, "#888")
            curve = self.rtt_plot.plot(pen=pg.mkPen(colour, width=1), connect="finite")
            self.legend.addItem(curve, self.i18n(f"series.{series}"))
            self._fit_legend()
            self.curves[series] = curve  # downsampled here (peak, per pixel), not by pyqtgraph
            self.loss_curves[series] = self.loss_plot.plot(pen=pg.mkPen(colour, width=1), connect="finite")
        return ring

    def add_sample(self, sample: Sample) -> None:
        self.ring(sample.series).add(sample.t_s, sample.rtt_ms)
        self._stale.add(sample.series)

    def _not_measured(self, series: str, seq: int, t_s: float) -> None:
        count, _ = self.unmeasured.get(series, (0, 0.0))
        self.unmeasured[series] = (count + 1, t_s)

    def load_history(self, series: str, t: np.ndarray, rtt: np.ndarray) -> None:
        """Fill a series at once (benchmarks, tests, reopened bundles)."""
        self.ring(series).extend(t, rtt)  # NaN is a lost probe
        self._stale.add(series)

    def _fit_legend(self) -> None:
        self.legend_row.setFixedHeight(max(self.legend.height(), 12.0) + 2)

    def latest_time(self) -> float:
        times = [t for t in (r.last_time() for r in self.rings.values()) if t is not None]
        return max(times, default=0.0)

    # -- drawing ---------------------------------------------------------
    def _stop_following(self) -> None:
        self.follow = False
        self._stale.update(self.rings)  # zoomed or panned: redraw every series in the new view

    def follow_latest(self) -> None:
        """Back to the moving window, at its latest part: new samples show as they come."""
        self.follow = True
        end = self.latest_time()
        self._x_range = (max(0.0, end - 0.9 * FOLLOW_SPAN_S), max(0.0, end - 0.9 * FOLLOW_SPAN_S) + FOLLOW_SPAN_S)
        self._stale.update(self.rings)

    def breaks(self) -> list[tuple[float, float]]:
        """Times without probes to join across: pauses and session drops (to now, while they last)."""
        now = self._now_s()
        out = [(float(a), float(b if b is not None else now)) for a, b in self.pauses if a is not None]
        out += [(o.down.t_s, o.end_s if o.end_s is not None else now) for o in self.outages]
        return out

    def _cut(self, t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return cut_across(t, y, self.breaks())

    def visible_range(self) -> tuple[float, float]:
        if self.follow:
            end = self.latest_time()
            x0, x1 = self._x_range
            if end > x1 or end < x0:  # step forward by a tenth of the span, not every frame
                self._x_range = (max(0.0, end - 0.9 * FOLLOW_SPAN_S), max(end - 0.9 * FOLLOW_SPAN_S, 0.0)
                                 + FOLLOW_SPAN_S)
            return self._x_range
        (x0, x1), _ = self.rtt_plot.getViewBox().viewRange()
        return float(x0), float(x1)

    def _fit_y(self, peak: float) -> None:
        if not np.isfinite(peak) or peak <= 0:
            return
        if peak > self._y_max or peak < 0.5 * self._y_max:
            self._y_max = peak * 1.25
            self.rtt_plot.setYRange(0, self._y_max, padding=0)

    def redraw(self) -> None:
        self._extend_outages()
        if not self._stale:
            return
        self.redraws += 1
        x0, x1 = self.visible_range()
        span = max(x1 - x0, 1.0)
        margin = span * 0.05
        bucket = loss_bucket(span)
        pixels = max(200, int(self.rtt_plot.getViewBox().width()))
        names = [n for n in self.rings if n in self._stale]
        if span * 10 * len(self.rings) > HUGE_WINDOW_SAMPLES:
            names = names[:1]  # a day-wide view: one series a tick, so no redraw blocks the loop long
        for series in names:
            self._stale.discard(series)
            ring = self.rings[series]
            t, rtt = ring.downsampled(x0 - margin, x1 + margin, pixels)
            self.curves[series].setData(*self._cut(t, rtt))
            # Edges at multiples of the bucket: the same history gives the same buckets wherever the view is.
            start = np.floor((x0 - margin) / bucket) * bucket
            starts, loss = ring.loss_per_interval(bucket, start, x1 + margin)
            sent = ~np.isnan(loss)  # a bucket without probes (a slow interval) is no point, not a break
            self.loss_curves[series].setData(*self._cut(starts[sent] + bucket / 2, loss[sent]), connect="finite")
        peak = 0.0
        for curve in self.curves.values():
            y = curve.getData()[1]
            if y is not None and len(y) and not np.isnan(y).all():
                peak = max(peak, float(np.nanmax(y)))
        self._fit_y(peak)
        if self.follow and self.rtt_plot.getViewBox().viewRange()[0] != [x0, x1]:
            self.rtt_plot.setXRange(x0, x1, padding=0)
            self._stale.update(self.rings)  # the window moved: every series is redrawn in it

    def refresh_table(self) -> None:
        shown = set(self.rings) | set(self.unmeasured)
        rows = [s for s in SERIES if s in shown] + sorted(s for s in shown if s not in SERIES)
        outages = self.outages[-MAX_OUTAGE_ROWS:]
        self.table.clearSpans()
        self.table.setRowCount(len(rows) + len(outages))
        for row, series in enumerate(rows):
            cells = series_cells(self.i18n, series, self.rings.get(series), self.unmeasured.get(series, (0, -1.0)))
            for column, text in enumerate(cells):
                item = self._cell(row, column)
                item.setText(text)
                item.setData(Qt.ItemDataRole.BackgroundRole, None)  # the row may have shown a drop before
        for row, outage in enumerate(outages, start=len(rows)):
            self._outage_row(row, outage)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, column, item)
        return item

    def _outage_row(self, row: int, outage: Outage) -> None:
        """A session drop as a row of its own, across the figures' columns: it is not a probe."""
        tint = pg.mkColor(*OUTAGE_BRUSH)
        for column in range(len(COLUMNS)):
            item = self._cell(row, column)
            item.setText("")
            item.setBackground(tint)
        self._cell(row, 0).setText(self.i18n("monitor.drop.row", time=self._wall(outage.down.t_s)))
        self.table.setSpan(row, 1, 1, len(COLUMNS) - 1)
        lasted = (self.i18n("monitor.drop.ongoing") if outage.end_s is None
                  else self.i18n("monitor.drop.lasted", seconds=f"{outage.end_s - outage.down.t_s:.1f}"))
        what = self._cell(row, 1)
        what.setText(self.i18n("monitor.drop.what", lasted=lasted, what=outage_text(self.i18n, outage.down)))
        what.setToolTip(what.text())  # the cell may elide it
        self.table.resizeRowToContents(row)

    # -- session drops -----------------------------------------------------
    def _wall(self, t_s: float) -> str:
        return (self._wall0 + dt.timedelta(seconds=t_s)).strftime("%H:%M:%S")

    def _now_s(self) -> float:
        return self.monitor.elapsed() if self.monitor is not None else self.latest_time()

    def add_session_event(self, event: SessionEvent) -> None:
        if event.kind == "down":
            outage = Outage(event, event)
            self.outages.append(outage)
            self._draw_outage(outage)
            if len(self.outages) > MAX_OUTAGES:
                for plot, item in self.outages.pop(0).items:
                    plot.removeItem(item)
        elif self.outages:
            outage = self.outages[-1]
            outage.last = event
            if event.kind == "up":
                outage.end_s = event.t_s
        else:
            return  # news of an outage this page never saw begin
        self._extend_outages()
        self.show_session()
        self.refresh_table()

    def _draw_outage(self, outage: Outage) -> None:
        t = outage.down.t_s
        for plot in (self.rtt_plot, self.loss_plot):
            region = pg.LinearRegionItem(values=(t, t), movable=False, brush=pg.mkBrush(*OUTAGE_BRUSH),
                                         pen=pg.mkPen(OUTAGE_PEN))
            region.setZValue(-5)  # under the curves
            plot.addItem(region, ignoreBounds=True)
            outage.items.append((plot, region))
        line = pg.InfiniteLine(pos=t, angle=90, pen=pg.mkPen(OUTAGE_PEN, width=2),
                               label=self.i18n("monitor.drop.label"), labelOpts={"position": 0.5,
                                                                                   "color": OUTAGE_PEN})
        self.rtt_plot.addItem(line, ignoreBounds=True)
        outage.items.append((self.rtt_plot, line))

    def _extend_outages(self) -> None:
        """An outage still going on reaches the present on the plot."""
        now = self._now_s()
        for outage in self.outages[-1:]:
            end = outage.end_s if outage.end_s is not None else max(outage.down.t_s, now)
            for _, item in outage.items:
                if isinstance(item, pg.LinearRegionItem):
                    item.setRegion((outage.down.t_s, end))

    def show_session(self) -> None:
        if not self.outages:
            self.session_line.clear()
            self.session_line.hide()
            return
        outage = self.outages[-1]
        text = self.i18n("monitor.at", time=self._wall(outage.last.t_s), text=outage_text(self.i18n, outage.last))
        if outage.last.kind == "down":
            text += " " + self.i18n("monitor.reconnect.in", seconds=f"{outage.last.wait_s:.0f}")
        self.session_line.setText(text)
        self.session_line.show()

    # -- controls --------------------------------------------------------
    def current_interval(self) -> float:
        return INTERVALS_S[max(0, self.interval.currentIndex())]

    def _interval_changed(self) -> None:
        if self.monitor is not None:
            self.monitor.set_interval(self.current_interval())

    def _paused(self, paused: bool) -> None:
        if self.monitor is not None:
            self.monitor.pause(paused)
        now = self._now_s()
        if paused:
            self.pauses.append([now, None])
            del self.pauses[:-MAX_PAUSES]
        else:
            if self.pauses and self.pauses[-1][1] is None:
                self.pauses[-1][1] = now
            self.follow_latest()  # resuming shows what comes next, even after a zoom
        self.pause.setText(self.i18n("monitor.resume" if paused else "monitor.pause"))

    def mark_now(self) -> None:
        t = self._now_s()  # the clock the samples are stamped with
        when = dt.datetime.now().strftime("%H:%M:%S")
        self.marks.append((t, when))
        for plot in (self.rtt_plot, self.loss_plot):
            line = pg.InfiniteLine(pos=t, angle=90, pen=pg.mkPen("#d32f2f", style=Qt.PenStyle.DashLine),
                                   label=when if plot is self.rtt_plot else None, labelOpts={"position": 0.95})
            plot.addItem(line)
            self._mark_items.append((plot, line))
        self.marks_label.setText(self.i18n("monitor.marked", time=when))

    # -- running ---------------------------------------------------------
    def start(self, options: DiagnoseOptions, address: str) -> None:
        # Several servers behind the name: say which one is watched.
        shown = options.target.display()
        self.target = shown if address in (options.target.host, f"[{options.target.host}]") else f"{shown} ({address})"
        self.options, self.address = options, address
        self.monitor = Monitor(options, address, self.current_interval(), on_not_measured=self._not_measured)
        if self.pause.isChecked():  # a page left paused starts its next monitor running
            self.pause.setChecked(False)
        self._wall0 = dt.datetime.now()
        self._consumer = asyncio.ensure_future(self._consume(self.monitor))
        self.redraw_timer.start()
        self.table_timer.start()
        self.retranslate()

    async def _consume(self, monitor: Monitor) -> None:
        await monitor.start()
        self.show_notes()
        async for item in monitor.samples():
            if isinstance(item, SessionEvent):
                self.add_session_event(item)
            else:
                self.add_sample(item)

    async def stop(self) -> None:
        await self.picker.cancel()  # a switch to another server under way starts nothing now
        await self.halt()

    async def halt(self) -> None:
        """Stop the monitor running now, let go of first (one started meanwhile, on another server, is
        not the one stopped), in a task no caller's cancel cuts short; waits for every such stop."""
        self.redraw_timer.stop()
        self.table_timer.stop()
        ending = None
        if self._consumer is not None or self.monitor is not None:
            ending = asyncio.ensure_future(_end(self._consumer, self.monitor))
            self._ending.add(ending)
            ending.add_done_callback(self._ending.discard)
            self._consumer, self.monitor = None, None
        if self._ending:
            await asyncio.wait(set(self._ending))
        if ending is not None:
            ending.result()  # what went wrong in this stop reaches its caller, as before

    def series_for_bundle(self) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        out = {}
        for series, ring in self.rings.items():
            t, rtt = ring.ordered()
            first = ring.count - len(t) + 1
            out[series] = (t, np.arange(first, first + len(t), dtype=np.int64), rtt.astype(np.float32))
        return out

    def marks_for_bundle(self) -> list[dict[str, object]]:
        return [{"t_s": round(t, 3), "wall": wall, "note": "problem happening now"} for t, wall in self.marks]

    def clear(self) -> None:
        for ring_curve in (*self.curves.values(), *self.loss_curves.values()):
            self.rtt_plot.removeItem(ring_curve)
            self.loss_plot.removeItem(ring_curve)
        self.legend.clear()
        self._fit_legend()
        self.curves.clear()
        self.loss_curves.clear()
        self.rings.clear()
        self.unmeasured.clear()
        self._stale.clear()
        self.marks.clear()
        self.marks_label.clear()
        for plot, line in self._mark_items:  # a new monitor (maybe another server) starts unmarked
            plot.removeItem(line)
        self._mark_items.clear()
        self.pauses.clear()
        for outage in self.outages:
            for plot, item in outage.items:
                plot.removeItem(item)
        self.outages.clear()
        self.show_session()
        self.follow = True
        self._x_range, self._y_max = (0.0, FOLLOW_SPAN_S), 0.0
        self.rtt_plot.setXRange(0.0, FOLLOW_SPAN_S, padding=0)

    def show_notes(self) -> None:
        notes = self.monitor.state.notes if self.monitor is not None else []

        def say(key: str, detail: str) -> str:
            if key == "no-session":  # the detail is a cause, said in the user's language
                detail = cause_text(self.i18n, SessionEvent("down", 0.0, detail))
            return self.i18n(f"monitor.note.{key}", detail=detail)

        self.notes.setText(" ".join(say(key, detail) for key, detail in notes))

    def retranslate(self) -> None:
        tr = self.i18n
        self.show_notes()
        self.heading.setText(tr("monitor.heading", target=self.target))
        self.rtt_plot.setLabel("left", tr("monitor.rtt"))
        self.loss_plot.setLabel("left", tr("monitor.loss"))
        self.loss_plot.setLabel("bottom", tr("monitor.seconds"))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.interval_label.setText(tr("monitor.interval"))
        for index, seconds in enumerate(INTERVALS_S):
            self.interval.setItemText(index, f"{seconds:g} {tr('unit.s')}")
        self.picker.retranslate()
        self.interval.setAccessibleName(tr("monitor.interval"))
        self.pause.setText(tr("monitor.resume" if self.pause.isChecked() else "monitor.pause"))
        for button, key in ((self.mark, "monitor.mark"), (self.back, "monitor.back"), (self.export, "bundle.export")):
            button.setText(tr(key))
            button.setAccessibleName(tr(key).replace("&", ""))
        self.pause.setAccessibleName(tr("monitor.pause").replace("&", ""))
        self.graphs.setAccessibleName(tr("monitor.rtt"))
        self.table.setAccessibleName(tr("monitor.series"))
        for series, curve in self.curves.items():
            self.legend.removeItem(curve)
            self.legend.addItem(curve, tr(f"series.{series}"))
        self._fit_legend()
        for outage in self.outages:
            for _, item in outage.items:
                if isinstance(item, pg.InfiniteLine) and item.label is not None:
                    item.label.setFormat(tr("monitor.drop.label"))
        self.show_session()
        if self.rings or self.outages:
            self.refresh_table()


async def _end(consumer: asyncio.Task[None] | None, monitor: Monitor | None) -> None:
    try:
        if consumer is not None:
            consumer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await consumer
    finally:
        if monitor is not None:
            await monitor.stop()

