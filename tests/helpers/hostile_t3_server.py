"""A scriptable hostile T3 server on loopback: real TLS (the lab PKI), real UDP.

By default it behaves (HELLO_ACK, AUTH_OK, STATUS, heartbeat ACKs on TCP and
UDP), so a diagnosis of it is healthy. A script replaces what it does at a
stage ("hello", "auth", "status", "heartbeat") with an action: a reply whose
JSON fields are swapped for raw JSON text (NaN, 1e400, 2**80, a string where a
number goes), the user's token echoed back, silence, a close, a reset in the
middle of a frame, a drip of one byte every 0.3 s, or endless empty MORE
fragments. ``udp`` picks how the data port answers heartbeats.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import socket
import ssl
import struct
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection, Received
from t3gui.protocol.errors import ProtocolError
from t3gui.protocol.frame import FLAG_MORE, MAX_PAYLOAD, decode_frame, encode_frame
from t3gui.protocol.heartbeat import TYPE_HEARTBEAT, Heartbeat, HeartbeatAck, encode_heartbeat, mac_is_valid

KINDS = {"hello_ack": 0x02, "auth_ok": 0x04, "auth_fail": 0x05, "status": 0x07, "error": 0x0E}
# A field's value: raw JSON text, or a function of the session that gives it (to echo the token).
Value = str | Callable[["Session"], str]
Action = Callable[["Session", Received], Awaitable[None]]
UDP_MODES = ("answer", "drop", "garbage", "bad-mac", "flood", "huge-time")


class _End(Exception):
    """The action ended the connection."""


def q(text: str) -> str:
    """``text`` as a JSON string literal (escapes, surrogates and all)."""
    return json.dumps(text)


class Session:
    def __init__(self, server: HostileT3Server, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.server, self.reader, self.writer = server, reader, writer
        self.conn = Connection()
        self.session_id = os.urandom(16)
        self.key: bytes | None = None
        self.sent_token: str | None = None

    @property
    def token(self) -> str:
        """The user's token: as AUTH carried it, or as the test told the server beforehand."""
        return self.sent_token or self.server.token

    # -- what a healthy server says, field by field, as raw JSON --
    def defaults(self, kind: str) -> dict[str, str]:
        if kind == "hello_ack":
            return {"version": "1", "server": q("hostile/1"), "session": q(self.session_id.hex()),
                    "time_ms": str(int(time.time() * 1000)), "heartbeat_ms": "5000",
                    "udp_port": str(self.server.udp_port), "auth": '["jwt"]'}
        if kind == "auth_ok":
            self.key = os.urandom(32)
            self.server.keys[self.session_id] = self.key
            return {"user": q("alice"), "expires": str(int(time.time()) + 3600),
                    "udp_key": q(base64.b64encode(self.key).decode())}
        if kind == "auth_fail":
            return {"code": q("REVOKED"), "message": q("access revoked")}
        if kind == "status":
            return {"cpu": "0.1", "memory": "0.2", "disk_io": "0", "connections": "1", "max_connections": "100",
                    "uptime_s": "5", "version": q("hostile/1")}
        if kind == "error":
            return {"code": q("INTERNAL"), "message": q("internal error")}
        raise KeyError(kind)

    def payload(self, kind: str, fields: Mapping[str, Value]) -> bytes:
        obj = self.defaults(kind)
        obj.update({k: v(self) if callable(v) else v for k, v in fields.items()})
        return ("{" + ",".join(f"{q(k)}:{v}" for k, v in obj.items()) + "}").encode("utf-8", "surrogatepass")

    def frames(self, type_: int, payload: bytes) -> bytes:
        """``payload`` framed, fragmented at 16384 bytes as the spec says."""
        out = bytearray()
        for start in range(0, max(len(payload), 1), MAX_PAYLOAD):
            more = FLAG_MORE if start + MAX_PAYLOAD < len(payload) else 0
            out += encode_frame(type_, self.conn.next_seq(), payload[start:start + MAX_PAYLOAD], more)
        return bytes(out)

    def ack(self, beat: m.Message, key: bytes | None = None, server_ns: int | None = None) -> bytes:
        assert self.key is not None and isinstance(beat, Heartbeat)
        reply = HeartbeatAck(beat.session, beat.send_ns, time.time_ns() if server_ns is None else server_ns)
        return encode_heartbeat(reply, self.conn.next_seq(), key or self.key)

    async def write(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    def reset(self) -> None:
        """Close with a TCP RST: no close_notify, no FIN."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()

    @property
    def closing(self) -> bool:
        return self.writer.is_closing()


# -- actions a script can put at a stage --

def reply(kind: str, **fields: Value) -> Action:
    """The stage's message (or ``kind``), with ``fields`` replaced by raw JSON."""
    async def act(s: Session, received: Received) -> None:
        await s.write(s.frames(KINDS[kind], s.payload(kind, fields)))
        if kind in ("auth_fail", "error"):
            raise _End
    return act


def raw(type_: int, payload: Callable[[Session], bytes]) -> Action:
    async def act(s: Session, received: Received) -> None:
        await s.write(s.frames(type_, payload(s)))
    return act


async def silence(s: Session, received: Received) -> None:
    """Never answer (the connection stays open until the client gives up)."""


async def close(s: Session, received: Received) -> None:
    raise _End


def reset_mid_frame(kind: str, **fields: Value) -> Action:
    """Half of the stage's reply, then a reset."""
    async def act(s: Session, received: Received) -> None:
        data = s.frames(KINDS[kind], s.payload(kind, fields)) if kind != "ack" else s.ack(received.message)
        await s.write(data[:len(data) // 2])
        await asyncio.sleep(0.05)
        s.reset()
        raise _End
    return act


def drip(kind: str, every_s: float = 0.3, **fields: Value) -> Action:
    """The stage's reply, one byte every ``every_s`` (slowloris)."""
    async def act(s: Session, received: Received) -> None:
        data = s.frames(KINDS[kind], s.payload(kind, fields)) if kind != "ack" else s.ack(received.message)
        for i in range(len(data)):
            if s.closing:
                raise _End
            await s.write(data[i:i + 1])
            await asyncio.sleep(every_s)
    return act


def empty_fragments(type_: int, seconds: float = 30.0) -> Action:
    """Zero-length MORE fragments, as fast as the client takes them, until it hangs up."""
    async def act(s: Session, received: Received) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not s.closing:
            try:
                await s.write(b"".join(encode_frame(type_, s.conn.next_seq(), b"", FLAG_MORE) for _ in range(256)))
            except (ConnectionError, OSError):
                break
            await asyncio.sleep(0)
        raise _End
    return act


def bad_mac_ack(s: Session, received: Received) -> Awaitable[None]:
    return s.write(s.ack(received.message, key=os.urandom(32)))


# -- what a healthy server does --

async def _hello(s: Session, received: Received) -> None:
    await reply("hello_ack")(s, received)


async def _auth(s: Session, received: Received) -> None:
    await reply("auth_ok")(s, received)


async def _status(s: Session, received: Received) -> None:
    await reply("status")(s, received)


async def _heartbeat(s: Session, received: Received) -> None:
    beat = received.message
    if s.key is not None and isinstance(beat, Heartbeat) and mac_is_valid(received.frame, s.key):
        await s.write(s.ack(beat))


DEFAULTS: dict[str, Action] = {"hello": _hello, "auth": _auth, "status": _status, "heartbeat": _heartbeat}


@dataclass
class HostileT3Server:
    pki: dict[str, Path]
    token: str = ""
    script: dict[str, Action] = field(default_factory=dict)
    udp: str = "answer"
    host: str = "127.0.0.1"
    port: int = 0
    udp_port: int = 0
    keys: dict[bytes, bytes] = field(default_factory=dict)  # session id -> udp key
    sessions: int = 0
    _tcp: asyncio.base_events.Server | None = None
    _udp: asyncio.DatagramTransport | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def __aenter__(self) -> HostileT3Server:
        assert self.udp in UDP_MODES, self.udp
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.pki["server-good.pem"], self.pki["server-good.key"])
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(lambda: _Udp(self), local_addr=(self.host, 0))
        self._udp = transport
        self.udp_port = transport.get_extra_info("sockname")[1]
        self._tcp = await asyncio.start_server(self._accept, self.host, 0, ssl=context, ssl_handshake_timeout=5)
        self.port = self._tcp.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._tcp is not None and self._udp is not None
        self._tcp.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._tcp.wait_closed(), 2)
        self._udp.close()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        s = Session(self, reader, writer)
        try:
            await self._converse(s)
        except (_End, ConnectionError, OSError, ProtocolError, asyncio.CancelledError):
            pass
        finally:
            if not writer.is_closing():
                writer.close()
            self._tasks.discard(task)

    async def _converse(self, s: Session) -> None:
        while data := await s.reader.read(65536):
            s.conn.feed(data)
            while (received := s.conn.next_message()) is not None:
                message = received.message
                stage = {m.Hello: "hello", m.Auth: "auth", m.StatusReq: "status", Heartbeat: "heartbeat"}.get(
                    type(message))
                if isinstance(message, m.Bye) or stage is None:
                    return
                if isinstance(message, m.Hello):
                    self.sessions += 1
                if isinstance(message, m.Auth):
                    s.sent_token = message.token
                await self.script.get(stage, DEFAULTS[stage])(s, received)


class _Udp(asyncio.DatagramProtocol):
    def __init__(self, server: HostileT3Server) -> None:
        self.server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        mode, transport = self.server.udp, self.transport
        if mode == "drop" or transport is None:
            return
        try:
            frame = decode_frame(data)
            beat = Heartbeat.from_payload(frame.payload) if frame.type == TYPE_HEARTBEAT else None
        except ProtocolError:
            return
        key = self.server.keys.get(beat.session) if beat is not None else None
        if beat is None or key is None:
            return
        replies: list[bytes]
        if mode == "garbage":
            replies = [os.urandom(64), b"\x1b[2J" + self.server.token.encode()]
        elif mode == "flood":
            replies = [os.urandom(n) for n in range(1, 60)]
        elif mode == "bad-mac":
            replies = [encode_heartbeat(HeartbeatAck(beat.session, beat.send_ns, time.time_ns()), frame.seq,
                                        os.urandom(32))]
        else:
            server_ns = 2**64 - 1 if mode == "huge-time" else time.time_ns()
            replies = [encode_heartbeat(HeartbeatAck(beat.session, beat.send_ns, server_ns), frame.seq, key)]
        for datagram in replies:
            transport.sendto(datagram, addr)

