"""The monitor's progress lines on stderr, in every language the CLI speaks.

The words are in t3gui.core.text.monitor, with the program's other string tables.
"""

from __future__ import annotations

from t3gui.core.text import pick
from t3gui.core.text.monitor import MONITOR_CLI

PREFIX = "monitor_cli."
__all__ = ["MONITOR_CLI", "PREFIX", "cause_text", "has", "message"]


def has(key: str) -> bool:
    return PREFIX + key in MONITOR_CLI


def message(key: str, language: str, **fields: object) -> str:
    return pick(MONITOR_CLI[PREFIX + key], language).format(**fields)


def cause_text(cause: str, code: str, language: str) -> str:
    """Why a session ended, short; ``code`` is one the spec defines (the monitor drops any other)."""
    return message(f"cause.{cause}" if has(f"cause.{cause}") else "cause.failed", language, code=code or "?").strip()
