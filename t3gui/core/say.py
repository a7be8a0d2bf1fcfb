"""Check summaries that can be shown in any language.

``say(key, **args)`` is an English string (so logs, tests and the CLI read it
as before) that remembers its message key and arguments; ``localize`` renders
it again in another language from the summaries table (t3gui.core.text.summaries).

Only a ``Said`` itself keeps its key. Any string operation on it (``+``, an
f-string, ``.strip()``, slicing, ``str()``) gives a plain English ``str``: it
then reaches another language only if ``localize`` can read the English back
into its key (t3gui.core.catalog.reparse), which a sentence glued from two
summaries defeats. So a summary is one ``say``, with values as arguments, never
a ``Said`` joined to other text (tests/checks/test_summaries_keyed.py holds
every check to that). Copying or pickling a ``Said`` keeps its key.
"""

from __future__ import annotations

from typing import Any

from t3gui.core.text import pick


class Said(str):
    key: str
    args: dict[str, Any]

    def __new__(cls, key: str, **args: Any) -> Said:
        obj = super().__new__(cls, _render(key, "en", args))
        obj.key, obj.args = key, args
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        # str's own reduction would rebuild a Said from its English text, as if that were the key.
        return _said, (self.key, self.args)


def _said(key: str, args: dict[str, Any]) -> Said:
    return Said(key, **args)


def say(key: str, **args: Any) -> Said:
    return Said(key, **args)


def _render(key: str, language: str, args: dict[str, Any]) -> str:
    from t3gui.core.catalog import text_value
    from t3gui.core.text.summaries import SUMMARIES

    return pick(SUMMARIES[key], language).format(**{k: text_value(v, language) for k, v in args.items()})


def localize(text: str, language: str) -> str:
    if isinstance(text, Said):
        return _render(text.key, language, text.args)
    from t3gui.core.catalog import localize_text

    return localize_text(text, language)  # plain English (from JSON, or a plain reason), read back
