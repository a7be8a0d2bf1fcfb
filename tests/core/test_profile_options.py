"""options_from_profile: what the user gave wins over the profile, the profile over the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from t3gui.core.profile import load_profile
from t3gui.core.profile_options import Given, OptionsError, options_from_profile
from t3gui.core.secret import Secret
from t3gui.core.thresholds import Thresholds


def _profile(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "p.toml").write_text(text)
    return load_profile(tmp_path / "p.toml")


def test_what_was_given_wins(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '[target]\nhost = "a.example"\nport = 1\n[diagnosis]\ntimeout_s = 9\nprobes = 3\n')
    options = options_from_profile(profile, Given(target="b.example:2", timeout_s=1.5))
    assert (options.target.host, options.target.port, options.timeout_s, options.probes) == ("b.example", 2, 1.5, 3)


def test_defaults_without_a_profile() -> None:
    options = options_from_profile(None, Given(target="t3.example"))
    assert (options.timeout_s, options.probes, options.token_audience, options.udp_port_override) == (3.0, 20, "t3",
                                                                                                     None)
    assert options.thresholds == Thresholds()


def test_a_profile_token_file_is_read_unless_the_form_decides(tmp_path: Path) -> None:
    (tmp_path / "t.jwt").write_text("a.b.c\n")
    profile = _profile(tmp_path, '[target]\nhost = "t3.example"\n[auth]\ntoken_file = "t.jwt"\n')
    read = options_from_profile(profile, Given())
    assert read.token is not None and read.token.reveal() == "a.b.c"
    assert options_from_profile(profile, Given(token_from_profile=False)).token is None
    assert options_from_profile(profile, Given(token=Secret("x.y.z"))).token.reveal() == "x.y.z"  # type: ignore[union-attr]


def test_remembered_thresholds_yield_to_a_profiles(tmp_path: Path) -> None:
    mine = Thresholds(latency_warn_ms=1.0)
    assert options_from_profile(None, Given(target="h", thresholds=mine)).thresholds == mine
    profile = _profile(tmp_path, '[target]\nhost = "h"\n[thresholds]\nlatency_warn_ms = 5.0\n')
    assert options_from_profile(profile, Given(thresholds=mine)).thresholds.latency_warn_ms == 5.0


@pytest.mark.parametrize(("given", "words"), [(Given(), "no target given"), (Given(target="h", tier="expert"),
                                                                              "is not basic")])
def test_one_sentence_when_it_cannot_run(given: Given, words: str) -> None:
    with pytest.raises(OptionsError, match=words):
        options_from_profile(None, given)


def test_resolve_from_the_profile_or_given_instead_of_dns(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '[target]\nhost = "t3.example"\n'
                                 'resolve = ["192.0.2.1", "[2001:db8::1]", "192.0.2.1"]\n')
    assert options_from_profile(profile, Given()).resolve == ("192.0.2.1", "2001:db8::1")  # each once
    assert options_from_profile(profile, Given(resolve=("198.51.100.7",))).resolve == ("198.51.100.7",)
    assert options_from_profile(None, Given(target="t3.example")).resolve == ()


@pytest.mark.parametrize(("values", "words"), [
    (["t3.example.com"], "'t3.example.com' is not an IP address"), (["fe80::1%eth0"], "zone"),
    ([f"10.0.0.{i}" for i in range(1, 66)], "more than the 64"), ("10.0.0.1", "a list of IP addresses")])
def test_resolve_takes_ip_addresses_only(values: object, words: str) -> None:
    from t3gui.core.profile_options import resolve_addresses

    with pytest.raises(OptionsError, match=words):
        resolve_addresses(values)
