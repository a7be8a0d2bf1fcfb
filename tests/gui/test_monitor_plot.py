"""The monitor's plot through pause, zoom, resume, interval changes and a second monitor.

Against the real lab server where time matters (pauses, a new target); with the
page's own sample-feeding API where the exact data must be known.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from t3gui.checks.monitor import SessionEvent
from t3gui.core.events import Sample
from t3gui.core.model import Target
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.gui.monitor_page import MonitorPage
from t3gui.lab.config import LabConfig
from t3gui.lab.server import LabServer


async def until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


def options_for(server: LabServer, pki: dict[str, Path], token: Callable[..., str]) -> DiagnoseOptions:
    return DiagnoseOptions(Target("localhost", server.port), token=Secret(token(sub="alice")),
                           ca_file=pki["root-ca.pem"], use_system_trust=False, timeout_s=1.0)


def mark_lines(plot: pg.PlotItem) -> list[pg.InfiniteLine]:
    return [i for i in plot.items if isinstance(i, pg.InfiniteLine) and i.pen.style() == Qt.PenStyle.DashLine]


def wheel_zoom(page: MonitorPage) -> None:
    """A real wheel turn over the RTT plot, as a user zooms in."""
    view = page.graphs.viewport()
    centre = page.graphs.mapFromScene(page.rtt_plot.getViewBox().sceneBoundingRect().center())
    event = QWheelEvent(QPointF(centre), QPointF(view.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view, event)


def plotted(page: MonitorPage, series: str = "t3_udp") -> tuple[np.ndarray, np.ndarray]:
    x, y = page.curves[series].getData()
    assert x is not None and y is not None
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


def test_marks_of_an_earlier_monitor_are_not_drawn_on_a_new_one(
        page: MonitorPage, loop: asyncio.AbstractEventLoop, lab_config: LabConfig, pki: dict[str, Path],
        token: Callable[..., str]) -> None:
    async def scenario() -> None:
        first, second = LabServer(lab_config), LabServer(lab_config)
        await first.start()
        await second.start()
        try:
            page.interval.setCurrentText("0.1 s")
            page.start(options_for(first, pki, token), "127.0.0.1")
            await until(lambda: "t3_udp" in page.rings and page.rings["t3_udp"].count >= 5)
            page.mark.click()
            assert len(mark_lines(page.rtt_plot)) == 1 and len(mark_lines(page.loss_plot)) == 1
            await page.stop()
            page.clear()  # as the app does before every new monitor
            page.start(options_for(second, pki, token), "127.0.0.1")  # another server
            await until(lambda: "t3_udp" in page.rings and page.rings["t3_udp"].count >= 5)
            page.redraw()
            assert mark_lines(page.rtt_plot) == [] and mark_lines(page.loss_plot) == []
            assert page.marks_for_bundle() == []
            page.mark.click()
            (line,) = mark_lines(page.rtt_plot)
            # The mark is stamped on the samples' clock: it falls within the second monitor's data.
            assert page.rings["t3_udp"].ordered()[0][0] <= line.value() <= page.monitor.elapsed()  # type: ignore[union-attr]
        finally:
            await page.stop()
            await first.stop()
            await second.stop()

    loop.run_until_complete(scenario())


def test_the_curve_keeps_up_after_pause_zoom_resume_and_interval_change(
        page: MonitorPage, loop: asyncio.AbstractEventLoop, lab_config: LabConfig, pki: dict[str, Path],
        token: Callable[..., str]) -> None:
    async def scenario() -> None:
        server = LabServer(lab_config)
        await server.start()
        try:
            page.interval.setCurrentText("0.1 s")
            page.start(options_for(server, pki, token), "127.0.0.1")
            await until(lambda: "t3_udp" in page.rings and page.rings["t3_udp"].count >= 10)
            first_t = float(page.rings["t3_udp"].ordered()[0][0])
            page.pause.click()
            await asyncio.sleep(0.3)
            page.redraw()
            wheel_zoom(page)
            assert not page.follow  # the wheel did zoom
            page.pause.click()  # resume
            page.interval.setCurrentText("0.2 s")
            count = page.rings["t3_udp"].count
            await until(lambda: page.rings["t3_udp"].count >= count + 10)
            await page.stop()
        finally:
            await server.stop()
        page.redraw()
        ring = page.rings["t3_udp"]
        last = ring.last_time()
        assert last is not None
        x, _ = plotted(page)
        x0, x1 = page.rtt_plot.getViewBox().viewRange()[0]
        assert x0 <= last <= x1  # the view shows the newest sample
        assert x.max() == pytest.approx(last, abs=1e-3)  # and the curve reaches it
        assert x.min() <= first_t + 1e-3  # no history vanished from the window
        page.refresh_table()
        sent = page.table.item(0, 1)
        assert sent is not None and int(sent.text()) == ring.count  # the table and the curve agree

    loop.run_until_complete(scenario())


def test_changing_the_interval_does_not_redraw_the_loss_history(page: MonitorPage) -> None:
    t = np.arange(0, 120, 0.1)
    rtt = np.full(len(t), 5.0)
    rtt[(t >= 30) & (t < 33)] = np.nan  # a burst of loss
    rtt[::7] = np.nan  # and a steady trickle
    page.load_history("t3_udp", t, rtt)
    page.redraw()
    before = page.loss_curves["t3_udp"].getData()
    page.interval.setCurrentText("0.1 s")
    page.add_sample(Sample("t3_udp", len(t) + 1, 120.0, 5.0))
    page.redraw()
    after = page.loss_curves["t3_udp"].getData()
    old = np.asarray(before[0]) < 110  # buckets wholly before the new sample
    new = np.asarray(after[0]) < 110
    np.testing.assert_array_equal(np.asarray(after[0])[new], np.asarray(before[0])[old])
    np.testing.assert_array_equal(np.asarray(after[1])[new], np.asarray(before[1])[old])
    assert np.nanmax(np.asarray(after[1])) > 30  # the burst is there to be redrawn


def segments_across(x: np.ndarray, y: np.ndarray, a: float, b: float) -> list[tuple[float, float]]:
    """Drawn segments (both ends finite, as connect="finite" draws) that overlap the time a..b."""
    return [(x[i], x[i + 1]) for i in range(len(x) - 1)
            if np.isfinite(y[i]) and np.isfinite(y[i + 1]) and x[i] < b and x[i + 1] > a]


def test_a_pause_breaks_the_lines(
        page: MonitorPage, loop: asyncio.AbstractEventLoop, lab_config: LabConfig, pki: dict[str, Path],
        token: Callable[..., str]) -> None:
    async def scenario() -> tuple[float, float]:
        server = LabServer(lab_config)
        await server.start()
        try:
            page.interval.setCurrentText("0.1 s")
            page.start(options_for(server, pki, token), "127.0.0.1")
            await until(lambda: "t3_udp" in page.rings and page.rings["t3_udp"].count >= 10)
            page.pause.click()
            paused_at = page.monitor.elapsed()  # type: ignore[union-attr]
            await asyncio.sleep(1.5)
            resumed_at = page.monitor.elapsed()  # type: ignore[union-attr]
            page.pause.click()
            count = page.rings["t3_udp"].count
            await until(lambda: page.rings["t3_udp"].count >= count + 10)
            await page.stop()
        finally:
            await server.stop()
        return paused_at, resumed_at

    paused_at, resumed_at = loop.run_until_complete(scenario())
    page.redraw()
    inside = paused_at + 0.5, resumed_at - 0.5  # clear of probes in flight at either end
    for series in ("t3_udp", "tcp_connect"):
        x, y = plotted(page, series)
        assert x.min() < paused_at and x.max() > resumed_at
        assert segments_across(x, y, *inside) == [], series
        lx, ly = (np.asarray(v, dtype=np.float64) for v in page.loss_curves[series].getData())
        assert segments_across(lx, ly, *inside) == [], series


def test_a_session_drop_breaks_the_heartbeat_line(page: MonitorPage) -> None:
    t = np.arange(0, 10, 0.1)
    page.load_history("t3_udp", t, np.full(len(t), 4.0))
    page.load_history("tcp_connect", t, np.full(len(t), 1.0))
    page.add_session_event(SessionEvent("down", 10.0, "closed", wait_s=1.0))
    for i, s in enumerate(np.arange(10, 16, 0.1)):  # TCP connects on while the session is down
        if not 12 < s < 14:  # but for a while nothing listened (refused: no sample)
            page.add_sample(Sample("tcp_connect", 200 + i, float(s), 1.0))
    page.add_session_event(SessionEvent("up", 16.0, wait_s=6.0, attempt=1))
    for i, s in enumerate(np.arange(16, 20, 0.1)):
        page.add_sample(Sample("t3_udp", 300 + i, float(s), 4.0))
        page.add_sample(Sample("tcp_connect", 400 + i, float(s), 1.0))
    page.redraw()
    x, y = plotted(page, "t3_udp")
    assert segments_across(x, y, 10.5, 15.5) == []
    x, y = plotted(page, "tcp_connect")
    assert len(segments_across(x, y, 10.2, 11.8)) >= 15  # its probes went on: its line does too
    assert segments_across(x, y, 12.2, 13.8) == []  # but not across the time they made no sample


def test_the_legend_leaves_the_data_uncovered(page: MonitorPage) -> None:
    t = np.arange(0, 60, 0.1)
    for series in ("t3_udp", "t3_tcp", "tcp_connect", "icmp"):
        page.load_history(series, t, np.full(len(t), 50.0))
    page.redraw()
    page.retranslate()
    QApplication.processEvents()
    page.graphs.grab()  # lays the scene out as on screen
    legend = page.legend.sceneBoundingRect()
    assert legend.width() > 100 and legend.height() > 5  # it is shown, with its four entries
    assert len(page.legend.items) == 4
    assert not legend.intersects(page.rtt_plot.getViewBox().sceneBoundingRect())
    assert not legend.intersects(page.loss_plot.getViewBox().sceneBoundingRect())
    assert page.graphs.sceneRect().contains(legend)


def test_the_intervals_are_said_in_the_pages_language(page: MonitorPage) -> None:
    page.interval.setCurrentText("0.2 s")
    page.i18n.language = "zh_CN"
    try:
        page.retranslate()
        assert [page.interval.itemText(i) for i in range(3)] == ["0.1 秒", "0.2 秒", "0.5 秒"]
        assert page.current_interval() == 0.2  # the choice survives the switch
    finally:
        page.i18n.language = "en"
        page.retranslate()
    assert page.interval.currentText() == "0.2 s"
