"""The desktop app: the only package that imports PySide6, qasync and pyqtgraph."""

from __future__ import annotations

from t3gui.gui import lean_imports

lean_imports.skip_feature_source_scan()
lean_imports.mirror_qt_lazily_in_pyqtgraph()
lean_imports.load_unused_qt_modules_on_first_use()
lean_imports.load_unused_pyqtgraph_parts_on_first_use()
