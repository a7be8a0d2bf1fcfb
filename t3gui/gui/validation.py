"""What the start page accepts, with the reason for what it refuses (the CLI's rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from t3gui.core.target import TargetError, parse_target
from t3gui.gui.strings import Translator
from t3gui.protocol import jwt
from t3gui.protocol.errors import TokenError

MAX_TOKEN_FILE = 64 * 1024  # far above any real token; a bigger file is the wrong file
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
# jwt.decode's fixed reasons, in the app's languages (the protocol layer speaks English only).
_TOKEN_REASONS = {
    "a part of the token is not base64url-encoded JSON": "token.reason.encoding",
    "the token's header or claims are not JSON objects": "token.reason.json",
    "the token is not a string of at most 16384 characters": "token.reason.long",
}


def target(text: str, tr: Translator) -> tuple[bool, str]:
    if not text:
        return False, ""
    try:
        parsed = parse_target(text)
    except TargetError as exc:
        return False, exc.text(tr.language)
    return True, parsed.display()


@dataclass(frozen=True)
class TokenInput:
    """What the token field holds: the token (never shown), the file it came from, and the hint."""

    token: str | None = field(repr=False)
    path: Path | None
    ok: bool
    message: str


def looks_like_path(text: str) -> bool:
    """A JWT is base64url and dots: a slash, a backslash, a leading ~ or . or a drive letter is a path."""
    return any(c in text for c in "/\\") or text.startswith(("~", ".")) or bool(_DRIVE.match(text))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a 10 kB token is a name too long for the file system; NUL bytes
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _bare(text: str) -> str:
    text = text.strip().removeprefix("\ufeff")
    return text[7:].strip() if text[:7].lower() == "bearer " else text


def _user(decoded: jwt.DecodedToken) -> str:
    sub = str(decoded.claims.get("sub", "?"))
    clean = "".join(c if c.isprintable() else "?" for c in sub)
    return clean if len(clean) <= 64 else clean[:63] + "…"


def _reason(text: str, tr: Translator) -> tuple[jwt.DecodedToken | None, str]:
    parts = text.count(".") + 1
    if parts != 3:
        return None, tr("token.reason.parts", n=parts)
    try:
        return jwt.decode(text), ""
    except TokenError as exc:
        key = _TOKEN_REASONS.get(exc.detail)
        return None, tr(key) if key else exc.detail


def resolve_token(text: str, tr: Translator) -> TokenInput:
    """A pasted token, or the path of a file holding one; the hint names the user and where it came from."""
    text = text.strip()
    if not text:
        return TokenInput(None, None, True, "")
    path = Path(text).expanduser()
    if _is_file(path):
        return _token_file(path, tr)
    if looks_like_path(text):
        if _is_dir(path):
            return TokenInput(None, None, False, tr("err.token_dir", path=path.name or text))
        return TokenInput(None, None, False, tr("err.missing", path=text))
    token = _bare(text)
    decoded, reason = _reason(token, tr)
    if decoded is None:
        # Fewer or more parts than a JWT: most likely a file name typed without its folder.
        key = "err.token_or_file" if token.count(".") != 2 else "err.token"
        return TokenInput(None, None, False, tr(key, reason=reason, path=text))
    return TokenInput(token, None, True, tr("ok.token_pasted", user=_user(decoded)))


def _token_file(path: Path, tr: Translator) -> TokenInput:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TOKEN_FILE + 1)
    except OSError as exc:
        return TokenInput(None, path, False, tr("err.token_file", path=path.name, reason=exc.strerror or "?"))
    if len(data) > MAX_TOKEN_FILE:
        return TokenInput(None, path, False, tr("err.token_file_big", path=path.name))
    try:
        token = _bare(data.decode("utf-8"))
    except UnicodeDecodeError:
        return TokenInput(None, path, False, tr("err.token_in_file", path=path.name, reason=tr("token.reason.text")))
    decoded, reason = _reason(token, tr)
    if decoded is None:
        return TokenInput(None, path, False, tr("err.token_in_file", path=path.name, reason=reason))
    return TokenInput(token, path, True, tr("ok.token_file", user=_user(decoded), path=path.name))


def token(text: str, tr: Translator) -> tuple[bool, str]:
    resolved = resolve_token(text, tr)
    return resolved.ok, resolved.message


def pem_file(text: str, tr: Translator, marker: bytes = b"-----BEGIN") -> tuple[bool, str]:
    if not text:
        return True, ""
    path = Path(text).expanduser()
    if not _is_file(path):
        return False, tr("err.missing", path=path.name)
    try:
        data = path.read_bytes()[:1_000_000]
    except OSError as exc:
        return False, tr("err.token_file", path=path.name, reason=exc.strerror or "?")
    if marker not in data:
        return False, tr("err.pem", path=path.name)
    return True, ""
