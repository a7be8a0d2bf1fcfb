"""Bad input: one sentence for the user, in their language, exit status 2, never a traceback.

A ``UsageError`` names its sentence by a key of t3gui.core.text.usage and carries the sentence's
fields; ``str(exc)`` is the English sentence (logs, tests), ``exc.text(language)`` the one the user
reads. A field is shown in the same language when it can be: another sentence of the table
(``Words``), a target's problem (``TargetError``), what the operating system said (``os_reason``);
words from elsewhere (``Foreign``: a library's message) are quoted as they are.
"""

from __future__ import annotations

import errno as errno_names
from typing import Protocol, runtime_checkable

from t3gui.core.text import pick
from t3gui.core.text.usage import USAGE

EXIT_OK = 0
EXIT_CRITICAL = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


@runtime_checkable
class Localized(Protocol):
    """Anything that says itself in a language (a field of a sentence, or the sentence)."""

    def text(self, language: str) -> str: ...


class Words:
    """A sentence of the usage table with its fields, put into words when it is shown."""

    def __init__(self, key: str, /, **fields: object) -> None:
        if key not in USAGE:
            raise KeyError(f"no usage sentence {key!r}")
        self.key, self.fields = key, fields

    def text(self, language: str) -> str:
        shown = {name: value.text(language) if isinstance(value, Localized) else value
                 for name, value in self.fields.items()}
        return pick(USAGE[self.key], language).format(**shown)


class Foreign:
    """Words t3gui did not write (a library's or a server's message): as they are in English; in
    another language the findings catalog's words for them when it knows them, else quoted, so the
    sentence around them reads in the user's language and shows where the foreign words start."""

    def __init__(self, words: str) -> None:
        self.words = words

    def text(self, language: str) -> str:
        if language == "en":
            return self.words
        from t3gui.core.catalog import text_value

        said = text_value(self.words, language)
        return said if said != self.words else f"\u201c{self.words}\u201d"


def os_reason(exc: OSError) -> Localized:
    """What the operating system said of ``exc``: the table's words for a well-known errno, else its own."""
    key = "usage.os." + errno_names.errorcode.get(exc.errno or 0, "?")
    return Words(key) if key in USAGE else Foreign(exc.strerror or str(exc))


class UsageError(Exception):
    """A wrong option, file or value; the sentence (a key of t3gui.core.text.usage) is the whole explanation."""

    def __init__(self, key: str, /, **fields: object) -> None:
        self.words = Words(key, **fields)
        super().__init__(self.words.text("en"))

    @property
    def key(self) -> str:
        return self.words.key

    def text(self, language: str) -> str:
        return self.words.text(language)


def check_demo_scenario(name: str) -> None:
    from t3gui.lab.scenarios import BY_NAME

    if name not in BY_NAME:
        raise UsageError("usage.scenario.unknown", name=name)
