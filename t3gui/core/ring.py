"""Fixed-size numeric ring buffers for live series: a day at 10 Hz costs megabytes.

Times are seconds since the monitor started, two bytes a sample in blocks
(``ring_times``: 1 ms resolution at 10 Hz), read back as float32. RTTs are
float16 milliseconds with NaN for a lost probe: 0.05 % relative resolution
(0.01 ms at 20 ms, 0.06 ms at 100 ms), at most 65.5 s. Four bytes a probe in
all: a day on three series holds in 10 MiB.
A lost probe is stored as a NaN with the sign bit set (``LOST``): read as
unsigned 16-bit integers it sorts above every RTT and as signed below every
RTT, so min and max of a slice run as integer reductions, ten times faster
than numpy's float16 arithmetic.
Running figures (sent, lost, best, worst, last, jitter) are kept as samples
arrive; median and p95 come from a log-spaced histogram (about 1 % relative
resolution), so the mtr-style table never sorts a day of samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from t3gui.core.ring_times import BlockTimes, slots_for

DAY_AT_10HZ = 24 * 3600 * 10
RTT_MAX_MS = float(np.finfo(np.float16).max)  # 65504 ms; longer is stored as this
LOST_BITS = 0xFE00  # float16 -NaN
LOST = np.array(LOST_BITS, dtype=np.uint16).view(np.float16)[()]
Times = npt.NDArray[np.float32]
Rtts = npt.NDArray[np.float16]
LOSS_CHUNK = 64 * 1024  # slots decoded at a time for loss per interval: 256 KiB of times
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
        self._slots = slots_for(capacity)
        self._times = BlockTimes(self._slots)
        self.rtt = np.full(self._slots, LOST_BITS, dtype=np.uint16).view(np.float16)
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
        i = self.count % self._slots
        self._times.write_one(i, t_s)
        self.rtt[i] = LOST if rtt_ms is None or math.isnan(rtt_ms) else min(max(rtt_ms, 0.0), RTT_MAX_MS)
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
        first = (self.count + kept.start) % self._slots
        idx = (first + np.arange(len(t) - kept.start)) % self._slots
        stored = np.clip(rtt[kept], 0.0, RTT_MAX_MS).astype(np.float16)
        stored.view(np.uint16)[np.isnan(stored)] = LOST_BITS
        self._times.write(first, t[kept])
        self.rtt[idx] = stored
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

    def ordered(self) -> tuple[Times, Rtts]:
        """All held samples, oldest first (a copy only when the ring has wrapped)."""
        return self.window(-math.inf, math.inf)

    def segments(self, t0: float, t1: float) -> list[tuple[Times, Rtts]]:
        """Samples with t0 <= t <= t1 (to float32 rounding), oldest first, in one or two parts.

        RTTs are views of the ring; times are decoded for the part only.
        """
        return [(self._times.decode(lo, hi), self.rtt[lo:hi]) for lo, hi in self._slots_between(t0, t1)]

    def _slots_between(self, t0: float, t1: float) -> list[tuple[int, int]]:
        # Bounds in the times' own dtype, so an edge sample compares equal to itself.
        low, high = np.float32(t0), np.float32(t1)
        out = []
        for start, stop in self._held_slots():
            lo = self._times.search(start, stop, low, "left")
            hi = self._times.search(lo, stop, high, "right")
            if hi > lo:
                out.append((lo, hi))
        return out

    def _held_slots(self) -> list[tuple[int, int]]:
        """The slot ranges holding the newest ``len(self)`` samples, oldest first."""
        start, stop = (self.count - len(self)) % self._slots, self.count % self._slots
        if len(self) == 0:
            return []
        return [(start, stop)] if start < stop else [(start, self._slots), (0, stop)]

    def last_time(self) -> float | None:
        return self._times.at((self.count - 1) % self._slots) if self.count else None

    def window(self, t0: float, t1: float) -> tuple[Times, Rtts]:
        """Samples with t0 <= t <= t1, oldest first, in one array pair (a copy only when the ring wrapped)."""
        parts = self.segments(t0, t1)
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return np.zeros(0, dtype=np.float32), self.rtt[:0]
        return np.concatenate([t for t, _ in parts]), np.concatenate([r for _, r in parts])

    def downsampled(self, t0: float, t1: float, buckets: int) -> tuple[Times, npt.NDArray[np.floating[Any]]]:
        """``peak_downsample`` of the window, decoding only the times of the points it returns."""
        ranges = self._slots_between(t0, t1)
        total = sum(hi - lo for lo, hi in ranges)
        pieces = []
        for lo, hi in ranges:
            part_buckets = max(1, buckets * (hi - lo) // total)
            if hi - lo <= 2 * part_buckets:
                pieces.append((self._times.decode(lo, hi), self.rtt[lo:hi]))
                continue
            starts, low, high = slice_min_max(self.rtt[lo:hi], part_buckets)
            pieces.append((np.repeat(self._times.decode_slots(lo + starts), 2), np.column_stack((low, high)).ravel()))
        if len(pieces) == 1:
            return pieces[0]
        if not pieces:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        return np.concatenate([t for t, _ in pieces]), np.concatenate([r.astype(np.float32) for _, r in pieces])

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
        edges = np.arange(t0, t1 + bucket_s, bucket_s)
        if len(edges) < 2:
            return edges[:0], edges[:0]
        edges32 = edges.astype(np.float32)  # times are sorted: counting is a binary search per edge
        sent = np.zeros(len(edges) - 1, dtype=np.int64)
        lost = np.zeros(len(edges) - 1, dtype=np.int64)
        for lo, hi in self._slots_between(t0, t1):
            # A chunk at a time: decoding a zoomed-out day at once left megabytes of scratch in the heap.
            for start in range(lo, hi, LOSS_CHUNK):
                stop = min(start + LOSS_CHUNK, hi)
                t = self._times.decode(start, stop)
                sent += np.diff(np.searchsorted(t, edges32))
                lost += np.diff(np.searchsorted(t[self.rtt[start:stop].view(np.uint16) == LOST_BITS], edges32))
        with np.errstate(invalid="ignore", divide="ignore"):
            pct = np.where(sent > 0, 100.0 * lost / np.maximum(sent, 1), np.nan)
        return edges[:-1], pct

    @property
    def nbytes(self) -> int:
        return int(self._times.nbytes + self.rtt.nbytes + self._histogram.nbytes)


def peak_downsample(t: Times, rtt: npt.NDArray[np.floating[Any]], buckets: int
                    ) -> tuple[Times, npt.NDArray[np.floating[Any]]]:
    """Min and max of each of ``buckets`` slices, so spikes survive at any zoom; NaN-aware.

    Works on views of the ring; the result has at most 2 * (buckets + 1) points:
    the samples left over by an even split make a short first slice.
    float16 RTTs must mark lost probes with ``LOST``, as the ring does.
    """
    if buckets <= 0 or len(t) <= 2 * buckets:
        return t, rtt
    starts, low, high = slice_min_max(rtt, buckets)
    return np.repeat(t[starts], 2), np.column_stack((low, high)).ravel()


def slice_min_max(rtt: npt.NDArray[np.floating[Any]], buckets: int
                  ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.floating[Any]], npt.NDArray[np.floating[Any]]]:
    """Where each slice starts, and its min and max: ``buckets`` even slices after a short first one."""
    n = len(rtt)
    k = n // buckets
    rest = n - k * buckets
    low, high = _min_max(np.ascontiguousarray(rtt[rest:]).reshape(buckets, k))
    starts = np.arange(rest, n, k)
    if rest:
        first_low, first_high = _min_max(rtt[:rest].reshape(1, rest))
        low, high = np.concatenate((first_low, low)), np.concatenate((first_high, high))
        starts = np.concatenate(([0], starts))
    return starts, low, high


def _min_max(shaped: npt.NDArray[np.floating[Any]]
             ) -> tuple[npt.NDArray[np.floating[Any]], npt.NDArray[np.floating[Any]]]:
    if shaped.dtype == np.float16:
        low = np.minimum.reduce(shaped.view(np.uint16), axis=1).view(np.float16).astype(np.float32)
        high = np.maximum.reduce(shaped.view(np.int16), axis=1).view(np.float16).astype(np.float32)
        return low, high
    return np.fmin.reduce(shaped, axis=1), np.fmax.reduce(shaped, axis=1)
