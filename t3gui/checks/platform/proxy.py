"""Proxy settings: environment variables everywhere, WinINet/WinHTTP on Windows,
`scutil --proxy` on macOS. Credentials inside proxy URLs are dropped on reading.

Read here rather than with urllib.request.getproxies(): that answers one merged
mapping, without where each setting came from (which PROXY_CONFIGURED names),
without the PAC address or WinHTTP's machine-wide proxy, and on macOS through
the private _scproxy. NO_PROXY itself is matched by urllib's own rules.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from urllib.request import proxy_bypass_environment  # type: ignore[attr-defined]  # public, not in typeshed

ENV_NAMES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy")


@dataclass(frozen=True)
class ProxySetting:
    proxy: str  # without credentials
    source: str  # "environment", "WinINet", "WinHTTP", "scutil", "PAC"
    bypass: tuple[str, ...] = ()


def strip_credentials(url: str) -> str:
    """'http://user:pw@proxy:3128' -> 'http://proxy:3128': no user, password, query or fragment."""
    candidate = url if "://" in url else f"http://{url}"
    try:
        parts = urlsplit(candidate)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<unparsable proxy setting>"
    if ":" in host:
        host = f"[{host}]"
    shown = urlunsplit((parts.scheme, f"{host}{port}", parts.path, "", ""))
    return shown if "://" in url else shown.split("://", 1)[1]


def bypassed(host: str, setting: ProxySetting) -> bool:
    """Whether ``setting`` leaves ``host`` alone, by the rules of the place it came from."""
    if setting.source == "environment":
        # NO_PROXY as Python's own HTTP clients read it ("*", suffixes, ports, leading dots).
        return bool(setting.bypass) and bool(proxy_bypass_environment(host, {"no": ",".join(setting.bypass)}))
    return bypassed_by_list(host, setting.bypass)


def bypassed_by_list(host: str, bypass: tuple[str, ...]) -> bool:
    """WinINet's ProxyOverride and macOS's ExceptionsList: shell wildcards, and ``<local>`` for dotless names."""
    host = host.lower()
    for entry in (e.strip().lower() for e in bypass):
        if not entry:
            continue
        if entry == "<local>":
            if "." not in host and ":" not in host:
                return True
        elif fnmatch.fnmatchcase(host, entry) or (not entry.startswith("*") and (
                host == entry.lstrip(".") or host.endswith("." + entry.lstrip(".")))):
            return True
    return False


def from_environment(env: Mapping[str, str]) -> list[ProxySetting]:
    no_proxy = env.get("no_proxy") or env.get("NO_PROXY") or ""
    bypass = tuple(e.strip() for e in no_proxy.split(",") if e.strip())
    seen: list[ProxySetting] = []
    for name in ENV_NAMES:
        value = env.get(name, "").strip()
        if value and all(s.proxy != strip_credentials(value) for s in seen):
            seen.append(ProxySetting(strip_credentials(value), "environment", bypass))
    return seen


def parse_scutil(text: str) -> list[ProxySetting]:
    """Output of macOS `scutil --proxy`."""
    values = dict(re.findall(r"^\s*(\w+)\s*:\s*(.*?)\s*$", text, re.MULTILINE))
    exceptions = tuple(re.findall(r"^\s*\d+\s*:\s*(\S+)\s*$", text.split("ExceptionsList", 1)[1], re.MULTILINE)
                       ) if "ExceptionsList" in text else ()
    out = []
    for kind in ("HTTPS", "HTTP", "SOCKS"):
        if values.get(f"{kind}Enable") == "1" and values.get(f"{kind}Proxy"):
            port = values.get(f"{kind}Port")
            out.append(ProxySetting(f"{kind.lower()}://{values[f'{kind}Proxy']}" + (f":{port}" if port else ""),
                                    "scutil", exceptions))
    if values.get("ProxyAutoConfigEnable") == "1" and values.get("ProxyAutoConfigURLString"):
        out.append(ProxySetting(strip_credentials(values["ProxyAutoConfigURLString"]), "PAC", exceptions))
    return out


def parse_wininet(enabled: int, server: str, override: str, pac: str) -> list[ProxySetting]:
    """Values of HKCU\\...\\Internet Settings: ProxyEnable, ProxyServer, ProxyOverride, AutoConfigURL."""
    bypass = tuple(filter(None, override.split(";")))
    out = []
    if enabled and server:
        # "http=proxy:80;https=proxy:443" or just "proxy:80"
        for part in server.split(";"):
            out.append(ProxySetting(strip_credentials(part.split("=", 1)[-1]), "WinINet", bypass))
    if pac:
        out.append(ProxySetting(strip_credentials(pac), "PAC", bypass))
    return out


def parse_winhttp(blob: bytes) -> list[ProxySetting]:
    """WinHttpSettings (HKLM ...\\Connections): 12-byte header, then length-prefixed proxy and bypass."""
    try:
        flags = int.from_bytes(blob[8:12], "little")
        n = int.from_bytes(blob[12:16], "little")
        server = blob[16:16 + n].decode("ascii")
        m = int.from_bytes(blob[16 + n:20 + n], "little")
        bypass = blob[20 + n:20 + n + m].decode("ascii")
    except (IndexError, UnicodeDecodeError):
        return []
    if not flags & 0x2 or not server:
        return []
    return [ProxySetting(strip_credentials(server), "WinHTTP", tuple(filter(None, bypass.split(";"))))]


def _read_windows() -> list[ProxySetting]:  # pragma: no cover - runs on Windows only
    import importlib

    winreg: Any = importlib.import_module("winreg")  # Any: typeshed hides it off Windows

    out: list[ProxySetting] = []
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER,
                            r"Software\Microsoft\Windows\CurrentVersion\Internet Settings") as key:
            def value(name: str, default: Any) -> Any:
                try:
                    return winreg.QueryValueEx(key, name)[0]
                except OSError:
                    return default
            out += parse_wininet(int(value("ProxyEnable", 0)), str(value("ProxyServer", "")),
                                 str(value("ProxyOverride", "")), str(value("AutoConfigURL", "")))
    except OSError:
        pass
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE,
                            r"SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections") as key:
            out += parse_winhttp(bytes(winreg.QueryValueEx(key, "WinHttpSettings")[0]))
    except OSError:
        pass
    return out


def _read_macos(run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run) -> list[ProxySetting]:
    try:
        result = run(["scutil", "--proxy"], capture_output=True, text=True, timeout=3)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return parse_scutil(result.stdout) if result.returncode == 0 else []


def proxy_settings(env: Mapping[str, str], platform: str = sys.platform) -> list[ProxySetting]:
    found = from_environment(env)
    if platform == "win32":
        found += _read_windows()
    elif platform == "darwin":
        found += _read_macos()
    return found
