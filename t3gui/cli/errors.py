"""Bad input: one sentence for the user, in their language, exit status 2, never a traceback.

A ``UsageError`` names its sentence by a key of t3gui.core.text.usage and carries the sentence's
fields; ``str(exc)`` is the English sentence (logs, tests), ``exc.text(language)`` the one the user
reads. A field is shown in the same language when it can be: another sentence of the table
(``Words``), a target's problem (``TargetError``), what the operating system said (``os_reason``);
words from elsewhere (``Foreign``: a library's message) are quoted as they are. The machinery is
core's (t3gui.core.text.words), shared with the refusals of a bundle or a profile.
"""

from __future__ import annotations

from t3gui.core.text.words import Foreign, KeyedError, Localized, Words, os_reason

__all__ = ["EXIT_CRITICAL", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "Foreign", "Localized", "UsageError", "Words",
           "check_demo_scenario", "os_reason"]

EXIT_OK = 0
EXIT_CRITICAL = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class UsageError(KeyedError):
    """A wrong option, file or value; the sentence (a key of t3gui.core.text.usage) is the whole explanation."""


def check_demo_scenario(name: str) -> None:
    from t3gui.lab.scenarios import BY_NAME

    if name not in BY_NAME:
        raise UsageError("usage.scenario.unknown", name=name)
