"""The run's T3 session outlives the checks between t3.handshake and t3.heartbeat, on a real lab server
that closes a control connection silent for 3 heartbeat intervals, as the protocol says."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable
from pathlib import Path

import pytest

from t3gui.checks.kept_session import KeptSession, keepalive_interval_s
from t3gui.checks.registry import CHECKS
from t3gui.checks.t3_client import ConnectionClosed, T3Client
from t3gui.core.check_data import HeartbeatData
from t3gui.core.codes import Code
from t3gui.core.engine import Engine
from t3gui.core.model import Target, VerdictStatus
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.lab.faults import Fault
from t3gui.lab.server import LabServer
from t3gui.protocol import messages as m
from tests.conftest import LabFactory

HEARTBEAT_MS = 300  # the lab closes a connection silent for 0.9 s


async def _opened(server: LabServer, client_tls: ssl.SSLContext) -> T3Client:
    client = await T3Client.connect("127.0.0.1", server.port, ssl_context=client_tls, server_hostname="localhost",
                                    timeout=2.0)
    ack = await client.hello()
    assert isinstance(ack, m.HelloAck), ack
    return client


async def test_a_blocked_udp_port_is_not_taken_for_a_server_that_drops_clients(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str]) -> None:
    """The UDP series waits a whole timeout (1.5 s) in silence on the control channel: longer than the
    server keeps a silent connection. Before the session was kept, this read FAILED T3_CONNECTION_CLOSED."""
    async with lab(heartbeat_ms=HEARTBEAT_MS, faults=frozenset({Fault.UDP_BLOCKED})) as server:
        options = DiagnoseOptions(Target("127.0.0.1", server.port, server.udp_port), token=Secret(token()),
                                  ca_file=pki["root-ca.pem"], server_name="localhost", use_system_trust=False,
                                  timeout_s=1.5, probes=5)
        report = await Engine(CHECKS, options).run()
    codes = [f.code for f in report.findings]
    assert report.verdict.status is VerdictStatus.DEGRADED and report.verdict.root_cause is Code.UDP_BLOCKED, codes
    assert Code.T3_CONNECTION_CLOSED not in codes
    beats = HeartbeatData.in_report(report)
    assert beats is not None and beats.udp_received == 0 and beats.tcp_received == 5


async def test_without_keeping_it_the_server_closes_the_silent_session(
        lab: LabFactory, client_tls: ssl.SSLContext, token: Callable[..., str]) -> None:
    """The control for the test above: the lab does enforce the protocol's idle limit."""
    async with lab(heartbeat_ms=HEARTBEAT_MS) as server:
        client = await _opened(server, client_tls)
        assert isinstance(await client.auth(token()), m.AuthOk)
        await asyncio.sleep(1.5)
        with pytest.raises((ConnectionClosed, ConnectionResetError)):
            await client.heartbeat(1.0)
        await client.close(bye=False)


async def test_keepalives_fill_the_silences_only(
        lab: LabFactory, client_tls: ssl.SSLContext, token: Callable[..., str]) -> None:
    async with lab(heartbeat_ms=HEARTBEAT_MS) as server:
        session = KeptSession(await _opened(server, client_tls), HEARTBEAT_MS)
        try:
            await asyncio.sleep(1.5)  # five silent intervals
            assert session.keepalives >= 4 and not session.lost
            assert isinstance(await session.auth(token()), m.AuthOk)
            quiet = session.keepalives
            for _ in range(15):  # 1.5 s of heartbeats, each well inside the interval: nothing else is said
                assert await session.heartbeat(1.0) is not None
                await asyncio.sleep(0.1)
            assert session.keepalives == quiet
        finally:
            await session.close()


async def test_a_session_lost_while_idle_is_the_next_checks_error(
        lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab(heartbeat_ms=HEARTBEAT_MS) as server:
        session = KeptSession(await _opened(server, client_tls), HEARTBEAT_MS)
    # The server is gone; the next keep-alive meets the closed connection.
    await asyncio.sleep(0.6)
    try:
        assert not session.lost  # not yet reported by any check: the next one must meet it
        with pytest.raises((ConnectionClosed, OSError)):
            await session.status()
        assert session.lost  # reported once; later checks see a lost session
    finally:
        await session.close(bye=False)


@pytest.mark.parametrize(("heartbeat_ms", "expected_s"), [(1000, 0.9), (0, 0.018), (86_400_000, 54.0)])
def test_the_interval_is_the_servers_within_bounds(heartbeat_ms: int, expected_s: float) -> None:
    assert keepalive_interval_s(heartbeat_ms) == pytest.approx(expected_s)
