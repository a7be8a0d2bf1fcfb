"""The monitor's Prometheus metrics and the HTTP server that offers them on /metrics.

A custom collector reads each target's TargetStats at scrape time, on the HTTP server's thread,
into a registry of its own (never prometheus_client's global one, which would add the
library's defaults and anything else imported in the process). Names and units follow the
Prometheus conventions: seconds, ratios 0..1, ``_total`` counters, ``_timestamp_seconds``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, ProcessCollector, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector

from t3gui import __version__
from t3gui.monitor.stats import RTT_BUCKETS_S, Snapshot, TargetStats

PREFIX = "t3gui"


def _le(bound: float) -> str:
    return f"{bound:g}"


class MonitorCollector(Collector):
    def __init__(self, targets: Sequence[TargetStats]) -> None:
        self.targets = list(targets)

    def collect(self) -> Iterable[CounterMetricFamily | GaugeMetricFamily | HistogramMetricFamily | InfoMetricFamily]:
        snaps = [t.snapshot() for t in self.targets]
        yield from self._probes(snaps)
        yield from self._session(snaps)
        yield from self._server(snaps)
        build = InfoMetricFamily(f"{PREFIX}_build", "The monitor's own version.")
        build.add_metric([], {"version": __version__})
        yield build

    def _probes(self, snaps: list[Snapshot]) -> Iterable[CounterMetricFamily | HistogramMetricFamily]:
        labels = ["target", "series"]
        sent = CounterMetricFamily(f"{PREFIX}_probes_sent", "Probes sent, or due while the server was away.",
                                   labels=labels)
        lost = CounterMetricFamily(f"{PREFIX}_probes_lost", "Probes without an answer in time, outages included.",
                                   labels=labels)
        outage = CounterMetricFamily(
            f"{PREFIX}_probes_outage", "Of the lost probes, those due while the server was away "
            "(no T3 session, or its port refused the connection) rather than lost by the network.", labels=labels)
        rtt = HistogramMetricFamily(f"{PREFIX}_rtt_seconds", "Round-trip time of answered probes.", labels=labels,
                                    unit="seconds")
        for snap in snaps:
            for name, s in sorted(snap.series.items()):
                key = [snap.target, name]
                sent.add_metric(key, s.sent)
                lost.add_metric(key, s.lost)
                outage.add_metric(key, s.outage)
                cumulative, running = [], 0
                for bound, count in zip(RTT_BUCKETS_S, s.buckets, strict=True):
                    running += count
                    cumulative.append((_le(bound), running))
                cumulative.append(("+Inf", s.rtt_count))
                rtt.add_metric(key, cumulative, sum_value=s.rtt_sum_s)
        yield from (sent, lost, outage, rtt)

    def _session(self, snaps: list[Snapshot]) -> Iterable[CounterMetricFamily | GaugeMetricFamily]:
        up = GaugeMetricFamily(f"{PREFIX}_up", "1 when the last login and heartbeat worked (without a token: "
                               "the last TCP connect), else 0.", labels=["target"])
        drops = CounterMetricFamily(f"{PREFIX}_session_drops", "T3 sessions lost or ended by the server.",
                                    labels=["target"])
        reconnects = CounterMetricFamily(f"{PREFIX}_reconnects", "New T3 sessions opened after a drop.",
                                         labels=["target"])
        cert = GaugeMetricFamily(f"{PREFIX}_tls_cert_not_after_timestamp_seconds",
                                 "When the server's TLS certificate expires (Unix time).", labels=["target"])
        token = GaugeMetricFamily(f"{PREFIX}_token_expiry_timestamp_seconds",
                                  "When the login token expires (its exp claim, Unix time).", labels=["target"])
        skew = GaugeMetricFamily(f"{PREFIX}_clock_skew_seconds", "This computer's clock minus the server's "
                                 "(positive: this one is ahead), from the server's times in HELLO_ACK and "
                                 "heartbeat ACKs.", labels=["target"])
        for snap in snaps:
            key = [snap.target]
            up.add_metric(key, 1.0 if snap.up else 0.0)
            drops.add_metric(key, snap.session_drops)
            reconnects.add_metric(key, snap.reconnects)
            for family, value in ((cert, snap.cert_not_after), (token, snap.token_expiry), (skew, snap.clock_skew_s)):
                if value is not None:  # unknown is absent, never NaN
                    family.add_metric(key, value)
        yield from (up, drops, reconnects, cert, token, skew)

    def _server(self, snaps: list[Snapshot]) -> Iterable[GaugeMetricFamily | InfoMetricFamily]:
        def gauge(name: str, doc: str) -> GaugeMetricFamily:
            return GaugeMetricFamily(f"{PREFIX}_server_{name}", doc + " (the server's latest STATUS).",
                                     labels=["target"])

        cpu = gauge("cpu_ratio", "Server CPU use, 0..1")
        memory = gauge("memory_ratio", "Server memory use, 0..1")
        disk = gauge("disk_io_ratio", "Server disk I/O use, 0..1")
        connections = gauge("connections", "Connections the server holds")
        most = gauge("max_connections", "Connections the server accepts at most")
        uptime = gauge("uptime_seconds", "Seconds since the server started")
        info = InfoMetricFamily(f"{PREFIX}_server", "The server's name (HELLO_ACK) and version (STATUS), "
                                "cleaned of control characters and cut to 64 characters.", labels=["target"])
        for snap in snaps:
            load, key = snap.load, [snap.target]
            if load is not None:
                for family, value in ((cpu, load.cpu), (memory, load.memory), (disk, load.disk_io),
                                      (connections, load.connections), (most, load.max_connections),
                                      (uptime, load.uptime_s)):
                    if value is not None:
                        family.add_metric(key, value)
            if snap.server or snap.version:
                info.add_metric(key, {"server": snap.server, "version": snap.version})
        yield from (cpu, memory, disk, connections, most, uptime, info)


def registry_for(targets: Sequence[TargetStats]) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(MonitorCollector(targets))
    ProcessCollector(registry=registry)  # the monitor's own memory and CPU (where the system tells them)
    return registry


@dataclass
class MetricsServer:
    httpd: WSGIServer
    thread: threading.Thread

    @property
    def address(self) -> str:
        host, port = self.httpd.server_address[:2]
        host = str(host)
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def close(self) -> None:
        """Stop serving (waits for the serving loop's next poll, half a second at most) and release the port."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5.0)


def serve(registry: CollectorRegistry, host: str, port: int) -> MetricsServer:
    """Serve /metrics on a thread; OSError when the address cannot be bound (in use, not local)."""
    httpd, thread = start_http_server(port, host, registry)
    return MetricsServer(httpd, thread)
