"""Import-time tuning of PySide6 and pyqtgraph, applied before anything else imports them.

Both libraries do work at import that a desktop app pays for in memory for its
whole life, for features t3gui never uses. Each tune-up below is measured by
``bench/bench_gui.py`` and guarded by a test that fails when it stops working.
"""

from __future__ import annotations

import builtins
import importlib.abc
import importlib.machinery
import importlib.util
import linecache
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import PySide6.QtCore  # noqa: F401  (loads shibokensupport, tuned below before anything else imports)

_MIRRORED = ("QtCore", "QtGui", "QtWidgets")
_LOADED_ON_FIRST_USE = ("PySide6.QtOpenGL", "PySide6.QtSvg")
# What pyqtgraph's __init__ imports with `import *` for features other than line plots, and the names
# each exports (their __all__; a test compares). multiprocess is only ever reached as an attribute.
_PYQTGRAPH_PACKAGES_LOADED_ON_FIRST_USE = ("pyqtgraph.imageview", "pyqtgraph.multiprocess")
_PYQTGRAPH_PARTS: dict[str, tuple[str, ...]] = {
    "pyqtgraph.imageview": ("ImageView",),
    "pyqtgraph.multiprocess": (),
    **{f"pyqtgraph.widgets.{name}": (name,) for name in (
        "BusyCursor", "CheckTable", "DataFilterWidget", "DataTreeWidget", "DiffTreeWidget", "FeedbackButton",
        "HistogramLUTWidget", "JoystickButton", "LayoutWidget", "ProgressDialog", "ScatterPlotWidget",
        "TableWidget", "ValueLabel", "VerticalLabel")},
    "pyqtgraph.widgets.ColorMapWidget": ("ColorMapWidget", "ColorMapParameter"),
    "pyqtgraph.widgets.RawImageWidget": ("RawImageWidget", "RawImageGLWidget"),
    **{f"pyqtgraph.graphicsItems.{name}": (name,) for name in (
        "BoxplotItem", "ColorBarItem", "ErrorBarItem", "FillBetweenItem", "GraphItem", "IsocurveItem",
        "PColorMeshItem", "ScaleBar", "VTickGroup")},
    "pyqtgraph.graphicsItems.TargetItem": ("TargetItem", "TargetLabel"),
}
_PYQTGRAPH_PART_OF_NAME = {name: part for part, names in _PYQTGRAPH_PARTS.items() for name in names}


def skip_feature_source_scan() -> None:
    """Stop PySide6 reading the source of every module imported after it.

    To support ``from __feature__ import ...`` PySide6 reads each newly imported
    module's whole source through linecache, which keeps it for good: about
    150,000 lines and 13 MiB when running from source (a frozen build ships no
    sources). t3gui selects no feature, so every module is declared feature-free.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: False  # type: ignore[attr-defined]
        linecache.clearcache()  # what was read before this point, when PySide6 came in through another import


def mirror_qt_lazily_in_pyqtgraph() -> None:
    """Make pyqtgraph's Qt mirror modules look names up on first use instead of copying them all.

    At import pyqtgraph copies every name of PySide6's QtCore, QtGui and
    QtWidgets into its own ``pyqtgraph.Qt.*`` modules (``_copy_attrs``). PySide6
    creates its classes and enums lazily, so that copy creates all of them,
    about 8 MiB of types the app never touches. The copy iterates ``dir(src)``;
    while ``pyqtgraph.Qt`` runs, its ``dir`` answers nothing for those three
    modules and gives each mirror a module ``__getattr__`` that fetches (and
    keeps) a name when pyqtgraph first asks for it.
    """
    _wrap_the_loader_of("pyqtgraph.Qt", _LazyMirrorLoader)


def load_unused_qt_modules_on_first_use() -> None:
    """Stand in for PySide6's QtOpenGL and QtSvg until one of their names is used.

    pyqtgraph imports both at import time for OpenGL drawing and SVG export,
    which t3gui never uses; loading the QtOpenGL binding alone costs about
    7 MiB. A stand-in imports the real module on the first attribute lookup and
    then holds all of its names, so a later user sees no difference.
    """
    for name in _LOADED_ON_FIRST_USE:
        if name not in sys.modules:
            sys.modules[name] = _ModuleLoadedOnFirstUse(name)


def load_unused_pyqtgraph_parts_on_first_use() -> None:
    """Stand in for the parts of pyqtgraph that t3gui never uses until one of their names is used.

    pyqtgraph's ``__init__`` imports every widget and item it has (image views,
    colour maps, scatter and table widgets, remote processes) with
    ``from module import *``: about 80 modules and 1.7 MiB for features t3gui
    never shows. ``import *`` of a stand-in imports nothing, so the
    ``pyqtgraph`` module gets a module ``__getattr__`` that finds a missing
    name in the stand-ins, loading them (pyqtgraph's exporters, for one, import
    such names from it).
    """
    if "pyqtgraph" in sys.modules:
        return  # too late: its parts are loaded, or half-loaded if it is being imported now
    for name in _PYQTGRAPH_PARTS:
        if name not in sys.modules:
            sys.modules[name] = _ModuleLoadedOnFirstUse(name, _package_path(name))
    _wrap_the_loader_of("pyqtgraph", _StandInNamesLoader)


def _package_path(name: str) -> list[str] | None:
    """Where a stand-in package's submodules are, found without importing pyqtgraph; None for a module."""
    if name not in _PYQTGRAPH_PACKAGES_LOADED_ON_FIRST_USE:
        return None
    top, _, rest = name.partition(".")
    spec = importlib.util.find_spec(top)  # a top-level name: answered without importing anything
    if spec is None or spec.submodule_search_locations is None:
        return None
    return [os.path.join(folder, *rest.split(".")) for folder in spec.submodule_search_locations]


