"""The benchmarks still run, and every figure in docs/benchmarks.md names the script that prints it.

Each script runs once in its quickest mode: what is checked is that it finishes
and prints its figures, never how fast anything was (timings belong in the
document, measured by hand; the machine running the suite is shared).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"
DOC = REPO / "docs" / "benchmarks.md"

# script -> (arguments of its quickest run, labels its output must hold; "a|b" means either)
QUICK_RUNS: dict[str, tuple[list[str], list[str]]] = {
    "bench_codec.py": (["--quick"], ["raw frame encode", "heartbeat seal", "200 kB message"]),
    "bench_ring.py": (["--quick"], ["bytes held / per probe", "add one probe", "downsample the whole day",
                                    "a new ring filled with a day", "encoding the times"]),
    "bench_bundle.py": (["--quick"], ["realistic: export", "bytes a probe", "worst-case: ... and every series parsed"]),
    "bench_lab_server.py": (["--quick"], ["server RSS, no connections", "idle TLS connections",
                                          "UDP heartbeats answered", "server RSS after the run"]),
    "bench_imports.py": (["--quick"], ["each in a fresh interpreter", "numpy", "the interpreter",
                                       "the monitor page shown", "pymalloc arenas"]),
    "bench_diagnosis.py": (["--quick"], ["healthy target", "RTT median with 20 ms injected",
                                         "filtered port|figures left out"]),
    "bench_frozen_size.py": (["--quick"], ["frozen folder|frozen size left out", "installer |installers left out"]),
    "bench_frozen_memory.py": (["--quick"], ["frozen memory left out|history loaded, drawn and fed"]),
    "bench_monitor_load.py": (["soak", "--minutes", "0.25", "--interval", "1", "--every-s", "5", "--scrapes", "5"],
                              ["rss_mib", "summary: interval 1 s", "scrape median", "SIGTERM to exit"]),
    "bench_cluster.py": (["--quick"], ["healthy, intermediate tier, 1 node", "healthy, intermediate tier, 3 node"]),
    "bench_gui.py": (["--quick"], ["cold start from source", "frozen t3gui-app|frozen start left out",
                                   "event-loop lateness, zoomed-out", "whole app RSS",
                                   "open a 3 x 1 h bundle", "Qt paint of the plots", "the RTT axis painted"]),
}
SOAK = (["soak", "--quick"], ["following 3 series", "RSS", "lateness p99"])
# Scripts whose shortest run is too long for the suite, and why; each is run by hand for its figures.
NO_QUICK_RUN = {
    "bench_monitor_soak.py": "its shortest run is one reporting minute against a lab server (about 65 s)",
}

FIGURE = re.compile(r"\d(?:[\d,.]*\d)?\s*(?:µs|ms|s|min|MiB|KiB|MB|kB|B|%|/s|bytes)(?![\w])")
SCRIPT = re.compile(r"(?<![\w/])bench/(\w+\.py)|-m bench\.(\w+)|`bench\.(\w+)`")


def run_quick(script: str, args: list[str], labels: list[str]) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", f"bench.{script.removesuffix('.py')}", *args], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=150)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    for label in labels:
        assert any(option in result.stdout for option in label.split("|")), (label, result.stdout)


@pytest.mark.slow
@pytest.mark.timeout(200)
@pytest.mark.parametrize("script", sorted(QUICK_RUNS))
def test_each_benchmark_runs_in_its_quick_mode(script: str) -> None:
    run_quick(script, *QUICK_RUNS[script])


@pytest.mark.slow
@pytest.mark.timeout(200)
def test_the_monitor_soak_reports_while_it_follows() -> None:
    run_quick("bench_gui.py", *SOAK)


def test_every_benchmark_script_has_a_quick_run() -> None:
    scripts = {path.name for path in BENCH.glob("bench_*.py")}
    assert not set(QUICK_RUNS) & set(NO_QUICK_RUN)
    assert scripts == set(QUICK_RUNS) | set(NO_QUICK_RUN), (
        "add a quick run here for each script in bench/ (or say in NO_QUICK_RUN why it has none), and only for those")


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """(heading of the section, lines) for each paragraph, list item, table and code block of a Markdown text."""
    out: list[tuple[str, list[str]]] = []
    current: list[str] = []
    heading, kind, fenced = "", "", False

    def close() -> None:
        nonlocal current, kind
        if current:
            out.append((heading, current))
        current, kind = [], ""

    for line in text.splitlines():
        if line.startswith("```"):
            if fenced:
                current.append(line)
                close()
            else:
                close()
                current, kind = [line], "code"
            fenced = not fenced
            continue
        if fenced:
            current.append(line)
        elif line.startswith("#"):
            close()
            heading = line
        elif not line.strip():
            close()
        elif line.startswith("|"):
            if kind != "table":
                close()
            current.append(line)
            kind = "table"
        elif line.startswith("- "):
            close()
            current, kind = [line], "item"
        else:
            if kind == "table":
                close()
            current.append(line)
            kind = kind or "text"
    close()
    return out


def scripts_named(lines: list[str]) -> set[str]:
    return {next(name for name in match.groups() if name).removesuffix(".py") + ".py"
            for line in lines for match in SCRIPT.finditer(line)}


def test_the_block_parser_finds_figures_and_scripts() -> None:
    text = ("### Codec (`bench/bench_codec.py`)\n| what | per second |\n|---|---|\n| encode | 1,612,000 /s |\n\n"
            "Loading a day takes 65 ms.\n\n- a step: 131.6 to 129.0 MiB (`bench/bench_gui.py follow`)\n")
    found = blocks(text)
    assert [lines[0][:5] for _, lines in found] == ["| wha", "Loadi", "- a s"]
    assert [bool(FIGURE.search(" ".join(lines))) for _, lines in found] == [True, True, True]
    assert [scripts_named([heading, *lines]) for heading, lines in found] == [
        {"bench_codec.py"}, {"bench_codec.py"}, {"bench_codec.py", "bench_gui.py"}]
    assert not FIGURE.search("Python 3.11.7 on 2 cores, 2026-11-23, 24 h at 10 Hz")


def unreferenced(text: str) -> tuple[list[str], set[str]]:
    """(first lines of the blocks whose figures name no script, scripts named that bench/ does not have)."""
    missing, unknown = [], set()
    for heading, lines in blocks(text):
        named = scripts_named(lines)
        if lines[0].startswith("|"):
            named |= scripts_named([heading])  # a table may name its script in its section's heading
        unknown |= {name for name in named if not (BENCH / name).is_file()}
        if FIGURE.search(" ".join(lines)) and not named:
            missing.append(lines[0][:100])
    return missing, unknown


def test_a_figure_without_its_script_or_with_a_missing_one_is_found() -> None:
    text = ("### Desktop (`bench/bench_gui.py`)\n| what | figure |\n|---|---|\n| start | 0.65 s |\n\n"
            "Measured by hand: 3.6 ms a frame.\n\n- load: 65 ms (`bench/bench_gone.py`)\n\n"
            "```sh\n.venv/bin/python -m bench.bench_lost  # 30 minutes\n```\n")
    missing, unknown = unreferenced(text)
    assert missing == ["Measured by hand: 3.6 ms a frame."]
    assert unknown == {"bench_gone.py", "bench_lost.py"}


def test_every_figure_in_the_benchmarks_doc_names_a_script_in_bench() -> None:
    missing, unknown = unreferenced(DOC.read_text(encoding="utf-8"))
    assert not unknown, f"docs/benchmarks.md names scripts that bench/ does not have: {sorted(unknown)}"
    assert not missing, "figures without the bench/ script that prints them:\n" + "\n".join(missing)
