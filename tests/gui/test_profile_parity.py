"""A profile with every key gives the app the same options as the command line (issue: the app
used to drop audience, issuer, server_name, dns_server, udp_port, timeout_s and probes)."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from t3gui.cli.diagnose_command import add_parser, build_options
from t3gui.core.profile import SECTIONS, load_profile
from t3gui.gui.settings import AppSettings
from t3gui.gui.start_page import StartPage
from t3gui.gui.strings import Translator

# Every key of every section that reaches the options (the [bundle] section goes to the export dialog).
EVERY_KEY = """
[target]
host = "t3.example.com"
port = 4433
udp_port = 4434
server_name = "t3-cluster.example.com"
resolve = ["192.0.2.10", "2001:db8::11"]
[tls]
ca_file = "root-ca.pem"
expected_issuer = "Example Corp CA"
client_cert = "client.pem"
client_key = "client.key"
[auth]
token_file = "alice.jwt"
audience = "t3-prod"
issuer = "https://idp.example.com"
[diagnosis]
tier = "intermediate"
timeout_s = 7.5
dns_server = "192.0.2.53"
language = "zh_CN"
probes = 7
stop_early = false
[thresholds]
latency_warn_ms = 111.0
"""


def test_the_profile_sample_names_every_section_key() -> None:
    import tomllib

    doc = tomllib.loads(EVERY_KEY)
    for section, keys in SECTIONS.items():
        if section in ("bundle", "thresholds"):
            continue
        assert set(doc[section]) == set(keys), section


def test_app_and_cli_make_the_same_options(qtbot: QtBot, tmp_path: Path, pki: dict[str, Path],
                                           token: Callable[..., str], settings: AppSettings) -> None:
    (tmp_path / "p.toml").write_text(EVERY_KEY)
    for name, source in (("root-ca.pem", "root-ca.pem"), ("client.pem", "client.pem"), ("client.key", "client.key")):
        (tmp_path / name).write_bytes(pki[source].read_bytes())
    (tmp_path / "alice.jwt").write_text(token(sub="alice"))
    profile = load_profile(tmp_path / "p.toml")

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["diagnose"])
    cli = build_options(args, profile)

    page = StartPage(Translator("zh_CN"), settings)
    qtbot.addWidget(page)
    page.apply_profile(profile)
    app = page.options()

    assert cli.token is not None and app.token is not None and cli.token.reveal() == app.token.reveal()
    for options in (cli, app):
        assert (options.target.host, options.target.port, options.target.udp_port) == ("t3.example.com", 4433, 4434)
        assert options.token_audience == "t3-prod" and options.token_issuer == "https://idp.example.com"
        assert options.server_name == "t3-cluster.example.com" and options.dns_server == "192.0.2.53"
        assert options.timeout_s == 7.5 and options.probes == 7 and options.udp_port_override == 4434
        assert options.thresholds.latency_warn_ms == 111.0 and options.expected_issuer == "Example Corp CA"
        assert options.resolve == ("192.0.2.10", "2001:db8::11")
    same = ("target", "ca_file", "client_cert", "client_key", "dns_server", "timeout_s", "thresholds",
            "expected_issuer", "token_audience", "token_issuer", "server_name", "probes", "udp_port_override",
            "language", "resolve")
    assert {k: getattr(cli, k) for k in same} == {k: getattr(app, k) for k in same}
    assert dataclasses.replace(cli, token=None) == dataclasses.replace(app, token=None)
