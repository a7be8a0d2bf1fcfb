"""The packages of t3gui import downwards only, and everything below the window runs without Qt.

protocol < core < checks < lab, monitor < cli < gui: a package may import any package of a
lower rank, never one of its own rank or higher. One exception, because the command line
is also how the window is started: cli/main.py imports gui inside a function (never at the top
of the module), so no command but the window's loads Qt.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import t3gui

ROOT = Path(t3gui.__file__).parent
RANK = {"protocol": 0, "core": 1, "checks": 2, "lab": 3, "monitor": 3, "cli": 4, "gui": 5}
# (importing module, imported package): allowed inside functions only.
LAZY_ONLY = {("cli.main", "gui")}


def _package_of(module: str) -> str:
    return module.split(".")[0]


def _imports(tree: ast.Module, module: str) -> Iterator[tuple[str, bool, int]]:
    """(imported t3gui module without the "t3gui." prefix, at the top of the module?, line) of ``tree``."""
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package, up level - 1
                base = module.split(".")[:-node.level]
                names = [".".join(["t3gui", *base, *([node.module] if node.module else [])])]
            else:
                names = [node.module or ""]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "t3gui" and len(parts) > 1:
                yield ".".join(parts[1:]), id(node) in top, node.lineno


def violations(module: str, source: str) -> list[str]:
    """The imports of ``module`` (a dotted name under t3gui, e.g. "core.engine") that break the order."""
    own = _package_of(module)
    if own not in RANK:
        return []
    found = []
    for imported, at_top, line in _imports(ast.parse(source), module):
        target = _package_of(imported)
        if target == own or target not in RANK:
            continue
        if RANK[target] < RANK[own]:
            continue
        if (module, target) in LAZY_ONLY and not at_top:
            continue
        found.append(f"t3gui/{module.replace('.', '/')}.py:{line}: {own} imports {imported}")
    return found


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if len(parts) > 1:
            yield ".".join(p for p in parts if p != "__init__") if parts[-1] == "__init__" else ".".join(parts), path


def test_every_package_is_ranked() -> None:
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert packages <= set(RANK), f"rank the new package(s) {packages - set(RANK)} in RANK"


@pytest.mark.parametrize("package", sorted(RANK))
def test_no_package_imports_its_own_rank_or_higher(package: str) -> None:
    found = [v for module, path in _modules() if _package_of(module) == package
             for v in violations(module, path.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


def test_the_rule_refuses_an_import_upwards() -> None:
    assert violations("core.engine", "from t3gui.gui.app import run\n") == [
        "t3gui/core/engine.py:1: core imports gui.app"]
    assert violations("protocol.frame", "import t3gui.core.model\n")
    assert violations("checks.tcp_check", "def f():\n    from t3gui.cli import main\n")  # lazily, too
    assert violations("lab.server", "from t3gui.monitor.runner import Runner\n")  # same rank
    assert violations("core.catalog", "from ..checks import registry\n")  # relative, out of the package
    assert violations("cli.main", "from t3gui.gui.app import run\n")  # the window, at the top: Qt for every command
    assert violations("cli.diagnose_command", "def f():\n    from t3gui.gui.app import run\n")


def test_the_rule_lets_downward_and_allowed_lazy_imports_pass() -> None:
    assert violations("gui.result_page", "from t3gui.cli.text_report import render\nfrom t3gui.core import say\n") == []
    assert violations("cli.main", "def window():\n    from t3gui.gui.app import run\n") == []
    assert violations("monitor.runner", "from t3gui.checks import tcp_check\nfrom t3gui.protocol import frame\n") == []
    assert violations("core.catalog.en", "from . import entry\nfrom .entry import E\n") == []


def test_core_checks_cli_and_lab_load_no_qt() -> None:
    code = (
        "import sys, t3gui.protocol, t3gui.core, t3gui.checks.t3_client, t3gui.cli.main, t3gui.lab.server;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync', 'pyqtgraph')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
