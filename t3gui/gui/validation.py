"""What the start page accepts, with the reason for what it refuses (the CLI's rules)."""

from __future__ import annotations

from pathlib import Path

from t3gui.core.target import TargetError, parse_target
from t3gui.gui.strings import Translator
from t3gui.protocol import jwt
from t3gui.protocol.errors import TokenError


def target(text: str, tr: Translator) -> tuple[bool, str]:
    if not text:
        return False, ""
    try:
        parsed = parse_target(text)
    except TargetError as exc:
        return False, str(exc)
    return True, parsed.display()


def token(text: str, tr: Translator) -> tuple[bool, str]:
    if not text:
        return True, ""
    try:
        decoded = jwt.decode(text)
    except TokenError as exc:
        return False, tr("err.token", reason=exc.detail)
    return True, tr("ok.token", user=decoded.claims.get("sub", "?"))


def pem_file(text: str, tr: Translator, marker: bytes = b"-----BEGIN") -> tuple[bool, str]:
    if not text:
        return True, ""
    path = Path(text).expanduser()
    if not path.is_file():
        return False, tr("err.missing", path=path.name)
    try:
        data = path.read_bytes()[:1_000_000]
    except OSError as exc:
        return False, tr("err.token_file", path=path.name, reason=exc.strerror or "?")
    if marker not in data:
        return False, tr("err.pem", path=path.name)
    return True, ""
