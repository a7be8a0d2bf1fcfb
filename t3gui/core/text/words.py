"""Sentences named by a key of a table of t3gui.core.text, put into words in the user's language when shown.

A ``KeyedError`` names its sentence by a key and carries the sentence's fields; ``str(exc)`` is the
English sentence (logs, tests), ``exc.text(language)`` the one the user reads. A field is shown in
the same language when it can be: another sentence (``Words``, or another ``KeyedError``), what the
operating system said (``os_reason``); words from elsewhere (``Foreign``: a library's message, a
report's technical locator) are quoted as they are.

The command line's bad usage (t3gui.cli.errors.UsageError), a refused bundle
(t3gui.core.bundle.reader.BundleError, .seal.SealError) and a refused profile
(t3gui.core.profile.ProfileError, .profile_options.OptionsError) are all made this way.
"""

from __future__ import annotations

import errno as errno_names
from typing import Protocol, runtime_checkable

from t3gui.core.text import merged, pick
from t3gui.core.text.bundle import BUNDLE
from t3gui.core.text.profile import PROFILE
from t3gui.core.text.usage import USAGE

# The tables whose sentences are made from a key and fields (keys are unique across them).
SENTENCES = merged(USAGE, BUNDLE, PROFILE)


@runtime_checkable
class Localized(Protocol):
    """Anything that says itself in a language (a field of a sentence, or the sentence)."""

    def text(self, language: str) -> str: ...


class Words:
    """A sentence of the tables with its fields, put into words when it is shown."""

    def __init__(self, key: str, /, **fields: object) -> None:
        if key not in SENTENCES:
            raise KeyError(f"no usage sentence {key!r}, nor a bundle's or a profile's")
        self.key, self.fields = key, fields

    def text(self, language: str) -> str:
        shown = {name: value.text(language) if isinstance(value, Localized) else value
                 for name, value in self.fields.items()}
        return pick(SENTENCES[self.key], language).format(**shown)


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


class KeyedError(Exception):
    """An error whose message is one sentence of the tables (by key, with its fields)."""

    def __init__(self, key: str, /, **fields: object) -> None:
        self.words = Words(key, **fields)
        super().__init__(self.words.text("en"))

    @property
    def key(self) -> str:
        return self.words.key

    def text(self, language: str) -> str:
        return self.words.text(language)
