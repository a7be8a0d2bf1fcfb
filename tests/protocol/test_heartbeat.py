from hypothesis import given
from hypothesis import strategies as st

from t3gui.protocol.frame import decode_frame
from t3gui.protocol.heartbeat import Heartbeat, HeartbeatAck, encode_heartbeat, mac_is_valid

KEY = bytes(range(32))
SESSION = bytes.fromhex("00112233445566778899aabbccddeeff")


def test_heartbeat_frame_layout() -> None:
    data = encode_heartbeat(Heartbeat(SESSION, 123456789), 7, KEY)
    assert len(data) == 16 + 40
    frame = decode_frame(data)
    assert frame.type == 0x80 and frame.seq == 7
    beat = Heartbeat.from_payload(frame.payload)
    assert beat.session == SESSION and beat.send_ns == 123456789
    assert mac_is_valid(frame, KEY)


def test_ack_layout_echoes_and_adds_receive_time() -> None:
    frame = decode_frame(encode_heartbeat(HeartbeatAck(SESSION, 5, 1_700_000_000_000_000_000), 9, KEY))
    ack = HeartbeatAck.from_payload(frame.payload)
    assert len(frame.payload) == 48
    assert (ack.session, ack.send_ns, ack.server_recv_ns) == (SESSION, 5, 1_700_000_000_000_000_000)
    assert mac_is_valid(frame, KEY)


@given(st.binary(min_size=32, max_size=32).filter(lambda k: k != KEY))
def test_wrong_key_fails_the_mac(other: bytes) -> None:
    frame = decode_frame(encode_heartbeat(Heartbeat(SESSION, 1), 1, KEY))
    assert not mac_is_valid(frame, other)


def test_mac_covers_the_header() -> None:
    # Same payload, different seq: a replayed body under another number fails.
    first = decode_frame(encode_heartbeat(Heartbeat(SESSION, 1), 1, KEY))
    second = decode_frame(encode_heartbeat(Heartbeat(SESSION, 1), 2, KEY))
    forged = type(first)(first.type, second.seq, first.payload, first.flags)
    assert not mac_is_valid(forged, KEY)
