import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from t3gui.protocol import messages as m
from t3gui.protocol.connection import MAX_EMPTY_FRAGMENTS, MAX_FRAGMENTS, Connection, Received
from t3gui.protocol.errors import ErrorCode, ProtocolError
from t3gui.protocol.frame import FLAG_MORE, HEADER_LEN, MAX_MESSAGE, MAX_PAYLOAD, encode_frame

from .strategies import big_messages, control_messages


def drain(conn: Connection) -> tuple[list[m.Message], ErrorCode | None]:
    """Everything a connection yields, and the error it ended on, if any."""
    out: list[m.Message] = []
    while True:
        try:
            received = conn.next_message()
        except ProtocolError as exc:
            return out, exc.code
        if received is None:
            return out, None
        out.append(received.message)


def feed_in_chunks(data: bytes, cuts: list[int]) -> tuple[list[m.Message], ErrorCode | None]:
    conn = Connection()
    messages: list[m.Message] = []
    bounds = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    for start, end in itertools.pairwise(bounds):
        conn.feed(data[start:end])
        got, error = drain(conn)
        messages += got
        assert conn.buffered <= HEADER_LEN + MAX_PAYLOAD + MAX_MESSAGE
        if error is not None:
            return messages, error
    return messages, None


@given(st.lists(control_messages, max_size=8))
def test_stream_round_trip(messages: list[m.ControlMessage]) -> None:
    sender, receiver = Connection(), Connection()
    receiver.feed(b"".join(sender.send(msg) for msg in messages))
    assert drain(receiver) == (messages, None)


@settings(max_examples=20)
@given(big_messages)
def test_large_messages_fragment_and_reassemble(message: m.Auth) -> None:
    data = Connection().send(message)
    frames = -(-len(message.to_payload()) // MAX_PAYLOAD)
    assert frames >= 2
    receiver = Connection()
    receiver.feed(data)
    assert drain(receiver) == ([message], None)


@given(st.lists(control_messages, max_size=6), st.lists(st.integers(min_value=0), max_size=30))
def test_chunking_does_not_change_the_result(messages: list[m.ControlMessage], cuts: list[int]) -> None:
    sender = Connection()
    data = b"".join(sender.send(msg) for msg in messages)
    assert feed_in_chunks(data, cuts) == feed_in_chunks(data, [])


@given(st.binary(max_size=400), st.lists(st.integers(min_value=0), max_size=10))
def test_any_bytes_decode_or_raise_protocol_error(data: bytes, cuts: list[int]) -> None:
    # feed_in_chunks lets only ProtocolError through drain(); anything else fails here.
    assert feed_in_chunks(data, cuts) == feed_in_chunks(data, [])


@given(st.lists(control_messages, min_size=1, max_size=4), st.integers(min_value=0), st.integers(0, 255))
def test_corrupted_streams_never_raise_anything_else(
    messages: list[m.ControlMessage], position: int, value: int
) -> None:
    data = bytearray(b"".join(Connection().send(msg) for msg in messages))
    data[position % len(data)] = value
    feed_in_chunks(bytes(data), [position, position + 3])


def test_sequence_gap_is_bad_sequence() -> None:
    conn = Connection()
    conn.feed(encode_frame(0x0F, 1, b"{}") + encode_frame(0x0F, 3, b"{}"))
    assert drain(conn) == ([m.Bye()], ErrorCode.BAD_SEQUENCE)


def test_sequence_must_start_at_one() -> None:
    conn = Connection()
    conn.feed(encode_frame(0x0F, 0, b"{}"))
    assert drain(conn) == ([], ErrorCode.BAD_SEQUENCE)


def test_sequence_wraps_to_zero() -> None:
    conn = Connection()
    conn._inbound._next = 2**32 - 1
    conn.feed(encode_frame(0x0F, 2**32 - 1, b"{}") + encode_frame(0x0F, 0, b"{}"))
    assert drain(conn) == ([m.Bye(), m.Bye()], None)


def test_reassembly_over_one_mebibyte_is_refused_early() -> None:
    conn = Connection()
    chunk = b"a" * MAX_PAYLOAD
    frames = MAX_MESSAGE // MAX_PAYLOAD + 1
    for seq in range(1, frames + 1):
        conn.feed(encode_frame(0x03, seq, chunk, FLAG_MORE))
    assert drain(conn) == ([], ErrorCode.FRAME_TOO_LARGE)
    assert conn.buffered <= MAX_MESSAGE + HEADER_LEN + MAX_PAYLOAD


def test_endless_empty_fragments_are_refused() -> None:
    """Empty MORE fragments never reach 1 MiB; without a limit they would be kept for ever."""
    conn = Connection()
    for seq in range(1, 10_001):
        conn.feed(encode_frame(0x02, seq, b"", FLAG_MORE))
        messages, error = drain(conn)
        if error is not None:
            break
    assert (messages, error) == ([], ErrorCode.BAD_FRAME) and seq <= MAX_EMPTY_FRAGMENTS + 1


def test_a_message_in_too_many_small_fragments_is_refused() -> None:
    conn = Connection()
    for seq in range(1, MAX_FRAGMENTS + 1):
        conn.feed(encode_frame(0x03, seq, b" ", FLAG_MORE))
    assert drain(conn) == ([], ErrorCode.FRAME_TOO_LARGE)


def test_a_message_in_the_most_fragments_allowed_still_arrives() -> None:
    body = b'{"token":"' + b"x" * (MAX_FRAGMENTS - 12) + b'"}'
    conn = Connection()
    for seq, start in enumerate(range(0, len(body)), start=1):
        last = start == len(body) - 1
        conn.feed(encode_frame(0x03, seq, body[start:start + 1], 0 if last else FLAG_MORE))
    assert len(body) == MAX_FRAGMENTS
    assert drain(conn) == ([m.Auth("x" * (MAX_FRAGMENTS - 12))], None)


def test_fragment_of_another_type_is_bad_frame() -> None:
    conn = Connection()
    conn.feed(encode_frame(0x03, 1, b'{"tok', FLAG_MORE) + encode_frame(0x06, 2, b'en":"x"}'))
    assert drain(conn) == ([], ErrorCode.BAD_FRAME)


def test_error_is_sticky() -> None:
    conn = Connection()
    conn.feed(b"NOT A T3 FRAME AT ALL")
    with pytest.raises(ProtocolError):
        conn.next_message()
    conn.feed(Connection().send(m.Bye()))
    with pytest.raises(ProtocolError):
        conn.next_message()


def test_received_carries_the_frame() -> None:
    conn = Connection()
    conn.feed(Connection().send(m.StatusReq()))
    received = conn.next_message()
    assert isinstance(received, Received) and received.frame.seq == 1
