"""From a profile plus what the user gave (CLI flags or the app's form) to DiagnoseOptions, in one place.

The CLI and the app both call ``options_from_profile``, so a profile key can never
work in one and silently do nothing in the other (a test feeds both every key).
What the user gave wins over the profile; the profile wins over the defaults.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from t3gui.core.model import DEFAULT_PORT, DEFAULT_UDP_PORT, Tier
from t3gui.core.options import DiagnoseOptions
from t3gui.core.profile import Profile
from t3gui.core.secret import Secret
from t3gui.core.target import parse_target
from t3gui.core.text.words import Foreign, KeyedError, os_reason
from t3gui.core.thresholds import Thresholds

DEFAULT_TIMEOUT_S = 3.0
DEFAULT_PROBES = 20
DEFAULT_AUDIENCE = "t3"  # the spec's default server checks it; so does the local token check


class OptionsError(KeyedError, ValueError):
    """The profile and the user's input do not make a runnable diagnosis (one sentence why, an
    ``options.`` key of t3gui.core.text.profile)."""


@dataclass(frozen=True)
class Given:
    """What the user gave beside the profile; None means "not given", so the profile decides."""

    target: str | None = None
    port: int | None = None
    udp_port: int | None = None
    token: Secret | None = None
    token_file: Path | None = None
    ca_file: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    dns_server: str | None = None
    tier: str | None = None
    stop_early: bool | None = None
    timeout_s: float | None = None
    language: str | None = None
    expected_issuer: str | None = None
    server_name: str | None = None
    probes: int | None = None
    resolve: tuple[str, ...] | None = None  # addresses for the target instead of DNS (--resolve)
    thresholds: Thresholds | None = None  # the app's remembered thresholds; a profile's win over them
    # The app's token field already shows the profile's token (or the user removed it): it alone decides.
    token_from_profile: bool = True


def _read_token_file(path: Path) -> Secret:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise OptionsError("options.token.unreadable", path=path, reason=os_reason(exc)) from None
    except UnicodeDecodeError as exc:
        raise OptionsError("options.token.unreadable", path=path, reason=Foreign(str(exc))) from None
    if not text:
        raise OptionsError("options.token.empty", path=path)
    return Secret(text)


def options_from_profile(profile: Profile | None, given: Given,
                         read_token: Callable[[Path], Secret] = _read_token_file) -> DiagnoseOptions:
    def pick(value: object, section: str, key: str) -> object:
        return value if value is not None else (profile.get(section, key) if profile else None)

    def path(value: Path | None, section: str, key: str) -> Path | None:
        return value if value is not None else (profile.path_value(section, key) if profile else None)

    host = pick(given.target, "target", "host")
    if not host:
        raise OptionsError("options.target.none")
    # An explicit port wins, then one written in the target itself, then the profile's, then the default.
    profile_port, udp_port = pick(None, "target", "port"), pick(given.udp_port, "target", "udp_port")
    target = parse_target(str(host), given.port, given.udp_port,
                          profile_port if isinstance(profile_port, int) else DEFAULT_PORT,
                          udp_port if isinstance(udp_port, int) else DEFAULT_UDP_PORT)
    token = given.token
    token_file = path(given.token_file, "auth", "token_file") if given.token_from_profile else given.token_file
    if token is None and token_file is not None:
        token = read_token(token_file)
    tier = str(pick(given.tier, "diagnosis", "tier") or Tier.ADVANCED.value)
    if tier not in {t.value for t in Tier}:
        raise OptionsError("options.tier", tier=tier)
    stop_early = given.stop_early if given.stop_early is not None else (
        profile.get("diagnosis", "stop_early") is not False if profile else True)
    timeout = pick(given.timeout_s, "diagnosis", "timeout_s")
    probes = pick(given.probes, "diagnosis", "probes")
    has_thresholds = profile is not None and bool(profile.values.get("thresholds"))
    thresholds = (profile.thresholds() if profile is not None and has_thresholds
                  else given.thresholds or Thresholds())
    audience = profile.get("auth", "audience") if profile else None
    issuer = profile.get("auth", "issuer") if profile else None
    return DiagnoseOptions(
        target=target, tier=Tier(tier), stop_early=stop_early, token=token,
        ca_file=path(given.ca_file, "tls", "ca_file"), client_cert=path(given.client_cert, "tls", "client_cert"),
        client_key=path(given.client_key, "tls", "client_key"),
        dns_server=_optional_str(pick(given.dns_server, "diagnosis", "dns_server")),
        timeout_s=float(timeout) if isinstance(timeout, int | float) else DEFAULT_TIMEOUT_S,
        language=str(pick(given.language, "diagnosis", "language") or "en"), thresholds=thresholds,
        expected_issuer=_optional_str(pick(given.expected_issuer, "tls", "expected_issuer")),
        token_audience=str(audience) if audience else DEFAULT_AUDIENCE,
        token_issuer=_optional_str(issuer),
        server_name=_optional_str(pick(given.server_name, "target", "server_name")),
        probes=int(probes) if isinstance(probes, int) else DEFAULT_PROBES,
        udp_port_override=target.udp_port if isinstance(udp_port, int) else None,
        resolve=resolve_addresses(given.resolve if given.resolve is not None else pick(None, "target", "resolve")),
    )


def resolve_addresses(values: object) -> tuple[str, ...]:
    """The addresses given for the target instead of a lookup: IP literals (at most as many as
    t3gui diagnoses side by side), each once, in the order given."""
    from t3gui.core.nodes import MAX_NODES

    if values is None:
        return ()
    if not isinstance(values, list | tuple):
        raise OptionsError("options.resolve.not_list")
    out: list[str] = []
    for value in values:
        text = str(value).strip()
        if text.startswith("[") and text.endswith("]"):  # [IPv6], as a URL writes it
            text = text[1:-1]
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise OptionsError("options.resolve.not_ip", value=str(value)[:80]) from None
        if getattr(address, "scope_id", None):
            raise OptionsError("options.resolve.zone", value=str(value)[:80])
        if str(address) not in out:
            out.append(str(address))
    if len(out) > MAX_NODES:
        raise OptionsError("options.resolve.too_many", count=len(out), most=MAX_NODES)
    return tuple(out)


def _optional_str(value: object) -> str | None:
    return str(value) if value else None
