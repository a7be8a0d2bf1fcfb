"""The reports' words and the checks' titles, looked up in the reader's language.

The tables are in ``t3gui.core.text`` (``report`` and ``titles``); this module
only looks them up, so callers keep ``tr`` and ``check_title``.
"""

from __future__ import annotations

from t3gui.core.text import pick
from t3gui.core.text.report import REPORT
from t3gui.core.text.titles import TITLES


def check_title(check_id: str, language: str = "en") -> str:
    title = TITLES.get(check_id)
    if title is None:  # an id from a bundle made by another version: show it as it is
        return check_id
    return pick(title, language)


def tr(key: str, language: str = "en", **values: object) -> str:
    text = pick(REPORT[key], language)
    return text.format(**values) if values else text
