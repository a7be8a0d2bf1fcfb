"""A bundle's probes made ready to show, off the GUI thread: per series a ring as the live monitor
keeps, its figures, and the probes' side of the timeline. Qt-free, so a worker thread runs it; the
decoded arrays (tens of megabytes for a day) are not kept once the rings hold the probes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from t3gui.core.bundle.html_report import Series
from t3gui.core.ring import SeriesRing
from t3gui.gui import bundle_timeline
from t3gui.gui.bundle_diff import Figures, figures_of_samples

SPACING_PROBES = 10_000  # the usual interval, from the first probes: a day of them says no more


@dataclass(frozen=True)
class Probes:
    rings: dict[str, SeriesRing] = field(default_factory=dict)
    figures: dict[str, Figures] = field(default_factory=dict)
    events: list[bundle_timeline.Event] = field(default_factory=list)
    span: tuple[float, float] = (0.0, 1.0)
    spacing: float = 1.0  # no loss interval is drawn shorter than a few of these


def prepare(samples: Mapping[str, Series], marks: Sequence[Mapping[str, Any]], order: Sequence[str] = ()) -> Probes:
    names = [s for s in order if s in samples] + sorted(s for s in samples if s not in order)
    rings: dict[str, SeriesRing] = {}
    figures: dict[str, Figures] = {}
    starts, ends, gaps = [], [], []
    for name in names:
        t, _, rtt = samples[name]
        if not len(t):
            continue
        times, rtts = np.asarray(t, dtype=np.float32), np.asarray(rtt, dtype=np.float32)
        if not bool(np.all(times[1:] >= times[:-1])):  # a file need not be in time order; a ring must be
            by_time = np.argsort(times, kind="stable")
            times, rtts = times[by_time], rtts[by_time]
        rings[name] = SeriesRing(len(times))
        rings[name].extend(times, rtts)
        one = figures_of_samples(samples[name])
        if one is not None:
            figures[name] = one
        starts.append(float(times[0]))
        ends.append(float(times[-1]))
        if len(times) > 1:
            gaps.append(float(np.median(np.diff(times[:SPACING_PROBES].astype(np.float64)))))
    events = bundle_timeline.measured({"marks": list(marks)}, samples, order)
    spacing = max(min(gaps, default=1.0), 1e-3)
    if not starts:
        return Probes(events=events)
    span = (min(starts), max(max(ends), min(starts) + 10 * spacing))
    return Probes(rings, figures, events, span, spacing)
