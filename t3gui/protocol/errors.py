"""The one exception family of the T3 codec, keyed by the spec's error codes."""

from __future__ import annotations

import enum


class ErrorCode(enum.StrEnum):
    """Error codes of the ERROR message (spec: Messages)."""

    VERSION_UNSUPPORTED = "VERSION_UNSUPPORTED"
    BUSY = "BUSY"
    BAD_FRAME = "BAD_FRAME"
    BAD_SEQUENCE = "BAD_SEQUENCE"
    FRAME_TOO_LARGE = "FRAME_TOO_LARGE"
    UNEXPECTED_MESSAGE = "UNEXPECTED_MESSAGE"
    AUTH_REQUIRED = "AUTH_REQUIRED"
    INTERNAL = "INTERNAL"


class AuthCode(enum.StrEnum):
    """Codes of the AUTH_FAIL message (spec: Messages)."""

    TOKEN_MALFORMED = "TOKEN_MALFORMED"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    TOKEN_NOT_YET_VALID = "TOKEN_NOT_YET_VALID"
    BAD_SIGNATURE = "BAD_SIGNATURE"
    BAD_AUDIENCE = "BAD_AUDIENCE"
    BAD_ISSUER = "BAD_ISSUER"
    UNKNOWN_USER = "UNKNOWN_USER"
    REVOKED = "REVOKED"


class ProtocolError(Exception):
    """Bytes or messages that break the T3 spec.

    ``code`` is the ERROR code a peer answers with, so a caller can both name
    what went wrong and tell the other side.
    """

    def __init__(self, code: ErrorCode, detail: str) -> None:
        super().__init__(f"{code.value}: {detail}")
        self.code = code
        self.detail = detail


class TokenError(Exception):
    """A JWT that a server must refuse; ``code`` is the AUTH_FAIL code."""

    def __init__(self, code: AuthCode, detail: str) -> None:
        super().__init__(f"{code.value}: {detail}")
        self.code = code
        self.detail = detail
