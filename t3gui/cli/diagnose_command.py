"""`t3gui diagnose`: the tiered diagnosis without a window (contract: shared/spec/diagnosis.md)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import ssl
import sys
import tempfile
from pathlib import Path
from typing import Any

from t3gui.cli import argtypes
from t3gui.cli.connection_options import add_login_options
from t3gui.cli.errors import Foreign, UsageError, Words, check_demo_scenario, os_reason
from t3gui.cli.text_report import exit_status, progress_line, render
from t3gui.core.catalog import LANGUAGES
from t3gui.core.model import Report, Tier
from t3gui.core.options import DiagnoseOptions
from t3gui.core.profile import Profile, ProfileError, load_profile
from t3gui.core.profile_options import Given, OptionsError, options_from_profile
from t3gui.core.secret import Secret
from t3gui.core.target import TargetError, check_port, parse_target
from t3gui.protocol import jwt
from t3gui.protocol.errors import TokenError


def add_parser(sub: Any) -> None:
    p = sub.add_parser("diagnose", help="run the tiered diagnosis without a window and report",
                       description="Find out why a T3 client cannot log in. Exit status: 0 no critical finding, "
                                   "1 a critical finding, 2 bad usage or input, 3 an internal error, 4 inconclusive "
                                   "(nothing critical, but something could not be checked).")
    p.add_argument("target", nargs="?", help="HOST, HOST:PORT or [IPv6]:PORT; a pasted URL such as "
                   "https://t3.example.com:4433/login works too (scheme and path are dropped)")
    p.add_argument("--port", help="control (TCP) port, default 12345")
    p.add_argument("--udp-port", help="data (UDP) port, default 12346")
    p.add_argument("--tier", choices=[t.value for t in Tier], help="how deep to go (default advanced, stopping "
                                                                   "early where a lower tier found the cause)")
    p.add_argument("--all-tiers", action="store_true", help="do not stop early; run every tier asked for")
    add_login_options(p)
    p.add_argument("--expected-issuer", help="the CA name expected to issue the server certificate")
    p.add_argument("--dns-server", help="ask this resolver (IP, IP:PORT or [IPv6]:PORT) too, and compare")
    p.add_argument("--resolve", action="append", metavar="ADDR",
                   help="use this address for the target instead of asking DNS (repeatable: several servers "
                        "behind the name are each diagnosed); like curl's --resolve")
    p.add_argument("--timeout", help="per-probe timeout in seconds (default 3)")
    p.add_argument("--probes", help="heartbeats and pings per series (default 20)")
    p.add_argument("--json", action="store_true", help="print the JSON report on stdout and nothing else")
    p.add_argument("--bundle", type=Path, metavar="FILE.zip", help="also write a diagnostic bundle")
    p.add_argument("--pseudonymize", action="store_true",
                   help="replace host names, addresses and user names in the bundle (mapping kept beside it)")
    p.add_argument("--seal-to", action="append", default=[], metavar="AGE_RECIPIENT",
                   help="encrypt the bundle to the help desk's age public key (repeatable)")
    p.add_argument("--passphrase-file", type=Path, help="encrypt the bundle with the passphrase in this file")
    p.add_argument("--lang", choices=list(LANGUAGES), help="language of summaries and remediation (default en)")
    p.add_argument("--profile", help="TOML profile with target, CA, token location and thresholds")
    p.add_argument("--demo", action="store_true", help="diagnose an embedded lab server playing --scenario")
    p.add_argument("--scenario", default="healthy", help="demo scenario; 'list' lists them")
    p.set_defaults(handler=run)


def _readable(value: str | Path | None, option: str | None = None, profile_key: str | None = None) -> Path | None:
    """The file ``value`` names, checked; a bad one is named as the ``option`` or the profile's key that gave it."""
    if value is None:
        return None
    try:
        return argtypes.readable_file(str(value))
    except argtypes.BadValue as exc:
        if option is not None:
            raise UsageError("usage.option.problem", option=option, problem=exc.words) from None
        raise UsageError("usage.profile_key.problem", key=profile_key, problem=exc.words) from None


def load_profile_or_say(text: str | None) -> Profile | None:
    """The profile ``--profile`` names, or None; a file that cannot be read is said in the user's language."""
    if not text:
        return None
    path = Path(text)
    try:
        return load_profile(path)
    except ProfileError as exc:
        try:
            path.open("rb").close()
        except OSError as os_error:
            raise UsageError("usage.profile.unreadable", path=path, reason=os_reason(os_error)) from None
        raise UsageError("usage.profile.bad", problem=exc) from None


def read_token(path: Path) -> Secret:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        raise UsageError("usage.token.not_text", path=path) from None
    except OSError as exc:
        raise UsageError("usage.token.unreadable", path=path, reason=os_reason(exc)) from None
    if not text:
        raise UsageError("usage.token.empty", path=path)
    try:
        jwt.decode(text)
    except TokenError as exc:
        raise UsageError("usage.token.not_jwt", path=path, detail=Foreign(exc.detail)) from None
    return Secret(text)


