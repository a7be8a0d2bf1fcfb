"""Bad input: one sentence for the user, exit status 2, never a traceback."""

from __future__ import annotations

EXIT_OK = 0
EXIT_CRITICAL = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class UsageError(Exception):
    """A wrong option, file or value; the message is the whole explanation."""


def check_demo_scenario(name: str) -> None:
    from t3gui.lab.scenarios import BY_NAME

    if name not in BY_NAME:
        raise UsageError(f"unknown scenario {name!r}; `t3gui diagnose --demo --scenario list` lists them")
