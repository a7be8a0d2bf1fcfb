"""The language the command line speaks to a user when it cannot do what they asked.

A command's ``--lang`` when it has one and it was given; else the language of the profile it was
given (``[diagnosis] language``); else the system's. The report of `t3gui diagnose` keeps its own
default (English, as the contract says); this only picks the words of a bad-usage or internal-error line.

No Qt here: the window reads the system language through QLocale (t3gui.gui.strings); the command
line, which must start without Qt, reads what Qt reads on each system.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence

from t3gui.core.text import LANGUAGES

# Where Unix puts the language of messages, most specific first (POSIX: LC_ALL overrides, then LC_MESSAGES, LANG).
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_LANG_CHINESE = 0x04  # the primary language of a Windows LANGID (zh-CN, zh-TW, zh-HK... all read Simplified here)


def _from_locale_name(name: str) -> str:
    return "zh_CN" if name.lower().startswith("zh") else "en"


def _windows_ui_langid() -> int | None:
    """GetUserDefaultUILanguage: the LANGID of the user's Windows display language (None elsewhere)."""
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetUserDefaultUILanguage())  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None


def language_of_langid(langid: int) -> str:
    """"zh_CN" for any Chinese LANGID (0x0804 zh-CN, 0x0404 zh-TW, 0x0C04 zh-HK...), else "en"."""
    return "zh_CN" if langid & 0x3FF == _LANG_CHINESE else "en"


def system_language(environ: Mapping[str, str] | None = None, platform: str = sys.platform,
                    ui_langid: Callable[[], int | None] = _windows_ui_langid) -> str:
    """"zh_CN" when the user's system speaks Chinese, else "en" (as the app's ``system_language``).

    The locale variables a terminal sets, where set (macOS's Terminal sets LANG from the system's
    language and region; on Windows, a Unix-like shell such as Git Bash sets them); else, on Windows,
    the user's display language.
    """
    env = os.environ if environ is None else environ
    for variable in _LOCALE_VARIABLES:
        value = env.get(variable, "")
        if value:
            return _from_locale_name(value)
    if platform == "win32":
        langid = ui_langid()
        return language_of_langid(langid) if langid is not None else "en"
    return "en"


def _profile_language(text: str) -> str | None:
    from pathlib import Path

    from t3gui.core.profile import ProfileError, load_profile

    try:
        value = load_profile(Path(text)).get("diagnosis", "language")
    except (ProfileError, OSError, ValueError):
        return None
    return value if isinstance(value, str) and value in LANGUAGES else None


def usage_language(args: argparse.Namespace | None) -> str:
    """The language of the line that says what is wrong with the command ``args`` asked for."""
    lang = getattr(args, "lang", None)
    if lang in LANGUAGES:
        return str(lang)
    profile = getattr(args, "profile", None)
    if isinstance(profile, str) and profile:
        found = _profile_language(profile)
        if found is not None:
            return found
    return system_language()


def argv_language(argv: Sequence[str]) -> str:
    """The language of a line about a command line argparse could not parse: ``--lang`` as written
    there (``--lang zh_CN`` or ``--lang=zh_CN``), else the system's."""
    for index, word in enumerate(argv):
        value = word.partition("=")[2] if word.startswith("--lang=") else (
            argv[index + 1] if word == "--lang" and index + 1 < len(argv) else None)
        if value in LANGUAGES:
            return str(value)
    return system_language()
