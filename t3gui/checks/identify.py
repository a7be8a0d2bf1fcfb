"""What a service that is not what we expected looks like, from its first bytes."""

from __future__ import annotations

from t3gui.protocol.frame import MAGIC


def looks_like(data: bytes) -> str:
    if not data:
        return "nothing (the server closed)"
    if data[:4] == MAGIC.to_bytes(4, "big"):
        return "plaintext T3"
    if data[:5] in (b"HTTP/", b"<html", b"<!DOC") or data[:4] in (b"GET ", b"POST"):
        return "HTTP"
    if data[:1] == b"\x15" and data[1:2] == b"\x03":
        return "a TLS alert"
    if data[:1] == b"\x16" and data[1:2] == b"\x03":
        return "a TLS handshake"
    if data[:4] == b"SSH-":
        return "an SSH server"
    if data[:4] in (b"220 ", b"220-"):
        return "an FTP or SMTP server"
    return "random bytes"
