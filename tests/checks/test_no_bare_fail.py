"""Every ``Outcome(Status.FAIL, ...)`` written in a check hands over findings.

The Outcome type refuses a fail without a critical finding at run time; this
reads every check's source so that a return path no test reaches is caught too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import t3gui.checks

CHECKS_DIR = Path(t3gui.checks.__file__).parent


def _fail_outcomes() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(CHECKS_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Outcome"
                    and node.args and "FAIL" in ast.unparse(node.args[0])):
                found.append((f"{path.name}:{node.lineno}", node))
    return found


def test_the_scan_finds_the_fail_exits() -> None:
    assert len(_fail_outcomes()) >= 10  # the scan itself works: checks do fail in many places


def test_every_fail_exit_passes_findings() -> None:
    bare = []
    for where, call in _fail_outcomes():
        findings = call.args[3] if len(call.args) > 3 else next(
            (k.value for k in call.keywords if k.arg == "findings"), None)
        if findings is None or (isinstance(findings, ast.Tuple | ast.List) and not findings.elts):
            bare.append(where)
    assert not bare, f"fail without findings at {bare}"
