"""Importing the GUI package keeps PySide6 from caching the source of every later import."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import t3gui.gui  # noqa: F401


def test_modules_imported_after_pyside_are_not_read_into_linecache(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    module = tmp_path / "uses_qt_after_t3gui.py"
    module.write_text("from PySide6 import QtCore\nVALUE = QtCore.Qt.AlignmentFlag.AlignLeft\n" + "# pad\n" * 500)
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    namespace: dict[str, object] = {}
    exec("import uses_qt_after_t3gui", namespace)  # an import statement: PySide6 hooks __import__
    try:
        assert namespace["uses_qt_after_t3gui"].VALUE is not None  # type: ignore[attr-defined]
        assert str(module) not in linecache.cache
    finally:
        sys.modules.pop("uses_qt_after_t3gui", None)
