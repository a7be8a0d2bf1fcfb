"""Fixed-size numeric ring buffers for live series: a day at 10 Hz costs megabytes.

Times are float32 seconds since the monitor started (8 ms resolution after a
day, ample at 10 Hz), RTTs float32 milliseconds with NaN for a lost probe.
Running figures (sent, lost, best, worst, last, jitter) are kept as samples
arrive; median and p95 come from a log-spaced histogram (about 1 % relative
resolution), so the mtr-style table never sorts a day of samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

DAY_AT_10HZ = 24 * 3600 * 10
_BINS = np.geomspace(0.001, 120_000.0, 1600)  # ms; ~1.2 % apart


@dataclass(frozen=True)
class RunningStats:
    sent: int
    lost: int
    last_ms: float | None
    best_ms: float | None
    worst_ms: float | None
    median_ms: float | None
    p95_ms: float | None
    jitter_ms: float | None

    @property
    def loss_pct(self) -> float:
        return round(100 * self.lost / self.sent, 2) if self.sent else 0.0


class SeriesRing:
    def __init__(self, capacity: int = DAY_AT_10HZ) -> None:
        self.capacity = capacity
        self.t = np.full(capacity, np.nan, dtype=np.float32)
        self.rtt = np.full(capacity, np.nan, dtype=np.float32)
        self.count = 0  # samples ever added
        self._histogram = np.zeros(len(_BINS) + 1, dtype=np.int64)
        self._sent = self._lost = 0
        self._last: float | None = None
        self._best = math.inf
        self._worst = -math.inf
        self._jitter_sum = 0.0
        self._jitter_n = 0

    def __len__(self) -> int:
        return min(self.count, self.capacity)

    def add(self, t_s: float, rtt_ms: float | None) -> None:
        i = self.count % self.capacity
        self.t[i] = t_s
        self.rtt[i] = np.nan if rtt_ms is None else rtt_ms
        self.count += 1
        self._sent += 1
        if rtt_ms is None:
            self._lost += 1
            return
        if self._last is not None:
            self._jitter_sum += abs(rtt_ms - self._last)
            self._jitter_n += 1
        self._last = rtt_ms
        self._best, self._worst = min(self._best, rtt_ms), max(self._worst, rtt_ms)
        self._histogram[int(np.searchsorted(_BINS, rtt_ms))] += 1

    def extend(self, t: npt.ArrayLike, rtt: npt.ArrayLike) -> None:
        """Add many samples at once (history from a bundle, benchmarks); same result as add() each."""
        t, rtt = np.asarray(t, dtype=np.float32), np.asarray(rtt, dtype=np.float32)
        kept = slice(max(0, len(t) - self.capacity), len(t))  # only the newest fit; all count in the figures
        skipped = kept.start
        idx = (self.count + skipped + np.arange(len(t) - skipped)) % self.capacity
        self.t[idx], self.rtt[idx] = t[kept], rtt[kept]
        self.count += len(t)
        lost = np.isnan(rtt)
        got = rtt[~lost].astype(np.float64)
        self._sent += len(rtt)
        self._lost += int(lost.sum())
        if len(got):
            if self._last is not None:
                self._jitter_sum += abs(float(got[0]) - self._last)
                self._jitter_n += 1
            self._jitter_sum += float(np.abs(np.diff(got)).sum())
            self._jitter_n += len(got) - 1
            self._last = float(got[-1])
            self._best, self._worst = min(self._best, float(got.min())), max(self._worst, float(got.max()))
            np.add.at(self._histogram, np.searchsorted(_BINS, got), 1)

    def ordered(self) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """All held samples, oldest first (a copy only when the ring has wrapped)."""
        n = len(self)
        if self.count <= self.capacity:
            return self.t[:n], self.rtt[:n]
        head = self.count % self.capacity
        return np.concatenate((self.t[head:], self.t[:head])), np.concatenate((self.rtt[head:], self.rtt[:head]))

    def window(self, t0: float, t1: float) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """Samples with t0 <= t <= t1, oldest first; copies only what is asked for."""
        n = len(self)
        if n == 0:
            return self.t[:0], self.rtt[:0]
        if self.count <= self.capacity:
            lo, hi = np.searchsorted(self.t[:n], (t0, t1 + 1e-9))
            return self.t[lo:hi], self.rtt[lo:hi]
        head = self.count % self.capacity
        parts = [(self.t[head:], self.rtt[head:]), (self.t[:head], self.rtt[:head])]
        ts, rs = [], []
        for t, r in parts:
            lo, hi = np.searchsorted(t, (t0, t1 + 1e-9))
            ts.append(t[lo:hi])
            rs.append(r[lo:hi])
        return np.concatenate(ts), np.concatenate(rs)

    def _percentile(self, pct: float) -> float | None:
        received = self._sent - self._lost
        if received == 0:
            return None
        rank = pct / 100 * (received - 1)
        index = int(np.searchsorted(np.cumsum(self._histogram), rank, side="right"))
        if index == 0:
            return float(_BINS[0])
        if index >= len(_BINS):
            return float(_BINS[-1])
        return float(math.sqrt(_BINS[index - 1] * _BINS[index]))  # the bin's geometric middle

    def stats(self) -> RunningStats:
        received = self._sent - self._lost
        return RunningStats(
            self._sent, self._lost, self._last, self._best if received else None,
            self._worst if received else None, self._percentile(50), self._percentile(95),
            self._jitter_sum / self._jitter_n if self._jitter_n else None)

    def loss_per_interval(self, bucket_s: float, t0: float, t1: float
                          ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Loss % per bucket of ``bucket_s`` seconds between t0 and t1 (NaN where nothing was sent)."""
        t, rtt = self.window(t0, t1)
        edges = np.arange(t0, t1 + bucket_s, bucket_s)
        if len(edges) < 2:
            return edges[:0], edges[:0]
        sent, _ = np.histogram(t, edges)
        lost, _ = np.histogram(t[np.isnan(rtt)], edges)
        with np.errstate(invalid="ignore", divide="ignore"):
            pct = np.where(sent > 0, 100.0 * lost / np.maximum(sent, 1), np.nan)
        return edges[:-1], pct

    @property
    def nbytes(self) -> int:
        return int(self.t.nbytes + self.rtt.nbytes + self._histogram.nbytes)


def peak_downsample(t: npt.NDArray[np.float32], rtt: npt.NDArray[np.float32], buckets: int
                    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Min and max of each of ``buckets`` slices, so spikes survive at any zoom; NaN-aware.

    Works on views of the ring; the result has at most 2 * buckets points.
    """
    n = len(t)
    if buckets <= 0 or n <= 2 * buckets:
        return t, rtt
    k = n // buckets
    usable = k * buckets
    shaped = rtt[n - usable:].reshape(buckets, k)
    low, high = np.fmin.reduce(shaped, axis=1), np.fmax.reduce(shaped, axis=1)
    x = t[n - usable::k]
    return np.repeat(x, 2), np.column_stack((low, high)).ravel()
