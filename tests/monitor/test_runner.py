"""The headless runner in this process, against real servers on loopback: metrics, JSON lines, stderr."""

from __future__ import annotations

import asyncio
import json
import math
import re
import socket
import urllib.request
from collections.abc import Callable
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from t3gui.core.model import Target
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.monitor.jsonl import JsonlWriter
from t3gui.monitor.metrics import serve
from t3gui.monitor.runner import MonitorRun, MonitorTarget
from tests.conftest import LabFactory
from tests.monitor.hostile_server import HEARTBEAT_MS, HostileServer


def target(pki: dict[str, Path], token: str, port: int, udp_port: int) -> MonitorTarget:
    options = DiagnoseOptions(Target("localhost", port), token=Secret(token), ca_file=pki["root-ca.pem"],
                              use_system_trust=False, timeout_s=1.0, udp_port_override=udp_port)
    return MonitorTarget(f"localhost:{port}", options)


def strict_json(line: str) -> dict[str, object]:
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    value = json.loads(line, parse_constant=refuse)
    assert isinstance(value, dict)
    return value


async def run_and_scrape(run: MonitorRun, seconds: float) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    metrics = serve(run.registry, "127.0.0.1", 0)
    try:
        await run.run(seconds)

        def get() -> str:
            with urllib.request.urlopen(f"http://{metrics.address}/metrics", timeout=5) as response:
                return str(response.read().decode())

        text = await asyncio.to_thread(get)
    finally:
        metrics.close()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for f in text_string_to_metric_families(text) for s in f.samples}


async def test_hostile_status_values_cost_a_session_never_the_monitor_or_its_metrics(
        pki: dict[str, Path], token: Callable[..., str], tmp_path: Path) -> None:
    secret = token(sub="alice")
    statuses = [
        b'{"cpu":NaN,"memory":0.1,"disk_io":0,"connections":1,"max_connections":9,"uptime_s":1,"version":"x"}',
        b'{"cpu":1e308,"memory":0.1,"disk_io":0,"connections":1,"max_connections":9,"uptime_s":1,"version":"x"}',
        b'{"cpu":1.0,"memory":0.0,"disk_io":1,"connections":4294967295,"max_connections":0,'
        b'"uptime_s":9223372036854775807,"version":"\\u001b[2J\\u001b[31m{token}\\n' + b"v" * 5000 + b'"}',
    ]
    lines: list[str] = []
    async with HostileServer(pki, statuses) as server:
        writer = JsonlWriter(tmp_path / "probes.jsonl", lines.append)
        run = MonitorRun([target(pki, secret, server.port, server.udp_port)], 0.1, "en", writer, lines.append)
        # Two bad STATUS answers, each a dropped session and a reconnect with backoff (up to 1 s, then 2 s),
        # then a session that lasts: many keep-alive intervals of 0.2 s in all.
        samples = await run_and_scrape(run, 6.0)
    key = (("target", f"localhost:{server.port}"),)
    assert server.answered >= 4 and server.connections == 3, (server.answered, server.connections)
    assert samples[("t3gui_session_drops_total", key)] == 2 and samples[("t3gui_reconnects_total", key)] == 2
    assert samples[("t3gui_up", key)] == 1
    assert all(math.isfinite(v) for v in samples.values())
    assert samples[("t3gui_server_cpu_ratio", key)] == 1.0
    assert samples[("t3gui_server_connections", key)] == 4294967295
    assert ("t3gui_server_uptime_seconds", key) not in samples  # 2**63 - 1 s is no uptime
    assert ("t3gui_clock_skew_seconds", key) not in samples  # the server's clocks are nonsense: no skew at all
    info = next(dict(labels) for (name, labels) in samples if name == "t3gui_server_info")
    for text in (info["server"], info["version"]):
        assert len(text) <= 64 and not any(ord(ch) < 32 for ch in text)
    everything = "\n".join([*lines, *map(str, samples), (tmp_path / "probes.jsonl").read_text()])
    assert secret not in everything and secret.split(".")[2] not in everything
    said = re.compile(rf"\d\d:\d\d:\d\d localhost:{server.port}: the server ended the session \(not valid T3\); "
                      r"reconnecting in \d+\.\d s")
    assert len([line for line in lines if said.fullmatch(line)]) == 2, lines


