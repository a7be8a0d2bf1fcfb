"""What build.spec leaves out of the frozen folder: the parts of Qt, Python and their libraries t3gui never loads.

PyInstaller collects every Qt plugin and translation PySide6 ships, and every
library those plugins link: 243 MB on Linux before this. The lists below name
what t3gui cannot use (each with its reason); on Linux, libraries that nothing
left in the folder links are then dropped too. Anything not named stays, so a
plugin new to a later Qt is kept rather than lost. `installers/smoke_frozen.sh`
(and its PowerShell twin) run the trimmed folder to a verdict on every OS in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

from elf_tools import is_elf, loadable_segments_aligned

# PyInstaller's table of contents: (name in the folder, source path or symlink target, kind).
TocEntry = tuple[str, str, str]

# Python modules PyInstaller would collect that t3gui never imports. pyqtgraph takes a
# missing QtTest as FailedImport; QtOpenGL stays (pyqtgraph's PlotCurveItem imports it),
# and QtSvg too: the plot's Export menu writes SVG.
EXCLUDED_MODULES = (
    "PySide6.QtTest", "PySide6.QtNetwork", "PySide6.QtDBus",
    "readline",  # only the interactive interpreter uses it; it pulls libreadline and libtinfo
    "numpy.f2py",  # the Fortran wrapper generator, which numpy loads only when asked for it by name
    "pydoc_data",  # help()'s topics, for the interactive interpreter
    "pyqtgraph.flowchart",  # pyqtgraph's node editor, which pyqtgraph itself never imports
)

# Data files of libraries that nothing t3gui shows reads, by folder.
DROPPED_DATA_FOLDERS = (
    "pyqtgraph/icons/peegee/",  # pyqtgraph's own app icon: only its mkQApp sets it, when it makes the QApplication
    "pyqtgraph/colors/maps/",  # colour maps for images (pyqtgraph.colormap.get); t3gui's plots are curves
)

# Qt plugin folders dropped whole: evdev input and EGL devices are for kiosks without
# a window system, network information and TLS serve QtNetwork, which t3gui does not load.
DROPPED_PLUGIN_FOLDERS = frozenset({"egldeviceintegrations", "generic", "networkinformation", "tls"})

# Single plugins dropped, by folder and name (without lib prefix and suffix).
DROPPED_PLUGINS = frozenset({
    # Embedded and remote displays, and the test platform; kept: xcb, wayland, windows, cocoa, offscreen.
    ("platforms", "qeglfs"), ("platforms", "qlinuxfb"), ("platforms", "qminimalegl"), ("platforms", "qminimal"),
    ("platforms", "qvkkhrdisplay"), ("platforms", "qvnc"), ("platforms", "qdirect2d"),
    # The GTK theme dlopens the system's GTK 3 next to the cairo and GLib we bundle, a known
    # source of crashes; Qt's built-in GNOME theme still reads the dark-mode setting over D-Bus.
    ("platformthemes", "qgtk3"),
    # Image formats nobody opens: t3gui's own images are PNG (built into QtGui); ico
    # (Windows icons) and svg (icon themes) stay.
    ("imageformats", "qgif"), ("imageformats", "qicns"), ("imageformats", "qjpeg"), ("imageformats", "qtga"),
    ("imageformats", "qtiff"), ("imageformats", "qwbmp"), ("imageformats", "qwebp"), ("imageformats", "qpdf"),
    # Buffer sharing for Wayland compositors written with Qt, and shells of embedded compositors.
    ("wayland-graphics-integration-client", "dmabuf-server"),
    ("wayland-graphics-integration-client", "drm-egl-server"),
    ("wayland-graphics-integration-client", "shm-emulation-server"),
    ("wayland-graphics-integration-client", "vulkan-server"),
    ("wayland-shell-integration", "fullscreen-shell-v1"), ("wayland-shell-integration", "ivi-shell"),
    ("wayland-shell-integration", "qt-shell"), ("wayland-shell-integration", "wl-shell-plugin"),
})

# Qt's own translations kept: the languages t3gui ships (English needs none).
KEPT_TRANSLATIONS = frozenset({"qt_zh_CN.qm", "qtbase_zh_CN.qm"})

_PLUGIN = re.compile(r"(?:^|/)plugins/([^/]+)/(?:lib)?([^/]+?)(?:\.so|\.dll|\.dylib)$")
_TRANSLATION = re.compile(r"(?:^|/)translations/([^/]+\.qm)$")
_SHARED_LIBRARY = re.compile(r"\.so(?:\.[\d.]+)?$|\.dylib$|\.dll$", re.IGNORECASE)


def _folder_name(entry: TocEntry) -> str:
    return entry[0].replace("\\", "/")


def plugin_dropped(name: str) -> bool:
    found = _PLUGIN.search(name.replace("\\", "/"))
    if found is None:
        return False
    folder, plugin = found[1], found[2]
    return folder in DROPPED_PLUGIN_FOLDERS or (folder, plugin) in DROPPED_PLUGINS


def translation_dropped(name: str) -> bool:
    found = _TRANSLATION.search(name.replace("\\", "/"))
    return found is not None and "PySide6" in name and found[1] not in KEPT_TRANSLATIONS


def data_dropped(name: str) -> bool:
    return name.replace("\\", "/").startswith(DROPPED_DATA_FOLDERS)


def _is_root(entry: TocEntry) -> bool:
    """Loaded by someone other than the dynamic linker: Python modules, Qt plugins, the interpreter."""
    name = _folder_name(entry)
    return (entry[2] == "EXTENSION" or _PLUGIN.search(name) is not None
            or os.path.basename(name).startswith(("libpython", "python3")))


def unlinked_libraries(binaries: Iterable[TocEntry], imports_of: Callable[[str], Iterable[str]]) -> set[str]:
    """Folder names of the shared libraries that no Python module, plugin or interpreter links, even indirectly.

    ``imports_of(source path)`` lists the file names a binary links (``ldd`` lists them all, indirect ones too;
    the walk below follows them anyway, so direct lists work as well).
    """
    entries = list(binaries)
    by_basename = {os.path.basename(_folder_name(e)): e for e in entries if _SHARED_LIBRARY.search(e[0])}
    reached: set[str] = set()
    todo = [e for e in entries if _is_root(e)]
    while todo:
        entry = todo.pop()
        for linked in imports_of(entry[1]):
            target = by_basename.get(os.path.basename(linked))
            if target is not None and target[0] not in reached:
                reached.add(target[0])
                todo.append(target)
    return {e[0] for e in entries if not _is_root(e) and e[0] not in reached and _SHARED_LIBRARY.search(e[0])}


def trim(binaries: list[TocEntry], datas: list[TocEntry], platform: str,
         imports_of: Callable[[str], Iterable[str]] | None = None) -> tuple[list[TocEntry], list[TocEntry]]:
    """The binaries and data files to freeze; ``imports_of`` (Linux) enables dropping unlinked and system libraries."""
    kept_binaries = [e for e in binaries if not plugin_dropped(e[0])]
    if platform.startswith("linux") and imports_of is not None:
        unlinked = unlinked_libraries(kept_binaries, imports_of) | system_libraries(kept_binaries)
        kept_binaries = [e for e in kept_binaries if e[0] not in unlinked]
    present = {_folder_name(e) for e in kept_binaries} | {_folder_name(e) for e in datas}
    kept_datas = []
    for entry in datas:
        if translation_dropped(entry[0]) or data_dropped(entry[0]):
            continue
        if entry[2] == "SYMLINK" and entry[1].replace("\\", "/") not in present:
            continue  # a link to a library that is gone
        kept_datas.append(entry)
    return kept_binaries, kept_datas


# Linux: where the distribution keeps its libraries. What PyInstaller copied from there
# stays out of the folder: the .deb depends on the packages (installers/build_deb.sh asks
# dpkg-shlibdeps which), so OpenSSL, zlib, expat and the X libraries get the distribution's
# security updates. Python's own library always travels with the bytecode built for it.
SYSTEM_LIBRARY_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")


def system_libraries(binaries: Iterable[TocEntry]) -> set[str]:
    return {e[0] for e in binaries
            if e[2] == "BINARY" and e[1].startswith(SYSTEM_LIBRARY_DIRS)
            and not os.path.basename(e[0]).startswith("libpython")}


def strip_debug_info(binaries: list[TocEntry], workdir: Path) -> list[TocEntry]:
    """Linux: each ELF binary as a copy without debug sections and local symbols, as Debian strips its own
    (pyenv's libpython: 22 MB -> 6 MB).

    A copy the dynamic linker would refuse (see elf_tools.loadable_segments_aligned),
    or that strip cannot make, is left out and the original frozen instead.
    """
    if shutil.which("strip") is None:
        print("t3gui build: strip not found (Debian: apt-get install binutils); binaries keep their debug sections")
        return list(binaries)
    result = []
    for name, source, kind in binaries:
        target = workdir / "stripped" / name
        if kind in ("BINARY", "EXTENSION") and is_elf(source):
            # A later build reuses the copy only for the very same file (a new wheel may carry older times).
            origin = os.stat(source)
            stamp = target.with_name(target.name + ".from")
            made_from = f"{source} {origin.st_size} {origin.st_mtime_ns}"
            if not target.exists() or not stamp.exists() or stamp.read_text() != made_from:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                os.chmod(target, 0o755)
                stripped = subprocess.run(["strip", "--strip-unneeded", str(target)], capture_output=True)
                if stripped.returncode != 0 or not loadable_segments_aligned(target):
                    shutil.copyfile(source, target)  # kept whole; the copy still marks the decision as made
                stamp.write_text(made_from)
            if target.stat().st_size < os.stat(source).st_size:
                source = str(target)
        result.append((name, source, kind))
    return result


def ldd_imports(path: str) -> list[str]:
    """What the dynamic linker loads for ``path``, through PyInstaller's own reading of ldd."""
    from PyInstaller.depend import bindepend  # type: ignore[import-untyped]

    return [name for name, _ in bindepend.get_imports(path)]
