"""The findings catalog: every code's texts in every language, and rendering.

Templates quote the evidence by name ("expired {days_ago} days ago"); a name
the evidence lacks renders as "?" rather than failing, and a test checks that
every finding the checks produce fills every name its templates use.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from t3gui.core.catalog import en, zh_CN
from t3gui.core.catalog.entry import Entry
from t3gui.core.catalog.reparse import parse
from t3gui.core.codes import Code
from t3gui.core.say import Said, localize
from t3gui.core.text import fields as fields  # tests and callers read it here
from t3gui.core.text import pick
from t3gui.core.text.summaries import SUMMARIES

LANGUAGES = ("en", "zh_CN")
CATALOGS: dict[str, dict[Code, Entry]] = {"en": en.CATALOG, "zh_CN": zh_CN.CATALOG}
VARIANTS: dict[str, dict[tuple[Code, str], Entry]] = {"en": en.VARIANTS, "zh_CN": zh_CN.VARIANTS}

# Evidence values that are words, translated as they are quoted; and those with a number or name in them.
_WORDS: dict[str, dict[str, str]] = {"zh_CN": zh_CN.WORDS}
_PATTERNS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "zh_CN": tuple((re.compile(english), words) for english, words in zh_CN.PATTERNS)}
_LIST_JOINERS = {"zh_CN": "、"}
_COLONS = {"zh_CN": "\uff1a"}  # a full-width colon
_SENTENCE_GAPS = {"zh_CN": ""}  # Chinese puts no space after a full stop
_CODED = re.compile(r"([A-Z][A-Z0-9_]+): (.+)", re.DOTALL)


@dataclass(frozen=True)
class Rendered:
    title: str
    summary: str
    verdict: str
    customer: str
    technician: str
    remediation: str


class _Evidence(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def os_key(platform: str = sys.platform) -> str:
    return {"win32": "windows", "darwin": "macos"}.get(platform, "linux")


def _text(value: Any, language: str) -> str:
    if isinstance(value, Said):  # a duration, say: its words are in the catalog
        return localize(value, language)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(round(value, 2))
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v, language) for v in value) or "-"
    text = str(value)
    if language == "en" or not isinstance(value, str):
        return text
    said = _phrase(text, language)
    if said is not None:
        return said
    # "an RSA key of 1024 bits, a SHA1 signature": a list that reached us joined, translated item by item.
    items = [_phrase(item, language) for item in text.split(", ")] if ", " in text else []
    if items and all(item is not None for item in items):
        return _LIST_JOINERS.get(language, ", ").join(item for item in items if item is not None)
    return text


def _phrase(text: str, language: str) -> str | None:
    """``text`` in ``language`` when the catalog knows it as a whole, else None."""
    words = _WORDS.get(language, {}).get(text)
    if words is not None:
        return words
    for pattern, template in _PATTERNS.get(language, ()):
        match = pattern.fullmatch(text)
        if match is not None:
            return match.expand(template)
    coded = _CODED.fullmatch(text)  # "TOKEN_MALFORMED: the token has no 'exp' claim"
    if coded is not None:
        said = _phrase(coded.group(2), language)
        return None if said is None else f"{coded.group(1)}{_COLONS.get(language, ': ')}{said}"
    duration = parse(text, durations=True)
    if duration is not None:
        key, args = duration
        return pick(SUMMARIES[key], language).format(**args)
    return None


def localize_text(text: str, language: str) -> str:
    """A plain English summary (read from JSON, or a check's plain reason) in ``language``."""
    if language == "en":
        return text
    parsed = parse(text, score=lambda args: sum(_phrase(v, language) is not None for v in args.values()))
    if parsed is None:
        return _text(text, language)
    key, args = parsed
    return pick(SUMMARIES[key], language).format(**{name: _text(value, language) for name, value in args.items()})


def text_value(value: Any, language: str) -> str:
    """An evidence or summary value as it reads in ``language``."""
    return _text(value, language)


def entry(code: Code, language: str = "en", variant: object = None) -> Entry:
    """The texts of ``code``, in the wording ``variant`` names when the catalog has one (a finding's
    evidence["variant"]: the clock that is likely wrong, a login that still works)."""
    if isinstance(variant, str):
        found = VARIANTS.get(language, en.VARIANTS).get((code, variant))
        if found is not None:
            return found
    return CATALOGS.get(language, en.CATALOG)[code]


def render(code: Code, evidence: Mapping[str, Any], language: str = "en", platform: str = sys.platform) -> Rendered:
    e = entry(code, language, evidence.get("variant"))
    values = _Evidence({k: _text(v, language) for k, v in evidence.items()})
    fix = e.per_os.get(os_key(platform))
    remediation = e.fix if fix is None else f"{e.fix}{_SENTENCE_GAPS.get(language, ' ')}{fix}"

    def fmt(template: str) -> str:
        return template.format_map(values)

    return Rendered(fmt(e.title), fmt(e.summary), fmt(e.verdict), fmt(e.customer), fmt(e.technician),
                    fmt(remediation))
