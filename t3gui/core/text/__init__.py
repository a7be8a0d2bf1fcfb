"""Every simple string table of t3gui, in one shape: ``dict[str, Text]``, a key to its words in each language.

A ``Text`` is a TypedDict with every language required, so a table entry that
lacks one is a type error (mypy checks the literals), and
``tests/core/text/test_tables.py`` checks the rest: no empty text, the same
``{fields}`` in every language, no key in two tables.

The tables, one module per area: ``report`` (the text and HTML reports, via
``t3gui.core.i18n.tr``), ``summaries`` (check summaries, via
``t3gui.core.say.say``), ``titles`` (check titles, keyed by check id, via
``t3gui.core.i18n.check_title``; the registry and the app read them too),
``gui`` (the desktop app, via ``t3gui.gui.strings.Translator``), ``usage`` (the command line's
bad-usage sentences, via ``t3gui.cli.errors.UsageError``), ``target`` (why a typed target is not
usable, via ``t3gui.core.target.TargetError``), ``monitor`` (the live monitor's progress lines,
via ``t3gui.monitor.messages``), ``bundle`` (why a bundle is refused or cannot be sealed, via
``t3gui.core.bundle.reader.BundleError`` and ``.seal.SealError``), ``profile`` (why a profile cannot be
used, via ``t3gui.core.profile.ProfileError`` and ``.profile_options.OptionsError``). The sentences of
``usage``, ``bundle`` and ``profile`` are made from a key and fields by ``t3gui.core.text.words``.

The findings catalog (``t3gui.core.catalog.en`` and ``zh_CN``) keeps its own
shape: an entry there is a record of six texts with per-OS steps and variants,
written per language as a whole, not a single string.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import TypedDict

LANGUAGES = ("en", "zh_CN")


class Text(TypedDict):
    """One user-visible string in every language (a template: ``{name}`` fields are filled in)."""

    en: str
    zh_CN: str


def pick(text: Text, language: str) -> str:
    """``text`` in ``language``; English for a language t3gui does not speak."""
    return text["zh_CN"] if language == "zh_CN" else text["en"]


def fields(template: str) -> set[str]:
    """The ``{names}`` a template fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def merged(*tables: Mapping[str, Text]) -> dict[str, Text]:
    """One lookup over several tables; a key that two of them define is an error, not a silent override."""
    found: dict[str, Text] = {}
    for table in tables:
        twice = found.keys() & table.keys()
        if twice:
            raise ValueError(f"string keys defined twice: {', '.join(sorted(twice))}")
        found.update(table)
    return found
