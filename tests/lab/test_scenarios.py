"""Every demo scenario, diagnosed for real: the verdict names the injected cause."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from t3gui.checks.registry import CHECKS
from t3gui.core.catalog import render
from t3gui.core.engine import Engine
from t3gui.core.model import Status, VerdictStatus
from t3gui.core.report_json import to_json
from t3gui.lab.scenarios import SCENARIOS, Scenario, play


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
async def test_scenario_verdict(scenario: Scenario, pki: dict[str, Path]) -> None:
    async with play(scenario, pki) as options:
        report = await Engine(CHECKS, options).run()
    assert report.verdict.root_cause is scenario.expect, (report.verdict, [f.code for f in report.findings])
    if scenario.expect is None:
        assert report.verdict.status is VerdictStatus.HEALTHY
        assert all(c.status in (Status.PASS, Status.SKIP) for c in report.checks), report.checks
    assert not [c for c in report.checks if c.status is Status.ERROR], report.checks
    critical = {f.code for f in report.findings if f.severity.value == "critical"}
    assert critical <= {scenario.expect, *scenario.symptoms}, critical  # no false alarms beside the cause
    for f in report.findings:  # every template field is filled by the evidence the checks give
        for language in ("en", "zh_CN"):
            text = render(f.code, f.evidence, language)
            assert "?" not in text.summary + text.verdict + text.remediation, (f.code, language, text)
    doc = json.dumps(to_json(report), ensure_ascii=False)
    if options.token is not None:
        token = options.token.reveal()
        assert token not in doc and token.split(".")[2] not in doc


async def test_the_filtered_port_drops_connects_without_refusing() -> None:
    """What TCP_FILTERED is played with: a connect that hears nothing back (not a refusal), unprivileged."""
    import asyncio
    import socket
    import time

    from t3gui.lab.filtered_port import FilteredPort

    loop = asyncio.get_running_loop()
    async with FilteredPort() as dead:
        for _ in range(3):  # every connect, not only the first
            sock = socket.socket()
            sock.setblocking(False)
            started = time.monotonic()
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(loop.sock_connect(sock, ("127.0.0.1", dead.port)), 0.5)
            assert time.monotonic() - started >= 0.45
            sock.close()
        port = dead.port
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass  # stopped: nothing is left listening


async def test_the_delay_relay_delays_both_ways_in_order(pki: dict[str, Path]) -> None:
    """What HIGH_LATENCY is played with: bytes and datagrams arrive one_way_ms later each way, in order."""
    import asyncio
    import time

    from t3gui.lab.delay_relay import DelayRelay

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(4096):
            writer.write(data)
            await writer.drain()
        writer.close()

    class UdpEcho(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport = transport

        def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
            self.transport.sendto(data, addr)  # type: ignore[attr-defined]

    class UdpClient(asyncio.DatagramProtocol):
        def __init__(self) -> None:
            self.got: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
            self.got.put_nowait((time.monotonic(), data))

    loop = asyncio.get_running_loop()
    tcp_server = await asyncio.start_server(echo, "127.0.0.1", 0)
    udp_server, _ = await loop.create_datagram_endpoint(UdpEcho, local_addr=("127.0.0.1", 0))
    try:
        async with DelayRelay(("127.0.0.1", tcp_server.sockets[0].getsockname()[1]),
                              ("127.0.0.1", udp_server.get_extra_info("sockname")[1]), 100) as relay:
            reader, writer = await asyncio.open_connection("127.0.0.1", relay.port)
            started = time.monotonic()
            chunks = [bytes([i]) * 1000 for i in range(50)]
            for chunk in chunks:
                writer.write(chunk)
            await writer.drain()
            received = await asyncio.wait_for(reader.readexactly(50_000), 10)
            elapsed = time.monotonic() - started
            assert received == b"".join(chunks)  # in order, nothing lost
            assert 0.2 <= elapsed < 1.5, elapsed
            writer.close()
            transport, client = await loop.create_datagram_endpoint(
                UdpClient, remote_addr=("127.0.0.1", relay.udp_port))
            sent = time.monotonic()
            transport.sendto(b"ping")
            arrived, data = await asyncio.wait_for(client.got.get(), 5)
            assert data == b"ping" and 0.2 <= arrived - sent < 1.5, arrived - sent
            transport.close()
    finally:
        tcp_server.close()
        udp_server.close()


@pytest.mark.parametrize("name", ["high-latency", "port-filtered"])
async def test_the_new_scenarios_report_what_the_user_would_see(name: str, pki: dict[str, Path]) -> None:
    from t3gui.lab.scenarios import BY_NAME

    async with play(BY_NAME[name], pki) as options:
        report = await Engine(CHECKS, options).run()
    found = {f.code: f for f in report.findings}
    if name == "high-latency":
        assert report.verdict.status is VerdictStatus.DEGRADED
        judged = found[report.verdict.root_cause].evidence  # type: ignore[index]
        assert judged["series"] == "t3_udp" and 290 <= judged["median_ms"] < 400, judged
        assert "SERVER_SLOW" not in {c.value for c in found}  # the path is slow, not the server
    else:
        assert report.verdict.status is VerdictStatus.FAILED
        tcp = next(c for c in report.checks if c.id == "tcp.connect")
        assert [e["outcome"] for e in tcp.data["endpoints"]] == ["filtered"]


CLUSTERS = [s for s in SCENARIOS if s.cluster]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS binds only 127.0.0.1 unless aliased")
@pytest.mark.parametrize("scenario", CLUSTERS, ids=[s.name for s in CLUSTERS])
async def test_a_cluster_names_the_server_that_fails_and_why(scenario: Scenario, pki: dict[str, Path]) -> None:
    """Each server behind the name diagnosed on its own: the faulty one failed with the scenario's cause,
    the others healthy, and the finding says which address it is about."""
    from t3gui.core.codes import Severity

    async with play(scenario, pki) as options:
        report = await Engine(CHECKS, options).run()
        addresses = options.resolve
    assert report.target.host == "t3-cluster.demo" and len(addresses) == len(scenario.cluster) == 3
    faulty = {a for a, node in zip(addresses, scenario.cluster, strict=True) if node.down or node.lab or node.cert}
    assert len(faulty) == (0 if scenario.expect is None else 1)
    by_address = {n.address: n for n in report.nodes}
    assert list(by_address) == list(addresses)  # every server, in the order the name gives them
    for address, node in by_address.items():
        if address in faulty:
            assert (node.status, node.root_cause) == (VerdictStatus.FAILED, scenario.expect), node
        else:
            assert (node.status, node.root_cause) == (VerdictStatus.HEALTHY, None), node
    critical = [f for f in report.findings if f.severity is Severity.CRITICAL]
    assert {f.evidence.get("address") for f in critical} == faulty, critical
    if faulty:
        assert report.verdict.summary.startswith("1 of 3 servers behind t3-cluster.demo fails: "
                                                 f"{faulty.pop()} ("), report.verdict.summary
