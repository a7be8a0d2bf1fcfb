"""The core runs without Qt: only t3gui.gui may import PySide6, qasync or pyqtgraph."""

import subprocess
import sys


def test_core_checks_cli_and_lab_load_no_qt() -> None:
    code = (
        "import sys, t3gui.protocol, t3gui.core, t3gui.checks.t3_client, t3gui.cli.main, t3gui.lab.server;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync', 'pyqtgraph')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_and_protocol_import_nothing_above_them() -> None:
    """protocol < core < checks, lab < cli, gui: a lower layer never imports a higher one."""
    import ast
    from pathlib import Path

    import t3gui

    root = Path(t3gui.__file__).parent
    above = {"protocol": ("core", "checks", "lab", "cli", "gui"), "core": ("checks", "lab", "cli", "gui")}
    found = []
    for layer, banned in above.items():
        for path in (root / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                found += [f"{path.relative_to(root)}: {n}" for n in names
                          if n.split(".")[:2] in (["t3gui", b] for b in banned)]
    assert not found, found
