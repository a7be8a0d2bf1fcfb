"""Desktop app figures: cold start to the first shown window (from source and frozen), event-loop
lateness and the whole app's memory while monitoring three series at 10 Hz with 24 h of history,
the time of a frame (our redraw and Qt's paint), and opening a 3 x 24 h bundle in the app.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_gui [MODE] [--quick]
MODE is all (the default: every mode but soak, each in a fresh process, so memory is the app's own),
cold-start, frozen (the PyInstaller folder in dist/t3gui; --build makes it first), follow, zoomed-out,
paint, open-bundle, or soak MINUTES (RSS and lateness p99 each minute).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.gui_common import dispose, new_window, rss_mib

MODES = ("all", "cold-start", "frozen", "follow", "zoomed-out", "paint", "open-bundle", "soak")
ROOT = Path(__file__).resolve().parent.parent


def runs_note(n: int) -> str:
    return f"median of {n}" if n > 1 else "1 run"


def start_to_window(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Per run: the process's wall time, start to exit right after the first window was shown, and the
    app's own figure (from the import of t3gui.gui.app to ``window.show()``), both in seconds."""
    walls, shown = [], []
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run(command, capture_output=True, text=True, timeout=120,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "T3GUI_QUIT_WHEN": "shown"})
        walls.append(time.perf_counter() - started)
        found = re.search(r"^shown (\d+) ms$", out.stdout, re.MULTILINE)
        if out.returncode != 0 or found is None:
            raise SystemExit(f"{command[0]} did not show its window (exit {out.returncode}): {out.stderr[-2000:]}")
        shown.append(int(found[1]) / 1000)
    return walls, shown


def print_start(label: str, walls: list[float], shown: list[float]) -> None:
    print(f"{label + ': wall time, start to exit once shown':<56} {statistics.median(walls):6.2f} s "
          f"(min {min(walls):.2f}, max {max(walls):.2f}; {runs_note(len(walls))})")
    print(f"{'  of which the app to window.show() (as it logs)':<56} {statistics.median(shown):6.2f} s "
          f"(min {min(shown):.2f}, max {max(shown):.2f})")


def frozen(runs: int, folder: Path, build: bool) -> None:
    if build:
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "pyinstaller"), "build.spec", "--noconfirm"], cwd=ROOT,
                       check=True, capture_output=True)
        print(f"{'PyInstaller build (build.spec)':<56} {time.perf_counter() - started:6.1f} s")
    app = folder / "t3gui-app"
    if not app.exists():
        print(f"frozen start left out: {app} is missing; build it with .venv/bin/pyinstaller build.spec "
              f"--noconfirm (or add --build)")
        return
    print_start("frozen t3gui-app", *start_to_window([str(app)], runs))


def follow(mode: str, seconds: float, hours: float) -> None:
    from bench.gui_monitor import monitoring

    result = monitoring(seconds, mode == "zoomed-out", hours)
    lateness = sorted(result.lateness_ms)
    p99 = lateness[int(len(lateness) * 0.99)]
    print(f"{'event-loop lateness, ' + mode + ' (p50 / p99 / max)':<56} "
          f"{statistics.median(lateness):6.2f} / {p99:6.2f} / {lateness[-1]:6.2f} ms  "
          f"({len(lateness)} probes, {result.redraws} redraws in {seconds:g} s, {hours:g} h of history)")
    print(f"{'  whole app RSS: diagnosed / ring buffers / after':<56} {result.diagnosed_mib:6.1f} / "
          f"{result.ring_mib:5.1f} / {result.after_mib:6.1f} MiB ({result.after_mib * 2**20 / 1e6:.1f} MB)")
    print(f"{'  of which: anonymous / mapped files':<56} {rss_mib('RssAnon'):6.1f} / {rss_mib('RssFile'):6.1f} MiB")


