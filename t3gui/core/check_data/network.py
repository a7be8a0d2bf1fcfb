"""The data of the checks of the network: dns.resolve, tcp.connect, the path, this computer's side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from t3gui.core.check_data.base import (
    MAX_ENDPOINTS,
    MAX_HOPS,
    MAX_ITEMS,
    CheckData,
    DataFormatError,
    _field,
    _integer,
    _items,
    _listed,
    _mapping,
    _number,
    _object,
    _optional,
    _optional_number,
    _optional_text,
    _texts,
)
from t3gui.core.model import JsonObject, JsonValue, SeriesStats
from t3gui.core.run_state import Proxy


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
class TraceData(CheckData):
    """path.traceroute: the hops towards the destination (each a JSON object of probes.traceroute)."""

    CHECK_ID: ClassVar[str] = "path.traceroute"
    destination: str
    reached: bool
    hops: tuple[JsonObject, ...]

    @property
    def hop_addresses(self) -> tuple[str, ...]:
        """The routers that answered, nearest first (the destination too, when reached)."""
        return tuple(a for a in (h.get("address") for h in self.hops) if isinstance(a, str))

    def to_json(self) -> dict[str, JsonValue]:
        return {"destination": self.destination, "reached": self.reached, "hops": list(self.hops)}

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        hops = tuple(_object(h, f"{where}.hops[{i}]") for i, h in enumerate(_items(data, "hops", where, MAX_HOPS)))
        return cls(_field(data, "destination", str, where), _field(data, "reached", bool, where), hops)


@dataclass(frozen=True)
class DnsData(CheckData):
    """dns.resolve: the addresses the name has, and what each resolver said (none when the
    addresses were given or the target is an address)."""

    CHECK_ID: ClassVar[str] = "dns.resolve"
    addresses: tuple[str, ...]
    given: bool = False  # --resolve, or one node of a cluster: DNS was not asked
    getaddrinfo: tuple[str, ...] | str | None = None  # the OS resolver's addresses, or its failure
    resolvers: tuple[JsonObject, ...] | None = None  # dns_check.Lookup.as_data of each resolver asked

    @property
    def resolver_addresses(self) -> tuple[str, ...]:
        """Every A and AAAA address a resolver answered, each as often as it was answered."""
        return tuple(a for r in self.resolvers or () for key in ("A", "AAAA")
                     for a in _listed(r.get(key)) if isinstance(a, str))

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
class IcmpEchoData(CheckData):
    """icmp.echo: the pings to the server's first address, and the ICMP errors that came back."""

    CHECK_ID: ClassVar[str] = "icmp.echo"
    address: str
    sent: int
    received: int
    icmp_errors: tuple[str, ...] = ()  # "host-unreachable from 192.0.2.254", each once

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"address": self.address, "sent": self.sent, "received": self.received}
        if self.icmp_errors:
            data["icmp_errors"] = list(self.icmp_errors)
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        errors = () if data.get("icmp_errors") is None else _texts(data, "icmp_errors", where, MAX_ITEMS)
        return cls(_field(data, "address", str, where), _integer(data, "sent", where),
                   _integer(data, "received", where), errors)


MTU_RESULTS = ("ok", "lost", "too-big")  # answered; no answer; the OS knows the path MTU is smaller


@dataclass(frozen=True)
class MtuData(CheckData):
    """path.mtu: what each packet size (IPv4 and ICMP headers included) met, and the path MTU
    when the sizes that did not get through said so (a black hole leaves it out)."""

    CHECK_ID: ClassVar[str] = "path.mtu"
    address: str
    probes: tuple[tuple[int, str], ...]  # (packet size, one of MTU_RESULTS), smallest first
    path_mtu: int | None = None

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"address": self.address, "probes": {str(s): r for s, r in self.probes}}
        if self.path_mtu is not None:
            data["path_mtu"] = self.path_mtu
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        probes = []
        for size, met in _mapping(data, "probes", where, MAX_ITEMS).items():
            if not size.isdigit() or len(size) > 5 or met not in MTU_RESULTS:
                raise DataFormatError(f"{where}.probes holds something other than a size and {'/'.join(MTU_RESULTS)}")
            probes.append((int(size), str(met)))
        return cls(_field(data, "address", str, where), tuple(probes), _optional(data, "path_mtu", int, where))


