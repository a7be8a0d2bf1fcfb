"""Binary heartbeat payloads and their HMAC (spec: Heartbeats).

The MAC covers header bytes 0..13 and the payload before the MAC, so a
heartbeat is sealed at framing time: ``encode_heartbeat`` fills in the MAC
and then the checksum over everything.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass, field
from typing import ClassVar

from t3gui.protocol.errors import ErrorCode, ProtocolError
from t3gui.protocol.frame import Frame, crc16, pack_header_prefix

SESSION_LEN = 16
MAC_LEN = 16
HEARTBEAT_LEN = 40
HEARTBEAT_ACK_LEN = 48
TYPE_HEARTBEAT = 0x80
TYPE_HEARTBEAT_ACK = 0x81

_HB = struct.Struct(">16sQ16s")
_ACK = struct.Struct(">16sQQ16s")
_NO_MAC = bytes(MAC_LEN)


@dataclass(frozen=True, slots=True)
class Heartbeat:
    TYPE: ClassVar[int] = TYPE_HEARTBEAT
    session: bytes
    send_ns: int
    mac: bytes = field(default=_NO_MAC, repr=False)

    def to_payload(self) -> bytes:
        return _HB.pack(self.session, self.send_ns, self.mac)

    @classmethod
    def from_payload(cls, payload: bytes) -> Heartbeat:
        if len(payload) != HEARTBEAT_LEN:
            raise ProtocolError(ErrorCode.BAD_FRAME, f"HEARTBEAT payload of {len(payload)} bytes, need 40")
        session, send_ns, mac = _HB.unpack(payload)
        return cls(session, send_ns, mac)


@dataclass(frozen=True, slots=True)
class HeartbeatAck:
    TYPE: ClassVar[int] = TYPE_HEARTBEAT_ACK
    session: bytes
    send_ns: int
    server_recv_ns: int
    mac: bytes = field(default=_NO_MAC, repr=False)

    def to_payload(self) -> bytes:
        return _ACK.pack(self.session, self.send_ns, self.server_recv_ns, self.mac)

    @classmethod
    def from_payload(cls, payload: bytes) -> HeartbeatAck:
        if len(payload) != HEARTBEAT_ACK_LEN:
            raise ProtocolError(ErrorCode.BAD_FRAME, f"HEARTBEAT_ACK payload of {len(payload)} bytes, need 48")
        session, send_ns, recv_ns, mac = _ACK.unpack(payload)
        return cls(session, send_ns, recv_ns, mac)


AnyHeartbeat = Heartbeat | HeartbeatAck


def compute_mac(key: bytes, header_prefix: bytes, body: bytes) -> bytes:
    return hmac.new(key, header_prefix + body, hashlib.sha256).digest()[:MAC_LEN]


def encode_heartbeat(message: AnyHeartbeat, seq: int, key: bytes) -> bytes:
    """Frame a heartbeat with its MAC (over header 0..13 and body) and checksum."""
    body = message.to_payload()[:-MAC_LEN]
    prefix = pack_header_prefix(message.TYPE, 0, seq, len(body) + MAC_LEN)
    payload = body + compute_mac(key, prefix, body)
    return prefix + crc16(payload, crc16(prefix)).to_bytes(2, "big") + payload


def mac_is_valid(frame: Frame, key: bytes) -> bool:
    """Whether a decoded heartbeat frame carries the MAC ``key`` gives."""
    if len(frame.payload) < MAC_LEN:
        return False
    prefix = pack_header_prefix(frame.type, frame.flags, frame.seq, len(frame.payload))
    body, mac = frame.payload[:-MAC_LEN], frame.payload[-MAC_LEN:]
    return hmac.compare_digest(compute_mac(key, prefix, body), mac)
