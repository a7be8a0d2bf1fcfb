import base64

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


HELLO_ACK = {"version": "1", "server": '"s"', "session": '"' + "ab" * 16 + '"', "time_ms": "1",
             "heartbeat_ms": "1000", "udp_port": "12346", "auth": '["jwt"]'}
AUTH_OK = {"user": '"alice"', "expires": "1800000000", "udp_key": '"' + base64.b64encode(bytes(32)).decode() + '"'}
STATUS = {"cpu": "0.5", "memory": "0.5", "disk_io": "0", "connections": "1", "max_connections": "10",
          "uptime_s": "5", "version": '"v"'}


def payload(fields: dict[str, str], **raw: str) -> bytes:
    """A JSON object with ``raw`` JSON text in place of some fields (what json.dumps cannot write)."""
    return ("{" + ",".join(f'"{k}":{v}' for k, v in {**fields, **raw}.items()) + "}").encode()


@pytest.mark.parametrize(("type_", "fields"), [(0x02, HELLO_ACK), (0x04, AUTH_OK), (0x07, STATUS)])
def test_the_valid_forms_decode(type_: int, fields: dict[str, str]) -> None:
    decode_message(type_, payload(fields))


@pytest.mark.parametrize(("type_", "fields", "raw"), [
    (0x02, HELLO_ACK, {"time_ms": "NaN"}),
    (0x02, HELLO_ACK, {"time_ms": "Infinity"}),
    (0x02, HELLO_ACK, {"time_ms": "-Infinity"}),
    (0x02, HELLO_ACK, {"time_ms": "1e400"}),
    (0x02, HELLO_ACK, {"time_ms": str(2**80)}),
    (0x02, HELLO_ACK, {"time_ms": "1" * 5000}),  # past Python's int-from-text limit
    (0x02, HELLO_ACK, {"time_ms": "-1"}),
    (0x02, HELLO_ACK, {"udp_port": "0"}),
    (0x02, HELLO_ACK, {"udp_port": "70000"}),
    (0x02, HELLO_ACK, {"udp_port": "-1"}),
    (0x02, HELLO_ACK, {"udp_port": "12346.0"}),
    (0x02, HELLO_ACK, {"heartbeat_ms": "0"}),
    (0x02, HELLO_ACK, {"version": "256"}),
    (0x02, HELLO_ACK, {"version": '"1"'}),
    (0x02, HELLO_ACK, {"server": "null"}),
    (0x02, HELLO_ACK, {"auth": '["jwt", 5]'}),
    (0x04, AUTH_OK, {"expires": "NaN"}),
    (0x04, AUTH_OK, {"expires": "1e400"}),
    (0x04, AUTH_OK, {"expires": str(2**80)}),
    (0x04, AUTH_OK, {"udp_key": '"not base64!"'}),
    (0x04, AUTH_OK, {"udp_key": '"' + base64.b64encode(bytes(16)).decode() + '"'}),
    (0x04, AUTH_OK, {"udp_key": "42"}),
    (0x07, STATUS, {"cpu": "NaN"}),
    (0x07, STATUS, {"cpu": "Infinity"}),
    (0x07, STATUS, {"memory": "-0.1"}),
    (0x07, STATUS, {"disk_io": "1.5"}),
    (0x07, STATUS, {"connections": str(2**80)}),
    (0x07, STATUS, {"uptime_s": "true"}),
    (0x0E, {"code": '"BUSY"', "message": '"m"'}, {"retry_after_ms": "NaN"}),
    (0x0E, {"code": '"BUSY"', "message": '"m"'}, {"retry_after_ms": str(2**40)}),
])
def test_numbers_json_or_the_spec_do_not_allow_are_bad_frames(type_: int, fields: dict[str, str],
                                                               raw: dict[str, str]) -> None:
    with pytest.raises(ProtocolError) as info:
        decode_message(type_, payload(fields, **raw))
    assert info.value.code is ErrorCode.BAD_FRAME
    assert "Error" not in info.value.detail  # a sentence for people, not a Python exception name


def test_deeply_nested_json_is_a_bad_frame() -> None:
    with pytest.raises(ProtocolError) as info:
        decode_message(0x0E, b'{"code":' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert info.value.code is ErrorCode.BAD_FRAME


def test_messages_are_never_written_with_nan() -> None:
    with pytest.raises(ValueError):
        m.Status(float("nan"), 0, 0, 0, 0, 0, "v").to_payload()


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
