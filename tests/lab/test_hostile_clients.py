"""Clients that break the rules: the server answers per spec or closes, and goes on serving."""

from __future__ import annotations

import asyncio
import os
import ssl
import time

import pytest

from t3gui.checks.t3_client import T3Client
from t3gui.lab.server import LabServer
from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection
from t3gui.protocol.frame import FLAG_MORE, MAX_MESSAGE, MAX_PAYLOAD, encode_frame
from tests.conftest import LabFactory


async def raw_tls(server: LabServer, tls: ssl.SSLContext) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", server.port, ssl=tls, server_hostname="localhost")


async def read_all(reader: asyncio.StreamReader, timeout: float = 3.0) -> bytes:
    """Everything until the server closes; fails the test if it never does."""
    chunks = []
    async with asyncio.timeout(timeout):
        while data := await reader.read(65536):
            chunks.append(data)
    return b"".join(chunks)


def messages_in(data: bytes) -> list[m.Message]:
    conn = Connection()
    conn.feed(data)
    return [received.message for received in iter(conn.next_message, None)]


def errors_in(data: bytes) -> list[str]:
    return [msg.code for msg in messages_in(data) if isinstance(msg, m.Error)]


async def still_serving(server: LabServer, tls: ssl.SSLContext) -> None:
    client = await T3Client.connect("127.0.0.1", server.port, ssl_context=tls, server_hostname="localhost")
    assert isinstance(await client.hello(), m.HelloAck)
    await client.close()


async def all_freed(server: LabServer) -> None:
    async with asyncio.timeout(3):
        while server.active_connections or server.open_tasks:
            await asyncio.sleep(0.01)
    assert not server.endpoint.sessions


@pytest.mark.parametrize("junk", [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", os.urandom(64), b"\x00" * 16])
async def test_garbage_bytes_get_bad_frame_and_close(lab: LabFactory, client_tls: ssl.SSLContext,
                                                     junk: bytes) -> None:
    async with lab() as server:
        reader, writer = await raw_tls(server, client_tls)
        writer.write(junk)
        assert errors_in(await read_all(reader)) in (["BAD_FRAME"], ["VERSION_UNSUPPORTED"])
        writer.close()
        await still_serving(server, client_tls)
        await all_freed(server)


async def test_oversized_length_is_refused_before_any_payload(lab: LabFactory,
                                                              client_tls: ssl.SSLContext) -> None:
    async with lab() as server:
        reader, writer = await raw_tls(server, client_tls)
        header = bytearray(encode_frame(0x01, 1, b"{}")[:16])
        header[12:14] = (0xFFFF).to_bytes(2, "big")
        writer.write(bytes(header))  # and not one payload byte
        assert errors_in(await read_all(reader, timeout=2)) == ["BAD_FRAME"]
        writer.close()
        await all_freed(server)


async def test_message_over_one_mebibyte_is_frame_too_large(lab: LabFactory,
                                                            client_tls: ssl.SSLContext) -> None:
    async with lab() as server:
        reader, writer = await raw_tls(server, client_tls)
        conn = Connection()
        writer.write(conn.send(m.Hello((1,), "c", "n", 0)))
        for _ in range(MAX_MESSAGE // MAX_PAYLOAD + 2):
            writer.write(encode_frame(0x03, conn.next_seq(), b"a" * MAX_PAYLOAD, FLAG_MORE))
        try:
            await writer.drain()
        except (ConnectionError, ssl.SSLError):
            pass  # the server may close while we are still sending
        data = await read_all(reader)
        assert errors_in(data) == ["FRAME_TOO_LARGE"]
        writer.close()
        await all_freed(server)


async def test_slowloris_frame_is_closed_after_three_heartbeat_intervals(
    lab: LabFactory, client_tls: ssl.SSLContext
) -> None:
    async with lab(heartbeat_ms=200) as server:
        reader, writer = await raw_tls(server, client_tls)
        frame = Connection().send(m.Hello((1,), "c", "n", 0))
        started = time.monotonic()
        writer.write(frame[:20])  # a header and a few bytes, then nothing
        await read_all(reader, timeout=3)
        assert 0.5 < time.monotonic() - started < 2.0
        writer.close()
        await all_freed(server)


async def test_tls_handshake_that_never_finishes(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab(tls_handshake_timeout_s=0.5) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"\x16\x03\x01\x02\x00\x01")  # the start of a ClientHello, never the rest
        started = time.monotonic()
        await read_all(reader, timeout=3)
        assert time.monotonic() - started < 1.5
        writer.close()
        await still_serving(server, client_tls)
        await all_freed(server)


async def test_plain_tcp_to_the_tls_port(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab() as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(Connection().send(m.Hello((1,), "c", "n", 0)))
        data = await read_all(reader)
        assert data[:1] in (b"", b"\x15")  # nothing, or a TLS alert record
        writer.close()
        await all_freed(server)


async def test_two_hundred_connections_at_once(lab: LabFactory, client_tls: ssl.SSLContext) -> None:
    async with lab() as server:
        async def one() -> bool:
            client = await T3Client.connect("127.0.0.1", server.port, ssl_context=client_tls,
                                            server_hostname="localhost", timeout=20)
            ok = isinstance(await client.hello(), m.HelloAck) and isinstance(await client.status(), m.Status)
            await client.close()
            return ok

        results = await asyncio.gather(*(one() for _ in range(200)))
        assert all(results)
        assert server.total_connections == 200
        await all_freed(server)


async def test_garbage_datagrams_do_not_stop_heartbeats(lab: LabFactory) -> None:
    async with lab() as server:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            asyncio.DatagramProtocol, remote_addr=("127.0.0.1", server.udp_port))
        for size in (1, 16, 56, 1400, 60000):  # asyncio will not send an empty datagram
            transport.sendto(os.urandom(size))
        transport.sendto(encode_frame(0x80, 1, bytes(40)))  # well-framed, unknown session
        async with asyncio.timeout(2):
            while server.endpoint.dropped < 6:
                await asyncio.sleep(0.01)
        transport.close()
        assert server.endpoint.answered == 0


async def test_client_vanishing_mid_conversation_frees_its_session(
    lab: LabFactory, client_tls: ssl.SSLContext, token: object
) -> None:
    assert callable(token)
    async with lab() as server:
        client = await T3Client.connect("127.0.0.1", server.port, ssl_context=client_tls,
                                        server_hostname="localhost")
        await client.hello()
        await client.auth(token())
        assert len(server.endpoint.sessions) == 1
        client.writer.transport.abort()
        await all_freed(server)
