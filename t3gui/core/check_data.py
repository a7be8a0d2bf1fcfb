"""The data of the checks whose results others read, as frozen dataclasses.

A check's data reaches the report as JSON (``CheckResult.data``); the checks, the GUI and the
bundle writer that need a field of another check's data read it through these types and never
by key: ``TcpConnectData.of(result)``, ``CertificateData.in_report(report)``. ``from_json``
validates what it reads (a bundle's report is hostile input, already cleaned of control
characters and cut to size by report_json): a wrong type or too many items is a
``DataFormatError``, and ``of`` then gives None, as for a check that did not run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Self, TypeVar

from t3gui.core.model import CheckResult, JsonObject, JsonValue, Report

MAX_ENDPOINTS = 256  # addresses behind one name that t3gui connects to
MAX_CHAIN = 32  # certificates in one chain (TLS allows more; no server sends them)
MAX_HOPS = 64  # TTLs a traceroute tries

T = TypeVar("T")


class DataFormatError(ValueError):
    """A check's data that does not have the shape its check writes (the message says where)."""


def _field(data: JsonObject, key: str, kind: type[T], where: str) -> T:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise DataFormatError(f"{where}.{key} is not a {kind.__name__}")
    return value


def _optional_text(data: JsonObject, key: str, where: str) -> str | None:
    return None if data.get(key) is None else _field(data, key, str, where)


def _number(data: JsonObject, key: str, where: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DataFormatError(f"{where}.{key} is not a finite number")
    return float(value)


def _items(data: JsonObject, key: str, where: str, limit: int) -> Sequence[JsonValue]:
    value = data.get(key)
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise DataFormatError(f"{where}.{key} is not a list")
    if len(value) > limit:
        raise DataFormatError(f"{where}.{key} has more than {limit} items")
    return value


def _object(value: JsonValue, where: str) -> JsonObject:
    if not isinstance(value, Mapping):
        raise DataFormatError(f"{where} is not an object")
    return value


class CheckData:
    """What every typed check data gives: its JSON form, its validated reading, its accessors."""

    CHECK_ID: ClassVar[str]

    def to_json(self) -> dict[str, JsonValue]:
        raise NotImplementedError

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        raise NotImplementedError

    @classmethod
    def parse(cls, result: CheckResult | None) -> Self | None:
        """``result``'s data when ``result`` is this check's and has data; a DataFormatError when
        that data does not have this shape."""
        if result is None or result.id != cls.CHECK_ID or not result.data:
            return None
        return cls.from_json(result.data)

    @classmethod
    def of(cls, result: CheckResult | None) -> Self | None:
        """``result``'s data, when ``result`` is this check's and its data has this shape."""
        try:
            return cls.parse(result)
        except DataFormatError:
            return None

    @classmethod
    def in_report(cls, report: Report) -> Self | None:
        return cls.of(next((c for c in report.checks if c.id == cls.CHECK_ID), None))


@dataclass(frozen=True)
class IcmpNote:
    """The ICMP error that ended a connect, as the OS named it."""

    kind: str
    reported_by: str


@dataclass(frozen=True)
class Endpoint:
    """One address's connect: open, refused, filtered, unreachable or error, and how long it took."""

    address: str
    outcome: str
    ms: float
    error: str = ""
    icmp: IcmpNote | None = None

    @property
    def answered(self) -> bool:
        """The host is there: it accepted or refused."""
        return self.outcome in ("open", "refused")

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"address": self.address, "outcome": self.outcome, "ms": round(self.ms, 2)}
        if self.error:
            data["error"] = self.error
        if self.icmp is not None:
            data["icmp"] = {"kind": self.icmp.kind, "reported_by": self.icmp.reported_by}
        return data

    @classmethod
    def from_json(cls, data: JsonObject, where: str) -> Endpoint:
        icmp = None
        if data.get("icmp") is not None:
            note = _object(data["icmp"], f"{where}.icmp")
            icmp = IcmpNote(_field(note, "kind", str, f"{where}.icmp"),
                            _field(note, "reported_by", str, f"{where}.icmp"))
        return cls(_field(data, "address", str, where), _field(data, "outcome", str, where),
                   _number(data, "ms", where), _optional_text(data, "error", where) or "", icmp)


@dataclass(frozen=True)
class TcpConnectData(CheckData):
    """tcp.connect: the control port, and each address's connect."""

    CHECK_ID: ClassVar[str] = "tcp.connect"
    port: int
    endpoints: tuple[Endpoint, ...]

    @property
    def reachable(self) -> tuple[str, ...]:
        """The addresses whose control port accepted, in the order they were tried."""
        return tuple(e.address for e in self.endpoints if e.outcome == "open")

    def answered(self, address: str) -> bool:
        return any(e.address == address and e.answered for e in self.endpoints)

    def to_json(self) -> dict[str, JsonValue]:
        return {"port": self.port, "endpoints": [e.to_json() for e in self.endpoints]}

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        items = _items(data, "endpoints", where, MAX_ENDPOINTS)
        return cls(_field(data, "port", int, where),
                   tuple(Endpoint.from_json(_object(e, f"{where}.endpoints[{i}]"), f"{where}.endpoints[{i}]")
                         for i, e in enumerate(items)))


