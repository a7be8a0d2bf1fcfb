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
