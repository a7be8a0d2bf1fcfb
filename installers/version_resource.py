"""The Windows version resource of both executables, from t3gui's own version.

Explorer's Properties → Details and deployment tools (which compare FileVersion
before replacing an install) read it. PyInstaller takes it as the text of a
``VSVersionInfo(...)`` expression (``PyInstaller.utils.win32.versioninfo``), in
English and Simplified Chinese string tables.
"""

from __future__ import annotations

import re

# (language id, code page 1200 = UTF-16): US English and Simplified Chinese (PRC).
LANGUAGES = ((0x0409, "t3gui: T3 login troubleshooter"), (0x0804, "T3 登录故障排查工具 (t3gui)"))
PRODUCT = "t3gui"
COPYRIGHT = "Copyright (c) the t3gui authors"


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Four numbers as Windows wants them: '0.1.0' -> (0, 1, 0, 0); '1.2rc1' -> (1, 2, 0, 0)."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    if not re.match(r"\d", version) or any(n > 0xFFFF for n in numbers):
        raise ValueError(f"a Windows version resource needs up to four numbers below 65536, not {version!r}")
    padded = [*numbers, 0, 0, 0, 0][:4]
    return padded[0], padded[1], padded[2], padded[3]


def version_file_text(version: str, exe_name: str) -> str:
    """The text PyInstaller's EXE(version=path) reads for ``exe_name`` (t3gui-app.exe or t3gui.exe)."""
    numbers = version_tuple(version)
    dotted = ".".join(str(n) for n in numbers)
    tables = []
    for language, description in LANGUAGES:
        strings = {
            "CompanyName": PRODUCT, "FileDescription": description, "FileVersion": dotted,
            "InternalName": exe_name.removesuffix(".exe"), "LegalCopyright": COPYRIGHT,
            "OriginalFilename": exe_name, "ProductName": PRODUCT, "ProductVersion": version,
        }
        structs = ", ".join(f"StringStruct({key!r}, {value!r})" for key, value in strings.items())
        tables.append(f"StringTable('{language:04X}04B0', [{structs}])")
    translations = ", ".join(f"{language}, 1200" for language, _ in LANGUAGES)
    return (
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,\n"
        "                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        "  kids=[\n"
        f"    StringFileInfo([{', '.join(tables)}]),\n"
        f"    VarFileInfo([VarStruct('Translation', [{translations}])]),\n"
        "  ]\n"
        ")\n"
    )
