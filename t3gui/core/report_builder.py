"""Assembles the Report from check results: texts, causal order, verdict, measurements."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping, Sequence

from t3gui import __version__
from t3gui.core import catalog, verdict
from t3gui.core.i18n import check_title, tr
from t3gui.core.model import CheckResult, Finding, Report, Unchecked, Verdict, VerdictStatus
from t3gui.core.options import DiagnoseOptions
from t3gui.core.stats import summarize


def render_finding(f: Finding, language: str, platform: str = sys.platform) -> Finding:
    text = catalog.render(f.code, f.evidence, language, platform)
    return dataclasses.replace(f, summary=text.summary, remediation=text.remediation)


def inconclusive_summary(unchecked: Sequence[Unchecked], language: str) -> str:
    """Could not check X because Y; try Z: about the first check that broke (the others followed it)."""
    first = next((u for u in unchecked if u.because is None), unchecked[0])
    reason = first.reason.value
    text = tr("inconclusive", language, check=check_title(first.check, language),
              reason=tr("reason." + reason, language), advice=tr("advice." + reason, language))
    more = len(unchecked) - 1
    return text + (tr("inconclusive.more", language, count=more) if more else "")


def build_report(options: DiagnoseOptions, results: Sequence[CheckResult], series: Mapping[str, list[float]],
                 started_at: str, finished_at: str, unchecked: Sequence[Unchecked] = (),
                 platform: str = sys.platform) -> Report:
    language = options.language
    findings = [render_finding(f, language, platform) for r in results for f in r.findings]
    ordered = verdict.causal_order(verdict.without_echoes(findings))
    known = {u.check for u in unchecked}
    unchecked = [*unchecked, *(u for u in verdict.unchecked_by_findings(ordered) if u.check not in known)]
    status, root = verdict.decide(ordered, unchecked)
    if status is VerdictStatus.INCONCLUSIVE:
        summary = inconclusive_summary(unchecked, language)
    elif root is not None:
        summary = catalog.render(root.code, root.evidence, language, platform).verdict
    else:
        summary = tr("healthy", language)
    return Report(
        tool_version=__version__, started_at=started_at, finished_at=finished_at, target=options.target,
        checks=tuple(results), findings=tuple(ordered),
        verdict=Verdict(status, root.code if root else None, summary, tuple(unchecked)),
        measurements={name: summarize(probes) for name, probes in series.items() if probes},
        language=language, platform=platform,
    )
