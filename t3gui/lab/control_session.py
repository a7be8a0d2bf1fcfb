"""One control connection of the lab server: the spec's message order, and faults."""

from __future__ import annotations

import asyncio
import base64
import enum
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from t3gui.lab.faults import Fault
from t3gui.lab.streams import ByteStream
from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection, Received
from t3gui.protocol.errors import ErrorCode, ProtocolError, TokenError
from t3gui.protocol.frame import encode_frame
from t3gui.protocol.heartbeat import Heartbeat, HeartbeatAck, mac_is_valid

if TYPE_CHECKING:
    from t3gui.lab.server import LabServer

HTTP_REPLY = (
    b"HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\n"
    b"Content-Length: 0\r\nConnection: close\r\n\r\n"
)


class State(enum.Enum):
    AWAIT_HELLO = "await-hello"
    READY = "ready"  # after HELLO_ACK
    AUTHED = "authed"  # after AUTH_OK


@dataclass
class SessionRecord:
    """What the one log line of a connection says."""

    peer: str
    tls: str = "-"
    user: str = "-"
    messages: int = 0
    end: str = "open"


class _Close(Exception):
    def __init__(self, why: str) -> None:
        self.why = why


class ControlSession:
    def __init__(self, server: LabServer, stream: ByteStream, record: SessionRecord) -> None:
        self.server = server
        self.config = server.config
        self.stream = stream
        self.record = record
        self.conn = Connection()
        self.state = State.AWAIT_HELLO
        self.session_id = os.urandom(16)
        self.udp_key: bytes | None = None

    async def run(self) -> None:
        try:
            if Fault.NO_RESPONSE in self.config.faults:
                await self._hold_silently()
            elif Fault.NOT_T3 in self.config.faults:
                await self._answer_like_http()
            else:
                await self._converse()
        except _Close as close:
            self.record.end = close.why
        finally:
            self.server.endpoint.sessions.pop(self.session_id, None)

    async def _read(self, timeout: float) -> bytes:
        try:
            async with asyncio.timeout(timeout):  # in this task: no wrapped coroutine left unawaited by a cancel
                data = await self.stream.read()
        except TimeoutError:
            raise _Close("idle-timeout") from None
        if not data:
            raise _Close("peer-closed")
        return data

    async def _hold_silently(self) -> None:
        deadline = time.monotonic() + self.config.no_response_hold_s
        while (left := deadline - time.monotonic()) > 0:
            await self._read(left)
        raise _Close("held-silently")

    async def _answer_like_http(self) -> None:
        await self._read(self.config.idle_timeout_s)
        await self.stream.write(HTTP_REPLY)
        raise _Close("answered-http")

    async def _converse(self) -> None:
        while True:
            self.conn.feed(await self._read(self.config.idle_timeout_s))
            while True:
                try:
                    received = self.conn.next_message()
                except ProtocolError as exc:
                    await self._send(m.Error(exc.code.value, exc.detail))
                    raise _Close(f"protocol-error:{exc.code.value}") from None
                if received is None:
                    break
                self.record.messages += 1
                await self._dispatch(received)

    async def _send(self, message: m.ControlMessage) -> None:
        await self.stream.write(self.conn.send(message))

    async def _refuse(self, code: ErrorCode, detail: str, retry_after_ms: int | None = None) -> None:
        await self._send(m.Error(code.value, detail, retry_after_ms))
        raise _Close(f"error:{code.value}")

    async def _dispatch(self, received: Received) -> None:
        message = received.message
        if isinstance(message, m.Bye):
            raise _Close("bye")
        if isinstance(message, m.Error):
            raise _Close(f"client-error:{message.code}")
        if self.state is State.AWAIT_HELLO:
            if not isinstance(message, m.Hello):
                await self._refuse(ErrorCode.UNEXPECTED_MESSAGE, "HELLO must come first")
            else:
                await self._on_hello(message)
            return
        if isinstance(message, m.StatusReq):
            await self._send(self.server.status())
        elif isinstance(message, m.Auth) and self.state is State.READY:
            await self._on_auth(message)
        elif isinstance(message, Heartbeat):
            await self._on_heartbeat(message, received)
        else:
            await self._refuse(ErrorCode.UNEXPECTED_MESSAGE,
                               f"{type(message).__name__} is not expected now")

    async def _on_hello(self, hello: m.Hello) -> None:
        faults = self.config.faults
        if Fault.BUSY in faults or self.server.active_connections > self.config.max_connections:
            await self._refuse(ErrorCode.BUSY, "the server is at capacity", retry_after_ms=30000)
        if Fault.VERSION_UNSUPPORTED in faults or 1 not in hello.versions:
            await self._refuse(ErrorCode.VERSION_UNSUPPORTED, "this server speaks T3 version 1 only")
        if Fault.SLOW_HANDSHAKE in faults:
            await asyncio.sleep(self.config.slow_handshake_ms / 1000)
        ack = m.HelloAck(1, f"{self.config.server_name}/{self.server.version}",
                         self.session_id.hex(), self.server.now_ms(), self.config.heartbeat_ms,
                         self.server.udp_port, ("jwt",))
        if Fault.BAD_FRAME in faults:
            frame = bytearray(encode_frame(ack.TYPE, self.conn.next_seq(), ack.to_payload()))
            frame[14] ^= 0xFF  # break the checksum
            await self.stream.write(bytes(frame))
            raise _Close("sent-bad-frame")
        await self._send(ack)
        self.state = State.READY

    async def _on_auth(self, auth: m.Auth) -> None:
        if Fault.NO_AUTH_RESPONSE in self.config.faults:  # the sign-in service behind this server is down
            await self._hold_silently()
        try:
            result = self.server.authenticator.check(auth.token, self.server.now_ms() / 1000)
        except TokenError as exc:
            await self._send(m.AuthFail(exc.code.value, exc.detail))
            raise _Close(f"auth-fail:{exc.code.value}") from None
        self.udp_key = os.urandom(32)
        self.server.endpoint.sessions[self.session_id] = self.udp_key
        self.state = State.AUTHED
        self.record.user = result.user
        await self._send(m.AuthOk(result.user, result.expires,
                                  base64.b64encode(self.udp_key).decode("ascii")))

    async def _on_heartbeat(self, beat: Heartbeat, received: Received) -> None:
        if self.state is not State.AUTHED or self.udp_key is None:
            await self._send(m.Error(ErrorCode.AUTH_REQUIRED.value, "authenticate first"))
            return
        if beat.session != self.session_id or not mac_is_valid(received.frame, self.udp_key):
            return  # dropped, as on the data channel: a wrong key looks like loss
        ack = HeartbeatAck(beat.session, beat.send_ns, self.server.now_ns())
        await self.stream.write(self.conn.send_heartbeat(ack, self.udp_key))
