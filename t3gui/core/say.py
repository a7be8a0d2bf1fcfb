"""Check summaries that can be shown in any language.

``say(key, **args)`` is an English string (so logs, tests and the CLI read it
as before) that remembers its message key and arguments; ``localize`` renders
it again in another language from the summaries catalog.
"""

from __future__ import annotations

from typing import Any


class Said(str):
    key: str
    args: dict[str, Any]

    def __new__(cls, key: str, **args: Any) -> Said:
        obj = super().__new__(cls, _render(key, "en", args))
        obj.key, obj.args = key, args
        return obj


def say(key: str, **args: Any) -> Said:
    return Said(key, **args)


def _render(key: str, language: str, args: dict[str, Any]) -> str:
    from t3gui.core.catalog import text_value
    from t3gui.core.catalog.summaries import SUMMARIES

    templates = SUMMARIES[key]
    template = templates.get(language) or templates["en"]
    return template.format(**{k: text_value(v, language) for k, v in args.items()})


def localize(text: str, language: str) -> str:
    if isinstance(text, Said):
        return _render(text.key, language, text.args)
    from t3gui.core.catalog import localize_text

    return localize_text(text, language)  # plain English (from JSON, or a plain reason), read back
