"""Importing the GUI package tunes PySide6 and pyqtgraph before they cost memory for unused features."""

from __future__ import annotations

import linecache
import os
import subprocess
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


MIRROR_PROBE = """
import t3gui.gui
import pyqtgraph
import PySide6.QtCore
from pyqtgraph.Qt import QtCore

copied_eagerly = "QLibraryInfo" in vars(QtCore)
fetched = QtCore.QLibraryInfo is PySide6.QtCore.QLibraryInfo
kept = "QLibraryInfo" in vars(QtCore)
missing_is_refused = not hasattr(QtCore, "NoSuchQtName")
finder_gone = not any(type(f).__name__ == "_PyqtgraphQtFinder" for f in __import__("sys").meta_path)
plot = pyqtgraph.mkPen("r") is not None
print(copied_eagerly, fetched, kept, missing_is_refused, finder_gone, plot)
"""


def test_pyqtgraph_mirrors_fetch_qt_names_on_first_use_and_keep_them() -> None:
    # A fresh interpreter: the tune-up only acts if it runs before pyqtgraph is first imported.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", MIRROR_PROBE], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True", "True", "True", "True"]