def _free_ports() -> tuple[int, int]:
    with socket.socket() as tcp, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        tcp.bind(("127.0.0.1", 0))
        udp.bind(("127.0.0.1", 0))
        return tcp.getsockname()[1], udp.getsockname()[1]


async def test_an_outage_is_lost_probes_and_json_lines_then_the_session_comes_back(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str], tmp_path: Path) -> None:
    port, udp_port = _free_ports()
    lines: list[str] = []
    writer = JsonlWriter(tmp_path / "probes.jsonl", lines.append)
    run = MonitorRun([target(pki, token(sub="alice"), port, udp_port)], 0.1, "zh_CN", writer, lines.append)

    async def late_server() -> None:
        await asyncio.sleep(1.0)  # nothing listens yet: the monitor starts into an outage
        async with lab(heartbeat_ms=HEARTBEAT_MS, port=port, udp_port=udp_port):
            await asyncio.sleep(8.0)  # the run ends in here, after 10 keep-alive intervals and more

    server = asyncio.create_task(late_server())
    # 8 s: the reconnects back off with jitter (0.25-0.5 s, then 0.5-1 s, then 1-2 s...), so the session may
    # only come back by about 3.5 s; what follows must still hold 20 answered heartbeats at 0.1 s.
    samples = await run_and_scrape(run, 8.0)
    await server
    key = (("target", f"localhost:{port}"),)
    records = [strict_json(line) for line in (tmp_path / "probes.jsonl").read_text().splitlines()]
    events = [r["event"] for r in records if "event" in r]
    assert events[0] == "down" and "up" in events and set(events) <= {"down", "retry", "up"}
    outage = [r for r in records if r.get("outage")]
    assert outage and all(r["lost"] is True and r["rtt_ms"] is None for r in outage)
    answered = [r for r in records if r.get("series") == "t3_udp" and not r["lost"]]
    assert len(answered) >= 20
    udp = (("series", "t3_udp"), *key)
    assert samples[("t3gui_probes_lost_total", udp)] >= len([r for r in outage if r["series"] == "t3_udp"]) >= 5
    assert samples[("t3gui_probes_outage_total", udp)] == len([r for r in outage if r["series"] == "t3_udp"])
    assert samples[("t3gui_probes_sent_total", udp)] == len([r for r in records if r.get("series") == "t3_udp"])
    assert samples[("t3gui_up", key)] == 1 and samples[("t3gui_reconnects_total", key)] >= 1
    assert 0 <= samples[("t3gui_server_cpu_ratio", key)] <= 1
    assert any("连接被拒绝" in line for line in lines) and any("已重连" in line for line in lines)


async def test_targets_with_the_same_tls_options_share_one_context_and_each_has_its_label(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str]) -> None:
    secret = token(sub="alice")
    async with lab(heartbeat_ms=HEARTBEAT_MS) as one, lab(heartbeat_ms=HEARTBEAT_MS) as two:
        run = MonitorRun([target(pki, secret, s.port, s.udp_port) for s in (one, two)], 0.2, "en")
        task = asyncio.create_task(run.run(3.0))
        await asyncio.sleep(2.0)
        keepers = [w.monitor.keeper if w.monitor else None for w in run.watches]
        assert keepers[0] is not None and keepers[1] is not None
        assert keepers[0].context is keepers[1].context and keepers[0].session and keepers[1].session
        await task
    snaps = [w.stats.snapshot() for w in run.watches]
    assert [s.target for s in snaps] == [f"localhost:{one.port}", f"localhost:{two.port}"]
    assert all(s.series["t3_udp"].sent >= 8 and s.series["t3_udp"].lost == 0 for s in snaps)
