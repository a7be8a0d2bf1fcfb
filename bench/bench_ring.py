"""What the monitor's ring buffers cost: bytes a probe, and the time of each call a redraw makes.

A day at 10 Hz (864,000 probes) in one series ring that has wrapped, as after a
day and a half of monitoring. Run: .venv/bin/python -m bench.bench_ring
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from t3gui.core.ring import DAY_AT_10HZ, SeriesRing

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


def main() -> None:
    ring = wrapped_day()
    end = float(ring.last_time() or 0.0)
    start = end - DAY_AT_10HZ / 10
    print(f"{'ring of a day at 10 Hz: bytes held / per probe':<56} {ring.nbytes / 2**20:6.2f} MiB / "
          f"{ring.nbytes / DAY_AT_10HZ:.2f} B")
    fresh = SeriesRing()
    started = time.perf_counter()
    for i in range(100_000):
        fresh.add(i / 10, 20.0)
    print(f"{'add one probe':<56} {(time.perf_counter() - started) * 10:6.2f} µs")
    figures = {
        "a 5-minute window at the live edge": lambda: ring.window(end - 300, end),
        "downsample the 5-minute window to 1200 px": lambda: ring.downsampled(end - 300, end, PIXELS),
        "loss per 1 s in the 5-minute window": lambda: ring.loss_per_interval(1.0, end - 300, end),
        "downsample the whole day to 1200 px": lambda: ring.downsampled(start, end, PIXELS),
        "loss per interval, the whole day in 150 buckets": lambda: ring.loss_per_interval(576.0, start, end),
        "every probe of the day in order (bundle export)": ring.ordered,
    }
    for label, fn in figures.items():
        print(f"{label:<56} {per_call_ms(fn):6.2f} ms")


if __name__ == "__main__":
    main()
