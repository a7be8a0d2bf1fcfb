"""Sizes of the frozen app (build.spec's folder) and of the installers made from it.

Run: .venv/bin/python -m bench.bench_frozen_size [--dist dist/t3gui] [--installers dist] [--quick]
Prints the folder's size and file count, its largest parts, and the size of each installer
found (.deb, .dmg, setup .exe). The start time of the same folder is `bench.bench_gui frozen`.
Sizes are in MB (10^6 bytes) as the targets are written, with MiB beside.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER_PATTERNS = ("t3gui_*.deb", "t3gui-*.dmg", "t3gui-*-setup.exe")
PARTS = ("_internal/PySide6/Qt/lib", "_internal/PySide6/Qt/plugins", "_internal/PySide6", "_internal/numpy.libs",
         "_internal/numpy", "_internal/cryptography", "_internal/python3.11", "_internal/libpython3.11.so.1.0")


def size_of(path: Path) -> tuple[int, int]:
    """(bytes, files) of a file or a folder; links count as the link, not what they point to."""
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size, 1
    total = files = 0
    for folder, _, names in os.walk(path):
        for name in names:
            total += (Path(folder) / name).lstat().st_size
            files += 1
    return total, files


def megabytes(n: int) -> str:
    return f"{n / 1e6:7.1f} MB ({n / 2**20:.1f} MiB)"


def report(folder: Path, installers: Path) -> None:
    if not (folder / "_internal").is_dir():
        print(f"frozen size left out: {folder} holds no frozen app; build it with "
              f".venv/bin/pyinstaller build.spec --noconfirm")
    else:
        total, files = size_of(folder)
        print(f"{'frozen folder ' + str(folder):<56} {megabytes(total)}, {files} files")
        counted: set[Path] = set()
        for part in PARTS:
            path = folder / part
            if path.exists():
                size, _ = size_of(path)
                inner = sum(size_of(p)[0] for p in counted if path in p.parents)
                counted.add(path)
                label = f"  {part}" + (" (the rest)" if inner else "")
                print(f"{label:<56} {megabytes(size - inner)}")
        icu = sorted(folder.glob("_internal/PySide6/Qt/lib/libicudata.so.*"))
        for path in icu:
            print(f"{'  of which ICU data (' + path.name + ')':<56} {megabytes(path.stat().st_size)}")
    found = [p for pattern in INSTALLER_PATTERNS for p in sorted(installers.glob(pattern))]
    for path in found:
        print(f"{'installer ' + path.name:<56} {megabytes(path.stat().st_size)}")
    if not found:
        print(f"installers left out: none in {installers} (installers/build_deb.sh, t3gui.iss, macos_dmg.sh)")


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.bench_frozen_size", description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "t3gui", help="the frozen folder")
    parser.add_argument("--installers", type=Path, default=ROOT / "dist", help="where the installers are")
    parser.add_argument("--quick", action="store_true", help="the same figures: sizes take no time")
    args = parser.parse_args()
    report(args.dist, args.installers)


if __name__ == "__main__":
    main()
