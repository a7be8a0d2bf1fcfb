"""argparse value types whose errors read as one plain sentence.

They raise ``BadValue``: an ``argparse.ArgumentTypeError`` (argparse reports it as its own, in English),
carrying the sentence's key and fields, so a command that checks a value itself can say it in the
user's language.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from t3gui.cli.errors import Words, os_reason


class BadValue(argparse.ArgumentTypeError):
    def __init__(self, key: str, /, **fields: object) -> None:
        self.words = Words(key, **fields)
        super().__init__(self.words.text("en"))


def port(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise BadValue("usage.port.nan", text=text) from None
    if not 1 <= value <= 65535:
        raise BadValue("usage.port.range", value=value)
    return value


def port_or_zero(text: str) -> int:
    """A port, or 0 to let the system pick a free one (tests, demos)."""
    return 0 if text.strip() == "0" else port(text)


def readable_file(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise BadValue("usage.file.missing", path=text)
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise BadValue("usage.file.unreadable", path=text, reason=os_reason(exc)) from None
    return path


def name_list(text: str) -> frozenset[str]:
    return frozenset(n.strip() for n in text.split(",") if n.strip())
