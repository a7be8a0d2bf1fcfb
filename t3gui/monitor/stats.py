"""What one target's monitor has seen so far, in fixed-size numbers: the metrics' source.

The asyncio side writes, the metrics server's thread reads (a scrape); a lock keeps a scrape
from seeing a histogram half updated. Nothing here grows with time: counters, fixed buckets and
the latest values, so memory stays flat however long the monitor runs.

Everything a server sends is hostile: a number that is not finite or lies outside what it can
mean is dropped here, where it enters, so no NaN or 1e308 ever reaches a metric.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

from t3gui.core.sanitize import server_text

# Round trips from a LAN's fraction of a millisecond to a satellite link's seconds (upper bounds, s).
RTT_BUCKETS_S = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
MAX_RTT_S = 3600.0  # a probe's RTT longer than its timeout cannot be; an hour is far past any
MAX_LABEL_TEXT = 64
MAX_COUNT = 2**32  # connections: the codec's U32


def finite(value: object, low: float, high: float) -> float | None:
    """``value`` as a float when it is a real number within [low, high]; None otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) and low <= number <= high else None


@dataclass
class SeriesStats:
    sent: int = 0
    lost: int = 0  # network loss and probes due during an outage
    outage: int = 0  # of ``lost``: due while the server was away (no session, port refused)
    buckets: list[int] = field(default_factory=lambda: [0] * len(RTT_BUCKETS_S))  # not cumulative
    rtt_count: int = 0
    rtt_sum_s: float = 0.0
    last_ok: bool | None = None  # the latest probe's fate, None before the first


@dataclass(frozen=True)
class ServerLoad:
    cpu: float | None
    memory: float | None
    disk_io: float | None
    connections: float | None
    max_connections: float | None
    uptime_s: float | None


@dataclass
class Snapshot:
    target: str
    series: dict[str, SeriesStats]
    up: bool
    session_drops: int
    reconnects: int
    cert_not_after: float | None
    token_expiry: float | None
    clock_skew_s: float | None
    load: ServerLoad | None
    server: str
    version: str


class TargetStats:
    def __init__(self, target: str, token_expiry: float | None = None, uses_session: bool = True,
                 secrets: tuple[str, ...] = ()) -> None:
        self.target = target
        self.token_expiry = finite(token_expiry, 0, 2**40)
        self.uses_session = uses_session  # False: no token, so "up" is the TCP connect's fate
        self._secrets = secrets
        self._lock = threading.Lock()
        self._series: dict[str, SeriesStats] = {}
        self._session_open = False
        self._drops = self._reconnects = 0
        self._cert_not_after: float | None = None
        self._clock_skew_s: float | None = None
        self._load: ServerLoad | None = None
        self._server = self._version = ""

    def _of(self, series: str) -> SeriesStats:
        stats = self._series.get(series)
        if stats is None:
            stats = self._series[series] = SeriesStats()
        return stats

    def probe(self, series: str, rtt_ms: float | None) -> None:
        """One probe's result: an RTT, or None for lost."""
        rtt_s = finite(rtt_ms, 0.0, MAX_RTT_S * 1000)
        with self._lock:
            stats = self._of(series)
            stats.sent += 1
            if rtt_ms is None or rtt_s is None:
                stats.lost += 1
                stats.last_ok = False
                return
            rtt_s /= 1000
            stats.last_ok = True
            stats.rtt_count += 1
            stats.rtt_sum_s += rtt_s
            for i, bound in enumerate(RTT_BUCKETS_S):
                if rtt_s <= bound:
                    stats.buckets[i] += 1
                    break

    def outage_probe(self, series: str) -> None:
        """A probe due while the server was away: lost, and counted apart as the outage's."""
        with self._lock:
            stats = self._of(series)
            stats.sent += 1
            stats.lost += 1
            stats.outage += 1
            stats.last_ok = False

    def session(self, is_open: bool) -> None:
        with self._lock:
            if is_open and not self._session_open:
                self._of("t3_udp").last_ok = None  # a new session: its heartbeats are yet to tell
            self._session_open = is_open

    def counts(self, drops: int, reconnects: int) -> None:
        with self._lock:
            self._drops, self._reconnects = drops, reconnects

    def server_facts(self, cert_not_after: float | None, clock_skew_s: float | None, server: object) -> None:
        with self._lock:
            self._cert_not_after = finite(cert_not_after, 0, 2**40) if cert_not_after is not None else None
            self._clock_skew_s = finite(clock_skew_s, -1e9, 1e9) if clock_skew_s is not None else None
            if isinstance(server, str) and server:
                self._server = server_text(server, self._secrets, MAX_LABEL_TEXT)

    def status(self, cpu: object, memory: object, disk_io: object, connections: object,
               max_connections: object, uptime_s: object, version: object) -> None:
        """A STATUS: every field checked again here, whatever the codec let through."""
        load = ServerLoad(finite(cpu, 0, 1), finite(memory, 0, 1), finite(disk_io, 0, 1),
                          finite(connections, 0, MAX_COUNT), finite(max_connections, 0, MAX_COUNT),
                          finite(uptime_s, 0, 2**40))
        with self._lock:
            self._load = load
            if isinstance(version, str):
                self._version = server_text(version, self._secrets, MAX_LABEL_TEXT)

    def up(self) -> bool:
        with self._lock:
            return self._up()

    def _up(self) -> bool:
        if self.uses_session:
            heartbeat = self._series.get("t3_udp")
            return self._session_open and (heartbeat is None or heartbeat.last_ok is not False)
        tcp = self._series.get("tcp_connect")
        return tcp is not None and tcp.last_ok is True

    def totals(self) -> tuple[int, int]:
        with self._lock:
            return sum(s.sent for s in self._series.values()), sum(s.lost for s in self._series.values())

    def snapshot(self) -> Snapshot:
        with self._lock:
            series = {name: SeriesStats(s.sent, s.lost, s.outage, list(s.buckets), s.rtt_count, s.rtt_sum_s,
                                        s.last_ok) for name, s in self._series.items()}
            return Snapshot(self.target, series, self._up(), self._drops, self._reconnects, self._cert_not_after,
                            self.token_expiry, self._clock_skew_s, self._load, self._server, self._version)
