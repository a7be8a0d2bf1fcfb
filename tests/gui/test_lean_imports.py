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
finder_gone = not any(type(f).__name__ == "_WrappingFinder" for f in __import__("sys").meta_path)
plot = pyqtgraph.mkPen("r") is not None
print(copied_eagerly, fetched, kept, missing_is_refused, finder_gone, plot)
"""


OPENGL_PROBE = """
import sys
import t3gui.gui
import pyqtgraph
from pyqtgraph.graphicsItems import PlotCurveItem

held_back = [type(sys.modules[name]).__name__ == "_ModuleLoadedOnFirstUse"
             for name in ("PySide6.QtOpenGL", "PySide6.QtSvg")]
introspection_loads_nothing = not hasattr(PlotCurveItem.QtOpenGL, "__wrapped__")
from PySide6.QtOpenGL import QOpenGLBuffer
loaded = type(sys.modules["PySide6.QtOpenGL"]).__name__ == "module"
holders_see_it = PlotCurveItem.QtOpenGL.QOpenGLBuffer is QOpenGLBuffer is sys.modules["PySide6.QtOpenGL"].QOpenGLBuffer
print(*held_back, introspection_loads_nothing, loaded, holders_see_it)
"""


def probe(source: str, *args: str) -> list[str]:
    """Run ``source`` in a fresh interpreter: the tune-ups act only before pyqtgraph is first imported."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", source, *args], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_pyqtgraph_mirrors_fetch_qt_names_on_first_use_and_keep_them() -> None:
    assert probe(MIRROR_PROBE) == ["False", "True", "True", "True", "True", "True"]


def test_qt_opengl_and_svg_load_only_when_a_name_is_used() -> None:
    assert probe(OPENGL_PROBE) == ["True"] * 5


PYQTGRAPH_PARTS_PROBE = """
import sys
import t3gui.gui
import pyqtgraph as pg
from t3gui.gui import lean_imports

held_back = all(type(sys.modules[name]).__name__ == "_ModuleLoadedOnFirstUse"
                for name in lean_imports._PYQTGRAPH_PARTS)
no_process_machinery = "multiprocessing" not in sys.modules and "pyqtgraph.parametertree" not in sys.modules
from pyqtgraph import ErrorBarItem, ImageView
names_found = (ErrorBarItem.__name__, ImageView.__name__) == ("ErrorBarItem", "ImageView")
missing_is_refused = not hasattr(pg, "NoSuchThing")

from PySide6.QtWidgets import QApplication
app = QApplication([])
plot = pg.PlotWidget()
plot.plot([1, 2, 3], [3, 1, 2])
plot.show()
app.processEvents()
plot.scene().contextMenuItem = plot.getPlotItem().vb  # as a right click on the plot sets it
plot.scene().showExportDialog()  # the context menu's Export...
dialog = plot.scene().exportDialog
formats = [dialog.ui.formatList.item(i).text() for i in range(dialog.ui.formatList.count())]
import pyqtgraph.exporters
pyqtgraph.exporters.CSVExporter(plot.getPlotItem()).export(sys.argv[1])
exported = open(sys.argv[1]).read().splitlines()[1:4] == ["1.,3.", "2.,1.", "3.,2."]
csv_offered = "CSV of original plot data" in formats
print(held_back, no_process_machinery, names_found, missing_is_refused, csv_offered, exported)
"""


def test_pyqtgraph_parts_t3gui_never_shows_load_only_when_used(tmp_path: Path) -> None:
    assert probe(PYQTGRAPH_PARTS_PROBE, str(tmp_path / "plot.csv")) == ["True"] * 6


PYQTGRAPH_PARTS_TABLE_PROBE = """
import importlib
import pyqtgraph  # without t3gui.gui: every part real
from t3gui.gui import lean_imports

for part, names in lean_imports._PYQTGRAPH_PARTS.items():
    module = importlib.import_module(part)
    exported = sorted(getattr(module, "__all__", ()))
    assert exported == sorted(names), (part, exported, names)
    assert all(getattr(pyqtgraph, name) is getattr(module, name) for name in names), part
print("ok")
"""


def test_the_table_of_pyqtgraph_parts_names_what_each_exports() -> None:
    assert probe(PYQTGRAPH_PARTS_TABLE_PROBE) == ["ok"]
