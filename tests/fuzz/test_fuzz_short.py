"""Every fuzz target for a few seconds (about a minute in all) and every committed seed replayed.

A crash fails the test with the reproducer's path and the traceback. Long runs are
scripts/fuzz.py's (docs/fuzzing.md). Where atheris has no wheel (it ships for Linux x86-64
only), hypothesis mutates the seeds instead, as the issue allows.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.contract import CORPUS, CRASHES, REPO
from tests.fuzz.findings import minimize, outcome, record_and_continue
from tests.fuzz.targets import TARGETS

SECONDS_EACH = 6  # plus about 3 s of start-up: about a minute for the seven targets
HAVE_ATHERIS = importlib.util.find_spec("atheris") is not None
_ARTIFACT = re.compile(r"^(crash|timeout|oom|leak|slow-unit)-")


def _seeds(name: str) -> list[Path]:
    return sorted(p for p in TARGETS[name].corpus.iterdir() if p.is_file())


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_seed_is_accepted_or_refused_cleanly(name: str) -> None:
    seeds = _seeds(name)
    assert len(seeds) >= 3, f"{TARGETS[name].corpus} holds {len(seeds)} seeds; run scripts/fuzz.py --make-seeds"
    for path in seeds:
        found = outcome(TARGETS[name].run, path.read_bytes())
        assert found is None, f"seed {path.relative_to(REPO)}: {found[0]}\n{found[1]}"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_briefly(name: str, tmp_path: Path) -> None:
    if not HAVE_ATHERIS:
        _mutate_with_hypothesis(name)
        return
    target = TARGETS[name]
    env = {k: v for k, v in os.environ.items() if k != "T3GUI_FUZZ_FINDINGS"}  # stop at the first crash
    # The grown corpus goes to tmp_path (first folder); the committed seeds are only read.
    command = [sys.executable, "-m", "tests.fuzz.harness", name, f"-max_total_time={SECONDS_EACH}",
               "-timeout=30", "-print_final_stats=1", f"-artifact_prefix={tmp_path}/",
               *target.libfuzzer_options(), str(tmp_path / "grown"), str(target.corpus)]
    (tmp_path / "grown").mkdir()
    proc = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, errors="replace",
                          timeout=SECONDS_EACH + 90, check=False)
    artifacts = [p for p in tmp_path.iterdir() if _ARTIFACT.match(p.name)]
    if artifacts or proc.returncode != 0:
        lines = [line for line in proc.stderr.splitlines() if "Instrumenting" not in line]
        first = next((i for i, line in enumerate(lines) if "Uncaught Python exception" in line), len(lines) - 30)
        tail = "\n".join(lines[max(first, 0):first + 40])
        pytest.fail(f"fuzzing {name} found a crash: {', '.join(map(str, artifacts)) or 'no artifact'} "
                    f"(exit {proc.returncode}). Replay it with .venv/bin/python scripts/fuzz.py --target {name} "
                    f"--replay FILE; keep it with --minimize FILE (into {CRASHES / name}).\n{tail}")
    executed = re.search(r"stat::number_of_executed_units: (\d+)", proc.stderr)
    assert executed, proc.stderr[-2000:]
    assert int(executed.group(1)) > len(_seeds(name)), "the fuzzer ran no more than the seeds"


def _mutate_with_hypothesis(name: str) -> None:
    seeds = [p.read_bytes() for p in _seeds(name)]
    edit = st.tuples(st.integers(0, 1 << 16), st.integers(0, 16), st.binary(max_size=16))

    def apply(seed: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
        for at, cut, insert in edits:
            at %= len(seed) + 1
            seed = seed[:at] + insert + seed[at + cut:]
        return seed

    inputs = st.builds(apply, st.sampled_from(seeds), st.lists(edit, max_size=6)) | st.binary(max_size=512)

    @settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(inputs)
    def check(data: bytes) -> None:
        found = outcome(TARGETS[name].run, data)
        assert found is None, f"{found[0]}\n{found[1]}"

    check()


def test_a_crash_is_recorded_once_and_minimized(tmp_path: Path) -> None:
    def fragile(data: bytes) -> None:
        if b"\xff\xfe" in data:
            raise IndexError("a parser bug")

    keep = record_and_continue(fragile, tmp_path)
    for data in (b"ok", b"abc\xff\xfe tail", b"x\xff\xfe again", b"fine"):
        keep(data)  # never raises: a long run goes on after a crash
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(kept) == 2 and kept[1] == kept[0] + ".txt"  # the first crash only, with its traceback
    assert (tmp_path / kept[1]).read_text().startswith("IndexError at ")
    assert minimize(fragile, b"abc\xff\xfe tail") == b"\xff\xfe"


def test_the_committed_corpus_stays_small() -> None:
    total = sum(p.stat().st_size for root in (CORPUS, CRASHES) if root.exists() for p in root.rglob("*")
                if p.is_file())
    assert total < 2 << 20, f"fuzz/ holds {total} bytes; keep seeds small (scripts/fuzz.py --make-seeds)"
