"""The sockets of a hand-written T3 test server: TLS on a control port, heartbeats on a UDP port.

Subclasses say what the server answers (``_serve``); this holds the listening part they share.
"""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path
from typing import Self

from t3gui.lab.heartbeat_endpoint import HeartbeatEndpoint


class TlsT3Server:
    def __init__(self, pki: dict[str, Path], endpoint: HeartbeatEndpoint) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(pki["server-good.pem"], pki["server-good.key"])
        self.endpoint = endpoint
        self.port = self.udp_port = 0
        self._server: asyncio.Server | None = None
        self._udp: asyncio.DatagramTransport | None = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.context)
        self.port = self._server.sockets[0].getsockname()[1]
        self._udp, _ = await asyncio.get_running_loop().create_datagram_endpoint(
            lambda: self.endpoint, local_addr=("127.0.0.1", 0))
        self.udp_port = self._udp.get_extra_info("sockname")[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None and self._udp is not None
        self._server.close()
        self._udp.close()
