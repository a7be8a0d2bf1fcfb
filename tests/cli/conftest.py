"""Every command line test starts from an English system: a bad-usage line is said in the system's language
when no --lang or profile names one (t3gui.cli.language), and the tests that read English lines must not
depend on the language of the machine they run on. A test that wants another sets it in its child's env."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "C")
