"""A bad-usage sentence: English as ``str(exc)``, the user's language as ``exc.text(language)``, its fields too."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import pytest

from t3gui.cli.errors import Foreign, UsageError, Words, check_demo_scenario, os_reason
from t3gui.core.target import TargetError, parse_target


def test_the_english_sentence_is_the_exception_and_the_chinese_one_is_asked_for() -> None:
    exc = UsageError("usage.number.nan", option="--timeout", text="soon")
    assert str(exc) == "--timeout 'soon' is not a number" and exc.key == "usage.number.nan"
    assert exc.text("zh_CN") == "--timeout 的值 'soon' 不是数字"
    assert exc.text("fr") == str(exc)  # a language t3gui does not speak reads English


def test_a_sentence_inside_a_sentence_is_said_in_the_same_language() -> None:
    exc = UsageError("usage.option.problem", option="--token-file",
                     problem=Words("usage.file.missing", path="/x/token.jwt"))
    assert str(exc) == "--token-file: /x/token.jwt does not exist or is not a file"
    assert exc.text("zh_CN") == "--token-file：/x/token.jwt 不存在或不是文件"


def test_a_target_problem_is_said_in_the_same_language() -> None:
    with pytest.raises(TargetError) as info:
        parse_target("t3.example:https")
    exc = UsageError("usage.target.bad", problem=info.value)
    assert str(exc) == "port 'https' is not a number"
    assert exc.text("zh_CN") == "端口 'https' 不是数字"


def test_what_the_system_says_of_a_file_is_in_the_table(tmp_path: Path) -> None:
    with pytest.raises(OSError) as info:
        (tmp_path / "missing").read_text()
    reason = os_reason(info.value)
    assert reason.text("en") == "No such file or directory" and reason.text("zh_CN") == "文件或文件夹不存在"


def test_a_port_in_use_is_said_in_the_same_language() -> None:
    with socket.socket() as taken, socket.socket() as second:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError) as info:
            second.bind(taken.getsockname())
    exc = UsageError("usage.prometheus.bind", host="127.0.0.1", port=9, reason=os_reason(info.value))
    assert str(exc) == "cannot serve metrics on 127.0.0.1:9: Address already in use"
    assert exc.text("zh_CN") == "无法在 127.0.0.1:9 上提供指标：该地址和端口已被占用"


def test_an_errno_without_words_of_ours_keeps_the_system_words_quoted() -> None:
    reason = os_reason(OSError(errno.EIO, "Input/output error"))
    assert reason.text("en") == "Input/output error"
    assert reason.text("zh_CN") == "\u201cInput/output error\u201d"


def test_foreign_words_are_translated_when_the_catalog_knows_them_else_quoted() -> None:
    assert Foreign("Connection refused").text("zh_CN") == "连接被拒绝"
    assert Foreign("a JWT has 3 dot-separated parts, this has 1").text("zh_CN") == (
        "JWT 由 3 个以点分隔的部分组成，这里有 1 个")
    assert Foreign("the file is not a zip archive").text("zh_CN") == "\u201cthe file is not a zip archive\u201d"
    assert Foreign("the file is not a zip archive").text("en") == "the file is not a zip archive"


def test_an_unknown_key_is_a_bug_not_a_sentence() -> None:
    with pytest.raises(KeyError, match="no usage sentence"):
        UsageError("usage.no-such-sentence")


def test_an_unknown_demo_scenario() -> None:
    with pytest.raises(UsageError) as info:
        check_demo_scenario("meteor")
    assert str(info.value).startswith("unknown scenario 'meteor'")
    assert info.value.text("zh_CN").startswith("没有名为 'meteor' 的演示场景")
