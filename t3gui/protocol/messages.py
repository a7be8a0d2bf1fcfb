"""Typed T3 messages and their payload encodings (spec: Messages).

Control payloads are UTF-8 JSON objects; unknown members are ignored so both
sides can grow. Heartbeats are binary and live in ``heartbeat``.
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

from t3gui.protocol.errors import AuthCode, ErrorCode, ProtocolError


class MessageType(enum.IntEnum):
    HELLO = 0x01
    HELLO_ACK = 0x02
    AUTH = 0x03
    AUTH_OK = 0x04
    AUTH_FAIL = 0x05
    STATUS_REQ = 0x06
    STATUS = 0x07
    ERROR = 0x0E
    BYE = 0x0F
    HEARTBEAT = 0x80
    HEARTBEAT_ACK = 0x81


def _bad(detail: str) -> ProtocolError:
    return ProtocolError(ErrorCode.BAD_FRAME, detail)


# Ranges the spec's fields can hold; anything beyond is a broken or hostile peer, refused
# here so that no NaN, no 2**80 and no port 70000 travels further than the decoder.
U32 = (0, 2**32 - 1)
U63 = (0, 2**63 - 1)
PORT = (1, 65535)
BYTE = (0, 255)
HEARTBEAT_MS = (1, 86_400_000)
UDP_KEY_LEN = 32


class _NotJson(ValueError):
    """A JSON number Python accepts but JSON does not (NaN, Infinity, 1e400)."""


def _refuse_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotJson(f"{text[:20]} is out of range")
    return value


class _Fields:
    """Typed access to a decoded JSON object; every miss is a BAD_FRAME."""

    def __init__(self, name: str, obj: dict[str, Any]) -> None:
        self.name = name
        self.obj = obj

    def _get(self, key: str) -> Any:
        if key not in self.obj:
            raise _bad(f"{self.name} lacks {key!r}")
        return self.obj[key]

    def str_(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise _bad(f"{self.name}.{key} is not a string")
        return value

    def int_(self, key: str, bounds: tuple[int, int] = U63) -> int:
        value = self._get(key)
        # JSON true/false decode to bool, which is an int subclass in Python.
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad(f"{self.name}.{key} is not an integer")
        if not bounds[0] <= value <= bounds[1]:
            raise _bad(f"{self.name}.{key} is outside {bounds[0]}..{bounds[1]}")
        return value

    def num(self, key: str, bounds: tuple[float, float] = (0.0, 1.0)) -> float:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _bad(f"{self.name}.{key} is not a number")
        if not bounds[0] <= value <= bounds[1]:  # also false for NaN
            raise _bad(f"{self.name}.{key} is outside {bounds[0]:g}..{bounds[1]:g}")
        return float(value)

    def opt_int(self, key: str, bounds: tuple[int, int] = U63) -> int | None:
        return None if self.obj.get(key) is None else self.int_(key, bounds)

    def list_(self, key: str, kind: type, bounds: tuple[int, int] = BYTE) -> list[Any]:
        value = self._get(key)
        if not isinstance(value, list) or not all(
            isinstance(v, kind) and not isinstance(v, bool) for v in value
        ):
            raise _bad(f"{self.name}.{key} is not a list of {kind.__name__}")
        if kind is int and not all(bounds[0] <= v <= bounds[1] for v in value):
            raise _bad(f"{self.name}.{key} holds a number outside {bounds[0]}..{bounds[1]}")
        return value


def _json_object(name: str, payload: bytes) -> _Fields:
    if payload.startswith(b"\xef\xbb\xbf"):
        raise _bad(f"{name} payload starts with a byte-order mark")
    try:
        obj = json.loads(payload.decode("utf-8"), parse_constant=_refuse_constant, parse_float=_finite_float)
    except _NotJson as exc:
        raise _bad(f"{name} payload holds a number JSON does not allow ({exc})") from None
    except UnicodeDecodeError:
        raise _bad(f"{name} payload is not UTF-8") from None
    except (ValueError, RecursionError):
        # Python's message quotes no payload bytes, but is of no use to a reader either.
        raise _bad(f"{name} payload is not valid JSON") from None
    if not isinstance(obj, dict):
        raise _bad(f"{name} payload is not a JSON object")
    return _Fields(name, obj)


def _dump(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Hello:
    TYPE: ClassVar[MessageType] = MessageType.HELLO
    versions: tuple[int, ...]
    client: str
    nonce: str
    time_ms: int

    def to_payload(self) -> bytes:
        return _dump({"versions": list(self.versions), "client": self.client,
                      "nonce": self.nonce, "time_ms": self.time_ms})

    @classmethod
    def from_payload(cls, payload: bytes) -> Hello:
        f = _json_object("HELLO", payload)
        return cls(tuple(f.list_("versions", int)), f.str_("client"), f.str_("nonce"),
                   f.int_("time_ms"))


@dataclass(frozen=True, slots=True)
class HelloAck:
    TYPE: ClassVar[MessageType] = MessageType.HELLO_ACK
    version: int
    server: str
    session: str
    time_ms: int
    heartbeat_ms: int
    udp_port: int
    auth: tuple[str, ...] = ("jwt",)

    def to_payload(self) -> bytes:
        return _dump({"version": self.version, "server": self.server, "session": self.session,
                      "time_ms": self.time_ms, "heartbeat_ms": self.heartbeat_ms,
                      "udp_port": self.udp_port, "auth": list(self.auth)})

    @classmethod
    def from_payload(cls, payload: bytes) -> HelloAck:
        f = _json_object("HELLO_ACK", payload)
        session = f.str_("session")
        try:
            if len(bytes.fromhex(session)) != 16:
                raise ValueError
        except ValueError:
            raise _bad("HELLO_ACK.session is not 32 hex digits") from None
        return cls(f.int_("version", BYTE), f.str_("server"), session, f.int_("time_ms"),
                   f.int_("heartbeat_ms", HEARTBEAT_MS), f.int_("udp_port", PORT), tuple(f.list_("auth", str)))

    @property
    def session_id(self) -> bytes:
        return bytes.fromhex(self.session)


@dataclass(frozen=True, slots=True)
class Auth:
    TYPE: ClassVar[MessageType] = MessageType.AUTH
    token: str = field(repr=False)

    def to_payload(self) -> bytes:
        return _dump({"token": self.token})

    @classmethod
    def from_payload(cls, payload: bytes) -> Auth:
        return cls(_json_object("AUTH", payload).str_("token"))


@dataclass(frozen=True, slots=True)
class AuthOk:
    TYPE: ClassVar[MessageType] = MessageType.AUTH_OK
    user: str
    expires: int
    udp_key: str = field(repr=False)

    def to_payload(self) -> bytes:
        return _dump({"user": self.user, "expires": self.expires, "udp_key": self.udp_key})

    @classmethod
    def from_payload(cls, payload: bytes) -> AuthOk:
        f = _json_object("AUTH_OK", payload)
        udp_key = f.str_("udp_key")
        try:
            key = base64.b64decode(udp_key, validate=True)
        except (binascii.Error, ValueError):
            raise _bad("AUTH_OK.udp_key is not base64") from None
        if len(key) != UDP_KEY_LEN:
            raise _bad(f"AUTH_OK.udp_key holds {len(key)} bytes, not {UDP_KEY_LEN}")
        return cls(f.str_("user"), f.int_("expires"), udp_key)

    @property
    def key(self) -> bytes:
        """The heartbeat key (checked to be 32 bytes of base64 when the message was decoded)."""
        return base64.b64decode(self.udp_key, validate=True)


@dataclass(frozen=True, slots=True)
class AuthFail:
    TYPE: ClassVar[MessageType] = MessageType.AUTH_FAIL
    code: str
    message: str = ""

    @property
    def auth_code(self) -> AuthCode | None:
        try:
            return AuthCode(self.code)
        except ValueError:
            return None

    def to_payload(self) -> bytes:
        return _dump({"code": self.code, "message": self.message})

    @classmethod
    def from_payload(cls, payload: bytes) -> AuthFail:
        f = _json_object("AUTH_FAIL", payload)
        message = f.obj.get("message", "")
        return cls(f.str_("code"), message if isinstance(message, str) else "")


@dataclass(frozen=True, slots=True)
class StatusReq:
    TYPE: ClassVar[MessageType] = MessageType.STATUS_REQ

    def to_payload(self) -> bytes:
        return b"{}"

    @classmethod
    def from_payload(cls, payload: bytes) -> StatusReq:
        _json_object("STATUS_REQ", payload)
        return cls()


@dataclass(frozen=True, slots=True)
class Status:
    TYPE: ClassVar[MessageType] = MessageType.STATUS
    cpu: float
    memory: float
    disk_io: float
    connections: int
    max_connections: int
    uptime_s: int
    version: str

    def to_payload(self) -> bytes:
        return _dump({"cpu": self.cpu, "memory": self.memory, "disk_io": self.disk_io,
                      "connections": self.connections, "max_connections": self.max_connections,
                      "uptime_s": self.uptime_s, "version": self.version})

    @classmethod
    def from_payload(cls, payload: bytes) -> Status:
        f = _json_object("STATUS", payload)
        return cls(f.num("cpu"), f.num("memory"), f.num("disk_io"), f.int_("connections", U32),
                   f.int_("max_connections", U32), f.int_("uptime_s"), f.str_("version"))


@dataclass(frozen=True, slots=True)
class Error:
    TYPE: ClassVar[MessageType] = MessageType.ERROR
    code: str
    message: str = ""
    retry_after_ms: int | None = None

    @property
    def error_code(self) -> ErrorCode | None:
        try:
            return ErrorCode(self.code)
        except ValueError:
            return None

    def to_payload(self) -> bytes:
        obj: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.retry_after_ms is not None:
            obj["retry_after_ms"] = self.retry_after_ms
        return _dump(obj)

    @classmethod
    def from_payload(cls, payload: bytes) -> Error:
        f = _json_object("ERROR", payload)
        message = f.obj.get("message", "")
        return cls(f.str_("code"), message if isinstance(message, str) else "",
                   f.opt_int("retry_after_ms", U32))


@dataclass(frozen=True, slots=True)
class Bye:
    TYPE: ClassVar[MessageType] = MessageType.BYE

    def to_payload(self) -> bytes:
        return b"{}"

    @classmethod
    def from_payload(cls, payload: bytes) -> Bye:
        _json_object("BYE", payload)
        return cls()


# Heartbeats are defined beside their MAC; imported here so that one table
# maps every message type to its class.
from t3gui.protocol.heartbeat import Heartbeat, HeartbeatAck  # noqa: E402

ControlMessage = Hello | HelloAck | Auth | AuthOk | AuthFail | StatusReq | Status | Error | Bye
Message = ControlMessage | Heartbeat | HeartbeatAck

MESSAGE_CLASSES: dict[int, Any] = {
    int(cls.TYPE): cls
    for cls in (Hello, HelloAck, Auth, AuthOk, AuthFail, StatusReq, Status, Error, Bye,
                Heartbeat, HeartbeatAck)
}


def decode_message(type_: int, payload: bytes) -> Message:
    try:
        cls = MESSAGE_CLASSES[MessageType(type_)]
    except ValueError:
        raise ProtocolError(ErrorCode.UNEXPECTED_MESSAGE, f"unknown message type 0x{type_:02x}") from None
    message: Message = cls.from_payload(payload)
    return message