def check_ca_file(path: Path) -> None:
    data = path.read_bytes()
    if b"-----BEGIN CERTIFICATE-----" not in data:
        raise UsageError("usage.ca.no_pem", path=path)
    try:
        ssl.create_default_context().load_verify_locations(cafile=str(path))
    except ssl.SSLError as exc:
        raise UsageError("usage.ca.unusable", path=path, reason=Foreign(str(exc.reason or exc))) from None


# OpenSSL's reasons a user can act on, said in words; any other is quoted as OpenSSL gives it.
CLIENT_CERT_REASONS = {"KEY_VALUES_MISMATCH": "usage.client_cert.mismatch"}


def check_client_cert(cert: Path, key: Path | None) -> None:
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_cert_chain(str(cert), str(key) if key else None)
    except ssl.SSLError as exc:
        if not exc.reason or exc.reason in ("PEM_LIB", "NO_START_LINE"):  # "[SSL] PEM lib": no PEM in it
            raise UsageError("usage.client_cert.not_pem", cert=cert) from None
        known = CLIENT_CERT_REASONS.get(str(exc.reason))
        reason = Words(known) if known else Foreign(str(exc.reason or exc))
        raise UsageError("usage.client_cert.unusable", cert=cert, reason=reason) from None


def _number(text: str | None, option: str, low: float, high: float, default: float) -> float:
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise UsageError("usage.number.nan", option=option, text=text) from None
    if not low <= value <= high:
        # Plain digits, never 3.1536e+08: the limits are what a user types back.
        raise UsageError("usage.number.range", option=option, value=f"{value:.10g}", low=f"{low:.10g}",
                         high=f"{high:.10g}")
    return value


def build_options(args: argparse.Namespace, profile: Profile | None) -> DiagnoseOptions:
    """The flags checked one by one (each bad one is one sentence), then the profile filled in
    underneath by ``options_from_profile``, the same function the app uses."""
    def from_profile(section: str, key: str) -> Any:
        return profile.get(section, key) if profile else None

    def readable(flag: str | None, option: str, section: str, key: str) -> Path | None:
        return _readable(flag, option) or (
            _readable(profile.path_value(section, key), profile_key=key) if profile else None)

    host = args.target or from_profile("target", "host")
    if not host:
        raise UsageError("usage.target.none")
    try:
        port = check_port(args.port) if args.port is not None else None
        udp_port = check_port(args.udp_port, "UDP port") if args.udp_port is not None else None
        parse_target(str(host), port, udp_port)
    except TargetError as exc:
        raise UsageError("usage.target.bad", problem=exc) from None
    token_path = readable(args.token_file, "--token-file", "auth", "token_file")
    ca_file = readable(args.ca_file, "--ca-file", "tls", "ca_file")
    client_cert = readable(args.client_cert, "--client-cert", "tls", "client_cert")
    client_key = readable(args.client_key, "--client-key", "tls", "client_key")
    if ca_file:
        check_ca_file(ca_file)
    if client_key and not client_cert:
        raise UsageError("usage.client_key.alone")
    if client_cert:
        check_client_cert(client_cert, client_key)
    dns_server = args.dns_server or from_profile("diagnosis", "dns_server")
    if dns_server:
        from t3gui.checks.dns_check import split_server

        try:
            split_server(dns_server)
        except ValueError:
            raise UsageError("usage.dns_server.bad", server=dns_server) from None
    language = args.lang or from_profile("diagnosis", "language") or "en"
    if language not in LANGUAGES:
        raise UsageError("usage.language.unknown", language=language, languages=", ".join(LANGUAGES))
    given = Given(
        target=args.target, port=port, udp_port=udp_port, token_file=token_path, ca_file=ca_file,
        client_cert=client_cert, client_key=client_key, dns_server=args.dns_server, tier=args.tier,
        stop_early=False if args.all_tiers else None, language=args.lang,
        timeout_s=_number(args.timeout, "--timeout", 0.05, 120, 0) if args.timeout is not None else None,
        expected_issuer=args.expected_issuer, server_name=args.server_name,
        probes=int(_number(args.probes, "--probes", 1, 10000, 0)) if args.probes is not None else None,
        resolve=_resolve(args.resolve))
    try:
        return options_from_profile(profile, given, read_token)
    except TargetError as exc:
        raise UsageError("usage.target.bad", problem=exc) from None
    except OptionsError as exc:
        raise UsageError("usage.options.bad", problem=exc) from None


