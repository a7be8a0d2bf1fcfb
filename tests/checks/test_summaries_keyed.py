"""Every check summary and every skip or error reason is said through the summaries catalog.

A summary built as an English f-string reaches a Chinese reader in English; one built with
``say(key, ...)`` renders in the reader's language. The rule, read from the source of every
check module: what is passed as an ``Outcome`` summary, a ``CheckSkipped`` reason or a
``CheckFailed`` message is never a string literal, an f-string, a ``%``, ``+``, ``.format`` or
``.join`` of strings, nor ``str(...)``; a name passed instead is held to the same rule at each of
its assignments in the function. Anything else (``say(...)``, another outcome's summary) passes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import t3gui
from t3gui.core.catalog.summaries import SUMMARIES

PACKAGE = Path(t3gui.__file__).parent
CHECK_MODULES = sorted((PACKAGE / "checks").rglob("*.py"))
# Where the text is, for each callee: (position, keyword).
MESSAGE_ARGS = {"Outcome": (1, "summary"), "CheckSkipped": (0, "message"), "CheckFailed": (1, "message")}


def _built_text(node: ast.expr) -> bool:
    """``node`` builds a text on the spot, rather than saying one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _built_text(node.left) or _built_text(node.right) or isinstance(node.op, ast.Mod)
    if isinstance(node, ast.IfExp):
        return _built_text(node.body) or _built_text(node.orelse)
    if isinstance(node, ast.BoolOp):
        return any(_built_text(v) for v in node.values)
    if isinstance(node, ast.Call):
        func = node.func
        return (isinstance(func, ast.Attribute) and func.attr in ("format", "join")) or (
            isinstance(func, ast.Name) and func.id in ("str", "repr"))
    return False


def _message(call: ast.Call) -> ast.expr | None:
    if not isinstance(call.func, ast.Name) or call.func.id not in MESSAGE_ARGS:
        return None
    position, keyword = MESSAGE_ARGS[call.func.id]
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def raw_texts(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: text`` of every summary or reason in ``source`` built outside the catalog."""
    found: list[str] = []
    tree = ast.parse(source, filename)
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        assigned: dict[str, list[ast.expr]] = {}
        for node in ast.walk(function):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign | ast.AugAssign) and node.value is not None else []
            for target in targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)  # type: ignore[union-attr, arg-type]
        for node in ast.walk(function):
            message = _message(node) if isinstance(node, ast.Call) else None
            if message is None:
                continue
            values = [message, *(assigned.get(message.id, []) if isinstance(message, ast.Name) else [])]
            found += [f"{filename}:{v.lineno}: {ast.unparse(v)[:120]}" for v in values if _built_text(v)]
    return found


def test_the_rule_catches_english_built_on_the_spot() -> None:
    source = '''
async def run(ctx):
    if not ctx.facts.reachable:
        raise CheckSkipped("no address accepted a connection")
    if ctx.bad:
        raise CheckFailed(ErrorReason.WRONG_INPUT, f"cannot load {ctx.path}")
    summary = say("tcp.open", port=1) if ctx.ok else f"port {ctx.port} closed"
    if ctx.other:
        return Outcome(Status.PASS, "port " + str(ctx.port))
    if ctx.third:
        return Outcome(Status.PASS, summary="{} open".format(ctx.port))
    return Outcome(Status.PASS, summary, {})
'''
    found = raw_texts(source)
    assert sorted(int(line.split(":")[1]) for line in found) == [4, 6, 7, 9, 11], found


def test_the_rule_lets_said_and_passed_on_summaries_through() -> None:
    source = '''
async def run(ctx):
    if ctx.none:
        raise CheckSkipped(say("skip.no_session"))
    summary = say("tcp.open", port=1) if ctx.ok else say("tcp.all_failed", port=1, outcome="refused")
    if ctx.failed:
        return Outcome(outcome.status, failed.summary, data, failed.findings)
    return Outcome(Status.PASS, summary, {"note": "data may hold any text"})
'''
    assert raw_texts(source) == []


@pytest.mark.parametrize("path", CHECK_MODULES, ids=[str(p.relative_to(PACKAGE)) for p in CHECK_MODULES])
def test_no_check_builds_its_summary_in_english(path: Path) -> None:
    assert raw_texts(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE))) == []


def test_every_key_said_anywhere_is_in_the_catalog_in_both_languages() -> None:
    said: set[tuple[str, str]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                said.add((str(node.args[0].value), f"{path.relative_to(PACKAGE)}:{node.lineno}"))
    assert len(said) > 50  # the walk found the checks' summaries
    missing = [where for key, where in said if set(SUMMARIES.get(key, {})) < {"en", "zh_CN"}]
    assert not missing, missing
