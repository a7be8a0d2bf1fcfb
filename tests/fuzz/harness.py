"""The atheris entry point: ``python -m tests.fuzz.harness TARGET [libFuzzer options] [corpus dirs or files]``.

Given files instead of folders, it runs each once. With ``T3GUI_FUZZ_FINDINGS=DIR`` in the
environment a crash is written to DIR (once per signature) and fuzzing goes on; without it the
first crash ends the run, as libFuzzer does. Prefer ``scripts/fuzz.py``, which picks the
options, corpus and folders.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    atheris: Any = importlib.import_module("atheris")  # untyped, and absent where it has no wheel

    if len(sys.argv) < 2:
        sys.exit("usage: python -m tests.fuzz.harness TARGET [libFuzzer options] [corpus]")
    name = sys.argv.pop(1)
    from tests.fuzz.contract import INSTRUMENT_MORE

    # Coverage is what guides the fuzzer, so t3gui must be imported for the first time here, instrumented.
    with atheris.instrument_imports(include=["t3gui", *INSTRUMENT_MORE.get(name, ())]):
        from tests.fuzz.targets import TARGETS
    if name not in TARGETS:
        sys.exit(f"unknown target {name!r}; the targets are {', '.join(TARGETS)}")
    target = TARGETS[name]
    run = target.run
    findings = os.environ.get("T3GUI_FUZZ_FINDINGS")
    if findings:
        from tests.fuzz.findings import record_and_continue

        run = record_and_continue(run, Path(findings))
    # libFuzzer's -merge (and -fork) start the fuzzer again as argv[0], which must then be an
    # executable that names the target: scripts/fuzz.py writes one and passes it here.
    sys.argv[0] = os.environ.get("T3GUI_FUZZ_ARGV0", sys.argv[0])
    if target.json_aware:
        from tests.fuzz.json_mutator import json_mutator

        # atheris.Mutate is looked up at each call: Fuzz() replaces it with libFuzzer's own.
        atheris.Setup(sys.argv, run, custom_mutator=json_mutator(lambda data, size: atheris.Mutate(data, size)))
    else:
        atheris.Setup(sys.argv, run)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
