"""Long fuzzing runs of the parsers that read hostile input (see docs/fuzzing.md).

    .venv/bin/python scripts/fuzz.py --target cert --minutes 10
    .venv/bin/python scripts/fuzz.py --all --minutes 10 --parallel 2
    .venv/bin/python scripts/fuzz.py --target cert --replay fuzz/crashes/cert/crash-...
    .venv/bin/python scripts/fuzz.py --target cert --minimize FILE   # into fuzz/crashes/cert/
    .venv/bin/python scripts/fuzz.py --target cert --merge           # grown inputs with new coverage into fuzz/corpus/
    .venv/bin/python scripts/fuzz.py --make-seeds                    # rebuild fuzz/corpus/ from t3gui's own output
    .venv/bin/python scripts/fuzz.py --list

A run grows its own corpus under --workdir (kept between runs, so a second run starts where the
first stopped) on top of the committed seeds, goes on after a crash, and at the end minimizes
every distinct crash into fuzz/crashes/TARGET/ and prints executions, exec/s, coverage and corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fuzz.contract import CRASHES  # noqa: E402
from tests.fuzz.findings import minimize, outcome  # noqa: E402
from tests.fuzz.targets import TARGETS  # noqa: E402

PER_INPUT_TIMEOUT_S = 10  # an input that takes longer is a hang worth reporting
RSS_LIMIT_MB = 2048
_DONE = re.compile(r"#(\d+)\s+DONE\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+).*?exec/s: (\d+)")
_RAN = re.compile(r"Done \d+ runs in (\d+) second")
_PROGRESS = re.compile(r"#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)")


@dataclass
class Result:
    target: str
    seconds: float = 0.0
    executions: int = 0
    cov: int = 0
    ft: int = 0
    corpus_units: int = 0
    corpus_size: str = ""
    corpus_files: int = 0
    restarts: int = 0
    crashes: list[str] = field(default_factory=list)  # signatures
    hangs_or_ooms: list[str] = field(default_factory=list)  # libFuzzer artifacts

    @property
    def exec_per_s(self) -> float:
        return self.executions / self.seconds if self.seconds else 0.0


def _command(name: str, seconds: int, work: Path) -> list[str]:
    target = TARGETS[name]
    return [sys.executable, "-m", "tests.fuzz.harness", name, f"-max_total_time={seconds}",
            f"-timeout={PER_INPUT_TIMEOUT_S}", f"-rss_limit_mb={RSS_LIMIT_MB}", "-print_final_stats=1",
            f"-artifact_prefix={work / 'artifacts'}/", *target.libfuzzer_options(),
            str(work / "corpus"), str(target.corpus)]


def _absorb(result: Result, log: str) -> None:
    done = _DONE.findall(log)
    progress = _PROGRESS.findall(log)
    last = done[-1] if done else (progress[-1] + ("0",) if progress else None)
    if last:
        result.executions += int(last[0])
        result.cov, result.ft = max(result.cov, int(last[1])), max(result.ft, int(last[2]))
        result.corpus_units, result.corpus_size = int(last[3]), last[4]


def run_target(name: str, minutes: float, workdir: Path, log_dir: Path) -> Result:
    """Fuzz one target for ``minutes``, restarting after a hang or an out-of-memory stop."""
    work = workdir / name
    for sub in ("corpus", "artifacts", "findings"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    result = Result(name)
    earlier = {p.name for p in (work / "artifacts").iterdir()}  # a previous run's, not this one's
    log_path = log_dir / f"fuzz-{name}.log"
    deadline = time.monotonic() + minutes * 60
    env = {**os.environ, "T3GUI_FUZZ_FINDINGS": str(work / "findings")}
    while (left := int(deadline - time.monotonic())) > 5:
        started = time.monotonic()
        offset = log_path.stat().st_size if log_path.exists() else 0
        with log_path.open("ab") as log:  # written as it goes, so a long run can be watched
            proc = subprocess.run(_command(name, left, work), cwd=REPO, env=env, stdout=log,
                                  stderr=subprocess.STDOUT, check=False)
        with log_path.open("rb") as log:
            log.seek(offset)
            text = log.read().decode("utf-8", "replace")
        _absorb(result, text)
        # libFuzzer's own account of the time spent fuzzing, without Python's start-up and the
        # instrumentation of t3gui; the wall clock where a hang or an OOM cut it short.
        done = _RAN.search(text)
        result.seconds += int(done.group(1)) if done else time.monotonic() - started
        if proc.returncode == 0:
            break
        artifacts = sorted({p.name for p in (work / "artifacts").iterdir()} - earlier)
        if len(artifacts) == len(result.hangs_or_ooms):
            # Neither a hang nor an OOM: the harness itself failed, and would fail again at once.
            print(f"{name}: the fuzzer stopped with exit status {proc.returncode} and no artifact; see {log_path}")
            result.hangs_or_ooms.append(f"harness failure, exit status {proc.returncode}")
            break
        result.hangs_or_ooms = artifacts
        result.restarts += 1
    result.corpus_files = sum(1 for _ in (work / "corpus").iterdir())
    result.crashes = _keep_crashes(name, work / "findings")
    return result


def _keep_crashes(name: str, findings: Path) -> list[str]:
    """Minimize each distinct crash into fuzz/crashes/NAME/ (with its signature and traceback beside it)."""
    signatures = []
    for path in sorted(findings.glob("crash-*")):
        if path.suffix == ".txt":
            continue
        signatures.append(save_crash(name, path.read_bytes()))
    return signatures


def save_crash(name: str, data: bytes) -> str:
    run = TARGETS[name].run
    small = minimize(run, data)
    found = outcome(run, small)
    assert found is not None
    folder = CRASHES / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{hashlib.sha1(small).hexdigest()}"
    path.write_bytes(small)
    path.with_suffix(".txt").write_text(f"{found[0]}\n\n{found[1]}")
    print(f"{name}: {found[0]} -> {path.relative_to(REPO)} ({len(small)} bytes)")
    return found[0]


def merge(name: str, workdir: Path) -> int:
    """Add to fuzz/corpus/NAME the grown inputs that reach coverage the seeds do not (libFuzzer -merge)."""
    target = TARGETS[name]
    grown = workdir / name / "corpus"
    if not grown.is_dir():
        raise SystemExit(f"no grown corpus in {grown}; run the target first")
    launcher = workdir / f"{name}.launcher.sh"
    launcher.write_text(f'#!/bin/sh\ncd "{REPO}" && exec "{sys.executable}" -m tests.fuzz.harness {name} "$@"\n')
    launcher.chmod(0o700)
    before = sum(1 for _ in target.corpus.iterdir())
    env = {k: v for k, v in os.environ.items() if k != "T3GUI_FUZZ_FINDINGS"}
    env["T3GUI_FUZZ_ARGV0"] = str(launcher)
    subprocess.run([str(launcher), "-merge=1", *target.libfuzzer_options(), str(target.corpus), str(grown)],
                   env=env, cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    added = sum(1 for _ in target.corpus.iterdir()) - before
    print(f"{name}: {added} inputs added to {target.corpus.relative_to(REPO)}")
    return added


def run_all(names: list[str], minutes: float, parallel: int, workdir: Path, log_dir: Path) -> list[Result]:
    """Each target in a child process of this script, ``parallel`` at a time."""
    pending, results = list(names), []
    running: list[tuple[str, Path, subprocess.Popen[bytes]]] = []
    while pending or running:
        while pending and len(running) < parallel:
            name = pending.pop(0)
            out = workdir / f"{name}.result.json"
            running.append((name, out, subprocess.Popen(
                [sys.executable, __file__, "--target", name, "--minutes", str(minutes), "--workdir", str(workdir),
                 "--log-dir", str(log_dir), "--result-file", str(out)], cwd=REPO)))
        time.sleep(1)
        for item in [r for r in running if r[2].poll() is not None]:
            running.remove(item)
            if item[1].exists():
                results.append(Result(**json.loads(item[1].read_text())))
    return results


def report(results: list[Result]) -> None:
    print(f"{'target':<14}{'minutes':>8}{'executions':>12}{'exec/s':>8}{'cov':>6}{'ft':>7}"
          f"{'corpus':>16}{'crashes':>9}")
    for r in results:
        print(f"{r.target:<14}{r.seconds / 60:>8.1f}{r.executions:>12}{r.exec_per_s:>8.0f}{r.cov:>6}{r.ft:>7}"
              f"{f'{r.corpus_units}/{r.corpus_size}':>16}{len(r.crashes):>9}")
        for sig in r.crashes:
            print(f"    crash: {sig}")
        for art in r.hangs_or_ooms:
            print(f"    libFuzzer artifact: {art}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), default=[])
    parser.add_argument("--all", action="store_true", help="every target")
    parser.add_argument("--minutes", type=float, default=10.0, help="per target (default 10)")
    parser.add_argument("--parallel", type=int, default=1, help="targets at once (default 1)")
    parser.add_argument("--workdir", type=Path, default=Path.home() / ".cache" / "t3gui" / "fuzz")
    parser.add_argument("--log-dir", type=Path, help="libFuzzer output, fuzz-TARGET.log (default: --workdir)")
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--replay", type=Path, nargs="+", metavar="FILE", help="run inputs once, print the outcome")
    parser.add_argument("--minimize", type=Path, metavar="FILE", help="shrink a crash into fuzz/crashes/TARGET/")
    parser.add_argument("--merge", action="store_true",
                        help="fold the grown corpus's new coverage into fuzz/corpus/TARGET (keep it small)")
    parser.add_argument("--make-seeds", action="store_true", help="rebuild fuzz/corpus/ with t3gui's own code")
    parser.add_argument("--list", action="store_true", help="the targets and what they exercise")
    args = parser.parse_args()
    if args.list:
        for t in TARGETS.values():
            print(f"{t.name:<14}{t.parser}  (refuses with {t.errors})")
        return 0
    if args.make_seeds:
        from tests.fuzz.seeds import make_seeds

        print(json.dumps(make_seeds(REPO / "fuzz" / "corpus")))
        return 0
    names = sorted(TARGETS) if args.all else args.target
    if not names:
        parser.error("name a --target (or --all)")
    if args.replay or args.minimize:
        if len(names) != 1:
            parser.error("--replay and --minimize take exactly one --target")
        return _replay(names[0], args.replay or []) if args.replay else _minimize(names[0], args.minimize)
    if args.merge:
        for name in names:
            merge(name, args.workdir)
        return 0
    log_dir = args.log_dir or args.workdir
    log_dir.mkdir(parents=True, exist_ok=True)
    if len(names) == 1:
        results = [run_target(names[0], args.minutes, args.workdir, log_dir)]
        if args.result_file:
            args.result_file.write_text(json.dumps(asdict(results[0])))
    else:
        results = run_all(names, args.minutes, max(1, args.parallel), args.workdir, log_dir)
    report(results)
    return 1 if any(r.crashes for r in results) else 0


def _replay(name: str, files: list[Path]) -> int:
    status = 0
    for path in files:
        found = outcome(TARGETS[name].run, path.read_bytes())
        print(f"{path}: {'accepted or refused cleanly' if found is None else found[0]}")
        if found is not None:
            print(found[1])
            status = 1
    return status


def _minimize(name: str, path: Path) -> int:
    if outcome(TARGETS[name].run, path.read_bytes()) is None:
        print(f"{path} does not crash {name}")
        return 1
    save_crash(name, path.read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