class _ModuleLoadedOnFirstUse(ModuleType):
    def __init__(self, name: str, package_path: list[str] | None = None) -> None:
        super().__init__(name)
        if package_path is not None:
            self.__path__ = package_path  # a submodule imports without loading the package

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # introspection (copy, pickle, doctest) must not load the module
            raise AttributeError(name)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        try:
            real = importlib.import_module(self.__name__)
        except BaseException:
            sys.modules.setdefault(self.__name__, self)
            raise
        self.__dict__.update(real.__dict__)  # holders of the stand-in now find every name directly
        return getattr(real, name)


def _wrap_the_loader_of(fullname: str, wrapper: Callable[[importlib.abc.Loader], importlib.abc.Loader]) -> None:
    if fullname not in sys.modules and not any(getattr(f, "fullname", None) == fullname for f in sys.meta_path):
        sys.meta_path.insert(0, _WrappingFinder(fullname, wrapper))


class _WrappingFinder(importlib.abc.MetaPathFinder):
    """Finds one module, once, through the next finders, and wraps its loader."""

    def __init__(self, fullname: str, wrapper: Callable[[importlib.abc.Loader], importlib.abc.Loader]) -> None:
        self.fullname, self.wrapper = fullname, wrapper

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.fullname:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)  # the next finder's answer: a path, or a frozen build's archive
        if spec is not None and spec.loader is not None:
            spec.loader = self.wrapper(spec.loader)
        return spec


class _WrappedLoader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)


class _StandInNamesLoader(_WrappedLoader):
    def exec_module(self, module: ModuleType) -> None:
        self.inner.exec_module(module)

        def __getattr__(name: str) -> Any:  # a PEP 562 module hook, for the names its `import *` of a stand-in left out
            part = _PYQTGRAPH_PART_OF_NAME.get(name)
            if part is None:  # not ours: an unknown name, or a submodule the import system is about to load
                raise AttributeError(f"module 'pyqtgraph' has no attribute {name!r}")
            value = getattr(importlib.import_module(part), name)
            setattr(module, name, value)
            return value

        module.__getattr__ = __getattr__  # type: ignore[method-assign]


class _LazyMirrorLoader(_WrappedLoader):
    def exec_module(self, module: ModuleType) -> None:
        module.__dict__["dir"] = _dir_without_qt_modules  # found as a global before the builtin
        try:
            self.inner.exec_module(module)
        finally:
            module.__dict__.pop("dir", None)


def _dir_without_qt_modules(*args: Any) -> list[str]:
    source = args[0] if len(args) == 1 else None
    if isinstance(source, ModuleType) and source.__name__ in {f"PySide6.{name}" for name in _MIRRORED}:
        mirror = sys.modules.get("pyqtgraph.Qt." + source.__name__.rpartition(".")[2])
        if mirror is not None:
            _forward_missing_names(mirror, source)
            return []
    return builtins.dir(*args)


def _forward_missing_names(mirror: ModuleType, source: ModuleType) -> None:
    def __getattr__(name: str) -> Any:  # a PEP 562 module hook
        value = getattr(source, name)
        setattr(mirror, name, value)  # later lookups are plain dict hits, as after pyqtgraph's copy
        return value

    mirror.__getattr__ = __getattr__  # type: ignore[method-assign]
