"""Pseudonyms for host names, addresses, MAC addresses and user names, consistent within a bundle.

The mapping stays on the customer's machine (the writer returns it; the app
saves it beside the bundle, never inside it).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterable
from typing import Any

from t3gui.core.check_data import (
    AuthServerData,
    CertificateData,
    DnsData,
    TcpConnectData,
    TlsHandshakeData,
    TokenData,
    TraceData,
)

MAC = re.compile(r"\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


class Pseudonymizer:
    def __init__(self) -> None:
        self.mapping: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._kinds: dict[str, str] = {}
        self._patterns: list[tuple[re.Pattern[str], dict[str, str]]] | None = None

    def _name(self, kind: str) -> str:
        self._counts[kind] = self._counts.get(kind, 0) + 1
        n = self._counts[kind]
        return {"host": f"host-{n}.invalid", "user": f"user-{n}", "mac": f"mac-{n}",
                "ipv4": f"198.18.{n // 250}.{n % 250 + 1}", "ipv6": f"2001:db8::{n:x}"}[kind]

    def add(self, value: str, kind: str) -> None:
        value = value.strip()
        if not value or value in self.mapping or value in self.mapping.values():
            return
        if kind in ("address", "host"):
            # A target typed as an address stays an address ("198.18.0.2 is an address", never
            # "host-1.invalid is an address"); a name stays a name.
            try:
                kind = "ipv6" if ipaddress.ip_address(value).version == 6 else "ipv4"
            except ValueError:
                kind = "host"
        self.mapping[value] = self._name(kind)
        self._kinds[value] = kind
        self._patterns = None

    def add_all(self, values: Iterable[str], kind: str) -> None:
        for value in values:
            self.add(value, kind)

    def _compile(self) -> list[tuple[re.Pattern[str], dict[str, str]]]:
        """Host names match in any case; user names exactly (so 'root' spares 'Root CA'); whole words."""
        out = []
        for flags, kinds in ((re.IGNORECASE, {"host", "ipv4", "ipv6", "mac"}), (0, {"user"})):
            keys = sorted((k for k, kind in self._kinds.items() if kind in kinds), key=len, reverse=True)
            if keys:
                table = {(k.lower() if flags else k): self.mapping[k] for k in keys}
                pattern = re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])", flags)
                out.append((pattern, table))
        return out

    def text(self, text: str) -> str:
        text = MAC.sub(lambda m: self._mac(m.group(0)), text)
        if self._patterns is None:
            self._patterns = self._compile()
        for pattern, table in self._patterns:
            text = pattern.sub(functools.partial(_lookup, table, bool(pattern.flags & re.IGNORECASE)), text)
        return text

    def _mac(self, mac: str) -> str:
        key = mac.lower().replace("-", ":")
        if key not in self.mapping:
            self.mapping[key] = self._name("mac")
            self._kinds[key] = "mac"
        return self.mapping[key]

    def value(self, obj: Any) -> Any:
        """The same JSON-like value with every string (keys too) pseudonymized."""
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, dict):
            return {self.text(str(k)): self.value(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [self.value(v) for v in obj]
        return obj


def _lookup(table: dict[str, str], ignore_case: bool, match: re.Match[str]) -> str:
    return table[match.group(0).lower() if ignore_case else match.group(0)]


def identifying_values(report_doc: dict[str, Any], environment: dict[str, Any]) -> dict[str, set[str]]:
    """What to hide: the target, every address and name the checks saw, users in the token and the OS.

    The check data is read through its types (a data that does not have its check's shape is a
    DataFormatError: better no bundle than one that shows what it should hide); the rewrite that
    follows works on the JSON, every string of it."""
    import getpass

    hosts = {report_doc["target"]["host"]}
    addresses: set[str] = set()
    users: set[str] = set()
    for check in report_doc["checks"]:
        check_id, data = str(check["id"]), check.get("data") or {}
        if (dns := DnsData.parse_json(check_id, data)) is not None:
            addresses.update(dns.addresses + dns.resolver_addresses)
        if (tcp := TcpConnectData.parse_json(check_id, data)) is not None:
            addresses.update(e.address for e in tcp.endpoints)
        if (trace := TraceData.parse_json(check_id, data)) is not None:
            addresses.update(trace.hop_addresses)
        if (tls := TlsHandshakeData.parse_json(check_id, data)) is not None:
            hosts.add(tls.server_name)
        if (certificate := CertificateData.parse_json(check_id, data)) is not None:
            hosts.update(n for n in certificate.names if not IPV4.fullmatch(n))
        if (token := TokenData.parse_json(check_id, data)) is not None and token.user is not None:
            users.add(token.user)
        if (login := AuthServerData.parse_json(check_id, data)) is not None and login.user is not None:
            users.add(login.user)
    for finding in report_doc["findings"]:
        ev = finding.get("evidence", {})
        for key in ("user", "client_subject"):
            if isinstance(ev.get(key), str):
                users.add(ev[key])
    addresses.update(s for s in environment.get("routes", {}).values() if s)
    addresses.update(environment.get("dns", {}).get("nameservers", []))
    try:
        users.add(getpass.getuser())
    except (KeyError, OSError):
        pass
    return {"host": {h for h in hosts if h}, "address": {a for a in addresses if a}, "user": {u for u in users if u}}
