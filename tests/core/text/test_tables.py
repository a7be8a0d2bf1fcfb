"""Every string table of t3gui.core.text: both languages, the same fields, each key defined once.

The tables are found, not listed: any module-level ``dict[str, Text]`` in the
package, so a new table is held to the same rules without touching this test.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import t3gui
import t3gui.core.text as text_package
from t3gui.checks.registry import CHECKS
from t3gui.core.text import LANGUAGES, Text, fields, merged, pick
from t3gui.core.text.bundle import BUNDLE
from t3gui.core.text.gui import GUI
from t3gui.core.text.monitor import MONITOR_CLI
from t3gui.core.text.profile import PROFILE
from t3gui.core.text.report import REPORT
from t3gui.core.text.summaries import SUMMARIES
from t3gui.core.text.target import TARGET
from t3gui.core.text.titles import TITLES
from t3gui.core.text.usage import USAGE

PACKAGE = Path(t3gui.__file__).parent
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")
_FIELD = re.compile(r"\{[^{}]*\}")


def _tables() -> dict[str, dict[str, Text]]:
    found: dict[str, dict[str, Text]] = {}
    for info in pkgutil.iter_modules(text_package.__path__):
        module = importlib.import_module(f"{text_package.__name__}.{info.name}")
        for name, annotation in getattr(module, "__annotations__", {}).items():
            if annotation == "dict[str, Text]":
                found[f"{info.name}.{name}"] = getattr(module, name)
    return found


TABLES = _tables()
ENTRIES = [(table, key, text) for table, texts in TABLES.items() for key, text in texts.items()]


def test_the_tables_are_found() -> None:
    assert {"report.REPORT", "summaries.SUMMARIES", "titles.TITLES", "gui.GUI", "usage.USAGE", "target.TARGET",
            "monitor.MONITOR_CLI", "bundle.BUNDLE", "profile.PROFILE"} <= set(TABLES)
    assert len(ENTRIES) > 400


@pytest.mark.parametrize(("table", "key", "text"), ENTRIES, ids=[f"{t}:{k}" for t, k, _ in ENTRIES])
def test_every_key_has_every_language_with_the_same_fields(table: str, key: str, text: Text) -> None:
    assert set(text) == set(LANGUAGES)
    assert all(text[language].strip() for language in LANGUAGES)  # type: ignore[literal-required]
    assert fields(text["en"]) == fields(text["zh_CN"])
    if not _CHINESE.search(text["zh_CN"]):  # a name ("Ping") or a layout ("{host} -> {addresses}"), never English words
        assert not _ENGLISH_WORD.findall(_FIELD.sub("", text["zh_CN"]))


def test_no_key_is_defined_in_two_tables() -> None:
    # As the app reads them: a check's title is "check.<id>" to the GUI's lookup.
    keys = [*REPORT, *GUI, *SUMMARIES, *(f"check.{check_id}" for check_id in TITLES), *USAGE, *TARGET, *MONITOR_CLI,
            *BUNDLE, *PROFILE]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    assert not twice
    assert sum(len(t) for t in TABLES.values()) == len(keys)  # every table is in that list


def test_a_key_two_tables_define_stops_the_lookup_being_built() -> None:
    with pytest.raises(ValueError, match="defined twice: verdict"):
        merged(GUI, REPORT, {"verdict": {"en": "Verdict", "zh_CN": "结论"}})


def test_an_unknown_language_reads_english() -> None:
    assert pick(REPORT["verdict"], "fr") == "Verdict"
    assert pick(REPORT["verdict"], "zh_CN") == "结论"


def test_every_check_takes_its_title_from_the_table_and_every_title_has_a_check() -> None:
    assert {spec.id for spec in CHECKS} == set(TITLES)
    for spec in CHECKS:
        assert spec.title == TITLES[spec.id]["en"], spec.id


def _literal_keys(callee: str) -> list[tuple[str, str]]:
    """``(key, file:line)`` of every call ``callee("literal", ...)`` (or ``x.callee(...)``) in t3gui."""
    found: list[tuple[str, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.Constant):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == callee and isinstance(node.args[0].value, str):
                found.append((node.args[0].value, f"{path.relative_to(PACKAGE)}:{node.lineno}"))
    return found


def test_every_key_looked_up_by_name_is_in_a_table() -> None:
    from t3gui.gui.strings import STRINGS

    # "tr" is the reports' lookup or the app's Translator, "i18n" the app's: either way the key is in the
    # app's lookup, which holds the reports' words too.
    looked_up = _literal_keys("tr") + _literal_keys("i18n")
    assert len(looked_up) > 150  # the walk found the app's labels
    missing = [where for key, where in looked_up if key not in STRINGS]
    assert not missing, missing
    # Where "tr" is the reports' own lookup, the key is one of the reports' words (the app's modules are left
    # out: they call their Translator "tr" too).
    reports = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.parent.name != "gui"
               if re.search(r"^from t3gui\.core\.i18n import .*\btr\b", p.read_text(encoding="utf-8"), re.M)}
    assert len(reports) >= 3
    missing = [where for key, where in _literal_keys("tr") if where.split(":")[0] in reports and key not in REPORT]
    assert not missing, missing