def opening_a_bundle(runs: int, hours: float) -> tuple[list[float], list[float]]:
    """File -> Open bundle on a 3-series bundle: seconds to the verdict shown, and to the history drawn."""
    from bench.bench_bundle import day_of_samples
    from t3gui.core.bundle.writer import BundleContent, write_bundle
    from t3gui.core.model import Report, Target, Verdict, VerdictStatus

    folder = Path(tempfile.mkdtemp())
    report = Report("0.1.0", "2026-11-22T10:00:00.000Z", "2026-11-23T10:00:00.000Z", Target("t3.example.com"),
                    (), (), Verdict(VerdictStatus.HEALTHY, None, "ok"))
    path = folder / "day.zip"
    path.write_bytes(write_bundle(BundleContent(report, day_of_samples("realistic", hours), environment={}))[0])
    app, loop, window = new_window()
    to_verdict: list[float] = []
    to_drawn: list[float] = []
    for _ in range(runs):
        loop.run_until_complete(window.monitor_page.stop())
        window.new_diagnosis()
        loop.run_until_complete(asyncio.sleep(0.2))
        started = time.perf_counter()
        shown = window.show_result

        def timed_show(report: object, shown: object = shown, started: float = started) -> None:
            shown(report)  # type: ignore[operator]
            to_verdict.append(time.perf_counter() - started)

        window.show_result = timed_show
        loop.run_until_complete(window.open_bundle(path))
        window.show_result = shown
        viewer = window.bundles.viewer
        assert viewer is not None
        window.result_page.tabs.setCurrentWidget(viewer.plot_page)  # the bundle viewer draws the day
        app.processEvents()
        to_drawn.append(time.perf_counter() - started)
    dispose(window)
    loop.close()  # joins the executor thread that read the samples
    return to_verdict, to_drawn


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.bench_gui", description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("mode", nargs="?", default="all", choices=MODES)
    parser.add_argument("minutes", nargs="?", type=float, default=60.0, help="soak: how long to follow")
    parser.add_argument("--quick", action="store_true", help="one run, 1 h of history, a few seconds each")
    parser.add_argument("--runs", type=int, default=7, help="cold-start, frozen: processes started (median)")
    parser.add_argument("--seconds", type=float, default=20.0, help="follow, zoomed-out: how long to follow")
    parser.add_argument("--hours", type=float, default=24.0, help="hours of 10 Hz history loaded")
    parser.add_argument("--frames", type=int, default=300, help="paint: frames timed")
    parser.add_argument("--grid", choices=("view", "axes"), default="view",
                        help="paint: the grid as t3gui draws it, or pyqtgraph's grid drawn by the axes (as before)")
    parser.add_argument("--pen-width", type=float, default=1.0, help="paint: the RTT curves' pen width")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist/t3gui", help="frozen: the PyInstaller folder")
    parser.add_argument("--build", action="store_true", help="frozen: build it first with build.spec")
    parser.add_argument("--report-every-s", type=float, default=60.0, help="soak: seconds between reports")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.seconds, args.hours, args.frames = 1, 1.0, 1.0, 10
        args.minutes, args.report_every_s = min(args.minutes, 0.05), 1.0
    return args


def run_all(args: argparse.Namespace) -> None:
    """Each mode in a fresh process, so each one's memory is the app's own."""
    quick = ["--quick"] if args.quick else []
    common = [*quick, "--runs", str(args.runs), "--hours", str(args.hours)]
    runs = [["cold-start", *common], ["frozen", *common, "--dist", str(args.dist)],
            *([] if args.quick else [["follow", *common, "--seconds", str(args.seconds)]]),  # quick: soak follows
            ["zoomed-out", *common, "--seconds", str(args.seconds)],
            ["open-bundle", *quick, "--hours", str(args.hours)]]
    # Today's look, then the two steps back to the old one; quick runs only the old one, which takes every path.
    looks = (("axes", "1.5"),) if args.quick else (("view", "1"), ("view", "1.5"), ("axes", "1.5"))
    for grid, pen in looks:
        runs.append(["paint", *quick, "--hours", str(args.hours), "--frames", str(args.frames), "--grid", grid,
                     "--pen-width", pen])
    for extra in runs:
        subprocess.run([sys.executable, "-m", "bench.bench_gui", *extra], check=True, cwd=ROOT)


def main(argv: list[str] | None = None) -> None:
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.mode == "all":
        run_all(args)
    elif args.mode == "cold-start":
        print_start("cold start from source", *start_to_window([sys.executable, "-m", "t3gui"], args.runs))
    elif args.mode == "frozen":
        frozen(args.runs, args.dist, args.build)
    elif args.mode in ("follow", "zoomed-out"):
        follow(args.mode, args.seconds, args.hours)
    elif args.mode == "paint":
        from bench.gui_paint import report

        report(args.frames, args.hours, args.grid, args.pen_width)
    elif args.mode == "open-bundle":
        runs = 1 if args.quick else 3
        to_verdict, to_drawn = opening_a_bundle(runs, args.hours)
        print(f"{f'open a 3 x {args.hours:g} h bundle: to the verdict / to the history drawn':<56} "
              f"{statistics.median(to_verdict):6.2f} / {statistics.median(to_drawn):.2f} s ({runs_note(runs)})")
    else:  # soak: does a long follow grow or stutter?
        from bench.gui_monitor import monitoring

        print(f"following 3 series at 10 Hz with {args.hours:g} h of history for {args.minutes:g} min; "
              f"a line each {args.report_every_s:g} s")
        monitoring(args.minutes * 60, zoomed_out=False, hours=args.hours, soak_report_s=args.report_every_s)


if __name__ == "__main__":
    main()
