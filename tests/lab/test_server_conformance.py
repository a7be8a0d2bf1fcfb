"""The lab server against a client built from our codec, over real TLS on loopback."""

from __future__ import annotations

import asyncio
import ssl
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from t3gui.checks.t3_client import ConnectionClosed, T3Client, UdpHeartbeats
from t3gui.lab.faults import Fault
from t3gui.lab.server import CALM_LOAD, LabServer
from t3gui.lab.tokens import mint_token
from t3gui.protocol import jwt
from t3gui.protocol import messages as m
from t3gui.protocol.errors import ErrorCode
from t3gui.protocol.heartbeat import Heartbeat
from tests.conftest import LabFactory


async def connect(server: LabServer, tls: ssl.SSLContext | None, timeout: float = 3.0) -> T3Client:
    return await T3Client.connect("127.0.0.1", server.port, ssl_context=tls,
                                  server_hostname="localhost", timeout=timeout)


async def assert_closed_by_server(client: T3Client) -> None:
    """The server closed the connection (as the spec wants after this reply); then tidy up."""
    with pytest.raises(ConnectionClosed):
        await client.receive(timeout=2.0)
    await client.close(bye=False)


async def test_full_handshake(lab: LabFactory, client_tls: ssl.SSLContext, token: Callable[..., str]) -> None:
    async with lab(heartbeat_ms=2000) as server:
        client = await connect(server, client_tls)
        ack = await client.hello()
        assert isinstance(ack, m.HelloAck)
        assert ack.version == 1 and len(ack.session) == 32 and ack.auth == ("jwt",)
        assert ack.udp_port == server.udp_port and ack.heartbeat_ms == 2000
        assert abs(ack.time_ms - time.time() * 1000) < 5000
        assert client.ssl_object is not None and client.ssl_object.version() in ("TLSv1.2", "TLSv1.3")
        status = await client.status()
        assert isinstance(status, m.Status) and status.connections >= 1 and 0 <= status.cpu <= 1
        ok = await client.auth(token(sub="alice"))
        assert isinstance(ok, m.AuthOk) and ok.user == "alice" and client.udp_key and len(client.udp_key) == 32
        rtt = await client.heartbeat()
        assert rtt is not None and 0 < rtt < 1000
        await client.send(m.Bye())
        await assert_closed_by_server(client)


