"""CRL servers on 127.0.0.1 that behave well or badly, and count what they were asked.

``CrlServerPlay`` answers every request the same way: the CRL, a status line, a redirect, megabytes,
or a drip of one byte at a time. Every connection it holds is dropped when it stops, so a drip
never outlives its test.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

MIB = 1 << 20


@dataclass
class CrlServerPlay:
    body: bytes = b""
    status: str = "200 OK"
    headers: tuple[str, ...] = ("Content-Type: application/pkix-crl",)
    announce_length: bool = True  # send Content-Length
    junk_bytes: int = 0  # instead of the body: this many bytes, sent as fast as the client takes them
    drip_s: float | None = None  # one byte of the whole answer every drip_s seconds
    drip_from: int = 0  # ...starting at this byte (0: the status line already drips)
    requests: list[bytes] = field(default_factory=list)
    sent: int = 0
    port: int = 0
    _server: asyncio.base_events.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ca.crl"

    def head(self) -> bytes:
        size = self.junk_bytes or len(self.body)
        lines = [f"HTTP/1.0 {self.status}", *self.headers]
        if self.announce_length:
            lines.append(f"Content-Length: {size}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _over(self, writer: asyncio.StreamWriter) -> bool:
        return self._stop.is_set() or writer.transport.is_closing()

    async def _send(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        writer.write(data)
        await writer.drain()
        self.sent += len(data)

    async def _answer(self, writer: asyncio.StreamWriter) -> None:
        answer = self.head() + self.body
        if self.drip_s is not None:
            await self._send(writer, answer[:self.drip_from])
            for i in range(self.drip_from, len(answer)):
                await self._send(writer, answer[i:i + 1])
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), self.drip_s)
                if self._over(writer):
                    return
            return
        await self._send(writer, answer)
        chunk = b"\x30" * 65536
        left = self.junk_bytes
        while left > 0 and not self._over(writer):
            await self._send(writer, chunk[:left])
            left -= len(chunk)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        try:
            with contextlib.suppress(OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                self.requests.append(await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5))
                await self._answer(writer)
        finally:
            self._tasks.discard(task)
            self._writers.discard(writer)
            writer.transport.abort()

    async def __aenter__(self) -> CrlServerPlay:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        self._stop.set()
        for writer in list(self._writers):
            writer.transport.abort()
        await asyncio.gather(*self._tasks, return_exceptions=True)
