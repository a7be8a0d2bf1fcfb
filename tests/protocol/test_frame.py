import pytest

from t3gui.protocol.errors import ErrorCode, ProtocolError
from t3gui.protocol.frame import (
    FLAG_MORE,
    MAX_PAYLOAD,
    crc16,
    decode_frame,
    encode_frame,
)

SPEC_EXAMPLE = bytes.fromhex("53544354" "01" "01" "0000" "00000001" "0002" "5915" "7b7d")


def test_crc_check_value() -> None:
    assert crc16(b"123456789") == 0x29B1


def test_spec_example_frame_byte_for_byte() -> None:
    assert encode_frame(0x01, 1, b"{}") == SPEC_EXAMPLE


def test_spec_example_decodes() -> None:
    frame = decode_frame(SPEC_EXAMPLE)
    assert (frame.type, frame.seq, frame.payload, frame.flags) == (1, 1, b"{}", 0)


def _mutated(offset: int, value: int) -> bytes:
    data = bytearray(SPEC_EXAMPLE)
    data[offset] = value
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (_mutated(0, 0x54), ErrorCode.BAD_FRAME),  # magic
        (_mutated(4, 2), ErrorCode.VERSION_UNSUPPORTED),
        (_mutated(6, 0x80), ErrorCode.BAD_FRAME),  # reserved flag bit
        (_mutated(7, 0x02), ErrorCode.BAD_FRAME),  # reserved flag bit
        (_mutated(15, 0x16), ErrorCode.BAD_FRAME),  # checksum
        (_mutated(17, 0x7C), ErrorCode.BAD_FRAME),  # payload corrupted
        (SPEC_EXAMPLE[:-1], ErrorCode.BAD_FRAME),  # truncated datagram
        (SPEC_EXAMPLE + b"x", ErrorCode.BAD_FRAME),  # trailing bytes
        (SPEC_EXAMPLE[:10], ErrorCode.BAD_FRAME),  # short header
    ],
)
def test_bad_frames_are_refused_with_the_spec_code(data: bytes, code: ErrorCode) -> None:
    with pytest.raises(ProtocolError) as info:
        decode_frame(data)
    assert info.value.code is code


def test_length_over_limit_is_refused_from_the_header_alone() -> None:
    header = bytearray(SPEC_EXAMPLE[:16])
    header[12:14] = (MAX_PAYLOAD + 1).to_bytes(2, "big")
    with pytest.raises(ProtocolError) as info:
        decode_frame(bytes(header))
    assert info.value.code is ErrorCode.BAD_FRAME
    assert "exceeds" in info.value.detail


def test_max_payload_frame_round_trips() -> None:
    payload = bytes(range(256)) * 64
    assert len(payload) == MAX_PAYLOAD
    frame = decode_frame(encode_frame(0x07, 9, payload, FLAG_MORE))
    assert frame.payload == payload and frame.more


def test_encoder_refuses_oversized_payload() -> None:
    with pytest.raises(ValueError):
        encode_frame(0x01, 1, bytes(MAX_PAYLOAD + 1))


def test_sequence_wraps_in_the_header() -> None:
    assert decode_frame(encode_frame(0x01, 2**32, b"{}")).seq == 0
