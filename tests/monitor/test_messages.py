"""The monitor's progress lines: every language with the same fields, words for every cause."""

from __future__ import annotations

from t3gui.checks.monitor import CAUSES
from t3gui.core.text import LANGUAGES, fields
from t3gui.monitor.messages import MONITOR_CLI, PREFIX, cause_text, has, message


def test_every_line_has_every_language_with_the_same_fields() -> None:
    for key, text in MONITOR_CLI.items():
        assert set(text) == set(LANGUAGES) and all(text[lang].strip() for lang in LANGUAGES), key  # type: ignore[literal-required]
        assert fields(text["en"]) == fields(text["zh_CN"]), key


def test_every_cause_has_words_and_an_unknown_one_is_not_repeated() -> None:
    assert all(has(f"cause.{cause}") for cause in CAUSES)
    assert all(key.startswith(PREFIX) for key in MONITOR_CLI)
    assert cause_text("error", "BUSY", "zh_CN") == "错误 BUSY"
    assert cause_text("\x1b[31mnew", "", "en") == "unexpected error"


def test_a_line_in_each_language() -> None:
    assert message("up", "en", target="h:1", seconds="2.5") == "h:1: reconnected after 2.5 s without a session"
    assert message("up", "zh_CN", target="h:1", seconds="2.5") == "h:1：已重连，之前 2.5 秒没有会话"
    assert message("up", "fr", target="h:1", seconds="2.5").startswith("h:1: reconnected")  # English otherwise
