"""A user-space UDP relay that delays (and may drop) datagrams both ways.

This kernel has no sch_netem, so latency and jitter are injected here, at the
socket level: the client talks to the relay, the relay to the real port.
"""

from __future__ import annotations

import asyncio
import random
from typing import cast


class _Upstream(asyncio.DatagramProtocol):
    def __init__(self, relay: UdpDelayRelay, client: tuple[str, int]) -> None:
        self.relay, self.client = relay, client

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.relay.later(lambda: self.relay.listener.sendto(data, self.client))


class UdpDelayRelay(asyncio.DatagramProtocol):
    def __init__(self, upstream: tuple[str, int], delay_ms: float, jitter_ms: float = 0.0,
                 seed: int = 7) -> None:
        self.upstream = upstream
        self.delay_ms, self.jitter_ms = delay_ms, jitter_ms
        self.random = random.Random(seed)
        self.listener: asyncio.DatagramTransport = cast(asyncio.DatagramTransport, None)
        self.port = 0
        self._links: dict[tuple[str, int], asyncio.DatagramTransport] = {}

    @classmethod
    async def start(cls, upstream: tuple[str, int], delay_ms: float, jitter_ms: float = 0.0,
                    host: str = "127.0.0.1") -> UdpDelayRelay:
        relay = cls(upstream, delay_ms, jitter_ms)
        transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
            lambda: relay, local_addr=(host, 0))
        relay.listener = cast(asyncio.DatagramTransport, transport)
        relay.port = transport.get_extra_info("sockname")[1]
        return relay

    def one_way_delay_s(self) -> float:
        """Half the round-trip delay each way, plus uniform jitter."""
        return max(0.0, (self.delay_ms / 2 + self.random.uniform(0, self.jitter_ms / 2)) / 1000)

    def later(self, send: object) -> None:
        assert callable(send)
        asyncio.get_running_loop().call_later(self.one_way_delay_s(), send)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        asyncio.get_running_loop().create_task(self._forward(data, addr))

    async def _forward(self, data: bytes, client: tuple[str, int]) -> None:
        link = self._links.get(client)
        if link is None:
            transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
                lambda: _Upstream(self, client), remote_addr=self.upstream)
            link = self._links[client] = cast(asyncio.DatagramTransport, transport)
        self.later(lambda: link.sendto(data))

    def close(self) -> None:
        for link in self._links.values():
            link.close()
        self.listener.close()
