"""What a fuzzer found: a signature per distinct crash, reproducers kept, inputs made small.

A long run keeps going after a crash (``record_and_continue``), so one shallow bug does not
hide the deeper ones; each distinct signature is written once, with its traceback beside it.
"""

from __future__ import annotations

import hashlib
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

REPO_PREFIX = str(Path(__file__).resolve().parents[2]) + "/"
_LIBRARY = re.compile(r"^.*/(?:site-packages|python3\.\d+)/")


def signature(exc: BaseException) -> str:
    """The exception type, the deepest frame of t3gui it came through and, when the exception
    was raised deeper (in a library), that frame too: one signature per distinct bug."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__

    def name(frame: traceback.FrameSummary) -> str:
        # Library and standard-library frames by module path, the same on every machine.
        path = _LIBRARY.sub("", frame.filename).removeprefix(REPO_PREFIX)
        return f"{path}:{frame.lineno}"

    ours = [f for f in frames if f.filename.startswith(REPO_PREFIX + "t3gui/")]
    where = name(ours[-1]) if ours else name(frames[-1])
    deeper = f" (in {name(frames[-1])})" if ours and frames[-1] is not ours[-1] else ""
    return f"{type(exc).__name__} at {where}{deeper}"


def outcome(run: Callable[[bytes], None], data: bytes) -> tuple[str, str] | None:
    """None when ``run`` takes ``data``; else its crash signature and traceback."""
    try:
        run(data)
    except Exception as exc:  # anything that escapes a target is the finding itself
        return signature(exc), "".join(traceback.format_exception(exc))
    return None


def minimize(run: Callable[[bytes], None], data: bytes, budget: int = 20000) -> bytes:
    """The smallest input found (by removing runs of bytes) that still crashes with the same signature."""
    first = outcome(run, data)
    if first is None:
        raise ValueError("the input does not crash this target")
    want, best, size = first[0], data, max(len(data) // 2, 1)
    while size >= 1 and budget > 0:
        at, shrunk = 0, False
        while at < len(best) and budget > 0:
            candidate = best[:at] + best[at + size:]
            budget -= 1
            found = outcome(run, candidate)
            if found is not None and found[0] == want:
                best, shrunk = candidate, True
            else:
                at += size
        if not shrunk:
            size //= 2
    return best


def record_and_continue(run: Callable[[bytes], None], folder: Path) -> Callable[[bytes], None]:
    """``run``, but a crash is written to ``folder`` (once per signature) instead of ending the run."""
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()

    def one_input(data: bytes) -> None:
        found = outcome(run, data)
        if found is None or found[0] in seen:
            return
        seen.add(found[0])
        path = folder / f"crash-{hashlib.sha1(data).hexdigest()}"
        path.write_bytes(data)
        path.with_suffix(".txt").write_text(f"{found[0]}\n\n{found[1]}")
        print(f"t3gui-fuzz: NEW CRASH #{len(seen)} {found[0]} -> {path}", file=sys.stderr, flush=True)

    return one_input
