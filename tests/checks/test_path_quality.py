"""Latency and jitter injected by a delay relay on loopback; the path check names them.

The bounds here are loose on purpose (the suite runs on shared, loaded machines);
the measurement's accuracy is a figure of bench/bench_diagnosis.py.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from t3gui.checks.registry import CHECKS
from t3gui.core.check import finding
from t3gui.core.codes import Code, Severity
from t3gui.core.engine import Engine
from t3gui.core.model import Report, Status, VerdictStatus
from t3gui.core.verdict import decide
from t3gui.lab.scenarios import BY_NAME, play
from tests.helpers.udp_relay import UdpDelayRelay


async def through_relay(pki: dict[str, Path], delay_ms: float, jitter_ms: float, probes: int = 20) -> Report:
    async with play(BY_NAME["healthy"], pki) as options:
        relay = await UdpDelayRelay.start(("127.0.0.1", options.target.udp_port), delay_ms, jitter_ms)
        try:
            options = dataclasses.replace(options, udp_port_override=relay.port, probes=probes, timeout_s=2.0)
            return await Engine(CHECKS, options).run()
        finally:
            relay.close()


async def test_injected_delay_is_what_the_heartbeats_measure(pki: dict[str, Path]) -> None:
    """A sanity bound, not the accuracy: no round trip beats the relay's 60 ms, and a loaded
    machine adds tens of ms at worst. How close the median comes (within 1 ms on a quiet
    machine) is measured by bench/bench_diagnosis.py, where a shared machine cannot fail it."""
    report = await through_relay(pki, delay_ms=60, jitter_ms=0)
    rtt = report.measurements["t3_udp"]
    assert rtt.received == 20 and rtt.min_ms is not None and rtt.median_ms is not None
    assert 60 - 0.5 <= rtt.min_ms <= rtt.median_ms < 60 + 40
    assert report.verdict.root_cause is None


@pytest.mark.parametrize(("delay", "code", "severity"), [(200, Code.HIGH_LATENCY, "warning"),
                                                         (450, Code.HIGH_LATENCY, "critical")])
async def test_high_latency(pki: dict[str, Path], delay: float, code: Code, severity: str) -> None:
    report = await through_relay(pki, delay_ms=delay, jitter_ms=0, probes=10)
    found = next(f for f in report.findings if f.code is code)
    assert found.severity.value == severity and found.evidence["series"] == "t3_udp"


async def test_high_jitter(pki: dict[str, Path]) -> None:
    report = await through_relay(pki, delay_ms=20, jitter_ms=200, probes=30)
    found = next(f for f in report.findings if f.code is Code.HIGH_JITTER)
    assert found.evidence["jitter_ms"] > 30


@pytest.mark.parametrize("stall", [Code.TLS_HANDSHAKE_FAILED, Code.T3_NO_RESPONSE])
@pytest.mark.parametrize(("loss", "root"), [(Severity.CRITICAL, "loss"), (Severity.WARNING, "stall")])
def test_a_critical_loss_explains_a_stalled_handshake(stall: Code, loss: Severity, root: str) -> None:
    findings = [finding(stall, Severity.CRITICAL, "t3.handshake", stage="hello"),
                finding(Code.HIGH_LOSS, loss, "path.quality", loss_pct=15.0)]
    status, cause = decide(findings)
    assert status is VerdictStatus.FAILED and cause is not None
    assert cause.code is (Code.HIGH_LOSS if root == "loss" else stall)


async def test_the_path_is_measured_beneath_a_handshake_that_never_answers(pki: dict[str, Path]) -> None:
    """The tier that found the stall stops the run, yet path.quality runs beneath it, on the pings
    or, where ICMP is not available, on a series of TCP connects of its own."""
    async with play(BY_NAME["no-response"], pki) as options:
        report = await Engine(CHECKS, dataclasses.replace(options, probes=10)).run()
    assert report.verdict.root_cause is Code.T3_NO_RESPONSE  # loopback loses nothing
    quality = next(c for c in report.checks if c.id == "path.quality")
    assert quality.status is Status.PASS, quality
    judged = quality.data["judged"]
    assert judged in ("icmp", "tcp_connect") and quality.data["series"][judged]["sent"] >= 10
    heartbeats = next(c for c in report.checks if c.id == "t3.heartbeat")
    assert heartbeats.status is Status.SKIP  # what it measures instead of
