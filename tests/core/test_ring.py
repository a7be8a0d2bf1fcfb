import math
import tracemalloc

import numpy as np
import pytest

from t3gui.core import ring as ring_module
from t3gui.core.ring import DAY_AT_10HZ, RTT_MAX_MS, SeriesRing, peak_downsample


def test_a_day_at_ten_hertz_costs_megabytes() -> None:
    ring = SeriesRing()
    assert ring.capacity == DAY_AT_10HZ and ring.nbytes < 4 * DAY_AT_10HZ + 100_000  # 2 B time + 2 B RTT


def test_wraps_and_keeps_order() -> None:
    ring = SeriesRing(capacity=5)
    for i in range(8):
        ring.add(float(i), float(i * 10))
    t, rtt = ring.ordered()
    assert list(t) == [3, 4, 5, 6, 7] and list(rtt) == [30, 40, 50, 60, 70]
    wt, wr = ring.window(4.5, 6.0)
    assert list(wt) == [5, 6] and list(wr) == [50, 60]
    assert len(ring) == 5 and ring.count == 8


def test_lost_probes_are_nan_and_counted() -> None:
    ring = SeriesRing(capacity=10)
    for i, rtt in enumerate([10.0, None, 12.0, None]):
        ring.add(float(i), rtt)
    _, rtts = ring.ordered()
    assert np.isnan(rtts[1]) and np.isnan(rtts[3])
    stats = ring.stats()
    assert (stats.sent, stats.lost, stats.loss_pct) == (4, 2, 50.0)
    assert (stats.best_ms, stats.worst_ms, stats.last_ms, stats.jitter_ms) == (10.0, 12.0, 12.0, 2.0)


def test_percentiles_from_the_histogram_are_within_two_percent() -> None:
    rng = np.random.default_rng(3)
    values = rng.lognormal(3, 0.5, 20_000)
    ring = SeriesRing(capacity=20_000)
    for i, v in enumerate(values):
        ring.add(float(i), float(v))
    stats = ring.stats()
    assert stats.median_ms == pytest.approx(float(np.median(values)), rel=0.02)
    assert stats.p95_ms == pytest.approx(float(np.percentile(values, 95)), rel=0.02)


def test_loss_per_interval() -> None:
    ring = SeriesRing(capacity=100)
    for i in range(20):
        ring.add(i * 0.5, None if i % 4 == 0 else 1.0)  # one in four lost
    starts, pct = ring.loss_per_interval(2.0, 0.0, 10.0)
    assert list(starts[:5]) == [0, 2, 4, 6, 8] and all(p == 25.0 for p in pct[:5])
    assert math.isnan(pct[-1]) or len(pct) == 5


def test_empty_ring() -> None:
    ring = SeriesRing(capacity=3)
    assert ring.stats().median_ms is None and len(ring.window(0, 10)[0]) == 0


