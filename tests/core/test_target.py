import re

import pytest

from t3gui.core.model import Target
from t3gui.core.target import TargetError, parse_target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("t3.example.com", Target("t3.example.com", 12345, 12346)),
        ("T3.Example.COM.", Target("t3.example.com", 12345, 12346)),
        ("t3.example.com:4443", Target("t3.example.com", 4443, 12346)),
        ("192.0.2.7:99", Target("192.0.2.7", 99, 12346)),
        ("[2001:db8::7]:4443", Target("2001:db8::7", 4443, 12346)),
        ("[2001:db8::7]", Target("2001:db8::7", 12345, 12346)),
        ("2001:db8::7", Target("2001:db8::7", 12345, 12346)),
        ("bücher.example", Target("bücher.example", 12345, 12346)),
    ],
)
def test_valid_targets(text: str, expected: Target) -> None:
    assert parse_target(text) == expected


def test_options_override_the_text() -> None:
    assert parse_target("h.example:1", port=2, udp_port=3) == Target("h.example", 2, 3)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no target"),
        ("host:0", "outside 1-65535"),
        ("host:70000", "outside 1-65535"),
        ("host:http", "not a number"),
        ("[2001:db8::7", "never closes"),
        ("[192.0.2.1]:5", "not an IPv6"),
        ("bad_host!.example", "not a valid host name"),
        ("-leading.example", "not a valid host name"),
        ("a" * 300, "longer than 253"),
        ("1.2.3.4.5", "neither an IP address nor a host name"),
    ],
)
def test_invalid_targets_name_the_problem(text: str, reason: str) -> None:
    with pytest.raises(TargetError, match=reason):
        parse_target(text)


def test_display_brackets_ipv6() -> None:
    assert Target("2001:db8::1", 5).display() == "[2001:db8::1]:5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What a browser, a mail or a colleague's chat gives: the host and port inside are used, and a
        # scheme never sets the port (https's 443 is not the T3 port).
        ("https://t3.example.com", Target("t3.example.com", 12345, 12346)),
        ("https://t3.example.com/", Target("t3.example.com", 12345, 12346)),
        ("t3://t3.example.com:4433/path", Target("t3.example.com", 4433, 12346)),
        ("t3.example.com:4433/", Target("t3.example.com", 4433, 12346)),
        ("[2001:db8::1]:12345", Target("2001:db8::1", 12345, 12346)),
        ("https://[2001:db8::1]:4433/login?next=/", Target("2001:db8::1", 4433, 12346)),
        ("  \tt3.example.com:4433 \n", Target("t3.example.com", 4433, 12346)),
        (" https://T3.Example.com:4433/x#top ", Target("t3.example.com", 4433, 12346)),
        ("<https://t3.example.com:99>", Target("t3.example.com", 99, 12346)),
        ('"t3.example.com"', Target("t3.example.com", 12345, 12346)),
        ("https://alice:hunter2@t3.example.com:99/", Target("t3.example.com", 99, 12346)),
        ("//t3.example.com:7", Target("t3.example.com", 7, 12346)),
        ("t3.example.com?x=1", Target("t3.example.com", 12345, 12346)),
        ("https://192.0.2.7:4443", Target("192.0.2.7", 4443, 12346)),
    ],
)
def test_pasted_urls_and_paths(text: str, expected: Target) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("https://", "has no host name"),
        ("https://:4433/", "has no host name"),
        ("t3://t3.example.com:https/", "port 'https' is not a number"),
        ("https://t3.example.com:99999", "outside 1-65535"),
        ("t3.example.com 4433", "has spaces inside"),
        ("https://bad_host!.example/", "not a valid host name"),
        ("https://[2001:db8::1/", "never closes"),
        ("https://[2001:db8::1]x/", "not ':PORT'"),
        ("   ", "no target"),
    ],
)
def test_pasted_garbage_is_one_sentence(text: str, reason: str) -> None:
    with pytest.raises(TargetError, match=re.escape(reason)) as info:
        parse_target(text)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    assert info.value.text("zh_CN") != message  # the same sentence in Chinese, for the app


def test_a_password_in_a_pasted_url_is_never_repeated() -> None:
    with pytest.raises(TargetError) as info:
        parse_target("https://alice:hunter2@bad_host!/")
    assert "hunter2" not in str(info.value) and "hunter2" not in info.value.text("zh_CN")


def test_the_command_line_takes_the_same_forms(capsys: pytest.CaptureFixture[str]) -> None:
    """`t3gui diagnose TARGET` goes through the same parser: a URL is accepted, garbage is one line, exit 2."""
    from t3gui.cli.diagnose_command import build_options
    from t3gui.cli.main import build_parser, main

    args = build_parser().parse_args(["diagnose", "https://t3.example.com:4433/login"])
    assert build_options(args, None).target == Target("t3.example.com", 4433, 12346)
    assert main(["diagnose", "https://:4433/"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "has no host name" in err, err


def test_every_target_problem_has_its_words_in_the_string_table() -> None:
    """The sentences live in t3gui.core.text.target: every key core/target.py raises is there, in both languages."""
    import ast
    from pathlib import Path

    import t3gui.core.target as module
    from t3gui.core.text.target import TARGET

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    raised = {node.args[0].value for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "TargetError"
              and node.args and isinstance(node.args[0], ast.Constant)}
    assert len(raised) >= 12
    assert {f"target.{key}" for key in raised} <= set(TARGET)
    with pytest.raises(TargetError) as info:
        parse_target("t3.example", udp_port=0)
    assert str(info.value) == "UDP port 0 is outside 1-65535"
    assert info.value.text("zh_CN") == "UDP 端口 0 不在 1-65535 范围内"
