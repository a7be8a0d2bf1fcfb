"""A TCP port that never answers a connect, as behind a firewall that drops packets, without root.

A listening socket that is never accepted from, with a backlog of 0 and its queue filled by one
connection of our own: Linux and macOS then drop every further SYN in silence (Linux counts them
as ListenOverflows), so a client's connect waits until its own timeout, exactly as when a
firewall drops it. No packet filter, no privileges, loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket

MAX_FILL = 8  # a backlog of 0 admits one connection on Linux, a few on some other systems
PROBE_S = 0.25  # a loopback connect that is answered at all completes in microseconds


class FilteredPortError(OSError):
    """This system answers connects to a full listening socket (Windows refuses them)."""


class FilteredPort:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self._listener: socket.socket | None = None
        self._fillers: list[socket.socket] = []

    async def start(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind((self.host, 0))
        self._listener.listen(0)
        self.port = self._listener.getsockname()[1]
        for _ in range(MAX_FILL):
            probe = await self._connect()
            if probe is None:
                return  # the queue is full and connects now go unanswered: filtered
            self._fillers.append(probe)
        await self.stop()
        raise FilteredPortError(errno.EOPNOTSUPP, "this system still answers connects to a full listening socket, "
                                "so it cannot play a filtered port without a firewall")

    async def _connect(self) -> socket.socket | None:
        """A connected socket, or None when the connect went unanswered for PROBE_S."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            await asyncio.wait_for(asyncio.get_running_loop().sock_connect(sock, (self.host, self.port)), PROBE_S)
        except TimeoutError:
            sock.close()
            return None
        except ConnectionRefusedError:
            sock.close()
            await self.stop()
            raise FilteredPortError(errno.EOPNOTSUPP, "this system refuses connects to a full listening socket "
                                    "instead of ignoring them, so it cannot play a filtered port without a firewall"
                                    ) from None
        return sock

    async def stop(self) -> None:
        for sock in self._fillers:
            with contextlib.suppress(OSError):
                sock.close()
        self._fillers.clear()
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    async def __aenter__(self) -> FilteredPort:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