def test_extend_equals_adding_one_by_one() -> None:
    rng = np.random.default_rng(5)
    t = np.arange(50, dtype=float)
    rtt = rng.random(50).astype(np.float32) * 10
    rtt[[3, 17, 40]] = np.nan
    one, many = SeriesRing(capacity=20), SeriesRing(capacity=20)
    for ts, r in zip(t, rtt, strict=True):
        one.add(float(ts), None if np.isnan(r) else float(r))
    many.extend(t[:7], rtt[:7])
    many.extend(t[7:], rtt[7:])
    for mine, theirs in zip(one.ordered(), many.ordered(), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    a, b = one.stats(), many.stats()
    assert (a.sent, a.lost, a.best_ms, a.worst_ms, a.median_ms) == (b.sent, b.lost, b.best_ms, b.worst_ms, b.median_ms)
    assert a.jitter_ms == pytest.approx(b.jitter_ms, rel=1e-5)


def test_peak_downsampling_keeps_spikes_and_gaps() -> None:
    from t3gui.core.ring import peak_downsample

    t = np.arange(10_000, dtype=np.float32)
    rtt = np.full(10_000, 5.0, dtype=np.float32)
    rtt[1234] = 900.0  # one spike
    rtt[5000:5100] = np.nan  # a whole bucket lost
    x, y = peak_downsample(t, rtt, 100)
    assert len(x) == len(y) == 200
    assert np.nanmax(y) == 900.0 and np.nanmin(y) == 5.0
    assert np.isnan(y).sum() == 2  # the all-lost bucket stays a gap
    same = peak_downsample(t[:150], rtt[:150], 100)
    assert same[0] is not None and len(same[0]) == 150  # few points: untouched


def test_rtts_keep_a_twentieth_of_a_percent_and_clamp_at_65_seconds() -> None:
    ring = SeriesRing(8)
    for rtt in (0.37, 18.234, 99.9, 1234.5, 70_000.0):
        ring.add(1.0, rtt)
    _, stored = ring.ordered()
    assert np.allclose(stored[:4].astype(np.float64), (0.37, 18.234, 99.9, 1234.5), rtol=5e-4)
    assert float(stored[4]) == RTT_MAX_MS
    assert ring.stats().worst_ms == 70_000.0  # the figures come from the exact values


def test_a_window_of_a_full_day_copies_only_what_it_returns() -> None:
    ring = SeriesRing()
    ring.extend(np.arange(DAY_AT_10HZ, dtype=np.float32) / 10, np.full(DAY_AT_10HZ, 20.0, np.float32))
    tracemalloc.start()
    t, _ = ring.window(86_000.0, 86_300.0)
    ring.loss_per_interval(10.0, 86_000.0, 86_300.0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(t) == 3001 and float(t[0]) == 86_000.0 and float(t[-1]) == 86_300.0
    assert peak < 256 << 10  # a day converted to float64 would be 6.6 MiB


def test_float16_downsampling_matches_the_float32_answer_including_all_lost_slices() -> None:
    rng = np.random.default_rng(5)
    n = 50_000
    rtt = (5 + rng.gamma(2, 3, n)).astype(np.float32)
    rtt[rng.random(n) < 0.2] = np.nan
    rtt[1000:1200] = np.nan  # whole slices lost
    ring = SeriesRing(n)
    ring.extend(np.arange(n, dtype=np.float32), rtt)
    t, stored = ring.ordered()
    _, fast = peak_downsample(t, stored, 400)
    _, reference = peak_downsample(t, stored.astype(np.float32), 400)
    assert np.isnan(fast).any() and np.array_equal(fast, reference, equal_nan=True)


@pytest.mark.parametrize("chunk", [333, ring_module.LOSS_CHUNK])
def test_loss_per_interval_counts_like_a_histogram(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ring_module, "LOSS_CHUNK", chunk)  # counted a chunk at a time, edges across chunks
    rng = np.random.default_rng(9)
    ring = SeriesRing(10_000)
    t = np.sort(rng.uniform(0, 1000, 10_000)).astype(np.float32)
    rtt = np.where(rng.random(10_000) < 0.1, np.nan, 20.0).astype(np.float32)
    ring.extend(t, rtt)
    starts, pct = ring.loss_per_interval(50.0, 0.0, 1000.0)
    edges = np.arange(0.0, 1050.0, 50.0)
    sent, _ = np.histogram(t, edges)
    lost, _ = np.histogram(t[np.isnan(rtt)], edges)
    assert np.array_equal(starts, edges[:-1]) and np.allclose(pct, 100 * lost / sent)


def test_a_wrapped_ring_downsamples_both_segments_without_joining_them() -> None:
    ring = SeriesRing(10_000)
    t = np.arange(25_000, dtype=np.float32) / 10
    rtt = np.where(np.arange(25_000) % 50 == 0, 500.0, 20.0).astype(np.float32)
    ring.extend(t, rtt)  # wrapped: the head sits mid-buffer
    assert len(ring.segments(0.0, 3000.0)) == 2
    tracemalloc.start()
    x, y = ring.downsampled(0.0, 3000.0, 200)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    whole_t, whole_rtt = ring.window(0.0, 3000.0)
    assert peak < whole_t.nbytes + whole_rtt.nbytes  # never the whole window in one copy
    assert len(x) <= 2 * 202 and np.all(np.diff(x) >= 0) and x[0] == whole_t[0]
    assert np.nanmax(y) == 500.0 and np.nanmin(y) == 20.0
    starts, pct = ring.loss_per_interval(100.0, 1500.0, 2500.0)
    assert len(starts) == 10 and np.all(pct == 0)


def test_a_wrapped_ring_keeps_exactly_the_newest_samples_with_their_times() -> None:
    rng = np.random.default_rng(11)
    gaps = rng.choice([0.1, 0.1, 1.0, 10.0, 3600.0], size=5000, p=[0.6, 0.2, 0.1, 0.0995, 0.0005])
    times = np.cumsum(gaps)
    ring = SeriesRing(capacity=1000)
    for i, t in enumerate(times):
        ring.add(float(t), float(i % 97))
    held_t, held_rtt = ring.ordered()
    assert len(ring) == len(held_t) == 1000
    assert np.array_equal(held_rtt.astype(np.float64), np.arange(4000, 5000) % 97)
    assert np.all(np.diff(held_t) >= 0)
    assert np.all(np.abs(held_t - times[4000:].astype(np.float32)) <= 0.07)
    assert ring.last_time() == pytest.approx(times[-1], abs=0.07)


def test_downsampling_in_the_ring_equals_downsampling_each_decoded_segment() -> None:
    ring = SeriesRing(10_000)
    n = 23_457
    rtt = np.where(np.arange(n) % 37 == 0, np.nan, 20.0 + np.arange(n) % 11).astype(np.float32)
    ring.extend(np.arange(n, dtype=np.float32) / 10, rtt)
    for t0, t1, buckets in ((0.0, 3000.0, 200), (1500.0, 1600.0, 300), (2000.0, 2345.6, 7)):
        parts = ring.segments(t0, t1)
        total = sum(len(t) for t, _ in parts)
        pieces = [peak_downsample(t, r, max(1, buckets * len(t) // total)) for t, r in parts]
        x, y = ring.downsampled(t0, t1, buckets)
        assert np.array_equal(x, np.concatenate([p[0] for p in pieces]))
        assert np.array_equal(y, np.concatenate([p[1].astype(np.float32) for p in pieces]), equal_nan=True)
