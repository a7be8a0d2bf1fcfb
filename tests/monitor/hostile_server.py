"""A T3 server that logs clients in, then answers STATUS_REQ with what its script says, byte for byte.

HELLO_ACK carries a nonsense clock and a server name full of escape sequences; the heartbeat ACKs'
server time is nonsense too. Each STATUS answer is a raw JSON payload, so it can be what no
honest encoder writes (NaN, 1e308); once the script is used up it repeats its last entry.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import time
from pathlib import Path

from t3gui.lab.heartbeat_endpoint import HeartbeatEndpoint
from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection
from t3gui.protocol.frame import encode_frame
from tests.helpers.tls_t3_server import TlsT3Server

HEARTBEAT_MS = 200
SERVER_NAME = "\x1b]0;owned\x07\x1b[31mhostile/1\n" + "A" * 3000


class HostileServer(TlsT3Server):
    def __init__(self, pki: dict[str, Path], statuses: list[bytes]) -> None:
        super().__init__(pki, HeartbeatEndpoint(now_ns=lambda: 2**63 - 1))  # a clock 290 years ahead
        self.statuses = statuses
        self.answered = 0
        self.connections = 0
        self.tokens: list[str] = []

    def status_payload(self) -> bytes:
        payload = self.statuses[min(self.answered, len(self.statuses) - 1)]
        self.answered += 1
        if b"{token}" in payload and self.tokens:  # a server that hands the token back in its version text
            payload = payload.replace(b"{token}", self.tokens[-1].encode())
        return payload

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        conn, session = Connection(), os.urandom(16)

        async def take() -> object:
            while (received := conn.next_message()) is None:
                data = await reader.read(65536)
                if not data:
                    raise EOFError
                conn.feed(data)
            return received.message

        try:
            await take()
            writer.write(conn.send(m.HelloAck(1, SERVER_NAME, session.hex(), 0, HEARTBEAT_MS, self.udp_port)))
            auth = await take()
            if isinstance(auth, m.Auth):
                self.tokens.append(auth.token)
            key = os.urandom(32)
            self.endpoint.sessions[session] = key
            writer.write(conn.send(m.AuthOk("alice", int(time.time()) + 3600, base64.b64encode(key).decode())))
            while True:
                if isinstance(await take(), m.StatusReq):
                    writer.write(encode_frame(m.MessageType.STATUS, conn.next_seq(), self.status_payload()))
                    await writer.drain()
        except (EOFError, OSError):
            pass
        finally:
            self.endpoint.sessions.pop(session, None)
            with contextlib.suppress(OSError):
                writer.close()
