"""A user-space UDP relay that delays datagrams both ways, on its own thread.

This kernel has no sch_netem, so latency and jitter are injected here, at the
socket level: the client talks to the relay, the relay to the real port. It
runs on a thread with microsecond select timeouts, because an asyncio timer
rounds up to the millisecond on every hop and would bias what it injects.
"""

from __future__ import annotations

import heapq
import itertools
import random
import select
import socket
import threading
import time


class UdpDelayRelay:
    def __init__(self, upstream: tuple[str, int], delay_ms: float, jitter_ms: float = 0.0,
                 host: str = "127.0.0.1", seed: int = 7) -> None:
        self.upstream = upstream
        self.delay_ms, self.jitter_ms = delay_ms, jitter_ms
        self.random = random.Random(seed)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.listener.bind((host, 0))
        self.port = self.listener.getsockname()[1]
        self._links: dict[tuple[str, int], socket.socket] = {}  # client -> its upstream socket
        self._queue: list[tuple[float, int, socket.socket, bytes, tuple[str, int]]] = []
        self._order = itertools.count()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @classmethod
    async def start(cls, upstream: tuple[str, int], delay_ms: float, jitter_ms: float = 0.0,
                    host: str = "127.0.0.1") -> UdpDelayRelay:
        return cls(upstream, delay_ms, jitter_ms, host)

    def one_way_delay_s(self) -> float:
        """Half the round-trip delay each way, plus uniform jitter."""
        return max(0.0, (self.delay_ms / 2 + self.random.uniform(0, self.jitter_ms / 2)) / 1000)

    def _later(self, sock: socket.socket, data: bytes, to: tuple[str, int]) -> None:
        heapq.heappush(self._queue, (time.monotonic() + self.one_way_delay_s(), next(self._order), sock, data, to))

    def _run(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            while self._queue and self._queue[0][0] <= now:
                _, _, sock, data, to = heapq.heappop(self._queue)
                sock.sendto(data, to)
            wait = min(0.05, max(0.0, self._queue[0][0] - time.monotonic())) if self._queue else 0.05
            readable, _, _ = select.select([self.listener, *self._links.values()], [], [], wait)
            for sock in readable:
                data, addr = sock.recvfrom(65536)
                if sock is self.listener:
                    link = self._links.get(addr)
                    if link is None:
                        link = self._links[addr] = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    self._later(link, data, self.upstream)
                else:
                    client = next(c for c, s in self._links.items() if s is sock)
                    self._later(self.listener, data, client)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for sock in self._links.values():
            sock.close()
        self.listener.close()