def _series_stats(data: JsonObject, where: str) -> SeriesStats:
    return SeriesStats(_integer(data, "sent", where), _integer(data, "received", where),
                       _number(data, "loss_pct", where), _optional_number(data, "min_ms", where),
                       _optional_number(data, "median_ms", where), _optional_number(data, "p95_ms", where),
                       _optional_number(data, "max_ms", where), _optional_number(data, "jitter_ms", where))


def _series_json(s: SeriesStats) -> dict[str, JsonValue]:
    return {"sent": s.sent, "received": s.received, "loss_pct": s.loss_pct, "min_ms": s.min_ms,
            "median_ms": s.median_ms, "p95_ms": s.p95_ms, "max_ms": s.max_ms, "jitter_ms": s.jitter_ms}


@dataclass(frozen=True)
class PathQualityData(CheckData):
    """path.quality: the figures of each RTT series of the run, and the one the check judged on."""

    CHECK_ID: ClassVar[str] = "path.quality"
    judged: str
    series: tuple[tuple[str, SeriesStats], ...]  # by series name, best first

    def stats(self, name: str) -> SeriesStats | None:
        return next((s for n, s in self.series if n == name), None)

    def to_json(self) -> dict[str, JsonValue]:
        return {"judged": self.judged, "series": {n: _series_json(s) for n, s in self.series}}

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        series = tuple((name, _series_stats(_object(s, f"{where}.series.{name}"), f"{where}.series.{name}"))
                       for name, s in _mapping(data, "series", where, MAX_ITEMS).items())
        return cls(_field(data, "judged", str, where), series)


@dataclass(frozen=True)
class NetworkInterface:
    """One of this computer's network interfaces (checks.platform.netinfo.Interface as data)."""

    name: str
    up: bool | None  # None: the OS does not say
    loopback: bool


@dataclass(frozen=True)
class LocalNetworkData(CheckData):
    """local.network: this computer's interfaces, and the local address the OS would send each
    destination from (None: no route)."""

    CHECK_ID: ClassVar[str] = "local.network"
    interfaces: tuple[NetworkInterface, ...]
    routes: tuple[tuple[str, str | None], ...]  # (destination, local source address or None)

    def to_json(self) -> dict[str, JsonValue]:
        return {"interfaces": [{"name": i.name, "up": i.up, "loopback": i.loopback} for i in self.interfaces],
                "routes": dict(self.routes)}

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        interfaces = []
        for i, item in enumerate(_items(data, "interfaces", where, MAX_ENDPOINTS)):
            at = f"{where}.interfaces[{i}]"
            one = _object(item, at)
            interfaces.append(NetworkInterface(_field(one, "name", str, at), _optional(one, "up", bool, at),
                                               _field(one, "loopback", bool, at)))
        routes = _mapping(data, "routes", where, MAX_ENDPOINTS)
        return cls(tuple(interfaces), tuple((d, _optional(routes, d, str, f"{where}.routes")) for d in routes))


@dataclass(frozen=True)
class LocalProxyData(CheckData):
    """local.proxy: the proxies of the OS and the environment that apply to the target, first
    the one a client would use (their credentials are never read out)."""

    CHECK_ID: ClassVar[str] = "local.proxy"
    proxies: tuple[Proxy, ...]

    def to_json(self) -> dict[str, JsonValue]:
        return {"proxies": [{"proxy": p.proxy, "source": p.source} for p in self.proxies]}

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        proxies = []
        for i, item in enumerate(_items(data, "proxies", where, MAX_ITEMS)):
            at = f"{where}.proxies[{i}]"
            one = _object(item, at)
            proxies.append(Proxy(_field(one, "proxy", str, at), _field(one, "source", str, at)))
        return cls(tuple(proxies))
