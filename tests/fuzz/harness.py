"""The atheris entry point: ``python -m tests.fuzz.harness TARGET [libFuzzer options] [corpus dirs or files]``.

Given files instead of folders, it runs each once (how a crash is replayed). Prefer
``scripts/fuzz.py``, which picks the options, corpus and artifact folders.
"""

from __future__ import annotations

import sys


def main() -> None:
    import atheris

    if len(sys.argv) < 2:
        sys.exit("usage: python -m tests.fuzz.harness TARGET [libFuzzer options] [corpus]")
    name = sys.argv.pop(1)
    # Coverage is what guides the fuzzer, so t3gui must be imported for the first time here,
    # instrumented; zipfile too, because the bundle reader stands on its pure-Python parsing.
    with atheris.instrument_imports(include=["t3gui", "zipfile"]):
        from tests.fuzz.targets import TARGETS
    if name not in TARGETS:
        sys.exit(f"unknown target {name!r}; the targets are {', '.join(TARGETS)}")
    atheris.Setup(sys.argv, TARGETS[name].run)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
