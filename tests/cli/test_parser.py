"""argparse's own errors (an unknown option, a missing value, a bad choice) are one line, exit 2, in
the user's language: ``--lang`` as typed, else the system's; English as argparse wrote them otherwise."""

from __future__ import annotations

import re
import subprocess

import pytest

from t3gui.cli.parser import ARGPARSE_MESSAGES, argparse_words
from tests.cli.test_usage_language import _CHINESE, CHINESE_SYSTEM, ENGLISH_SYSTEM, T3GUI
from tests.helpers.english import english_runs

CASES = [
    (["diagnose", "t3.example", "--bogus", "--lang", "zh_CN"], ENGLISH_SYSTEM, "无法识别的参数：--bogus"),
    (["diagnose", "--lang=zh_CN", "t3.example", "--timeout"], ENGLISH_SYSTEM, "参数 --timeout 后面需要一个值"),
    (["diagnose", "t3.example", "--tier", "nope", "--lang", "zh_CN"], ENGLISH_SYSTEM, "参数 --tier 的值 'nope' 无效"),
    (["bundle", "show"], CHINESE_SYSTEM, "缺少必需的参数"),
    (["monitor", "--interval"], CHINESE_SYSTEM, "参数 --interval 后面需要一个值"),
    (["--bogus"], CHINESE_SYSTEM, "无法识别的参数：--bogus"),
]


@pytest.mark.parametrize(("argv", "env", "chinese"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_argparse_errors_are_said_in_chinese(argv: list[str], env: dict[str, str], chinese: str) -> None:
    done = subprocess.run([*T3GUI, *argv], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and chinese in lines[0], done.stderr
    assert _CHINESE.search(lines[0]) and "Traceback" not in done.stderr
    typed = re.sub(r"'[^']*'", "", lines[0].split(": ", 1)[1])  # values the user types or must type stay as is
    assert not english_runs(typed), lines[0]


def test_in_english_they_read_as_argparse_wrote_them() -> None:
    done = subprocess.run([*T3GUI, "diagnose", "t3.example", "--tier", "nope"], capture_output=True, text=True,
                          env=ENGLISH_SYSTEM, timeout=60)
    assert done.returncode == 2 and done.stderr == (
        "t3gui diagnose: argument --tier: invalid choice: 'nope' (choose from 'basic', 'intermediate', "
        "'advanced') (see t3gui diagnose --help)\n")


@pytest.mark.parametrize("message", [
    "unrecognized arguments: --x", "the following arguments are required: file",
    "argument --timeout: expected one argument", "argument --tier: invalid choice: 'x' (choose from 'a', 'b')",
    "argument --n: invalid int value: 'x'", "ambiguous option: --t could match --timeout, --tier",
    "argument --a: not allowed with argument --b", "argument --x: expected at least one argument"])
def test_every_message_argparse_writes_is_recognised(message: str) -> None:
    said = argparse_words(message)
    assert said.text("en") != said.text("zh_CN")
    assert len(ARGPARSE_MESSAGES) >= 8


def test_a_message_not_known_is_quoted_not_lost() -> None:
    said = argparse_words("something argparse says one day")
    assert said.text("en") == "something argparse says one day"
    assert said.text("zh_CN") == "\u201csomething argparse says one day\u201d"
