"""An asyncio T3 client built on the sans-IO codec: control channel and UDP.

Every call takes a timeout; nothing here waits longer than it was asked to.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import ssl
import time
from dataclasses import dataclass
from typing import cast

from t3gui import __version__
from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection, Received
from t3gui.protocol.errors import ProtocolError
from t3gui.protocol.frame import decode_frame
from t3gui.protocol.heartbeat import (
    TYPE_HEARTBEAT_ACK,
    Heartbeat,
    HeartbeatAck,
    encode_heartbeat,
    mac_is_valid,
)

CLIENT_NAME = f"t3gui/{__version__}"


class ConnectionClosed(Exception):
    """The server closed the control connection before answering."""


class T3Client:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 timeout: float) -> None:
        self.reader, self.writer = reader, writer
        self.timeout = timeout
        self.conn = Connection()
        self.hello_ack: m.HelloAck | None = None
        self.udp_key: bytes | None = None
        self.first_bytes = b""  # what the server said first, to name a service that is not T3
        self.lost = False  # the connection broke (closed, reset, stuck or garbled): nothing more comes

    @classmethod
    async def connect(cls, host: str, port: int, *, ssl_context: ssl.SSLContext | None,
                      server_hostname: str | None = None, timeout: float = 5.0) -> T3Client:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=ssl_context,
                                    server_hostname=(server_hostname or host) if ssl_context else None,
                                    # Past the overall timeout: a stalled handshake is that timeout's
                                    # TimeoutError, not asyncio's ConnectionAbortedError.
                                    ssl_handshake_timeout=2 * timeout if ssl_context else None),
            timeout)
        return cls(reader, writer, timeout)

    @property
    def ssl_object(self) -> ssl.SSLObject | None:
        obj = self.writer.get_extra_info("ssl_object")
        return obj if isinstance(obj, ssl.SSLObject) else None

    async def send(self, message: m.ControlMessage) -> None:
        self.writer.write(self.conn.send(message))
        await self.writer.drain()

    async def receive(self, timeout: float | None = None) -> Received:
        async def _next() -> Received:
            while True:
                received = self.conn.next_message()
                if received is not None:
                    return received
                data = await self.reader.read(65536)
                if not data:
                    raise ConnectionClosed("the server closed the connection")
                if len(self.first_bytes) < 64:
                    self.first_bytes += data[:64 - len(self.first_bytes)]
                self.conn.feed(data)
        # In this task, not a wait_for task: a cancel before it starts would leave _next never awaited.
        try:
            async with asyncio.timeout(self.timeout if timeout is None else timeout):
                return await _next()
        except (TimeoutError, ConnectionClosed, ProtocolError, OSError):
            # A reply that comes after its timeout would be taken for the answer to the next request.
            self.lost = True
            raise

    async def request(self, message: m.ControlMessage) -> m.Message:
        await self.send(message)
        return (await self.receive()).message

    async def hello(self, time_ms: int | None = None) -> m.Message:
        reply = await self.request(m.Hello(
            (1,), CLIENT_NAME, base64.b64encode(os.urandom(16)).decode(),
            int(time.time() * 1000) if time_ms is None else time_ms))
        if isinstance(reply, m.HelloAck):
            self.hello_ack = reply
        return reply

    async def auth(self, token: str) -> m.Message:
        reply = await self.request(m.Auth(token))
        if isinstance(reply, m.AuthOk):
            self.udp_key = reply.key
        return reply

    async def status(self) -> m.Message:
        return await self.request(m.StatusReq())

    async def heartbeat(self, timeout: float | None = None) -> float | None:
        """One heartbeat on the control channel; the RTT in ms, None if no valid ACK."""
        assert self.hello_ack is not None and self.udp_key is not None
        sent = time.monotonic_ns()
        beat = Heartbeat(self.hello_ack.session_id, sent)
        self.writer.write(self.conn.send_heartbeat(beat, self.udp_key))
        await self.writer.drain()
        received = await self.receive(timeout)
        ack = received.message
        if (isinstance(ack, HeartbeatAck) and ack.send_ns == sent
                and mac_is_valid(received.frame, self.udp_key)):
            return (time.monotonic_ns() - sent) / 1e6
        return None

    async def close(self, bye: bool = True) -> None:
        if bye and not self.writer.is_closing():
            with contextlib.suppress(OSError, ProtocolError, RuntimeError):
                await self.send(m.Bye())
        self.writer.close()
        with contextlib.suppress(OSError, asyncio.TimeoutError, ssl.SSLError):
            await asyncio.wait_for(self.writer.wait_closed(), 1.0)


@dataclass(frozen=True)
class HeartbeatReply:
    seq: int
    rtt_ms: float
    server_recv_ns: int


class UdpHeartbeats(asyncio.DatagramProtocol):
    """Sends authenticated heartbeats on the data channel and matches the ACKs."""

    def __init__(self, session: bytes, key: bytes) -> None:
        self.session, self.key = session, key
        self.transport: asyncio.DatagramTransport | None = None
        self._seq = 0
        self._pending: dict[int, tuple[int, asyncio.Future[HeartbeatReply]]] = {}
        self.invalid = 0

    @classmethod
    async def open(cls, host: str, port: int, session: bytes, key: bytes) -> UdpHeartbeats:
        loop = asyncio.get_running_loop()
        _, protocol = await loop.create_datagram_endpoint(
            lambda: cls(session, key), remote_addr=(host, port))
        return protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        received_ns = time.monotonic_ns()
        try:
            frame = decode_frame(data)
            ack = HeartbeatAck.from_payload(frame.payload) if frame.type == TYPE_HEARTBEAT_ACK else None
        except ProtocolError:
            ack = None
        if ack is None:
            self.invalid += 1
            return
        pending = self._pending.get(frame.seq)
        if (pending is None or ack.session != self.session or ack.send_ns != pending[0]
                or not mac_is_valid(frame, self.key)):
            self.invalid += 1
            return
        sent_ns, future = self._pending.pop(frame.seq)
        if not future.done():
            future.set_result(HeartbeatReply(frame.seq, (received_ns - sent_ns) / 1e6,
                                             ack.server_recv_ns))

    def error_received(self, exc: Exception) -> None:
        pass  # ICMP port unreachable and the like show up as missing ACKs

    async def ping(self, timeout: float, key: bytes | None = None) -> HeartbeatReply | None:
        """One heartbeat; None when no valid ACK came back within ``timeout``."""
        assert self.transport is not None
        self._seq = (self._seq + 1) % (1 << 32)
        seq, sent = self._seq, time.monotonic_ns()
        future: asyncio.Future[HeartbeatReply] = asyncio.get_running_loop().create_future()
        self._pending[seq] = (sent, future)
        self.transport.sendto(encode_heartbeat(Heartbeat(self.session, sent), seq, key or self.key))
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            return None
        finally:
            self._pending.pop(seq, None)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