async def test_status_is_allowed_before_auth(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab() as server:
        client = await connect(server, client_tls)
        await client.hello()
        assert isinstance(await client.status(), m.Status)
        await client.close()


@pytest.mark.parametrize("key_name", ["jwt-hs256.secret", "jwt-rs256.pub.pem", "jwt-es256.pub.pem",
                                      "jwt-eddsa.pub.pem"])
async def test_every_algorithm_authenticates(lab: LabFactory, client_tls: ssl.SSLContext,
                                             pki: dict[str, Path], key_name: str) -> None:
    signing = pki[key_name.replace(".pub.pem", ".key")] if key_name.endswith(".pub.pem") else pki[key_name]
    token = mint_token(jwt.load_signing_key(signing.read_bytes()), sub="bob")
    async with lab(jwt_key=pki[key_name]) as server:
        client = await connect(server, client_tls)
        await client.hello()
        assert isinstance(await client.auth(token), m.AuthOk)
        await client.close()


AUTH_CASES = {
    "TOKEN_EXPIRED": dict(lifetime_s=-3600),
    "TOKEN_NOT_YET_VALID": dict(not_before_in_s=3600),
    "BAD_AUDIENCE": dict(audience="someone-else"),
    "BAD_ISSUER": dict(issuer="evil-corp"),
    "UNKNOWN_USER": dict(sub="mallory"),
    "REVOKED": dict(sub="bob"),
}


@pytest.mark.parametrize("code", [*AUTH_CASES, "BAD_SIGNATURE", "TOKEN_MALFORMED"])
async def test_each_bad_token_gets_its_own_auth_code(
    lab: LabFactory, client_tls: ssl.SSLContext, token: Callable[..., str], pki: dict[str, Path], code: str
) -> None:
    if code == "BAD_SIGNATURE":
        other = jwt.load_signing_key(pki["jwt-eddsa.key"].read_bytes())
        bad = mint_token(other, sub="alice")
    elif code == "TOKEN_MALFORMED":
        bad = "not-a.jwt"
    else:
        bad = token(**{"issuer": "corp", **AUTH_CASES[code]})
    async with lab(issuer="corp", users=frozenset({"alice", "bob"}), revoked=frozenset({"bob"})) as server:
        client = await connect(server, client_tls)
        await client.hello()
        reply = await client.auth(bad)
        assert isinstance(reply, m.AuthFail) and reply.code == code, reply
        await assert_closed_by_server(client)


async def test_clock_offset_shows_in_hello_ack(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab(clock_offset_s=-7200) as server:
        client = await connect(server, client_tls)
        ack = await client.hello()
        assert isinstance(ack, m.HelloAck)
        assert abs((ack.time_ms - time.time() * 1000) / 1000 + 7200) < 5
        await client.close()


async def test_server_clock_offset_makes_a_fresh_token_not_yet_valid(
    lab: LabFactory, client_tls: ssl.SSLContext, token: Callable[..., str]
) -> None:
    async with lab(clock_offset_s=-7200) as server:
        client = await connect(server, client_tls)
        await client.hello()
        reply = await client.auth(token(not_before_in_s=0))
        assert isinstance(reply, m.AuthFail) and reply.code == "TOKEN_NOT_YET_VALID"
        await client.close(bye=False)


async def authed(server: LabServer, tls: ssl.SSLContext, token: str) -> T3Client:
    client = await connect(server, tls)
    await client.hello()
    assert isinstance(await client.auth(token), m.AuthOk)
    return client


async def heartbeats_for(server: LabServer, client: T3Client) -> UdpHeartbeats:
    """The UDP data channel of a logged-in client."""
    assert client.hello_ack is not None and client.udp_key is not None
    return await UdpHeartbeats.open("127.0.0.1", server.udp_port, client.hello_ack.session_id, client.udp_key)


async def test_hundred_udp_heartbeats(lab: LabFactory, client_tls: ssl.SSLContext,
                                      token: Callable[..., str]) -> None:
    async with lab() as server:
        client = await authed(server, client_tls, token())
        udp = await heartbeats_for(server, client)
        replies = [await udp.ping(1.0) for _ in range(100)]
        udp.close()
        await client.close()
        assert all(r is not None for r in replies)
        rtts = [r.rtt_ms for r in replies if r is not None]
        assert [r.seq for r in replies if r is not None] == list(range(1, 101))
        assert min(rtts) > 0 and statistics.median(rtts) < 20 and max(rtts) < 500
        now_ns = time.time_ns()
        assert all(abs(r.server_recv_ns - now_ns) < 30e9 for r in replies if r is not None)
        assert server.endpoint.answered == 100


async def test_udp_heartbeats_with_a_wrong_mac_are_dropped(lab: LabFactory, client_tls: ssl.SSLContext,
                                                           token: Callable[..., str]) -> None:
    async with lab() as server:
        client = await authed(server, client_tls, token())
        udp = await heartbeats_for(server, client)
        wrong = bytes(32)
        assert [await udp.ping(0.2, key=wrong) for _ in range(5)] == [None] * 5
        assert server.endpoint.dropped == 5 and server.endpoint.answered == 0
        assert await udp.ping(1.0) is not None  # the right key still works
        udp.close()
        await client.close()


async def test_unknown_session_on_udp_is_dropped(lab: LabFactory, client_tls: ssl.SSLContext,
                                                 token: Callable[..., str]) -> None:
    async with lab() as server:
        udp = await UdpHeartbeats.open("127.0.0.1", server.udp_port, bytes(16), bytes(32))
        assert await udp.ping(0.3) is None
        udp.close()


async def test_control_heartbeat_with_wrong_mac_gets_no_answer(
    lab: LabFactory, client_tls: ssl.SSLContext, token: Callable[..., str]
) -> None:
    async with lab() as server:
        client = await authed(server, client_tls, token())
        assert client.hello_ack is not None
        client.writer.write(client.conn.send_heartbeat(Heartbeat(client.hello_ack.session_id, 1), bytes(32)))
        # The next thing the server says is the STATUS, not an ACK for the forged beat.
        assert isinstance(await client.status(), m.Status)
        await client.close()


async def test_heartbeat_before_auth_is_auth_required(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab() as server:
        client = await connect(server, client_tls)
        ack = await client.hello()
        assert isinstance(ack, m.HelloAck)
        client.writer.write(client.conn.send_heartbeat(Heartbeat(ack.session_id, 1), bytes(32)))
        reply = (await client.receive()).message
        assert isinstance(reply, m.Error) and reply.code == "AUTH_REQUIRED"
        await client.close()


@pytest.mark.parametrize("first", [m.StatusReq(), m.Auth("x.y.z")])
async def test_anything_before_hello_is_unexpected(lab: LabFactory, client_tls: ssl.SSLContext,
                                                   first: m.ControlMessage) -> None:
    async with lab() as server:
        client = await connect(server, client_tls)
        reply = await client.request(first)
        assert isinstance(reply, m.Error) and reply.code == "UNEXPECTED_MESSAGE"
        await assert_closed_by_server(client)


async def test_second_hello_is_unexpected(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab() as server:
        client = await connect(server, client_tls)
        await client.hello()
        reply = await client.hello()
        assert isinstance(reply, m.Error) and reply.code == "UNEXPECTED_MESSAGE"
        await client.close(bye=False)


async def test_unsupported_client_version(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab() as server:
        client = await connect(server, client_tls)
        reply = await client.request(m.Hello((2, 3), "future/9", "bm9uY2U=", 0))
        assert isinstance(reply, m.Error) and reply.error_code is ErrorCode.VERSION_UNSUPPORTED
        await assert_closed_by_server(client)


async def test_wrong_sequence_is_bad_sequence(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab() as server:
        client = await connect(server, client_tls)
        await client.hello()
        client.conn.next_seq()  # skip a number
        reply = await client.request(m.StatusReq())
        assert isinstance(reply, m.Error) and reply.code == "BAD_SEQUENCE"
        await assert_closed_by_server(client)


async def test_plaintext_control_channel(lab: LabFactory) -> None:
    async with lab(tls=False) as server:
        client = await connect(server, None)
        assert isinstance(await client.hello(), m.HelloAck)
        await client.close()


def mtls_context(pki: dict[str, Path], cert: str | None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(pki["root-ca.pem"]))
    if cert:
        context.load_cert_chain(pki[f"{cert}.pem"], pki[f"{cert}.key"])
    return context


async def test_client_certificate_accepted(lab: LabFactory, pki: dict[str, Path]) -> None:
    async with lab(client_ca=pki["client-ca.pem"]) as server:
        client = await connect(server, mtls_context(pki, "client"))
        assert isinstance(await client.hello(), m.HelloAck)
        await client.close()


@pytest.mark.parametrize(("cert", "alert"), [(None, "CERTIFICATE_REQUIRED"), ("client-untrusted", "UNKNOWN_CA")])
async def test_client_certificate_refusal_sends_the_alert(
    lab: LabFactory, pki: dict[str, Path], cert: str | None, alert: str
) -> None:
    async with lab(client_ca=pki["client-ca.pem"]) as server:
        # In TLS 1.3 the client finishes first; the alert arrives on its first read.
        with pytest.raises(ssl.SSLError, match=alert):
            client = await connect(server, mtls_context(pki, cert))
            await client.hello()


# -- faults ------------------------------------------------------------------

async def test_fault_busy(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab(faults=frozenset({Fault.BUSY})) as server:
        client = await connect(server, client_tls)
        reply = await client.hello()
        assert isinstance(reply, m.Error) and reply.code == "BUSY" and reply.retry_after_ms
        await assert_closed_by_server(client)


async def test_fault_overloaded(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab(faults=frozenset({Fault.OVERLOADED})) as server:
        client = await connect(server, client_tls)
        await client.hello()
        status = await client.status()
        assert isinstance(status, m.Status)
        assert status.cpu > 0.85 and status.memory > 0.85
        assert status.connections > 0.9 * status.max_connections
        await client.close()


async def test_fault_no_response(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab(faults=frozenset({Fault.NO_RESPONSE})) as server:
        client = await connect(server, client_tls, timeout=0.5)
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await client.hello()
        assert time.monotonic() - started < 1.5
        assert server.active_connections == 1  # still open, just silent
        await client.close(bye=False)


async def test_fault_not_t3(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab(faults=frozenset({Fault.NOT_T3})) as server:
        client = await connect(server, client_tls)
        await client.send(m.Hello((1,), "t", "n", 0))
        data = await asyncio.wait_for(client.reader.read(100), 2)
        assert data.startswith(b"HTTP/1.1 400")
        await client.close(bye=False)


async def test_fault_version_unsupported(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab(faults=frozenset({Fault.VERSION_UNSUPPORTED})) as server:
        client = await connect(server, client_tls)
        reply = await client.hello()
        assert isinstance(reply, m.Error) and reply.code == "VERSION_UNSUPPORTED"
        await client.close(bye=False)


async def test_fault_bad_frame(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    from t3gui.protocol.errors import ProtocolError

    async with lab(faults=frozenset({Fault.BAD_FRAME})) as server:
        client = await connect(server, client_tls)
        with pytest.raises(ProtocolError) as info:
            await client.hello()
        assert info.value.code is ErrorCode.BAD_FRAME and "checksum" in info.value.detail
        await client.close(bye=False)


async def test_fault_slow_handshake(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab(faults=frozenset({Fault.SLOW_HANDSHAKE}), slow_handshake_ms=600) as server:
        client = await connect(server, client_tls)
        started = time.monotonic()
        assert isinstance(await client.hello(), m.HelloAck)
        assert 0.55 < time.monotonic() - started < 2.0
        await client.close()


async def test_fault_udp_blocked(lab: LabFactory, client_tls: ssl.SSLContext, token: Callable[..., str]) -> None:
    async with lab(faults=frozenset({Fault.UDP_BLOCKED})) as server:
        client = await authed(server, client_tls, token())
        udp = await heartbeats_for(server, client)
        assert await udp.ping(0.3) is None
        assert await client.heartbeat() is not None  # degraded mode still works
        udp.close()
        await client.close()


@pytest.mark.parametrize("host_load", [True, False])
async def test_status_reports_the_host_load_unless_told_to_stay_calm(lab: LabFactory, client_tls: ssl.SSLContext,
                                                                     host_load: bool,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from t3gui.lab import host_load as host

    monkeypatch.setattr(host, "cpu_load", lambda: 1.0)  # a machine busy with other work
    async with lab(host_load=host_load) as server:
        client = await connect(server, client_tls)
        await client.hello()
        status = await client.status()
        assert isinstance(status, m.Status)
        assert status.cpu == (1.0 if host_load else CALM_LOAD[0])
        await client.close()
