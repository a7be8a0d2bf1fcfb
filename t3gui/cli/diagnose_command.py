"""`t3gui diagnose`: the tiered diagnosis without a window (contract: shared/spec/diagnosis.md)."""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl
import sys
import tempfile
from pathlib import Path
from typing import Any

from t3gui.cli import argtypes
from t3gui.cli.errors import UsageError
from t3gui.cli.text_report import exit_status, progress_line, render
from t3gui.core.catalog import LANGUAGES
from t3gui.core.model import Report, Tier
from t3gui.core.options import DiagnoseOptions
from t3gui.core.profile import Profile, ProfileError, load_profile
from t3gui.core.secret import Secret
from t3gui.core.target import TargetError, check_port, parse_target
from t3gui.core.thresholds import Thresholds
from t3gui.protocol import jwt
from t3gui.protocol.errors import TokenError


def add_parser(sub: Any) -> None:
    p = sub.add_parser("diagnose", help="run the tiered diagnosis without a window and report",
                       description="Find out why a T3 client cannot log in. Exit status: 0 no critical finding, "
                                   "1 a critical finding, 2 bad usage or input, 3 an internal error.")
    p.add_argument("target", nargs="?", help="HOST, HOST:PORT or [IPv6]:PORT")
    p.add_argument("--port", help="control (TCP) port, default 12345")
    p.add_argument("--udp-port", help="data (UDP) port, default 12346")
    p.add_argument("--tier", choices=[t.value for t in Tier], help="how deep to go (default advanced, stopping "
                                                                   "early where a lower tier found the cause)")
    p.add_argument("--all-tiers", action="store_true", help="do not stop early; run every tier asked for")
    p.add_argument("--token-file", help="a file holding the user's JWT")
    p.add_argument("--ca-file", help="PEM bundle of extra trusted roots (a company CA)")
    p.add_argument("--client-cert", help="client certificate (PEM) for mutual TLS")
    p.add_argument("--client-key", help="private key of --client-cert (PEM)")
    p.add_argument("--server-name", help="name to expect on the server certificate, if not the host")
    p.add_argument("--expected-issuer", help="the CA name expected to issue the server certificate")
    p.add_argument("--dns-server", help="ask this resolver (IP, IP:PORT or [IPv6]:PORT) too, and compare")
    p.add_argument("--timeout", help="per-probe timeout in seconds (default 3)")
    p.add_argument("--probes", help="heartbeats and pings per series (default 20)")
    p.add_argument("--json", action="store_true", help="print the JSON report on stdout and nothing else")
    p.add_argument("--lang", choices=list(LANGUAGES), help="language of summaries and remediation (default en)")
    p.add_argument("--profile", help="TOML profile with target, CA, token location and thresholds")
    p.add_argument("--demo", action="store_true", help="diagnose an embedded lab server playing --scenario")
    p.add_argument("--scenario", default="healthy", help="demo scenario; 'list' lists them")
    p.set_defaults(handler=run)


def _readable(value: str | Path | None, what: str) -> Path | None:
    if value is None:
        return None
    try:
        return argtypes.readable_file(str(value))
    except argparse.ArgumentTypeError as exc:
        raise UsageError(f"{what}: {exc}") from None


def read_token(path: Path) -> Secret:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        raise UsageError(f"the token file {path} is not text") from None
    except OSError as exc:
        raise UsageError(f"cannot read the token file {path}: {exc.strerror}") from None
    if not text:
        raise UsageError(f"the token file {path} is empty")
    try:
        jwt.decode(text)
    except TokenError as exc:
        raise UsageError(f"the token file {path} does not hold a JWT ({exc.detail})") from None
    return Secret(text)


def check_ca_file(path: Path) -> None:
    data = path.read_bytes()
    if b"-----BEGIN CERTIFICATE-----" not in data:
        raise UsageError(f"the CA file {path} holds no PEM certificate")
    try:
        ssl.create_default_context().load_verify_locations(cafile=str(path))
    except ssl.SSLError as exc:
        raise UsageError(f"the CA file {path} cannot be used: {exc.reason or exc}") from None


def check_client_cert(cert: Path, key: Path | None) -> None:
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_cert_chain(str(cert), str(key) if key else None)
    except ssl.SSLError as exc:
        raise UsageError(f"the client certificate {cert} and its key cannot be used: {exc.reason or exc}") from None


def _number(text: str | None, what: str, low: float, high: float, default: float) -> float:
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{what} {text!r} is not a number") from None
    if not low <= value <= high:
        raise UsageError(f"{what} {value:g} is outside {low:g}-{high:g}")
    return value


