"""A slow network path in front of a lab server, without root: TCP and UDP relayed, each way delayed.

The demo plays HIGH_LATENCY with it (this kernel may have no netem, and users run the demo
unprivileged). Every byte and datagram reaches the other side ``one_way_ms`` after it was sent,
in order, as over a long link; nothing is lost or throttled. Connecting to the relay itself is
instant (the system completes that handshake), so only what flows over a connection is slow.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

log = logging.getLogger("t3gui.lab")
MAX_UDP_PEERS = 256  # one upstream socket per client address; loopback only, but bounded all the same
CHUNK = 1 << 16


class DelayRelay:
    def __init__(self, tcp_to: tuple[str, int], udp_to: tuple[str, int], one_way_ms: float,
                 host: str = "127.0.0.1") -> None:
        self.tcp_to, self.udp_to, self.host = tcp_to, udp_to, host
        self.delay_s = one_way_ms / 1000
        self.port = 0
        self.udp_port = 0
        self._server: asyncio.base_events.Server | None = None
        self._down: asyncio.DatagramTransport | None = None
        self._ups: dict[tuple[str, int], _Upstream] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await asyncio.start_server(self._accept, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        transport, _ = await loop.create_datagram_endpoint(lambda: _Downstream(self), local_addr=(self.host, 0))
        self._down = transport
        self.udp_port = transport.get_extra_info("sockname")[1]
        log.info("delay relay tcp/%d udp/%d -> %s/%d, udp/%d, %.0f ms each way", self.port, self.udp_port,
                 self.tcp_to[0], self.tcp_to[1], self.udp_to[1], self.delay_s * 1000)

    async def stop(self) -> None:
        self._closed = True
        if self._server is not None:
            self._server.close()
        await asyncio.sleep(0)  # a connection accepted just before the close registers its task first
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for up in self._ups.values():
            up.close()
        if self._down is not None:
            self._down.close()
        if self._server is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._server.wait_closed(), 2.0)

    async def __aenter__(self) -> DelayRelay:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- TCP --
    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        server_writer: asyncio.StreamWriter | None = None
        pipes: list[asyncio.Future[None]] = []
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.tcp_to)
            pipes = [asyncio.ensure_future(self._pipe(client_reader, server_writer)),
                     asyncio.ensure_future(self._pipe(server_reader, client_writer))]
            await asyncio.gather(*pipes)
        except OSError:
            pass  # either side went away: the other is closed below, as a broken path closes both
        except asyncio.CancelledError:
            # The relay is stopping. Ending quietly, as LabServer does: asyncio's start_server asks a
            # cancelled connection task for its exception and logs a traceback otherwise (3.11).
            pass
        finally:
            for pipe in pipes:
                pipe.cancel()
            await asyncio.gather(*pipes, return_exceptions=True)
            for writer in (client_writer, server_writer):
                if writer is not None:
                    writer.close()
            self._tasks.discard(task)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Bytes in order, each chunk delivered ``delay_s`` after it arrived; EOF likewise."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await queue.get()
                await asyncio.sleep(max(0.0, due - loop.time()))
                if not data:
                    if writer.can_write_eof():
                        writer.write_eof()
                    return
                writer.write(data)
                await writer.drain()

        delivering = asyncio.ensure_future(deliver())
        try:
            while True:
                data = await reader.read(CHUNK)
                queue.put_nowait((loop.time() + self.delay_s, data))
                if not data:
                    break
            await delivering
        finally:
            delivering.cancel()
            with contextlib.suppress(asyncio.CancelledError, OSError):
                await delivering

    # -- UDP --
    def later(self, callback: Callable[[bytes, tuple[str, int]], None], data: bytes,
              client: tuple[str, int]) -> None:
        if not self._closed:
            asyncio.get_running_loop().call_later(self.delay_s, self._fire, callback, data, client)

    def _fire(self, callback: Callable[[bytes, tuple[str, int]], None], data: bytes, client: tuple[str, int]) -> None:
        if not self._closed:  # the relay stopped while this datagram was on its way
            callback(data, client)

    def send_up(self, data: bytes, client: tuple[str, int]) -> None:
        up = self._ups.get(client)
        if up is None:
            if len(self._ups) >= MAX_UDP_PEERS:
                return
            up = self._ups[client] = _Upstream(self, client)
            task = asyncio.ensure_future(up.open(self.udp_to))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        up.send(data)

    def send_down(self, data: bytes, client: tuple[str, int]) -> None:
        if self._down is not None:
            self._down.sendto(data, client)


class _Downstream(asyncio.DatagramProtocol):
    def __init__(self, relay: DelayRelay) -> None:
        self.relay = relay

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.relay.later(self.relay.send_up, data, addr)

    def error_received(self, exc: Exception) -> None:
        pass  # an ICMP error for a client that left: a path forgets it too


class _Upstream(asyncio.DatagramProtocol):
    """The relay's socket towards the server for one client, so replies find their way back."""

    def __init__(self, relay: DelayRelay, client: tuple[str, int]) -> None:
        self.relay, self.client = relay, client
        self.transport: asyncio.DatagramTransport | None = None
        self.pending: list[bytes] = []

    async def open(self, to: tuple[str, int]) -> None:
        transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(lambda: self, remote_addr=to)
        self.transport = transport
        for data in self.pending:
            transport.sendto(data)
        self.pending.clear()

    def send(self, data: bytes) -> None:
        if self.transport is None:
            self.pending.append(data)
        else:
            self.transport.sendto(data)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.relay.later(self.relay.send_down, data, self.client)

    def error_received(self, exc: Exception) -> None:
        pass  # the server's port is closed: datagrams are lost, as on a real path

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
