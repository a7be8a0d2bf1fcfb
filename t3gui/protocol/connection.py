"""Sans-IO control-channel connection: bytes in, messages out, and back.

Feed whatever the transport delivered with ``feed``; take messages with
``next_message`` until it returns None. The outcome is the same whatever the
chunking of the bytes. The first ``ProtocolError`` breaks the connection: every
later call raises it again, as the peer is about to be closed anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from t3gui.protocol.errors import ErrorCode, ProtocolError
from t3gui.protocol.frame import (
    FLAG_MORE,
    HEADER_LEN,
    MAX_MESSAGE,
    MAX_PAYLOAD,
    SEQ_MODULO,
    Frame,
    Header,
    check_frame,
    encode_frame,
    parse_header,
)
from t3gui.protocol.heartbeat import AnyHeartbeat, encode_heartbeat
from t3gui.protocol.messages import ControlMessage, Message, decode_message


@dataclass(frozen=True, slots=True)
class Received:
    message: Message
    frame: Frame  # the last (or only) frame: heartbeats need its header for the MAC


class SequenceCounter:
    """Frame numbers 1, 2, 3, ... wrapping from 2^32-1 to 0."""

    def __init__(self) -> None:
        self._next = 1

    @property
    def expected(self) -> int:
        return self._next

    def take(self) -> int:
        seq = self._next
        self._next = (seq + 1) % SEQ_MODULO
        return seq

    def check(self, seq: int) -> None:
        if seq != self._next:
            raise ProtocolError(ErrorCode.BAD_SEQUENCE, f"frame seq {seq}, expected {self._next}")
        self.take()


class FrameDecoder:
    """Splits a byte stream into checked frames; holds at most one frame's bytes."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._header: Header | None = None

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def next_frame(self) -> Frame | None:
        if self._header is None:
            if len(self._buffer) < HEADER_LEN:
                return None
            # Validate the header as soon as it is in, so an absurd length is
            # refused before anything waits for its payload.
            self._header = parse_header(bytes(self._buffer[:HEADER_LEN]))
        end = HEADER_LEN + self._header.length
        if len(self._buffer) < end:
            return None
        raw = bytes(self._buffer[:end])
        del self._buffer[:end]
        header, self._header = self._header, None
        return check_frame(header, raw[:HEADER_LEN], raw[HEADER_LEN:])


# A 1 MiB message needs 64 full fragments; twice that leaves a sender room to cut unevenly
# while an endless stream of tiny (or empty) fragments, which never reaches 1 MiB, still ends.
MAX_FRAGMENTS = 2 * (MAX_MESSAGE // MAX_PAYLOAD)
# An empty fragment carries nothing; a few are tolerated, a stream of them is a stall.
MAX_EMPTY_FRAGMENTS = 4


class Reassembler:
    """Joins MORE-flagged fragments of one message, refusing more than 1 MiB or 128 fragments."""

    def __init__(self) -> None:
        self._type: int | None = None
        self._parts: list[bytes] = []
        self._size = 0
        self._empty = 0

    @property
    def buffered(self) -> int:
        return self._size

    def add(self, frame: Frame) -> bytes | None:
        if self._type is not None and frame.type != self._type:
            raise ProtocolError(
                ErrorCode.BAD_FRAME,
                f"fragment of type 0x{frame.type:02x} inside a message of type 0x{self._type:02x}",
            )
        self._size += len(frame.payload)
        if self._size > MAX_MESSAGE:
            raise ProtocolError(ErrorCode.FRAME_TOO_LARGE, f"message exceeds {MAX_MESSAGE} bytes")
        if frame.more:
            self._empty += not frame.payload
            if self._empty > MAX_EMPTY_FRAGMENTS:
                raise ProtocolError(ErrorCode.BAD_FRAME,
                                    f"more than {MAX_EMPTY_FRAGMENTS} empty fragments in one message")
            if len(self._parts) + 1 >= MAX_FRAGMENTS:
                raise ProtocolError(ErrorCode.FRAME_TOO_LARGE, f"message in more than {MAX_FRAGMENTS} fragments")
            self._type = frame.type
            self._parts.append(frame.payload)
            return None
        payload = b"".join(self._parts) + frame.payload if self._parts else frame.payload
        self._type, self._parts, self._size, self._empty = None, [], 0, 0
        return payload


class Connection:
    """One side of a control connection (the same rules hold for both sides)."""

    def __init__(self) -> None:
        self._decoder = FrameDecoder()
        self._reassembler = Reassembler()
        self._inbound = SequenceCounter()
        self._outbound = SequenceCounter()
        self._error: ProtocolError | None = None

    @property
    def buffered(self) -> int:
        """Bytes held for incomplete frames and messages (bounded by the spec)."""
        return self._decoder.buffered + self._reassembler.buffered

    @property
    def error(self) -> ProtocolError | None:
        return self._error

    def feed(self, data: bytes) -> None:
        if self._error is None:
            self._decoder.feed(data)

    def next_message(self) -> Received | None:
        if self._error is not None:
            raise self._error
        try:
            return self._next()
        except ProtocolError as exc:
            self._error = exc
            raise

    def _next(self) -> Received | None:
        while True:
            frame = self._decoder.next_frame()
            if frame is None:
                return None
            self._inbound.check(frame.seq)
            payload = self._reassembler.add(frame)
            if payload is not None:
                return Received(decode_message(frame.type, payload), frame)

    def send(self, message: ControlMessage) -> bytes:
        """Frame a control message, fragmenting payloads over 16384 bytes."""
        payload = message.to_payload()
        if len(payload) > MAX_MESSAGE:
            raise ValueError(f"message of {len(payload)} bytes exceeds {MAX_MESSAGE}")
        out = bytearray()
        for start in range(0, max(len(payload), 1), MAX_PAYLOAD):
            chunk = payload[start:start + MAX_PAYLOAD]
            more = FLAG_MORE if start + MAX_PAYLOAD < len(payload) else 0
            out += encode_frame(message.TYPE, self._outbound.take(), chunk, more)
        return bytes(out)

    def send_heartbeat(self, message: AnyHeartbeat, key: bytes) -> bytes:
        return encode_heartbeat(message, self._outbound.take(), key)

    def next_seq(self) -> int:
        """Take a sequence number for a frame the caller builds itself."""
        return self._outbound.take()