@dataclass(frozen=True)
class CertificateData(CheckData):
    """tls.certificate: the chain the server sent, described and in PEM, and its revocation."""

    CHECK_ID: ClassVar[str] = "tls.certificate"
    chain: tuple[JsonObject, ...]  # tls_chain.describe of each certificate, leaf first
    chain_pem: tuple[str, ...] | None  # None: taken out of a pseudonymised bundle (DER names hosts)
    revocation: JsonObject | None = None  # revocation.RevocationStatus.as_data, or why it was not checked

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"chain": list(self.chain)}
        if self.chain_pem is not None:
            data["chain_pem"] = list(self.chain_pem)
        if self.revocation is not None:
            data["revocation"] = self.revocation
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        chain = tuple(_object(c, f"{where}.chain[{i}]") for i, c in enumerate(_items(data, "chain", where, MAX_CHAIN)))
        pems = None if "chain_pem" not in data else _items(data, "chain_pem", where, MAX_CHAIN)
        if pems is not None and not all(isinstance(p, str) for p in pems):
            raise DataFormatError(f"{where}.chain_pem holds something other than text")
        revocation = None if data.get("revocation") is None else _object(data["revocation"], f"{where}.revocation")
        return cls(chain, None if pems is None else tuple(str(p) for p in pems), revocation)


@dataclass(frozen=True)
class TraceData(CheckData):
    """path.traceroute: the hops towards the destination (each a JSON object of probes.traceroute)."""

    CHECK_ID: ClassVar[str] = "path.traceroute"
    destination: str
    reached: bool
    hops: tuple[JsonObject, ...]

    def to_json(self) -> dict[str, JsonValue]:
        return {"destination": self.destination, "reached": self.reached, "hops": list(self.hops)}

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        hops = tuple(_object(h, f"{where}.hops[{i}]") for i, h in enumerate(_items(data, "hops", where, MAX_HOPS)))
        return cls(_field(data, "destination", str, where), _field(data, "reached", bool, where), hops)


def _texts(data: JsonObject, key: str, where: str, limit: int) -> tuple[str, ...]:
    items = _items(data, key, where, limit)
    if not all(isinstance(i, str) for i in items):
        raise DataFormatError(f"{where}.{key} holds something other than text")
    return tuple(str(i) for i in items)


@dataclass(frozen=True)
class DnsData(CheckData):
    """dns.resolve: the addresses the name has, and what each resolver said (none when the
    addresses were given or the target is an address)."""

    CHECK_ID: ClassVar[str] = "dns.resolve"
    addresses: tuple[str, ...]
    given: bool = False  # --resolve, or one node of a cluster: DNS was not asked
    getaddrinfo: tuple[str, ...] | str | None = None  # the OS resolver's addresses, or its failure
    resolvers: tuple[JsonObject, ...] | None = None  # dns_check.Lookup.as_data of each resolver asked

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"addresses": list(self.addresses)}
        if self.given:
            data["given"] = True
        if self.getaddrinfo is not None:
            data["getaddrinfo"] = self.getaddrinfo if isinstance(self.getaddrinfo, str) else list(self.getaddrinfo)
        if self.resolvers is not None:
            data["resolvers"] = list(self.resolvers)
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        os_said = data.get("getaddrinfo")
        getaddrinfo = (None if os_said is None else os_said if isinstance(os_said, str)
                       else _texts(data, "getaddrinfo", where, MAX_ENDPOINTS))
        resolvers = (None if data.get("resolvers") is None else
                     tuple(_object(r, f"{where}.resolvers[{i}]")
                           for i, r in enumerate(_items(data, "resolvers", where, MAX_ENDPOINTS))))
        given = data.get("given", False)
        if not isinstance(given, bool):
            raise DataFormatError(f"{where}.given is not a bool")
        return cls(_texts(data, "addresses", where, MAX_ENDPOINTS), given, getaddrinfo, resolvers)


@dataclass(frozen=True)
class TlsHandshakeData(CheckData):
    """tls.handshake: the address both handshakes were made with, the name sent, and each
    handshake as tls_probe.HandshakeResult.as_data gives it."""

    CHECK_ID: ClassVar[str] = "tls.handshake"
    address: str
    server_name: str
    verified: JsonObject
    captured: JsonObject
    looks_like: str | None = None  # what the port speaks when it is not TLS

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"address": self.address, "server_name": self.server_name,
                                      "verified": self.verified, "captured": self.captured}
        if self.looks_like is not None:
            data["looks_like"] = self.looks_like
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        return cls(_field(data, "address", str, where), _field(data, "server_name", str, where),
                   _object(data.get("verified"), f"{where}.verified"),
                   _object(data.get("captured"), f"{where}.captured"), _optional_text(data, "looks_like", where))


@dataclass(frozen=True)
class ClockData(CheckData):
    """clock.skew: this computer's clock minus the server's, and, past the limit, which clock is
    likely wrong and whether the login still worked."""

    CHECK_ID: ClassVar[str] = "clock.skew"
    offset_s: float
    uncertainty_s: float  # half the round trip of the HELLO that carried the server's time
    local_clock: str | None = None  # synchronised, not synchronised, unknown
    login_worked: bool | None = None

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"offset_s": round(self.offset_s, 3),
                                      "uncertainty_s": round(self.uncertainty_s, 3)}
        if self.local_clock is not None:
            data["local_clock"] = self.local_clock
        if self.login_worked is not None:
            data["login_worked"] = self.login_worked
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        login = data.get("login_worked")
        if login is not None and not isinstance(login, bool):
            raise DataFormatError(f"{where}.login_worked is not a bool")
        return cls(_number(data, "offset_s", where), _number(data, "uncertainty_s", where),
                   _optional_text(data, "local_clock", where), login)
