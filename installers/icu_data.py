"""Linux: ICU's data library without what t3gui cannot use (32 MB -> about 9 MB).

Qt's wheel links libicudata.so.73, one read-only blob (``icudt73_dat``) with
every locale ICU knows. Qt reads it for collation and time-zone names, and
for legacy codecs when code asks QStringConverter for one by name (Qt 6 takes
UTF-8 as the local encoding on Linux; t3gui's text is Python's). ICU's own
``icupkg`` removes the locale bundles of every language but English and
Chinese (a removed locale falls back to ICU's root, as ICU does for any locale
it lacks), the legacy codec tables and the word-break dictionaries of Thai,
Lao, Khmer and Burmese; break rules, the Chinese dictionary, time zones and
normalisation stay whole. ``as`` and ``ld`` (binutils, which PyInstaller needs
on Linux anyway) make the blob a library again under the same name and symbol.
Without ``icupkg`` (Debian: icu-devtools) the build keeps the whole library
and says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from elf_tools import file_range

KEPT_LANGUAGES = ("en", "zh")
_DATA_LIBRARY = re.compile(r"(?:^|/)libicudata\.so\.(\d+)$")
# A locale bundle: "de.res", "curr/de_CH.res", "coll/zh_Hant.res", "yue_Hans.res". Not root, pool or
# the supplemental tables (likelySubtags, metaZones, ...), whose names are longer than a language code.
_LOCALE_ITEM = re.compile(r"^(?:[a-z]+/)?([a-z]{2,3})(?:_[A-Za-z0-9]*)*\.res$")  # "coll/de_.res" too
_NEEDED = re.compile(r"depends on missing item (\S+)")
_KEPT_DICTIONARIES = {"brkitr/cjdict.dict"}  # Chinese (and Japanese) word breaks


def _unused_table(item: str) -> bool:
    """A legacy codec's table, or the word-break dictionary of a language t3gui does not ship."""
    return item.endswith(".cnv") or (item.startswith("brkitr/") and item.endswith(".dict")
                                     and item not in _KEPT_DICTIONARIES)


def removable_items(items: Iterable[str], kept_languages: Iterable[str] = KEPT_LANGUAGES) -> list[str]:
    kept = set(kept_languages)
    removable = []
    for item in items:
        found = _LOCALE_ITEM.match(item)
        if item.rsplit("/", 1)[-1] == "res_index.res":
            continue  # each tree's list of its locales, not a locale: "res" is no language
        if _unused_table(item) or (found is not None and found[1] not in kept):
            removable.append(item)
    return removable


def data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, address, size) of the icudt*_dat blob, as ``nm`` reads the dynamic symbols."""
    out = subprocess.run(["nm", "-D", "--defined-only", "-S", str(library)], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            return parts[3], int(parts[0], 16), int(parts[1], 16)
    raise ValueError(f"{library} holds no icudt*_dat symbol")


def trimmed_library(library: Path, workdir: Path, kept_languages: Iterable[str] = KEPT_LANGUAGES) -> Path:
    """A copy of ``library`` whose data holds only the kept languages' locales; raises OSError or
    subprocess.CalledProcessError when a tool is missing or fails."""
    workdir.mkdir(parents=True, exist_ok=True)
    symbol, address, size = data_symbol(library)
    start, end = file_range(library, address, size)
    blob = workdir / f"{symbol.removesuffix('_dat')}l.dat"  # icupkg wants the package's name: icudt73l
    blob.write_bytes(library.read_bytes()[start:end])
    listing = subprocess.run(["icupkg", "-l", str(blob)], capture_output=True, text=True, check=True).stdout
    removed = removable_items(listing.split(), kept_languages)
    remove = workdir / "removed-items.txt"
    for _ in range(10):  # a kept locale may borrow another's data (rbnf/zh_Hant_HK uses rbnf/yue): keep that too
        remove.write_text("\n".join(removed) + "\n")
        run = subprocess.run(["icupkg", "-r", str(remove), str(blob)], capture_output=True, text=True)
        needed = set(_NEEDED.findall(run.stderr))
        if run.returncode == 0 or not needed:
            break
        removed = [item for item in removed if item not in needed]
    if run.returncode != 0:
        raise subprocess.CalledProcessError(run.returncode, run.args, run.stdout, run.stderr)
    source = workdir / "icudata.s"
    # The same symbol, read-only and 16-byte aligned as ICU's own build lays it out.
    source.write_text(f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n'
                      f'{symbol}:\n\t.incbin "{blob}"\n\t.size {symbol}, . - {symbol}\n'
                      '\t.section .note.GNU-stack,"",@progbits\n')
    obj = workdir / "icudata.o"
    out = workdir / library.name
    subprocess.run(["as", "-o", str(obj), str(source)], capture_output=True, check=True)
    subprocess.run(["ld", "-shared", "-soname", library.name, "-o", str(out), str(obj)], capture_output=True,
                   check=True)
    return out


def replace_in(binaries: list[tuple[str, str, str]], workdir: Path) -> list[tuple[str, str, str]]:
    """build.spec's table of binaries with ICU's data library trimmed (unchanged, with a warning, without icupkg)."""
    result = []
    for name, source, kind in binaries:
        if _DATA_LIBRARY.search(name.replace("\\", "/")):
            if shutil.which("icupkg") is None:
                print(f"t3gui build: icupkg not found (Debian: apt-get install icu-devtools); {name} stays whole")
            else:
                try:
                    source = str(trimmed_library(Path(source), workdir / "icu"))
                except (OSError, ValueError, subprocess.CalledProcessError) as exc:
                    print(f"t3gui build: {name} stays whole, trimming it failed: {exc}")
        result.append((name, source, kind))
    return result
