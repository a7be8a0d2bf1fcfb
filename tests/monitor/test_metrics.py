"""/metrics over real HTTP: the names and labels the spec asks for, valid per promtool, nothing poisoned."""

from __future__ import annotations

import math
import shutil
import socket
import subprocess
import urllib.request
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from t3gui.monitor.metrics import MetricsServer, registry_for, serve
from t3gui.monitor.stats import TargetStats

SPEC_METRICS = {  # diagnosis.md, "Monitor": name -> type
    "t3gui_probes_sent": "counter", "t3gui_probes_lost": "counter", "t3gui_rtt_seconds": "histogram",
    "t3gui_up": "gauge", "t3gui_tls_cert_not_after_timestamp_seconds": "gauge",
    "t3gui_token_expiry_timestamp_seconds": "gauge", "t3gui_clock_skew_seconds": "gauge",
    "t3gui_server_cpu_ratio": "gauge", "t3gui_server_connections": "gauge",
}


def scrape(server: MetricsServer) -> str:
    with urllib.request.urlopen(f"http://{server.address}/metrics", timeout=5) as response:
        return str(response.read().decode("utf-8"))


def busy_target() -> TargetStats:
    stats = TargetStats("t3.example:12345", token_expiry=2_000_000_000)
    stats.session(True)
    for rtt in (0.4, None, 1.2, 30.0):
        stats.probe("t3_udp", rtt)
    stats.probe("tcp_connect", 0.3)
    stats.outage_probe("tcp_connect")
    stats.counts(drops=2, reconnects=1)
    stats.server_facts(1_900_000_000.0, -0.25, 't3d/2 "quoted" \\ back')
    stats.status(0.5, math.nan, 0.0, 12, 1000, 3600, "2.1")
    return stats


@pytest.fixture
def server() -> Iterator[MetricsServer]:
    registry = registry_for([busy_target(), TargetStats("[2001:db8::1]:12345")])
    metrics = serve(registry, "127.0.0.1", 0)
    yield metrics
    metrics.close()


def test_the_spec_metrics_with_their_labels_and_values(server: MetricsServer) -> None:
    families = {f.name: f for f in text_string_to_metric_families(scrape(server))}
    for name, kind in SPEC_METRICS.items():
        assert families[name].type == kind, name
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value for f in families.values() for s in f.samples}
    target = ("target", "t3.example:12345")

    def value(name: str, **labels: str) -> float:
        return samples[(name, tuple(sorted({**dict([target]), **labels}.items())))]

    assert value("t3gui_probes_sent_total", series="t3_udp") == 4 and value("t3gui_probes_lost_total",
                                                                           series="t3_udp") == 1
    assert value("t3gui_probes_lost_total", series="tcp_connect") == 1
    assert value("t3gui_probes_outage_total", series="tcp_connect") == 1
    assert value("t3gui_rtt_seconds_bucket", series="t3_udp", le="0.0005") == 1
    assert value("t3gui_rtt_seconds_bucket", series="t3_udp", le="0.0025") == 2
    assert value("t3gui_rtt_seconds_bucket", series="t3_udp", le="+Inf") == 3
    assert value("t3gui_rtt_seconds_sum", series="t3_udp") == pytest.approx(0.0316)
    assert value("t3gui_up") == 1.0 and value("t3gui_session_drops_total") == 2
    assert value("t3gui_reconnects_total") == 1
    assert value("t3gui_tls_cert_not_after_timestamp_seconds") == 1.9e9
    assert value("t3gui_token_expiry_timestamp_seconds") == 2e9 and value("t3gui_clock_skew_seconds") == -0.25
    assert value("t3gui_server_cpu_ratio") == 0.5 and value("t3gui_server_connections") == 12
    assert ("t3gui_server_memory_ratio", (target,)) not in samples  # NaN from the server: absent, not NaN
    assert value("t3gui_server_info", server='t3d/2 "quoted" \\ back', version="2.1") == 1
    # A target that never connected: up 0, and what it cannot know is absent rather than made up.
    other = ("target", "[2001:db8::1]:12345")
    assert samples[("t3gui_up", (other,))] == 0
    assert ("t3gui_clock_skew_seconds", (other,)) not in samples
    assert all(math.isfinite(v) for v in samples.values())
    assert "process_resident_memory_bytes" in families or not hasattr(socket, "AF_UNIX")  # Linux: /proc


def test_promtool_finds_nothing_to_complain_about(server: MetricsServer) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed (Debian: apt-get install prometheus)")
    result = subprocess.run([promtool, "check", "metrics"], input=scrape(server), capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0 and not result.stdout.strip() and not result.stderr.strip(), result


def test_a_port_in_use_is_an_oserror_and_the_default_host_is_loopback(server: MetricsServer) -> None:
    assert server.address.startswith("127.0.0.1:")
    port = int(server.address.rsplit(":", 1)[1])
    with pytest.raises(OSError):
        serve(registry_for([]), "127.0.0.1", port)
