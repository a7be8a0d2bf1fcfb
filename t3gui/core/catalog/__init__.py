"""The findings catalog: every code's texts in every language, and rendering.

Templates quote the evidence by name ("expired {days_ago} days ago"); a name
the evidence lacks renders as "?" rather than failing, and a test checks that
every finding the checks produce fills every name its templates use.
"""

from __future__ import annotations

import string
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from t3gui.core.catalog import en, zh_CN
from t3gui.core.catalog.entry import Entry
from t3gui.core.codes import Code

LANGUAGES = ("en", "zh_CN")
CATALOGS: dict[str, dict[Code, Entry]] = {"en": en.CATALOG, "zh_CN": zh_CN.CATALOG}
VARIANTS: dict[str, dict[tuple[Code, str], Entry]] = {"en": en.VARIANTS, "zh_CN": zh_CN.VARIANTS}

# Evidence values that are words, translated as they are quoted.
_WORDS: dict[str, dict[str, str]] = {"zh_CN": zh_CN.WORDS}


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
    words = _WORDS.get(language, {})
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(round(value, 2))
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v, language) for v in value) or "-"
    return words.get(str(value), str(value))


def text_value(value: Any, language: str) -> str:
    """An evidence or summary value as it reads in ``language``."""
    return _text(value, language)


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


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
    remediation = e.fix if fix is None else f"{e.fix} {fix}"

    def fmt(template: str) -> str:
        return template.format_map(values)

    return Rendered(fmt(e.title), fmt(e.summary), fmt(e.verdict), fmt(e.customer), fmt(e.technician),
                    fmt(remediation))
