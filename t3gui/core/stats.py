"""RTT series statistics the way mtr counts them."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from t3gui.core.model import SeriesStats

# One probe: its RTT in ms, LOST when its timeout passed with no reply, or
# IN_FLIGHT while it may still be answered (mtr does not count those as lost).
LOST = -1.0
IN_FLIGHT = -2.0


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * pct / 100
    low, high = math.floor(position), math.ceil(position)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def jitter(rtts: Sequence[float]) -> float | None:
    """Mean absolute difference of consecutive RTTs (mtr's Javg)."""
    if len(rtts) < 2:
        return None
    return sum(abs(b - a) for a, b in itertools.pairwise(rtts)) / (len(rtts) - 1)


def summarize(probes: Sequence[float]) -> SeriesStats:
    settled = [p for p in probes if p != IN_FLIGHT]
    rtts = [p for p in settled if p >= 0]
    sent = len(settled)
    loss = round(100 * (sent - len(rtts)) / sent, 2) if sent else 0.0
    if not rtts:
        return SeriesStats(sent, 0, loss if sent else 0.0, None, None, None, None, None)
    ordered = sorted(rtts)
    j = jitter(rtts)
    return SeriesStats(
        sent=sent, received=len(rtts), loss_pct=loss,
        min_ms=round(ordered[0], 3), median_ms=round(percentile(ordered, 50), 3),
        p95_ms=round(percentile(ordered, 95), 3), max_ms=round(ordered[-1], 3),
        jitter_ms=None if j is None else round(j, 3),
    )
