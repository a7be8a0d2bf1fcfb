"""Bundle figures: export and open of 24 h of 10 Hz samples on three series (time and size).

Two kinds of data: realistic (a stable link, ~0.3 ms jitter, 1 % loss) and
worst case (heavy-tailed noise of several ms on every probe), because a
bundle's size is set by how much the RTTs vary. Send times carry a
scheduler's lateness (about 1 ms) as real probes do, and are float32 seconds
as the monitor's rings hold them.

Run: .venv/bin/python -m bench.bench_bundle [--runs 3] [--hours 24] [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import statistics
import time
import zipfile

import numpy as np

from t3gui.core.bundle.reader import open_bundle, read_samples
from t3gui.core.bundle.writer import BundleContent, write_bundle
from t3gui.core.model import Report, Target, Verdict, VerdictStatus
from t3gui.core.ring import DAY_AT_10HZ


def day_of_samples(kind: str, hours: float = 24.0) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    n = int(DAY_AT_10HZ * hours / 24)
    rng = np.random.default_rng(7)
    out = {}
    for i, series in enumerate(("t3_udp", "tcp_connect", "icmp")):
        t = (np.arange(n) / 10 + rng.gamma(1.5, 0.6, n) / 1000).astype(np.float32)
        noise = rng.normal(0, 0.3, n) if kind == "realistic" else rng.gamma(2, 2, n)
        rtt = (18 + 2 * i + noise).astype(np.float32)
        rtt[rng.random(n) < 0.01] = np.nan
        out[series] = (t, np.arange(1, n + 1, dtype=np.int64), rtt)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="export and open of 3 series at 10 Hz")
    parser.add_argument("--runs", type=int, default=3, help="exports and opens of each bundle (median printed)")
    parser.add_argument("--hours", type=float, default=24.0, help="hours of 10 Hz samples on each series")
    parser.add_argument("--quick", action="store_true", help="1 run of 1 h")
    args = parser.parse_args()
    runs, hours = (1, 1.0) if args.quick else (args.runs, args.hours)
    probes = 3 * int(DAY_AT_10HZ * hours / 24)
    print(f"3 x {hours:g} h at 10 Hz = {probes:,} probes; median of {runs} run{'s' * (runs > 1)}")
    report = Report("0.1.0", "2026-11-22T10:00:00.000Z", "2026-11-23T10:00:00.000Z", Target("t3.example.com"),
                    (), (), Verdict(VerdictStatus.HEALTHY, None, "ok"))
    for kind in ("realistic", "worst-case"):
        content = BundleContent(report, day_of_samples(kind, hours), environment={})
        exports, opens, verdicts, first = [], [], [], b""
        for _ in range(runs):
            started = time.perf_counter()
            data, _ = write_bundle(content)
            exports.append(time.perf_counter() - started)
            started = time.perf_counter()
            bundle = open_bundle(data, samples=False)
            verdicts.append(time.perf_counter() - started)
            bundle = dataclasses.replace(bundle, samples=read_samples(bundle))
            opens.append(time.perf_counter() - started)
            first = data
        assert len(bundle.samples["icmp"][0]) == probes // 3
        print(f"{kind + ': export':<44} {statistics.median(exports):6.2f} s  {len(first) / 1e6:6.2f} MB")
        sizes = {i.filename: i.compress_size for i in zipfile.ZipFile(io.BytesIO(first)).infolist()}
        print(f"{'   of which samples.t3s / samples.csv':<44} {sizes['samples.t3s'] / 1e6:6.2f} MB / "
              f"{sizes['samples.csv'] / 1e6:.2f} MB (deflated); samples.t3s "
              f"{sizes['samples.t3s'] / probes:.2f} bytes a probe")
        print(f"{kind + ': open it, verified, to the verdict':<44} {statistics.median(verdicts):6.2f} s")
        print(f"{kind + ': ... and every series parsed':<44} {statistics.median(opens):6.2f} s")


if __name__ == "__main__":
    main()
