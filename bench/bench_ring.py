"""What the monitor's ring buffers cost: bytes a probe, and the time of each call a redraw makes.

A day at 10 Hz (864,000 probes) in one series ring that has wrapped, as after a
day and a half of monitoring; and loading a day into an empty ring (a bundle
reopened, the benchmarks' history). Each time is the median of the number of
calls printed beside it.

Run: .venv/bin/python -m bench.bench_ring [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from t3gui.core.ring import DAY_AT_10HZ, SeriesRing
from t3gui.core.ring_times import BlockTimes, slots_for

PIXELS = 1200


def per_call_ms(fn: Callable[[], object], repeat: int = 50) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def wrapped_day() -> SeriesRing:
    ring = SeriesRing()
    n = DAY_AT_10HZ + DAY_AT_10HZ // 2
    t = np.arange(n, dtype=np.float64) / 10
    rtt = (20 + (np.arange(n) * 7919 % 97) / 10).astype(np.float32)
    rtt[::100] = np.nan
    ring.extend(t, rtt)
    return ring


def load_a_day(repeat: int) -> tuple[float, float]:
    """Median ms to fill an empty ring with a day (``extend``), and of that the times' encoding alone."""
    t = np.arange(DAY_AT_10HZ, dtype=np.float32) / 10
    rtt = (20 + (np.arange(DAY_AT_10HZ) * 7919 % 97) / 10).astype(np.float32)
    rtt[::100] = np.nan
    whole = per_call_ms(lambda: SeriesRing().extend(t, rtt), repeat)
    encoding = per_call_ms(lambda: BlockTimes(slots_for(DAY_AT_10HZ)).write(0, t), repeat)
    return whole, encoding


def main() -> None:
    parser = argparse.ArgumentParser(description="the ring buffers' bytes and the time of each call")
    parser.add_argument("--quick", action="store_true", help="3 calls of each instead of 50")
    quick = parser.parse_args().quick
    repeat, adds = (3, 10_000) if quick else (50, 100_000)
    ring = wrapped_day()
    end = float(ring.last_time() or 0.0)
    start = end - DAY_AT_10HZ / 10
    print(f"{'ring of a day at 10 Hz: bytes held / per probe':<56} {ring.nbytes / 2**20:6.2f} MiB / "
          f"{ring.nbytes / DAY_AT_10HZ:.2f} B")
    fresh = SeriesRing()
    started = time.perf_counter()
    for i in range(adds):
        fresh.add(i / 10, 20.0)
    print(f"{'add one probe':<56} {(time.perf_counter() - started) * 1e6 / adds:6.2f} µs (mean of {adds:,})")
    figures = {
        "a 5-minute window at the live edge": lambda: ring.window(end - 300, end),
        "downsample the 5-minute window to 1200 px": lambda: ring.downsampled(end - 300, end, PIXELS),
        "loss per 1 s in the 5-minute window": lambda: ring.loss_per_interval(1.0, end - 300, end),
        "downsample the whole day to 1200 px": lambda: ring.downsampled(start, end, PIXELS),
        "loss per interval, the whole day in 150 buckets": lambda: ring.loss_per_interval(576.0, start, end),
        "every probe of the day in order (bundle export)": ring.ordered,
    }
    for label, fn in figures.items():
        print(f"{label:<56} {per_call_ms(fn, repeat):6.2f} ms (median of {repeat})")
    loads = max(3, repeat // 5)
    whole, encoding = load_a_day(loads)
    print(f"{'a new ring filled with a day (extend)':<56} {whole:6.2f} ms (median of {loads})")
    print(f"{'  of which encoding the times (BlockTimes.write)':<56} {encoding:6.2f} ms (median of {loads})")

if __name__ == "__main__":
    main()
