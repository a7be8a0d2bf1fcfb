"""The desktop app's string lookup: ``Translator(language)(key, **values)``.

The words are in t3gui.core.text (one table shape for the whole program): the
app's own in ``gui``, a check's title as ``check.<id>`` from ``titles``, and the
words it shares with the reports from ``report``. Finding texts come from the
findings catalog.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QLocale

from t3gui.core.text import merged, pick
from t3gui.core.text.gui import GUI
from t3gui.core.text.report import REPORT
from t3gui.core.text.scenarios import SCENARIO_DESCRIPTIONS
from t3gui.core.text.titles import TITLES

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

# Everything the app can say, by key; a key two of the tables define stops the app at start, not a silent override.
STRINGS = merged(GUI, {f"check.{check_id}": title for check_id, title in TITLES.items()}, REPORT)


def scenario_description(name: str, language: str) -> str:
    """What the demo scenario ``name`` plays, in ``language`` ("" for a name that is not a scenario)."""
    from t3gui.lab.scenarios import BY_NAME  # only the demo needs the lab

    scenario = BY_NAME.get(name)
    if scenario is None:
        return ""
    return SCENARIO_DESCRIPTIONS.get(language, {}).get(name) or scenario.description


class Translator:
    def __init__(self, language: str = "en") -> None:
        self.language = language if language in LANGUAGES else "en"

    def __call__(self, key: str, **values: Any) -> str:
        text = pick(STRINGS[key], self.language)
        return text.format(**values) if values else text


def plain(label: str) -> str:
    """A label without its mnemonic, for screen readers: "Se&rver" is read "Server", "服务器(&R)" "服务器"."""
    return re.sub(r"\(&(\w)\)", "", label).replace("&", "")


def system_language() -> str:
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"
