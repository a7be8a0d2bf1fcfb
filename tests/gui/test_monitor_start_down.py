"""The monitor page started while the server is down: an outage from the start, then the session once it is up.

Before, a first session that could not open was given up for good (a note, no heartbeats ever);
the monitor engine now treats it as any other outage and keeps trying with backoff.
"""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from collections.abc import Callable
from pathlib import Path

from t3gui.core.model import Target
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.gui.monitor_page import MonitorPage
from t3gui.lab.config import LabConfig
from t3gui.lab.server import LabServer
from tests.gui.test_monitor_session import ended, until


def free_ports() -> tuple[int, int]:
    with socket.socket() as tcp, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        tcp.bind(("127.0.0.1", 0))
        udp.bind(("127.0.0.1", 0))
        return tcp.getsockname()[1], udp.getsockname()[1]


def test_a_server_down_at_the_start_is_an_outage_that_ends_when_it_comes_up(
        page: MonitorPage, loop: asyncio.AbstractEventLoop, lab_config: LabConfig, pki: dict[str, Path],
        token: Callable[..., str]) -> None:
    port, udp_port = free_ports()
    config = dataclasses.replace(lab_config, heartbeat_ms=200, port=port, udp_port=udp_port)

    async def scenario() -> None:
        options = DiagnoseOptions(Target("localhost", port), token=Secret(token(sub="alice")),
                                  ca_file=pki["root-ca.pem"], use_system_trust=False, timeout_s=1.0,
                                  udp_port_override=udp_port)
        page.interval.setCurrentText("0.1 s")
        page.start(options, "127.0.0.1")
        server = LabServer(config)
        try:
            await until(lambda: bool(page.outages) and page.session_line.isVisible())
            assert "nothing is listening" in page.session_line.text()
            # Never opened, so never "ended by the server".
            assert "no T3 session could be opened" in page.session_line.text(), page.session_line.text()
            assert "ended the T3 session" not in page.session_line.text()
            assert "No T3 heartbeats" not in page.notes.text()  # not given up: an outage, being retried
            # Each refused connect is shown as such, sent and not lost; the table never leaves TCP out.
            await until(lambda: page.unmeasured.get("tcp_connect", (0, 0.0))[0] >= 3)
            page.refresh_table()
            row = [page.table.item(r, 0).text() for r in range(page.table.rowCount())].index("TCP connect")
            cells = [page.table.item(row, c).text() for c in range(page.table.columnCount())]
            assert int(cells[1]) >= 3 and cells[2] == "—" and cells[3] == "refused", cells
            await server.start()
            await until(lambda: ended(page) is not None)
            await until(lambda: "t3_udp" in page.rings and page.rings["t3_udp"].count >= 15)
        finally:
            await page.stop()
            await server.stop()

    loop.run_until_complete(scenario())
    assert page.outages[0].down.t_s < 1.0 and "a new T3 session is open, after" in page.session_line.text()
    assert page.rings["t3_udp"].stats().lost == 0
    assert page.rings["tcp_connect"].stats().lost == 0  # the refusals before were not loss
