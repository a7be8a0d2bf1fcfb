"""path.quality: latency, loss and jitter of the series that ran, against the thresholds.

It also runs beneath a TLS or T3 handshake that stalled (the registry's
``explains``), since heavy loss is a common reason for the stall; then the
heartbeats did not run, and the pings of icmp.echo are the series judged.
Where ICMP is not available either, it times a series of TCP connects.
"""

from __future__ import annotations

import asyncio

from t3gui.checks.tcp_check import connect_once
from t3gui.core import series
from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.check_data import PathQualityData
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Finding, SeriesStats, Status
from t3gui.core.say import say
from t3gui.core.stats import summarize

CHECK_ID = "path.quality"
# The series that best shows what a T3 client feels, first.
PREFERENCE = (series.T3_UDP, series.T3_TCP, series.ICMP, series.TCP_CONNECT)
MIN_PROBES = 5


def _stats(ctx: CheckContext) -> tuple[dict[str, SeriesStats], list[str]]:
    """Each series' figures, and the names of those with enough answered probes, best first."""
    stats = {name: summarize(ctx.state.series[name]) for name in PREFERENCE if ctx.state.series.get(name)}
    return stats, [n for n in PREFERENCE if n in stats and stats[n].received and stats[n].sent >= MIN_PROBES]


async def connect_series(ctx: CheckContext) -> None:
    """Connects to the control port spaced by the probe interval: one round trip each, answered
    within the timeout or lost (a SYN is retransmitted only after a second)."""
    address, port = ctx.state.reachable[0], ctx.options.target.port
    first = len(ctx.state.series.get(series.TCP_CONNECT, ()))

    async def one(i: int) -> None:
        await asyncio.sleep(i * ctx.options.probe_interval_s)
        result = await connect_once(address, port, ctx.timeout)
        ctx.sample(series.TCP_CONNECT, first + i + 1, result.ms if result.outcome == "open" else None)

    await asyncio.gather(*(one(i) for i in range(ctx.options.probes)))


async def run(ctx: CheckContext) -> Outcome:
    """RTT min, median, p95, max, loss (mtr's count) and jitter of each series, judged on the best one."""
    stats, usable = _stats(ctx)
    if not usable and ctx.state.reachable:
        await connect_series(ctx)
        stats, usable = _stats(ctx)
    if not usable:
        raise CheckSkipped(say("path.no_series"))
    name = usable[0]
    s, t = stats[name], ctx.options.thresholds
    findings: list[Finding] = []
    assert s.median_ms is not None
    if s.median_ms >= t.latency_warn_ms:
        severity = Severity.CRITICAL if s.median_ms >= t.latency_crit_ms else Severity.WARNING
        threshold = t.latency_crit_ms if severity is Severity.CRITICAL else t.latency_warn_ms
        findings.append(finding(Code.HIGH_LATENCY, severity, CHECK_ID, series=name, median_ms=s.median_ms,
                                threshold_ms=threshold))
    if s.loss_pct >= t.loss_warn_pct:
        severity = Severity.CRITICAL if s.loss_pct >= t.loss_crit_pct else Severity.WARNING
        threshold = t.loss_crit_pct if severity is Severity.CRITICAL else t.loss_warn_pct
        findings.append(finding(Code.HIGH_LOSS, severity, CHECK_ID, series=name, loss_pct=s.loss_pct,
                                sent=s.sent, threshold_pct=threshold))
    if s.jitter_ms is not None and s.jitter_ms >= t.jitter_warn_ms:
        findings.append(finding(Code.HIGH_JITTER, Severity.WARNING, CHECK_ID, series=name, jitter_ms=s.jitter_ms,
                                threshold_ms=t.jitter_warn_ms))
    critical = any(f.severity is Severity.CRITICAL for f in findings)
    summary = say("path.summary", series=name, median=s.median_ms, p95=s.p95_ms, loss=s.loss_pct,
                  jitter=s.jitter_ms if s.jitter_ms is not None else "-")
    return Outcome(Status.FAIL if critical else Status.WARN if findings else Status.PASS, summary,
                   PathQualityData(name, tuple(stats.items())).to_json(), tuple(findings))
