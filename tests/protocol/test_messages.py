import pytest
from hypothesis import given

from t3gui.protocol import messages as m
from t3gui.protocol.errors import ErrorCode, ProtocolError
from t3gui.protocol.messages import decode_message

from .strategies import control_messages, heartbeats


@given(control_messages)
def test_control_message_round_trip(message: m.ControlMessage) -> None:
    assert decode_message(message.TYPE, message.to_payload()) == message


@given(heartbeats)
def test_heartbeat_payload_round_trip(message: m.Message) -> None:
    assert decode_message(message.TYPE, message.to_payload()) == message


def test_unknown_members_are_ignored() -> None:
    payload = b'{"code":"BUSY","message":"full","retry_after_ms":500,"future":{"x":1}}'
    assert decode_message(0x0E, payload) == m.Error("BUSY", "full", 500)


@pytest.mark.parametrize(
    ("type_", "payload"),
    [
        (0x01, b"\xef\xbb\xbf{}"),  # byte-order mark
        (0x01, b"{}"),  # HELLO without its members
        (0x01, b'{"versions":[true],"client":"c","nonce":"n","time_ms":1}'),
        (0x02, b'{"version":1,"server":"s","session":"zz","time_ms":1,"heartbeat_ms":1,'
               b'"udp_port":1,"auth":[]}'),
        (0x03, b"[]"),
        (0x03, b'{"token": 5}'),
        (0x07, b'{"cpu":"high"}'),
        (0x0E, b"\xff\xfe"),
        (0x80, b"short"),
    ],
)
def test_malformed_payloads_are_bad_frames(type_: int, payload: bytes) -> None:
    with pytest.raises(ProtocolError) as info:
        decode_message(type_, payload)
    assert info.value.code is ErrorCode.BAD_FRAME


def test_unknown_type_is_unexpected() -> None:
    with pytest.raises(ProtocolError) as info:
        decode_message(0x42, b"{}")
    assert info.value.code is ErrorCode.UNEXPECTED_MESSAGE


def test_secrets_are_not_in_repr() -> None:
    assert "s3cret" not in repr(m.Auth("s3cret-token"))
    assert "s3cret" not in repr(m.AuthOk("alice", 1, "s3cret-key"))


def test_codes_are_typed() -> None:
    assert m.Error("BUSY").error_code is ErrorCode.BUSY
    assert m.Error("SOMETHING_NEW").error_code is None
    assert m.AuthFail("REVOKED").auth_code is not None
