"""The data of the T3 checks: t3.handshake, auth, t3.status, t3.heartbeat, clock.skew."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from t3gui.core.check_data.base import (
    CheckData,
    DataFormatError,
    _field,
    _integer,
    _mapping,
    _number,
    _object,
    _optional,
    _optional_number,
    _optional_text,
    _texts,
)
from t3gui.core.model import JsonObject, JsonValue

MAX_AUTH_METHODS = 16  # sanitize.server_texts keeps as many
TOKEN_HEADER = ("alg", "typ", "kid")  # what auth.token shows of a JWT header
TOKEN_CLAIMS = ("sub", "iss", "aud", "exp", "nbf", "iat")  # and of its claims (never more: they identify)


@dataclass(frozen=True)
class ServerError:
    """An ERROR the server sent where another message should have come (cleaned by server_text)."""

    code: str
    message: str

    def to_json(self) -> dict[str, JsonValue]:
        return {"code": self.code, "message": self.message}

    @classmethod
    def within(cls, data: JsonObject, where: str) -> ServerError | None:
        if data.get("error") is None:
            return None
        error = _object(data["error"], f"{where}.error")
        return cls(_field(error, "code", str, f"{where}.error"), _field(error, "message", str, f"{where}.error"))


@dataclass(frozen=True)
class HelloAckData:
    """What t3.handshake reports of the server's HELLO_ACK, and the round trip it took."""

    server: str
    version: int
    heartbeat_ms: int
    udp_port: int
    auth: tuple[str, ...]
    handshake_ms: float


@dataclass(frozen=True)
class T3HandshakeData(CheckData):
    """t3.handshake: the address, whether TLS was used and verified, and the HELLO_ACK; when the
    handshake failed, the first bytes of a server that is not T3 or the ERROR it sent."""

    CHECK_ID: ClassVar[str] = "t3.handshake"
    address: str
    tls: bool | None
    verified: bool
    first_bytes: str | None = None  # hex, at most 32 bytes
    error: ServerError | None = None
    ack: HelloAckData | None = None

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"address": self.address, "tls": self.tls, "verified": self.verified}
        if self.first_bytes is not None:
            data["first_bytes"] = self.first_bytes
        if self.error is not None:
            data["error"] = self.error.to_json()
        if self.ack is not None:
            a = self.ack
            data.update({"server": a.server, "version": a.version, "heartbeat_ms": a.heartbeat_ms,
                         "udp_port": a.udp_port, "auth": list(a.auth), "handshake_ms": round(a.handshake_ms, 2)})
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        ack = None
        if "server" in data:
            ack = HelloAckData(_field(data, "server", str, where), _integer(data, "version", where),
                               _integer(data, "heartbeat_ms", where), _integer(data, "udp_port", where),
                               _texts(data, "auth", where, MAX_AUTH_METHODS), _number(data, "handshake_ms", where))
        return cls(_field(data, "address", str, where), _optional(data, "tls", bool, where),
                   _field(data, "verified", bool, where), _optional_text(data, "first_bytes", where),
                   ServerError.within(data, where), ack)


@dataclass(frozen=True)
class ServerLoad:
    """The server's STATUS: its load and its version."""

    cpu: float  # 0..1
    memory: float  # 0..1
    disk_io: float
    connections: int
    max_connections: int
    uptime_s: int
    version: str


@dataclass(frozen=True)
class StatusData(CheckData):
    """t3.status: the server's STATUS, and the handshake time beside the network round trip; or
    the ERROR the server sent instead."""

    CHECK_ID: ClassVar[str] = "t3.status"
    load: ServerLoad | None = None
    handshake_ms: float | None = None
    tcp_rtt_ms: float | None = None
    error: ServerError | None = None

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {}
        if self.load is not None:
            x = self.load
            data.update({"cpu": x.cpu, "memory": x.memory, "disk_io": x.disk_io, "connections": x.connections,
                         "max_connections": x.max_connections, "uptime_s": x.uptime_s, "version": x.version})
        if self.handshake_ms is not None and self.tcp_rtt_ms is not None:
            data.update({"handshake_ms": round(self.handshake_ms, 2), "tcp_rtt_ms": round(self.tcp_rtt_ms, 2)})
        if self.error is not None:
            data["error"] = self.error.to_json()
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        load = None
        if "cpu" in data:
            load = ServerLoad(_number(data, "cpu", where), _number(data, "memory", where),
                              _number(data, "disk_io", where), _integer(data, "connections", where),
                              _integer(data, "max_connections", where), _integer(data, "uptime_s", where),
                              _field(data, "version", str, where))
        return cls(load, _optional_number(data, "handshake_ms", where), _optional_number(data, "tcp_rtt_ms", where),
                   ServerError.within(data, where))


@dataclass(frozen=True)
class HeartbeatData(CheckData):
    """t3.heartbeat: heartbeats sent on the UDP data port and answered; when none were, those
    answered on the control channel."""

    CHECK_ID: ClassVar[str] = "t3.heartbeat"
    address: str
    udp_port: int
    probes: int
    udp_received: int
    tcp_received: int | None = None  # None: UDP answered, the control channel was not tried

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"address": self.address, "udp_port": self.udp_port, "probes": self.probes,
                                      "udp_received": self.udp_received}
        if self.tcp_received is not None:
            data["tcp_received"] = self.tcp_received
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        return cls(_field(data, "address", str, where), _integer(data, "udp_port", where),
                   _integer(data, "probes", where), _integer(data, "udp_received", where),
                   _optional(data, "tcp_received", int, where))


def _named(data: JsonObject, key: str, names: tuple[str, ...], where: str) -> JsonObject:
    value = _mapping(data, key, where, len(names))
    if any(k not in names for k in value):
        raise DataFormatError(f"{where}.{key} holds a field other than {', '.join(names)}")
    return value


@dataclass(frozen=True)
class TokenData(CheckData):
    """auth.token: the JWT decoded on this computer (not verified: the server holds the key);
    of it only TOKEN_HEADER, TOKEN_CLAIMS and a fingerprint, never the token."""

    CHECK_ID: ClassVar[str] = "auth.token"
    header: JsonObject
    claims: JsonObject
    token_sha256: str
    verified: bool = False

    @property
    def user(self) -> str | None:
        """The token's subject: whom it names."""
        sub = self.claims.get("sub")
        return sub if isinstance(sub, str) else None

    def to_json(self) -> dict[str, JsonValue]:
        return {"header": dict(self.header), "claims": dict(self.claims), "token_sha256": self.token_sha256,
                "verified": self.verified}

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        return cls(_named(data, "header", TOKEN_HEADER, where), _named(data, "claims", TOKEN_CLAIMS, where),
                   _field(data, "token_sha256", str, where), _field(data, "verified", bool, where))


@dataclass(frozen=True)
class AuthServerData(CheckData):
    """auth.server: whom the server logged in and until when (Unix seconds), or the AUTH_FAIL
    code it gave, or the ERROR it sent instead."""

    CHECK_ID: ClassVar[str] = "auth.server"
    user: str | None = None
    expires: int | None = None
    code: str | None = None  # AUTH_FAIL's
    error: ServerError | None = None

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {}
        if self.user is not None:
            data.update({"user": self.user, "expires": self.expires})
        if self.code is not None:
            data["code"] = self.code
        if self.error is not None:
            data["error"] = self.error.to_json()
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        return cls(_optional_text(data, "user", where), _optional(data, "expires", int, where),
                   _optional_text(data, "code", where), ServerError.within(data, where))

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
