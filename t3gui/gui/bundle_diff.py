"""Two bundles compared, before and after a fix: did the fix work?

Qt-free on purpose: what changed is decided here, the compare dialog only
draws it. The answer is the product, so "fixed" is said only when the run after
the fix is healthy: an inconclusive run after the fix never counts as fixed,
just as it never counts as healthy.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from t3gui.core.bundle.html_report import Series
from t3gui.core.model import Finding, Report, Status, VerdictStatus

# Changes smaller than a measurement's own noise are not called better or worse: a median or p95
# must move by a fifth and by at least a millisecond, a loss by at least one percentage point, and
# each side must hold enough probes for its figures to mean something (one TCP connect does not).
TIME_RATIO = 1.2
TIME_MIN_MS = 1.0
LOSS_POINTS = 1.0
MIN_PROBES = 10

_VERDICT_RANK = {VerdictStatus.HEALTHY: 0, VerdictStatus.DEGRADED: 1, VerdictStatus.FAILED: 2}
# A skipped check measured nothing, so a change to or from "skipped" is neither better nor worse.
_CHECK_RANK = {Status.PASS: 0, Status.WARN: 1, Status.ERROR: 2, Status.FAIL: 3}


class Trend(enum.StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"  # or not comparable


@dataclass(frozen=True)
class Figures:
    """One series of one bundle: what the compare table shows."""

    sent: int
    loss_pct: float
    median_ms: float | None
    p95_ms: float | None


@dataclass(frozen=True)
class SeriesChange:
    series: str
    before: Figures | None
    after: Figures | None

    def trend(self, figure: str) -> Trend:
        """``figure``: "median_ms", "p95_ms" or "loss_pct"."""
        if self.before is None or self.after is None or min(self.before.sent, self.after.sent) < MIN_PROBES:
            return Trend.SAME
        old, new = getattr(self.before, figure), getattr(self.after, figure)
        if old is None or new is None:
            return Trend.SAME
        if figure == "loss_pct":
            return (Trend.WORSE if new - old >= LOSS_POINTS else Trend.BETTER if old - new >= LOSS_POINTS
                    else Trend.SAME)
        if new > old * TIME_RATIO and new - old >= TIME_MIN_MS:
            return Trend.WORSE
        if old > new * TIME_RATIO and old - new >= TIME_MIN_MS:
            return Trend.BETTER
        return Trend.SAME


@dataclass(frozen=True)
class CheckChange:
    check: str
    before: Status | None  # None: the check is not in that report
    after: Status | None

    @property
    def trend(self) -> Trend:
        old = _CHECK_RANK.get(self.before) if self.before is not None else None
        new = _CHECK_RANK.get(self.after) if self.after is not None else None
        if old is None or new is None or old == new:
            return Trend.SAME
        return Trend.BETTER if new < old else Trend.WORSE


@dataclass(frozen=True)
class Answer:
    """The one line at the top: which sentence ("compare.answer.<kind>") and whether things got better."""

    kind: str
    trend: Trend


@dataclass(frozen=True)
class Comparison:
    before: Report
    after: Report
    checks: tuple[CheckChange, ...]  # only the checks whose status changed
    gone: tuple[Finding, ...]  # in the report before, not after
    new: tuple[Finding, ...]
    kept: tuple[Finding, ...]  # in both (as the report after has them)
    series: tuple[SeriesChange, ...]

    @property
    def other_server(self) -> bool:
        # The host only: a fix may well be "use the other port".
        return self.before.target.host != self.after.target.host

    @property
    def wrong_order(self) -> bool:
        """The bundle picked as "after" was started before the one picked as "before"."""
        return self.after.started_at < self.before.started_at

    def answer(self) -> Answer:
        b, a = self.before.verdict, self.after.verdict
        if a.status is VerdictStatus.INCONCLUSIVE:
            return Answer("cannot-tell", Trend.SAME)
        if a.status is VerdictStatus.HEALTHY:
            if b.status is VerdictStatus.HEALTHY:
                return Answer("both-healthy", Trend.SAME)
            if b.root_cause is None:  # inconclusive before: nothing was named that the fix could remove
                return Answer("healthy-now", Trend.BETTER)
            return Answer("fixed", Trend.BETTER)
        if b.status is VerdictStatus.HEALTHY:
            return Answer("worse", Trend.WORSE)
        if b.root_cause is None:
            return Answer("problem-now", Trend.WORSE)
        if _VERDICT_RANK.get(a.status, 0) > _VERDICT_RANK.get(b.status, 0):
            return Answer("worse", Trend.WORSE)
        if any(f.code is b.root_cause for f in self.after.findings):
            return Answer("not-fixed-same" if a.status is b.status else "not-fixed", Trend.SAME)
        return Answer("better", Trend.BETTER)


def figures_of_samples(series: Series) -> Figures | None:
    _, _, rtt = series
    if not len(rtt):
        return None
    values = np.asarray(rtt, dtype=np.float64)
    received = values[~np.isnan(values)]
    loss = 100.0 * (len(values) - len(received)) / len(values)
    if not len(received):
        return Figures(len(values), round(loss, 2), None, None)
    median, p95 = np.percentile(received, [50, 95])
    return Figures(len(values), round(loss, 2), float(median), float(p95))


def series_figures(report: Report, samples: Mapping[str, Series]) -> dict[str, Figures]:
    """Every probe the bundle holds, per series; the report's own figures for a series without probes."""
    out = {}
    for name, stats in report.measurements.items():
        out[name] = Figures(stats.sent, stats.loss_pct, stats.median_ms, stats.p95_ms)
    for name, series in samples.items():
        figures = figures_of_samples(series)
        if figures is not None:
            out[name] = figures
    return out


def compare(before: Report, after: Report, before_samples: Mapping[str, Series] | None = None,
            after_samples: Mapping[str, Series] | None = None, series_order: tuple[str, ...] = ()) -> Comparison:
    old_checks = {c.id: c.status for c in before.checks}
    new_checks = {c.id: c.status for c in after.checks}
    order = [c.id for c in after.checks] + [c.id for c in before.checks if c.id not in new_checks]
    checks = tuple(CheckChange(i, old_checks.get(i), new_checks.get(i)) for i in order
                   if old_checks.get(i) != new_checks.get(i))
    old_codes = {f.code for f in before.findings}
    new_codes = {f.code for f in after.findings}
    gone = tuple(f for f in before.findings if f.code not in new_codes)
    new = tuple(f for f in after.findings if f.code not in old_codes)
    kept = tuple(f for f in after.findings if f.code in old_codes)
    old_series = series_figures(before, before_samples or {})
    new_series = series_figures(after, after_samples or {})
    names = [s for s in series_order if s in old_series or s in new_series]
    names += sorted((set(old_series) | set(new_series)) - set(names))
    series = tuple(SeriesChange(s, old_series.get(s), new_series.get(s)) for s in names)
    return Comparison(before, after, checks, gone, new, kept, series)