def _resolve(values: list[str] | None) -> tuple[str, ...] | None:
    """--resolve ADDR (repeatable; "A,B" also works): checked here, by the rules of
    ``resolve_addresses``, so a bad one is named as the flag in the user's language."""
    if not values:
        return None
    import ipaddress

    from t3gui.core.nodes import MAX_NODES
    from t3gui.core.profile_options import resolve_addresses

    items = [item for value in values for item in value.split(",") if item.strip()]
    if not items:  # an empty --resolve must not quietly fall back to asking DNS
        raise UsageError("usage.resolve.empty")
    unique: set[str] = set()
    for item in items:
        text = item.strip()
        try:
            address = ipaddress.ip_address(text[1:-1] if text.startswith("[") and text.endswith("]") else text)
        except ValueError:
            raise UsageError("usage.resolve.not_ip", value=item[:80]) from None
        if getattr(address, "scope_id", None):
            raise UsageError("usage.resolve.zone", value=item[:80])
        unique.add(str(address))
    if len(unique) > MAX_NODES:
        raise UsageError("usage.resolve.too_many", count=len(unique), most=MAX_NODES)
    try:
        return resolve_addresses(items)
    except OptionsError as exc:  # a rule added there and not here: still one sentence
        raise UsageError("usage.options.bad", problem=exc) from None


@dataclasses.dataclass
class Run:
    report: Report
    samples: list[tuple[str, int, float, float | None]]
    log_text: str


async def diagnose(options: DiagnoseOptions, quiet: bool = False) -> Run:
    from t3gui.checks.registry import CHECKS
    from t3gui.core.engine import Engine
    from t3gui.core.events import Sample
    from t3gui.core.run_log import capture_log

    engine = Engine(CHECKS, options)
    samples: list[tuple[str, int, float, float | None]] = []
    with capture_log() as log_lines:
        async for event in engine.events():
            if isinstance(event, Sample):
                samples.append((event.series, event.seq, event.t_s, event.rtt_ms))
            line = None if quiet else progress_line(event, options.language)
            if line:
                print(line, file=sys.stderr, flush=True)
    assert engine.report is not None
    return Run(engine.report, samples, "\n".join(log_lines))


async def _demo(args: argparse.Namespace, base: DiagnoseOptions | None) -> tuple[Run, DiagnoseOptions]:
    from t3gui.lab.pki import write_demo_pki
    from t3gui.lab.scenarios import BY_NAME, play

    scenario = BY_NAME[args.scenario]
    with tempfile.TemporaryDirectory(prefix="t3gui-demo-") as tmp:
        pki = write_demo_pki(Path(tmp), "localhost")
        async with play(scenario, pki, base) as options:
            return await diagnose(options), options


def write_bundle_file(args: argparse.Namespace, run_: Run, options: DiagnoseOptions) -> None:
    from t3gui.core.bundle.seal import SealError, seal
    from t3gui.core.bundle.writer import BundleContent, samples_from_events, save_bundle, write_bundle

    passphrase = None
    if args.passphrase_file is not None:
        try:
            passphrase = args.passphrase_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError("usage.passphrase.unreadable", path=args.passphrase_file, reason=os_reason(exc)) from None
        except UnicodeDecodeError as exc:
            raise UsageError("usage.passphrase.unreadable", path=args.passphrase_file,
                             reason=Foreign(str(exc))) from None
    known = [s for s in (options.token.reveal() if options.token else None, passphrase) if s]
    from t3gui.checks.environment import collect as collect_environment

    content = BundleContent(run_.report, samples_from_events(run_.samples), log_text=run_.log_text,
                            environment=collect_environment())
    data, mapping = write_bundle(content, pseudonymize=args.pseudonymize, secrets=known)
    if args.seal_to or passphrase:
        try:
            data = seal(data, args.seal_to, passphrase)
        except SealError as exc:
            raise UsageError("usage.seal.bad", problem=exc) from None
    try:
        save_bundle(args.bundle, data, mapping)  # the map stays on this machine, beside the bundle
    except OSError as exc:
        raise UsageError("usage.bundle.unwritable", path=args.bundle, reason=os_reason(exc)) from None
    print(f"bundle written to {args.bundle} ({len(data) // 1024} KiB)", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.demo:
        from t3gui.lab.scenarios import SCENARIOS

        if args.scenario == "list":
            for s in SCENARIOS:
                print(f"{s.name:<26} {s.expect.value if s.expect else 'healthy':<26} {s.description}")
            return 0
        check_demo_scenario(args.scenario)
        base = DiagnoseOptions(target=parse_target("127.0.0.1"), language=args.lang or "en",
                               timeout_s=_number(args.timeout, "--timeout", 0.05, 120, 3.0),
                               tier=Tier(args.tier or "advanced"), stop_early=not args.all_tiers)
        run_, options = asyncio.run(_demo(args, base))
    else:
        options = build_options(args, load_profile_or_say(args.profile))
        run_ = asyncio.run(diagnose(options))
    report = run_.report
    if args.bundle is not None:
        write_bundle_file(args, run_, options)
    if args.json:
        from t3gui.core import report_json

        print(report_json.dumps(report))
    else:
        print(render(report), end="")
    return exit_status(report)


