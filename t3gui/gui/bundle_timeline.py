"""What happened, in order: the diagnosis, its checks that did not pass, the probes that were
lost, the customer's marks, the bundle. Qt-free; the viewer puts it in words.

Times come in two kinds: the report's and the bundle's wall clock (UTC), and
the probes' and marks' seconds since the measurement began. Each event keeps
its kind, so nothing is converted by guesswork.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from t3gui.core.bundle.html_report import Series
from t3gui.core.model import Report, Status

MAX_LOSS_EVENTS = 200  # runs of lost probes listed; the plot shows every one


@dataclass(frozen=True)
class Event:
    key: str  # strings key: "timeline.<kind>"
    wall: str = ""  # an ISO time, for events of the report and the bundle
    t_s: float | None = None  # seconds since the measurement began, for probes and marks
    values: Mapping[str, Any] = field(default_factory=dict)


def loss_runs(series: Series) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """First time, last time and count of each run of consecutive lost probes, in time order."""
    t, _, rtt = series
    times = np.asarray(t, dtype=np.float64)
    lost = np.isnan(np.asarray(rtt, dtype=np.float64))
    if len(times) > 1 and not bool(np.all(times[1:] >= times[:-1])):  # a file need not be in time order
        order = np.argsort(times, kind="stable")
        times, lost = times[order], lost[order]
    edges = np.diff(np.concatenate(([0], lost.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return times[starts], times[ends - 1], ends - starts


def measured(timeline: Mapping[str, Any], samples: Mapping[str, Series], series_order: Sequence[str] = ()
             ) -> list[Event]:
    """The probes' side of the timeline, ordered by time: each series, its runs of lost probes (the
    first MAX_LOSS_EVENTS of them, the rest counted), the customer's marks."""
    out: list[Event] = []
    runs: list[Event] = []
    total_runs = 0
    names = [s for s in series_order if s in samples] + sorted(s for s in samples if s not in series_order)
    for name in names:
        t, _, rtt = samples[name]
        if not len(t):
            continue
        out.append(Event("timeline.series", t_s=float(np.min(t)),
                         values={"series": name, "probes": len(t), "until": float(np.max(t)),
                                 "lost": int(np.isnan(rtt).sum())}))
        first, last, count = loss_runs(samples[name])
        total_runs += len(first)
        # Each series' earliest runs are enough to find the earliest of all.
        runs += [Event("timeline.loss", t_s=float(a), values={"series": name, "until": float(b), "count": int(n)})
                 for a, b, n in zip(first[:MAX_LOSS_EVENTS], last[:MAX_LOSS_EVENTS], count[:MAX_LOSS_EVENTS],
                                    strict=True)]
    runs.sort(key=lambda e: e.t_s or 0.0)
    runs = runs[:MAX_LOSS_EVENTS]
    if total_runs > len(runs):
        runs.append(Event("timeline.loss.more", t_s=runs[-1].t_s, values={"count": total_runs - len(runs)}))
    marks = [Event("timeline.mark", t_s=float(m["t_s"]), values={"wall": m["wall"], "note": m["note"]})
             for m in timeline.get("marks", [])]
    out += runs + marks
    out.sort(key=lambda e: e.t_s or 0.0)  # stable: a series' line comes before its first loss
    return out


def events(report: Report, manifest: Mapping[str, Any], probes: Sequence[Event]) -> list[Event]:
    out = [Event("timeline.started", wall=report.started_at, values={"target": report.target.display()})]
    for check in report.checks:
        if check.status in (Status.FAIL, Status.WARN, Status.ERROR):
            out.append(Event("timeline.check",  # the report keeps durations, not start times
                             values={"check": check.id, "status": check.status.value, "ms": check.duration_ms}))
    out.append(Event("timeline.verdict", wall=report.finished_at,
                     values={"status": report.verdict.status.value,
                             "code": report.verdict.root_cause.value if report.verdict.root_cause else ""}))
    out += probes
    out.append(Event("timeline.bundle", wall=str(manifest.get("created_at", "")),
                     values={"version": str(manifest.get("app_version", ""))}))
    return out
