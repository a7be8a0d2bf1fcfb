"""Where the live monitor's lines break and how its loss is bucketed: plain arithmetic on arrays.

A pause or a session drop breaks the lines (no probe was made, so nothing is
known there); loss is counted in buckets sized by the zoom alone and aligned
to multiples of their width, so neither the probe interval nor the window
sliding forward redraws the history.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

LOSS_BUCKETS = 30  # across the visible window, about
NICE_BUCKETS_S = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0)


def cut_across(t: np.ndarray, y: np.ndarray, breaks: Iterable[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """A NaN between two points whose segment spans most of a break, so the line is not drawn across it."""
    if len(t) < 2:
        return t, y
    cuts: set[int] = set()
    first, last = float(t[0]), float(t[-1])
    steps = np.diff(t.astype(np.float64))
    typical = float(np.median(steps[steps > 0])) if (steps > 0).any() else 0.0
    for a, b in breaks:
        if b < first or a > last:
            continue
        lo = max(0, int(np.searchsorted(t, a, side="right")) - 1)
        hi = min(len(t) - 1, int(np.searchsorted(t, b, side="left")))
        gaps = steps[lo:hi]
        # Samples inside a drop (a series that needs no session) keep their line; a hole in them does not.
        long = (gaps > 0.5 * (b - a)) | (gaps > 5 * typical)
        cuts.update(lo + int(j) + 1 for j in np.flatnonzero(long))
    if not cuts:
        return t, y
    at = np.array(sorted(cuts))
    middle = (t[at - 1].astype(np.float64) + t[at]) / 2
    return np.insert(t.astype(np.float64), at, middle), np.insert(y.astype(np.float64), at, np.nan)


def loss_bucket(span_s: float) -> float:
    """Seconds a loss point covers: by the zoom alone, never by the probe interval of the moment."""
    wanted = span_s / LOSS_BUCKETS
    return next((b for b in NICE_BUCKETS_S if b >= wanted),
                NICE_BUCKETS_S[-1] * float(np.ceil(wanted / NICE_BUCKETS_S[-1])))
