"""Byte streams for the lab server's control channel: plain TCP, or TLS.

TLS runs over memory BIOs rather than asyncio's TLS transport because a
rejected handshake must put its alert on the wire before the close (spec:
Channels); asyncio's transport aborts without flushing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from typing import Protocol

READ_SIZE = 65536


class ByteStream(Protocol):
    tls_version: str | None

    async def read(self) -> bytes: ...
    async def write(self, data: bytes) -> None: ...
    async def close(self) -> None: ...


class PlainStream:
    tls_version: str | None = None

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer

    async def read(self) -> bytes:
        return await self._reader.read(READ_SIZE)

    async def write(self, data: bytes) -> None:
        self._writer.write(data)
        await self._writer.drain()

    async def close(self) -> None:
        self._writer.close()
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            await asyncio.wait_for(self._writer.wait_closed(), 1.0)


class TlsServerStream:
    tls_version: str | None = None

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 context: ssl.SSLContext) -> None:
        self._reader, self._writer = reader, writer
        self._incoming, self._outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self._tls = context.wrap_bio(self._incoming, self._outgoing, server_side=True)
        self._eof = False

    async def _flush(self) -> None:
        data = self._outgoing.read()
        if data:
            self._writer.write(data)
            await self._writer.drain()

    async def _flush_quietly(self) -> None:
        # asyncio.timeout, not wait_for: a cancel before wait_for's task starts leaves _flush never awaited.
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            async with asyncio.timeout(1.0):
                await self._flush()

    async def _fill(self) -> bool:
        data = await self._reader.read(READ_SIZE)
        if not data:
            self._incoming.write_eof()
            return False
        self._incoming.write(data)
        return True

    async def handshake(self) -> None:
        while True:
            try:
                self._tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                await self._flush()
                if not await self._fill():
                    raise ConnectionResetError("the peer closed during the TLS handshake") from None
            except ssl.SSLError:
                await self._flush_quietly()  # the alert that tells the client why
                raise
        await self._flush()
        self.tls_version = self._tls.version()

    @property
    def peer_certificate(self) -> dict | None:  # type: ignore[type-arg]
        return self._tls.getpeercert()

    async def read(self) -> bytes:
        while True:
            try:
                data = self._tls.read(READ_SIZE)
            except ssl.SSLWantReadError:
                await self._flush()
                if self._eof or not await self._fill():
                    if self._eof:
                        return b""  # OpenSSL wants more, and there is no more
                    self._eof = True  # the next read reports the EOF its own way
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return b""
            except ssl.SSLError:
                await self._flush_quietly()
                raise
            else:
                await self._flush()  # TLS 1.3 may have queued tickets or key updates
                return data

    async def write(self, data: bytes) -> None:
        self._tls.write(data)
        await self._flush()

    async def close(self) -> None:
        with contextlib.suppress(ssl.SSLError, OSError):
            self._tls.unwrap()
        await self._flush_quietly()
        self._writer.close()
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            await asyncio.wait_for(self._writer.wait_closed(), 1.0)