def build_options(args: argparse.Namespace, profile: Profile | None) -> DiagnoseOptions:
    def pick(cli: Any, section: str, key: str) -> Any:
        return cli if cli is not None else (profile.get(section, key) if profile else None)

    host = pick(args.target, "target", "host")
    if not host:
        raise UsageError("no target given (a HOST, HOST:PORT or [IPv6]:PORT, or a profile with [target] host)")
    try:
        port = pick(args.port, "target", "port")
        udp_port = pick(args.udp_port, "target", "udp_port")
        target = parse_target(str(host), None if port is None else check_port(port),
                              None if udp_port is None else check_port(udp_port, "UDP port"))
    except TargetError as exc:
        raise UsageError(str(exc)) from None
    token_path = _readable(args.token_file, "--token-file") or (
        _readable(profile.path_value("auth", "token_file"), "the profile's token_file") if profile else None)
    ca_file = _readable(args.ca_file, "--ca-file") or (
        _readable(profile.path_value("tls", "ca_file"), "the profile's ca_file") if profile else None)
    client_cert = _readable(args.client_cert, "--client-cert") or (
        _readable(profile.path_value("tls", "client_cert"), "the profile's client_cert") if profile else None)
    client_key = _readable(args.client_key, "--client-key") or (
        _readable(profile.path_value("tls", "client_key"), "the profile's client_key") if profile else None)
    if ca_file:
        check_ca_file(ca_file)
    if client_key and not client_cert:
        raise UsageError("--client-key needs --client-cert")
    if client_cert:
        check_client_cert(client_cert, client_key)
    dns_server = pick(args.dns_server, "diagnosis", "dns_server")
    if dns_server:
        from t3gui.checks.dns_check import split_server

        try:
            split_server(dns_server)
        except ValueError:
            raise UsageError(f"--dns-server {dns_server!r} is not an IP address (IP, IP:PORT or [IPv6]:PORT)") from None
    tier = pick(args.tier, "diagnosis", "tier") or "advanced"
    if tier not in {t.value for t in Tier}:
        raise UsageError(f"tier {tier!r} is not basic, intermediate or advanced")
    language = pick(args.lang, "diagnosis", "language") or "en"
    if language not in LANGUAGES:
        raise UsageError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    profile_timeout = profile.get("diagnosis", "timeout_s") if profile else None
    stop_early = not args.all_tiers and (profile.get("diagnosis", "stop_early") is not False if profile else True)
    return DiagnoseOptions(
        target=target, tier=Tier(tier), stop_early=stop_early,
        token=read_token(token_path) if token_path else None,
        ca_file=ca_file, client_cert=client_cert, client_key=client_key, dns_server=dns_server,
        timeout_s=_number(args.timeout, "--timeout", 0.05, 120, float(profile_timeout or 3.0)),
        language=language, thresholds=profile.thresholds() if profile else Thresholds(),
        expected_issuer=pick(args.expected_issuer, "tls", "expected_issuer"),
        token_audience=(profile.get("auth", "audience") if profile and profile.get("auth", "audience") else "t3"),
        token_issuer=profile.get("auth", "issuer") if profile else None,
        server_name=pick(args.server_name, "target", "server_name"),
        probes=int(_number(args.probes, "--probes", 1, 10000, float(pick(None, "diagnosis", "probes") or 20))),
        udp_port_override=target.udp_port if udp_port is not None else None,
    )


async def diagnose(options: DiagnoseOptions, quiet: bool = False) -> Report:
    from t3gui.checks.registry import CHECKS
    from t3gui.core.engine import Engine

    engine = Engine(CHECKS, options)
    async for event in engine.events():
        line = None if quiet else progress_line(event, options.language)
        if line:
            print(line, file=sys.stderr, flush=True)
    assert engine.report is not None
    return engine.report


async def _demo(args: argparse.Namespace, base: DiagnoseOptions | None) -> Report:
    from t3gui.lab.pki import write_demo_pki
    from t3gui.lab.scenarios import BY_NAME, play

    scenario = BY_NAME[args.scenario]
    with tempfile.TemporaryDirectory(prefix="t3gui-demo-") as tmp:
        pki = write_demo_pki(Path(tmp), "localhost")
        async with play(scenario, pki, base) as options:
            return await diagnose(options)


def run(args: argparse.Namespace) -> int:
    if args.demo:
        from t3gui.lab.scenarios import BY_NAME, SCENARIOS

        if args.scenario == "list":
            for s in SCENARIOS:
                print(f"{s.name:<26} {s.expect.value if s.expect else 'healthy':<26} {s.description}")
            return 0
        if args.scenario not in BY_NAME:
            raise UsageError(f"unknown scenario {args.scenario!r}; `t3gui diagnose --demo --scenario list` lists them")
        base = DiagnoseOptions(target=parse_target("127.0.0.1"), language=args.lang or "en",
                               timeout_s=_number(args.timeout, "--timeout", 0.05, 120, 3.0),
                               tier=Tier(args.tier or "advanced"), stop_early=not args.all_tiers)
        report = asyncio.run(_demo(args, base))
    else:
        try:
            profile = load_profile(Path(args.profile)) if args.profile else None
        except ProfileError as exc:
            raise UsageError(str(exc)) from None
        options = build_options(args, profile)
        report = asyncio.run(diagnose(options))
    if args.json:
        from t3gui.core.report_json import to_json

        print(json.dumps(to_json(report), ensure_ascii=False, indent=2))
    else:
        print(render(report), end="")
    return exit_status(report)


