"""Hypothesis strategies for every T3 message, within the ranges the spec gives its fields."""

import base64

from hypothesis import strategies as st

from t3gui.protocol import messages as m
from t3gui.protocol.heartbeat import Heartbeat, HeartbeatAck

text = st.text(max_size=40)
u32 = st.integers(min_value=0, max_value=2**32 - 1)
u63 = st.integers(min_value=0, max_value=2**63 - 1)
u64 = st.integers(min_value=0, max_value=2**64 - 1)
unit = st.floats(min_value=0, max_value=1, allow_nan=False)
hex32 = st.binary(min_size=16, max_size=16).map(bytes.hex)
bytes16 = st.binary(min_size=16, max_size=16)
udp_keys = st.binary(min_size=32, max_size=32).map(lambda k: base64.b64encode(k).decode())
ports = st.integers(min_value=1, max_value=65535)
heartbeat_ms = st.integers(min_value=1, max_value=86_400_000)

control_messages = st.one_of(
    st.builds(m.Hello, st.lists(st.integers(0, 255), max_size=4).map(tuple), text, text, u63),
    st.builds(m.HelloAck, st.integers(0, 255), text, hex32, u63, heartbeat_ms, ports,
              st.lists(text, max_size=3).map(tuple)),
    st.builds(m.Auth, st.text(max_size=3000)),
    st.builds(m.AuthOk, text, u63, udp_keys),
    st.builds(m.AuthFail, text, text),
    st.builds(m.StatusReq),
    st.builds(m.Status, unit, unit, unit, u32, u32, u63, text),
    st.builds(m.Error, text, text, st.one_of(st.none(), u32)),
    st.builds(m.Bye),
)
# Payloads big enough to need several fragments.
big_messages = st.builds(
    m.Auth,
    st.builds(lambda unit, n: (unit * n)[:n], st.text(alphabet="ab€", min_size=1, max_size=8),
              st.integers(min_value=16400, max_value=60000)),
)
heartbeats = st.one_of(
    st.builds(Heartbeat, bytes16, u64, bytes16),
    st.builds(HeartbeatAck, bytes16, u64, u64, bytes16),
)
