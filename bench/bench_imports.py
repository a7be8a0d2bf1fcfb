"""Memory of the libraries t3gui loads: RSS added by each import, and by each step of the app's start-up.

Two views. Each library alone, in a fresh interpreter (after what it needs, named
in its label), says what that library costs by itself. The start-up steps, in one
process and in the app's order (``bench/startup_steps.py``), say where the app's
own RSS goes; a library shared by two steps counts in the first.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_imports [--runs 3] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

STEPS_SCRIPT = Path(__file__).with_name("startup_steps.py")
CRYPTOGRAPHY = ("cryptography.x509", "cryptography.hazmat.primitives.hashes",
                "cryptography.hazmat.primitives.serialization", "cryptography.hazmat.primitives.asymmetric.ec",
                "cryptography.hazmat.primitives.asymmetric.rsa", "cryptography.hazmat.primitives.asymmetric.ed25519")
# (label, imported first and not counted, imported and counted)
IMPORTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("PySide6.QtCore", (), ("PySide6.QtCore",)),
    ("PySide6.QtGui + QtWidgets, after QtCore", ("PySide6.QtCore",), ("PySide6.QtGui", "PySide6.QtWidgets")),
    ("pyqtgraph, after QtWidgets, numpy", ("PySide6.QtWidgets", "numpy"), ("pyqtgraph",)),
    ("qasync, after QtWidgets (asyncio included)", ("PySide6.QtWidgets",), ("qasync",)),
    ("numpy", (), ("numpy",)),
    ("numpy.random, after numpy (t3gui never loads it)", ("numpy",), ("numpy.random",)),
    ("cryptography (x509, keys, hashes)", (), CRYPTOGRAPHY),
    ("dnspython (dns.asyncresolver)", (), ("dns.asyncresolver",)),
    ("asyncio and ssl", (), ("asyncio", "ssl")),
    ("truststore", (), ("truststore",)),
    ("pyrage", (), ("pyrage",)),
)
QUICK_IMPORTS = ("numpy", "dnspython (dns.asyncresolver)")

# Runs in the fresh interpreter: reads /proc with builtins only, so nothing but the named modules is loaded.
CHILD = """
import sys
def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
first, counted = sys.argv[1].split(",") if sys.argv[1] else [], sys.argv[2].split(",")
for name in first:
    __import__(name)
before = rss()
for name in counted:
    __import__(name)
print(rss() - before)
"""


def child_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}


def run(command: list[str]) -> str:
    out = subprocess.run(command, capture_output=True, text=True, timeout=120, env=child_env())
    if out.returncode != 0:
        tail = (out.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"bench_imports: {' '.join(command[1:3])[:80]} exited {out.returncode}: {tail}")
    return out.stdout


def added_by_import(first: tuple[str, ...], counted: tuple[str, ...]) -> float:
    return float(run([sys.executable, "-c", CHILD, ",".join(first), ",".join(counted)]).split()[-1])


def startup_steps() -> tuple[list[tuple[str, float]], dict[str, float]]:
    out = run([sys.executable, str(STEPS_SCRIPT)])
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [(row["step"], row["mib"]) for row in rows if "step" in row], rows[-1]


def spread(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:6.1f} MiB"
    return f"{statistics.median(values):6.1f} MiB (min {min(values):.1f}, max {max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per figure (median printed)")
    parser.add_argument("--quick", action="store_true", help="one run of two imports and of the steps")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    print(f"RSS added by an import, each in a fresh interpreter (median of {runs} run{'s' * (runs > 1)})")
    for label, first, counted in IMPORTS:
        if args.quick and label not in QUICK_IMPORTS:
            continue
        print(f"  {label:<54} {spread([added_by_import(first, counted) for _ in range(runs)])}")
    print(f"\nRSS added by each step of the app's start-up, one process in the app's order "
          f"(median of {runs} run{'s' * (runs > 1)})")
    results = [startup_steps() for _ in range(runs)]
    for i, (label, _) in enumerate(results[0][0]):
        print(f"  {label:<54} {spread([steps[i][1] for steps, _ in results])}")
    totals = {key: statistics.median(r[1][key] for r in results) for key in results[0][1]}
    print(f"  {'the whole process with the start page shown: RSS':<54} {totals['shown_mib']:6.1f} MiB")
    print(f"  {'the whole process after the monitor page: RSS':<54} {totals['total_mib']:6.1f} MiB "
          f"(anonymous {totals['anonymous_mib']:.1f}, mapped files {totals['files_mib']:.1f})")
    print(f"  {'  of which Python objects: pymalloc arenas':<54} {totals['pymalloc_mib']:6.1f} MiB "
          f"(+ {totals['malloc_in_use_mib']:.1f} MiB in use through malloc, Qt's included; "
          f"{totals['modules']:.0f} modules)")


if __name__ == "__main__":
    main()
