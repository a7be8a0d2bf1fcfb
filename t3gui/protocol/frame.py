"""One T3 frame: the 16-byte header, the payload and the CRC (spec: Frame)."""

from __future__ import annotations

import binascii
import struct
from dataclasses import dataclass

from t3gui.protocol.errors import ErrorCode, ProtocolError

MAGIC = 0x53544354
VERSION = 1
HEADER_LEN = 16
MAX_PAYLOAD = 16384
MAX_MESSAGE = 1 << 20
FLAG_MORE = 0x0001
SEQ_MODULO = 1 << 32

_HEADER = struct.Struct(">IBBHIH")  # bytes 0..13; the checksum follows
_CHECKSUM = struct.Struct(">H")


def crc16(data: bytes, crc: int = 0xFFFF) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection)."""
    return binascii.crc_hqx(data, crc)


@dataclass(frozen=True, slots=True)
class Header:
    type: int
    flags: int
    seq: int
    length: int
    checksum: int

    @property
    def more(self) -> bool:
        return bool(self.flags & FLAG_MORE)


@dataclass(frozen=True, slots=True)
class Frame:
    type: int
    seq: int
    payload: bytes
    flags: int = 0

    @property
    def more(self) -> bool:
        return bool(self.flags & FLAG_MORE)


def pack_header_prefix(type_: int, flags: int, seq: int, length: int) -> bytes:
    """Header bytes 0..13: what the checksum and the heartbeat MAC cover."""
    return _HEADER.pack(MAGIC, VERSION, type_, flags, seq % SEQ_MODULO, length)


def encode_frame(type_: int, seq: int, payload: bytes, flags: int = 0) -> bytes:
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD}")
    if not 0 <= type_ <= 0xFF:
        raise ValueError(f"frame type {type_} is not one byte")
    prefix = pack_header_prefix(type_, flags, seq, len(payload))
    checksum = crc16(payload, crc16(prefix))
    return prefix + _CHECKSUM.pack(checksum) + payload


def parse_header(data: bytes) -> Header:
    """Validate the fixed header; the checksum is checked once the payload is in."""
    if len(data) < HEADER_LEN:
        raise ProtocolError(ErrorCode.BAD_FRAME, f"header of {len(data)} bytes, need {HEADER_LEN}")
    magic, version, type_, flags, seq, length = _HEADER.unpack_from(data)
    if magic != MAGIC:
        raise ProtocolError(ErrorCode.BAD_FRAME, f"wrong magic 0x{magic:08x}")
    if version != VERSION:
        raise ProtocolError(ErrorCode.VERSION_UNSUPPORTED, f"frame version {version}")
    if flags & ~FLAG_MORE:
        raise ProtocolError(ErrorCode.BAD_FRAME, f"reserved flag bits set (0x{flags:04x})")
    if length > MAX_PAYLOAD:
        raise ProtocolError(ErrorCode.BAD_FRAME, f"payload length {length} exceeds {MAX_PAYLOAD}")
    (checksum,) = _CHECKSUM.unpack_from(data, 14)
    return Header(type_, flags, seq, length, checksum)


def check_frame(header: Header, raw_header: bytes, payload: bytes) -> Frame:
    expected = crc16(payload, crc16(raw_header[:14]))
    if expected != header.checksum:
        raise ProtocolError(
            ErrorCode.BAD_FRAME,
            f"checksum 0x{header.checksum:04x}, computed 0x{expected:04x}",
        )
    return Frame(header.type, header.seq, payload, header.flags)


def decode_frame(datagram: bytes) -> Frame:
    """Decode exactly one frame, as a data-channel datagram carries."""
    header = parse_header(datagram)
    if len(datagram) != HEADER_LEN + header.length:
        raise ProtocolError(
            ErrorCode.BAD_FRAME,
            f"datagram of {len(datagram)} bytes, header says {HEADER_LEN + header.length}",
        )
    return check_frame(header, datagram[:HEADER_LEN], datagram[HEADER_LEN:])
