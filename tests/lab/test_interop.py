"""Our server with a client written from the spec alone, and our client with such a server."""

from __future__ import annotations

import asyncio
import ssl
import statistics
from collections.abc import Callable
from pathlib import Path

from t3gui.checks.t3_client import T3Client, UdpHeartbeats
from t3gui.protocol import messages as m
from tests.conftest import LabFactory

from .spec_peer import SpecClient, SpecServer


async def test_spec_client_with_our_server(lab: LabFactory, client_tls: ssl.SSLContext,
                                           token: Callable[..., str]) -> None:
    async with lab() as server:
        def conversation() -> None:
            client = SpecClient("127.0.0.1", server.port, client_tls, "localhost")
            t, hello_ack = client.call(0x01, {"versions": [1], "client": "spec/1",
                                              "nonce": "AAAAAAAAAAAAAAAAAAAAAA==", "time_ms": 0})
            assert t == 0x02 and hello_ack["version"] == 1
            t, status = client.call(0x06, {})
            assert t == 0x07 and set(status) >= {"cpu", "memory", "disk_io", "connections",
                                                 "max_connections", "uptime_s", "version"}
            t, ok = client.call(0x03, {"token": token()})
            assert t == 0x04 and ok["user"] == "alice"
            import base64
            session, key = bytes.fromhex(hello_ack["session"]), base64.b64decode(ok["udp_key"])
            ack = client.control_heartbeat(session, key)
            assert len(ack) == 48 and ack[:16] == session
            rtts = client.udp_heartbeats(hello_ack["udp_port"], session, key, 20)
            assert len(rtts) == 20 and statistics.median(rtts) < 50
            client.close()

        await asyncio.to_thread(conversation)


async def test_our_client_with_spec_server(pki: dict[str, Path], client_tls: ssl.SSLContext) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki["server-good.pem"], pki["server-good.key"])
    server = SpecServer(context)
    try:
        client = await T3Client.connect("127.0.0.1", server.port, ssl_context=client_tls,
                                        server_hostname="localhost")
        ack = await client.hello()
        assert isinstance(ack, m.HelloAck) and ack.server == "spec/1"
        assert isinstance(await client.status(), m.Status)
        assert isinstance(await client.auth("any.token.here"), m.AuthOk)
        assert await client.heartbeat() is not None
        assert client.udp_key is not None
        udp = await UdpHeartbeats.open("127.0.0.1", ack.udp_port, ack.session_id, client.udp_key)
        replies = [await udp.ping(1.0) for _ in range(20)]
        udp.close()
        assert all(r is not None for r in replies)
        await client.close()
    finally:
        await asyncio.to_thread(server.stop)


async def test_diagnosis_of_an_independent_server(pki: dict[str, Path], token: Callable[..., str]) -> None:
    """The verdict on a T3 server written from the spec alone (not our lab server) is healthy."""
    import dataclasses

    from t3gui.checks.registry import CHECKS
    from t3gui.core.engine import Engine
    from t3gui.core.model import Target
    from t3gui.core.options import DiagnoseOptions
    from t3gui.core.secret import Secret

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki["server-good.pem"], pki["server-good.key"])
    server = SpecServer(context)
    try:
        options = DiagnoseOptions(Target("127.0.0.1", server.port, server.udp_port), ca_file=pki["root-ca.pem"],
                                  server_name="localhost", token=Secret(token()), use_system_trust=False)
        report = await Engine(CHECKS, dataclasses.replace(options, timeout_s=2.0)).run()
    finally:
        await asyncio.to_thread(server.stop)
    assert report.verdict.root_cause is None, [(f.code, f.summary) for f in report.findings]
    assert report.measurements["t3_udp"].received == 20
    status = next(c for c in report.checks if c.id == "t3.handshake")
    assert status.data["server"] == "spec/1"
