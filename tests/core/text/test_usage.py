"""Every bad-usage sentence of the command line comes from t3gui.core.text.usage, by key.

Read from the source of every module of t3gui: a ``UsageError`` (and an argparse ``BadValue``, and
the ``Words`` of a sentence inside another) is made from a key of the table, never from an English
literal, an f-string or a string glued on the spot; a key handed on through a variable is still a
key of the table wherever it is written; and every sentence of the table is said somewhere.
"""

from __future__ import annotations

import ast
import errno
import re
from pathlib import Path

import t3gui
from t3gui.core.text.usage import USAGE

PACKAGE = Path(t3gui.__file__).parent
MAKERS = {"UsageError", "BadValue", "Words"}
_KEY = re.compile(r"usage\.[\w.]*\w")
OS_KEYS = "usage.os."  # looked up by errno name (t3gui.cli.errors.os_reason)


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def misuses(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: call`` of every sentence made from something other than a key of the table."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or _name(node.func) not in MAKERS:
            continue
        first = node.args[0] if node.args else None
        keyed = isinstance(first, ast.Constant) and first.value in USAGE
        handed_on = isinstance(first, ast.Name)  # a key chosen by the caller: checked where it is written
        if not (keyed or handed_on) or len(node.args) > 1:
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:120]}")
    return found


def keys_written(source: str) -> set[str]:
    """Every string in ``source`` that reads as a usage key (not the parts of an f-string)."""
    tree = ast.parse(source)
    in_fstrings = {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for value in node.values}
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstrings
            and _KEY.fullmatch(node.value)}


def _sources() -> list[tuple[str, str]]:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 100
    return [(str(path.relative_to(PACKAGE)), path.read_text(encoding="utf-8")) for path in modules]


def test_the_rule_catches_a_sentence_written_on_the_spot() -> None:
    source = '''
def check(value, key, exc):
    raise UsageError(f"{value} is not a number")
    raise UsageError("the token file is empty")
    raise UsageError("usage.no.such.key")
    raise UsageError("--" + str(exc))
    raise UsageError(str(exc))
    raise errors.UsageError("usage.target.none", "extra")
    raise argtypes.BadValue(f"port {value}")
    raise UsageError("usage.target.none")
    raise UsageError("usage.number.nan", option="--timeout", text=value)
    raise UsageError(key, path=value)
    return Words("usage.file.missing", path=value)
'''
    assert [int(line.split(":")[1]) for line in misuses(source)] == [3, 4, 5, 6, 7, 8, 9]


def test_every_usage_error_of_t3gui_is_made_from_a_key() -> None:
    sources = _sources()
    made = sum(source.count("UsageError(") for _, source in sources)
    assert made > 60  # the walk reads the command line's modules
    found = [line for name, source in sources for line in misuses(source, name)]
    assert not found, "\n".join(found)


def test_every_key_written_is_in_the_table_and_every_sentence_is_said() -> None:
    written = set().union(*(keys_written(source) for _, source in _sources()))
    assert not written - set(USAGE), sorted(written - set(USAGE))
    unsaid = {key for key in USAGE if key not in written and not key.startswith(OS_KEYS)}
    assert not unsaid, sorted(unsaid)


def test_the_operating_system_words_are_keyed_by_real_errno_names() -> None:
    names = [key.removeprefix(OS_KEYS) for key in USAGE if key.startswith(OS_KEYS)]
    assert "ENOENT" in names and "EADDRINUSE" in names
    assert all(hasattr(errno, name) for name in names), names
