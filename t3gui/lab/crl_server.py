"""A minimal HTTP server on loopback that hands out one CRL, for the revoked-certificate demo."""

from __future__ import annotations

import asyncio
import contextlib


class CrlServer:
    def __init__(self, crl: bytes) -> None:
        self.crl = crl
        self.port = 0
        self._server: asyncio.base_events.Server | None = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # A client that sends an endless or truncated request gets nothing, and the server carries on.
        with contextlib.suppress(OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            writer.write(b"HTTP/1.0 200 OK\r\nContent-Type: application/pkix-crl\r\n"
                         + f"Content-Length: {len(self.crl)}\r\n\r\n".encode() + self.crl)
            await writer.drain()
        writer.close()

    async def __aenter__(self) -> CrlServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._server.wait_closed(), 2)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/intermediate.crl"
