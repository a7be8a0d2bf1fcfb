"""Why a bundle or a profile is refused comes from t3gui.core.text.bundle and .profile, by key.

Read from the source of every module of t3gui, as tests/core/text/test_usage.py reads the bad-usage
sentences: a ``BundleError``, ``SealError``, ``ProfileError`` or ``OptionsError`` is made from a key of
its table, never from an English literal, an f-string or a string glued on the spot (a key handed on
from another refusal, ``exc.key``, is one written elsewhere); and every sentence of the two tables is
said somewhere.
"""

from __future__ import annotations

import ast
from pathlib import Path

import t3gui
from t3gui.core.text.bundle import BUNDLE
from t3gui.core.text.profile import PROFILE

PACKAGE = Path(t3gui.__file__).parent
# Each maker and the keys it may name: a refused bundle (the reader's _Refused names one for it), a
# seal that does not open, a profile, the options a profile and the user's input make.
MAKERS: dict[str, set[str]] = {
    "BundleError": {k for k in BUNDLE if k.startswith("refused.")},
    "_Refused": {k for k in BUNDLE if k.startswith("refused.json.")},
    "SealError": {k for k in BUNDLE if k.startswith("seal.")},
    "ProfileError": {k for k in PROFILE if k.startswith("profile.")},
    "OptionsError": {k for k in PROFILE if k.startswith("options.")},
}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _calls(source: str, filename: str) -> list[tuple[str, ast.Call]]:
    return [(_name(node.func), node) for node in ast.walk(ast.parse(source, filename))
            if isinstance(node, ast.Call) and _name(node.func) in MAKERS]


def misuses(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: call`` of every refusal made from something other than a key of its table."""
    found: list[str] = []
    for maker, node in _calls(source, filename):
        first = node.args[0] if node.args else None
        keyed = isinstance(first, ast.Constant) and first.value in MAKERS[maker]
        handed_on = isinstance(first, ast.Name | ast.Attribute)  # a key chosen elsewhere: checked where written
        if not (keyed or handed_on) or len(node.args) > 1:
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:120]}")
    return found


def keys_written(source: str, filename: str = "<source>") -> set[str]:
    return {str(node.args[0].value) for _, node in _calls(source, filename)
            if node.args and isinstance(node.args[0], ast.Constant)}


def _sources() -> list[tuple[str, str]]:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 100
    return [(str(path.relative_to(PACKAGE)), path.read_text(encoding="utf-8")) for path in modules]


def test_the_rule_catches_a_refusal_written_on_the_spot() -> None:
    source = '''
def check(name, exc, key):
    raise BundleError(f"member {name} is damaged")
    raise BundleError("the file is not a zip archive (or is truncated)")
    raise SealError("sealing needs a recipient or a passphrase")
    raise ProfileError(str(exc))
    raise OptionsError("resolve: " + name)
    raise BundleError("seal.locked")
    raise reader.BundleError("refused.not_zip", "extra")
    raise BundleError("refused.not_zip")
    raise BundleError("refused.member.damaged", name=name, why=exc)
    raise SealError("seal.locked")
    raise ProfileError("profile.section", path=name, section=name)
    raise OptionsError("options.tier", tier=name)
    raise BundleError(exc.key, name=name, **exc.fields)
    raise _Refused("refused.json.huge_int")
'''
    assert [int(line.split(":")[1]) for line in misuses(source)] == [3, 4, 5, 6, 7, 8, 9]


def test_every_refusal_of_t3gui_is_made_from_a_key() -> None:
    sources = _sources()
    made = sum(source.count("BundleError(") + source.count("SealError(") for _, source in sources)
    assert made > 55  # the walk reads the bundle's modules
    found = [line for name, source in sources for line in misuses(source, name)]
    assert not found, "\n".join(found)


def test_every_sentence_of_the_tables_is_said() -> None:
    written = set().union(*(keys_written(source, name) for name, source in _sources()))
    unsaid = (set(BUNDLE) | set(PROFILE)) - written
    assert not unsaid, sorted(unsaid)
