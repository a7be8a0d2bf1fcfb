"""The monitor page against a real lab server that is stopped and started again.

The drop shows as an event (a shaded region on both plots, a row of the
table, a line saying the server ended the session), never as lost probes.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
import pytest

from t3gui.core.model import Target
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.gui.monitor_page import MonitorPage
from t3gui.gui.strings import Translator
from t3gui.lab.config import LabConfig
from t3gui.lab.server import LabServer


def regions(page: MonitorPage) -> list[tuple[float, float]]:
    return [tuple(item.getRegion()) for item in page.rtt_plot.items if isinstance(item, pg.LinearRegionItem)]


def table_rows(page: MonitorPage) -> list[list[str]]:
    page.refresh_table()
    return [[item.text() if (item := page.table.item(r, c)) else "" for c in range(page.table.columnCount())]
            for r in range(page.table.rowCount())]


def ended(page: MonitorPage) -> float | None:
    """When the latest outage ended; None while it goes on."""
    return page.outages[-1].end_s


async def until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


def test_a_server_restart_shows_as_a_drop_event_not_loss(
        page: MonitorPage, loop: asyncio.AbstractEventLoop, lab_config: LabConfig, pki: dict[str, Path],
        token: Callable[..., str]) -> None:
    config = dataclasses.replace(lab_config, heartbeat_ms=200)

    # One coroutine for the whole run, as the app's loop never stops while a monitor runs
    # (a qasync loop stopped between steps can wake a probe task outside it).
    async def scenario() -> float:
        server = LabServer(config)
        await server.start()
        options = DiagnoseOptions(Target("localhost", server.port), token=Secret(token(sub="alice")),
                                  ca_file=pki["root-ca.pem"], use_system_trust=False, timeout_s=1.0)
        page.interval.setCurrentText("0.1 s")
        page.start(options, "127.0.0.1")
        try:
            # Past 5 heartbeat intervals (the lab closes a silent connection after 3): heartbeats keep flowing.
            await until(lambda: "t3_udp" in page.rings and page.rings["t3_udp"].count >= 25)
            assert page.outages == [] and page.session_line.isHidden()
            await server.stop()
            await until(lambda: bool(page.outages))
            await asyncio.sleep(1.0)
            assert ended(page) is None
            page.redraw()
            (start, end), = regions(page)
            assert end > start + 0.5  # an outage still going on reaches the present
            rows = table_rows(page)
            assert rows[-1][0].startswith("Session drop ") and rows[-1][1].startswith("ongoing: ")
            assert "the server ended the T3 session: it closed the connection" in rows[-1][1]
            assert "This is not packet loss" in rows[-1][1]
            assert page.table.columnSpan(len(rows) - 1, 1) == len(rows[0]) - 1
            assert page.session_line.isVisible()
            line = page.session_line.text()
            assert ("the server ended the T3 session" in line and "Reconnecting in" in line) or (
                ": Reconnect attempt " in line and "nothing is listening" in line)

            server = LabServer(dataclasses.replace(config, port=server.port, udp_port=server.udp_port))
            await server.start()
            await until(lambda: ended(page) is not None)
            count = page.rings["t3_udp"].count
            await until(lambda: page.rings["t3_udp"].count >= count + 15)
        finally:
            await page.stop()
            await server.stop()
        return ended(page) or 0.0

    back_at = loop.run_until_complete(scenario())
    outage = page.outages[-1]
    page.redraw()
    assert regions(page) == [pytest.approx((outage.down.t_s, back_at), abs=1e-6)]
    assert "a new T3 session is open, after" in page.session_line.text()
    rows = table_rows(page)
    assert rows[0][0] == "T3 heartbeat (UDP)" and rows[-1][1].startswith("lasted ")
    assert page.rings["t3_udp"].stats().lost == 0  # the outage is not loss
    assert page.rings["tcp_connect"].stats().lost == 0

    page.i18n = Translator("zh_CN")
    page.retranslate()
    rows = table_rows(page)
    assert rows[-1][0].startswith("会话中断 ") and "服务器结束了 T3 会话" in rows[-1][1]
    assert "新的 T3 会话已建立" in page.session_line.text()

    page.clear()  # a new monitor starts without the old one's drops
    assert regions(page) == [] and page.outages == [] and page.session_line.isHidden()
    assert not [i for i in page.rtt_plot.items if isinstance(i, pg.InfiniteLine)]
