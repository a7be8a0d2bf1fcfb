"""Fuzz targets for what a T3 server sends: the frame stream, message payloads, and JWTs."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from t3gui.protocol import jwt
from t3gui.protocol.connection import Connection
from t3gui.protocol.errors import ProtocolError, TokenError
from t3gui.protocol.frame import HEADER_LEN, MAX_MESSAGE, MAX_PAYLOAD, decode_frame, encode_frame
from t3gui.protocol.messages import HelloAck, decode_message
from tests.fuzz.contract import ContractViolation, attempt

_STREAM_BOUND = HEADER_LEN + MAX_PAYLOAD + MAX_MESSAGE  # "bounded by the spec" (Connection.buffered)


def _outcome(stream: bytes, step: int) -> tuple[list[Any], str | None]:
    """Every message a connection yields from ``stream`` fed ``step`` bytes at a time, and its error."""
    conn = Connection()
    seen: list[Any] = []
    for start in range(0, len(stream), step):
        conn.feed(stream[start:start + step])
        try:
            while (received := conn.next_message()) is not None:
                # repr of astuple: NaN from a hostile STATUS must compare equal to itself.
                seen.append((received.frame, repr(dataclasses.astuple(received.message))))
        except ProtocolError as exc:
            try:
                conn.next_message()
            except ProtocolError as again:
                if again is not exc:
                    raise ContractViolation("a broken connection raised a different error") from None
            else:
                raise ContractViolation("a broken connection went on yielding messages") from None
            return seen, f"{exc.code}:{exc.detail}"
        if conn.buffered > _STREAM_BOUND:
            raise ContractViolation(f"the connection holds {conn.buffered} bytes")
    return seen, None


def frame_stream(data: bytes) -> None:
    """The control-channel stream decoder, and the same bytes as one datagram.

    The first byte picks a chunk size: the connection promises the same outcome whatever the
    chunking, so the stream is decoded whole and in chunks and the two must agree.
    """
    if not data:
        return
    step, stream = data[0] + 1, data[1:]
    if _outcome(stream, max(len(stream), 1)) != _outcome(stream, step):
        raise ContractViolation(f"feeding {step} bytes at a time changed the outcome")
    frame = attempt((ProtocolError,), decode_frame, stream)
    if frame is not None and encode_frame(frame.type, frame.seq, frame.payload, frame.flags) != stream:
        raise ContractViolation("a decoded datagram does not encode back to its bytes")


def message(data: bytes) -> None:
    """One message: the first byte is the frame type, the rest its payload."""
    if not data:
        return
    decoded = attempt((ProtocolError,), decode_message, data[0], data[1:])
    if decoded is None:
        return
    if int(decoded.TYPE) != data[0]:
        raise ContractViolation(f"type 0x{data[0]:02x} decoded as {type(decoded).__name__}")
    if isinstance(decoded, HelloAck) and len(decoded.session_id) != 16:
        raise ContractViolation("HELLO_ACK accepted a session that is not 16 bytes")


NOW_S = time.time()
_HS_SECRET = b"fuzzing-hs256-secret-0123456789"
_VERIFY_KEYS: tuple[jwt.VerifyKey, ...] = (
    _HS_SECRET,
    ec.generate_private_key(ec.SECP256R1()).public_key(),
    rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key(),
    ed25519.Ed25519PrivateKey.generate().public_key(),
)


def token_text(data: bytes) -> str:
    """The token a fuzz input stands for. Input starting with ``{`` is the header JSON, the claims
    JSON and the signature on three lines, encoded here: byte mutations of base64 rarely stay JSON,
    so this is how hostile claims (NaN, 1e400, wrong types) reach check_claims. Anything else is the
    token's text as it is."""
    if data.startswith(b"{"):
        header, _, rest = data.partition(b"\n")
        claims, _, signature = rest.partition(b"\n")
        return ".".join(jwt.b64url_encode(part) for part in (header, claims, signature))
    # surrogateescape keeps every byte, so invalid UTF-8 reaches decode() as a str, as it could from a file.
    return data.decode("utf-8", "surrogateescape")


def token(data: bytes) -> None:
    """A JWT as a token file or an AUTH holds it: decode, verify with each key kind, check claims."""
    decoded = attempt((TokenError,), jwt.decode, token_text(data))
    if decoded is None:
        return
    decoded.fingerprint()
    _ = decoded.alg
    for key in _VERIFY_KEYS:
        attempt((TokenError,), jwt.verify_signature, decoded, key)
    attempt((TokenError,), jwt.check_claims, decoded.claims, NOW_S, "t3", None)
    attempt((TokenError,), jwt.check_claims, decoded.claims, NOW_S, None, "t3-issuer", 0.0)
