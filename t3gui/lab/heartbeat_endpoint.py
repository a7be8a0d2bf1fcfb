"""The UDP data port: answers authenticated heartbeats, drops everything else."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import cast

from t3gui.protocol.errors import ProtocolError
from t3gui.protocol.frame import decode_frame
from t3gui.protocol.heartbeat import (
    TYPE_HEARTBEAT,
    Heartbeat,
    HeartbeatAck,
    encode_heartbeat,
    mac_is_valid,
)


class HeartbeatEndpoint(asyncio.DatagramProtocol):
    def __init__(self, now_ns: Callable[[], int] = time.time_ns, blocked: bool = False) -> None:
        self.sessions: dict[bytes, bytes] = {}  # session id -> udp_key
        self.answered = 0
        self.dropped = 0
        self._now_ns = now_ns
        self._blocked = blocked
        self._transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        reply = None if self._blocked else self.answer(data)
        if reply is None:
            self.dropped += 1
        elif self._transport is not None:
            self.answered += 1
            self._transport.sendto(reply, addr)

    def answer(self, datagram: bytes) -> bytes | None:
        """The HEARTBEAT_ACK for a valid heartbeat, None for anything to drop."""
        recv_ns = self._now_ns()
        try:
            frame = decode_frame(datagram)
            if frame.type != TYPE_HEARTBEAT or frame.more:
                return None
            beat = Heartbeat.from_payload(frame.payload)
        except ProtocolError:
            return None
        key = self.sessions.get(beat.session)
        if key is None or not mac_is_valid(frame, key):
            return None
        return encode_heartbeat(HeartbeatAck(beat.session, beat.send_ns, recv_ns), frame.seq, key)

    def error_received(self, exc: Exception) -> None:
        # ICMP errors for replies to vanished clients: nothing to do but go on.
        pass
