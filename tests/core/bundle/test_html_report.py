"""The bundle's report.html: the servers behind the name, escaped, in the report's language."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from t3gui.core.bundle.html_report import render
from t3gui.core.model import VerdictStatus
from t3gui.lab.cluster import NodeSpec
from t3gui.lab.config import LabConfig
from tests.core.test_nodes import _diagnose, _faulty_node, needs_127_range


@needs_127_range
async def test_the_servers_behind_the_name_are_listed_and_escaped(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), _faulty_node("expired", pki), NodeSpec()])
    page = render(report, {}, [], "2026-11-30T00:00:00Z")
    assert "<h2>Servers behind localhost:</h2>" in page
    rows = page.split("<h2>")[1]
    assert rows.count("<tr>") == 3 and "127.0.0.2" in rows and "TLS_CERT_EXPIRED" in rows
    assert "FAILED" in rows and rows.count("HEALTHY") == 2

    hostile = dataclasses.replace(report, nodes=(dataclasses.replace(
        report.nodes[1], summary="<script>alert(1)</script>"),))
    assert "<script>" not in render(hostile, {}, [], "x") and "&lt;script&gt;" in render(hostile, {}, [], "x")

    chinese = await _diagnose(lab_config, pki, token(), [NodeSpec(), _faulty_node("expired", pki), NodeSpec()],
                              language="zh_CN")
    assert chinese.verdict.status is VerdictStatus.FAILED
    rows = render(chinese, {}, [], "x").split("<h2>")[1]
    assert "失败" in rows and "正常" in rows
