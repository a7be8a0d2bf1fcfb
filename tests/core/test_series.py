"""The series, declared once: what the checks record is what the bundle stores and the plots colour."""

from __future__ import annotations

import re
from pathlib import Path

from t3gui.checks.registry import CHECKS
from t3gui.core import series
from t3gui.core.bundle import samples_codec
from t3gui.core.engine import Engine
from t3gui.core.options import DiagnoseOptions
from t3gui.core.target import parse_target
from t3gui.lab.scenarios import BY_NAME, play


def test_every_series_has_its_own_colour() -> None:
    assert set(series.COLOURS) == set(series.NAMES)
    assert len(set(series.COLOURS.values())) == len(series.NAMES)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in [*series.COLOURS.values(), series.OTHER_COLOUR])
    assert series.colour("from_a_newer_bundle") == series.OTHER_COLOUR


def test_the_bundle_stores_the_series_in_their_declared_order() -> None:
    # A series is stored by its index: the order may only grow at the end.
    assert samples_codec.SERIES == series.NAMES == ("t3_udp", "t3_tcp", "tcp_connect", "icmp")


async def test_a_real_run_records_only_declared_series(pki: dict[str, Path]) -> None:
    recorded: set[str] = set()
    for name in ("healthy", "udp-blocked"):  # heartbeats go over TCP when UDP is dropped
        base = DiagnoseOptions(parse_target("127.0.0.1"), probes=3, timeout_s=1.0)
        async with play(BY_NAME[name], pki, base) as options:
            report = await Engine(CHECKS, options).run()
        recorded |= set(report.measurements)
    assert {series.T3_UDP, series.T3_TCP, series.TCP_CONNECT} <= recorded <= set(series.NAMES), recorded
