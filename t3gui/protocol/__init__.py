"""The T3 wire protocol, sans-IO: bytes in, messages out, no sockets."""

from t3gui.protocol.connection import Connection, Received
from t3gui.protocol.errors import AuthCode, ErrorCode, ProtocolError, TokenError
from t3gui.protocol.frame import Frame, crc16, decode_frame, encode_frame
from t3gui.protocol.heartbeat import Heartbeat, HeartbeatAck, encode_heartbeat, mac_is_valid
from t3gui.protocol.messages import (
    Auth,
    AuthFail,
    AuthOk,
    Bye,
    Error,
    Hello,
    HelloAck,
    Message,
    MessageType,
    Status,
    StatusReq,
    decode_message,
)

__all__ = [
    "Auth", "AuthCode", "AuthFail", "AuthOk", "Bye", "Connection", "Error", "ErrorCode",
    "Frame", "Heartbeat", "HeartbeatAck", "Hello", "HelloAck", "Message", "MessageType",
    "ProtocolError", "Received", "Status", "StatusReq", "TokenError", "crc16",
    "decode_frame", "decode_message", "encode_frame", "encode_heartbeat", "mac_is_valid",
]
