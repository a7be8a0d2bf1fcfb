"""Latency and jitter injected by a delay relay on loopback; the path check names them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from t3gui.checks.registry import CHECKS
from t3gui.core.codes import Code
from t3gui.core.engine import Engine
from t3gui.core.model import Report
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


async def test_injected_delay_is_measured_within_a_millisecond(pki: dict[str, Path]) -> None:
    report = await through_relay(pki, delay_ms=60, jitter_ms=0)
    median = report.measurements["t3_udp"].median_ms
    assert median is not None and abs(median - 60) < 1.0 + 2.0  # loop scheduling adds a little
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
