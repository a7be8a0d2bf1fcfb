"""Every demo scenario, diagnosed for real: the verdict names the injected cause."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from t3gui.checks.registry import CHECKS
from t3gui.core.catalog import render
from t3gui.core.engine import Engine
from t3gui.core.model import Status, VerdictStatus
from t3gui.core.report_json import to_json
from t3gui.lab.scenarios import SCENARIOS, Scenario, play


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
async def test_scenario_verdict(scenario: Scenario, pki: dict[str, Path]) -> None:
    async with play(scenario, pki) as options:
        report = await Engine(CHECKS, options).run()
    assert report.verdict.root_cause is scenario.expect, (report.verdict, [f.code for f in report.findings])
    if scenario.expect is None:
        assert report.verdict.status is VerdictStatus.HEALTHY
        assert all(c.status in (Status.PASS, Status.SKIP) for c in report.checks), report.checks
    assert not [c for c in report.checks if c.status is Status.ERROR], report.checks
    critical = {f.code for f in report.findings if f.severity.value == "critical"}
    assert critical <= {scenario.expect, *scenario.symptoms}, critical  # no false alarms beside the cause
    for f in report.findings:  # every template field is filled by the evidence the checks give
        for language in ("en", "zh_CN"):
            text = render(f.code, f.evidence, language)
            assert "?" not in text.summary + text.verdict + text.remediation, (f.code, language, text)
    doc = json.dumps(to_json(report), ensure_ascii=False)
    if options.token is not None:
        token = options.token.reveal()
        assert token not in doc and token.split(".")[2] not in doc
