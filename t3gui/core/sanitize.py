"""Text a server (or a bundle) supplied, made safe to keep, print and show.

Two moments, two functions:

* ``server_text`` when a server's string *arrives* in a check: terminal
  escapes and control characters out, the user's token scrubbed in every
  encoding a leak could take, and the length capped. What is kept in a
  report, a bundle or a log is then already clean.
* ``for_display`` when any text *leaves* for a terminal or a label: control
  characters and escape sequences out (newlines kept, tabs as spaces), so a
  report read from a hostile bundle cannot drive the terminal either.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from t3gui.core.secret import Secret

MAX_SERVER_TEXT = 500
REDACTED = "[redacted]"
ELLIPSIS = "…"
# A run of this many characters of a secret's encodings counts as a leak: long enough
# that ordinary text and hex digests never match by chance (16^-12 per place), short
# enough that a token cut anywhere, or broken by a stripped control byte, is still caught.
MATCH_LEN = 12

# CSI (ESC [ or C1 0x9b), OSC, DCS, APC, PM (to BEL or ST), other ESC sequences: whole
# sequences go, so no "[2J" debris is left where the escape byte was. Bodies are bounded
# and end at a line: an unterminated OSC loses its introducer only, never the rest of a report.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]{0,32}[ -/]{0,8}[@-~]?"
    r"|(?:\x1b[]P_^]|[\x90\x9d-\x9f])(?:[^\x07\x1b\x9c\n]{0,512}(?:\x07|\x1b\\|\x9c))?"
    r"|\x1b[ -/]{0,8}[0-~]?"
)
# C0 but newline, DEL, C1; bidirectional overrides and isolates (text that reads
# differently from what it is); lone surrogates (unencodable, a crash on print).
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _replace_control(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "\t":
        return " "
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"
    return ""


def for_display(text: str) -> str:
    """``text`` without escape sequences and control characters (newline kept, tab as a space)."""
    text = text.replace("\r\n", "\n")
    return _CONTROLS.sub(_replace_control, _ESCAPES.sub("", text))


def _b64_inner(data: bytes) -> list[str]:
    """Base64 and base64url of ``data`` as they read inside any longer encoded text."""
    out = []
    for shift in range(3):
        for encoder in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encoder(b"\0" * shift + data).rstrip(b"=").decode("ascii")
            skip = (shift * 4 + 2) // 3  # characters that depend on what came before
            out.append(encoded[skip:-2])
    return out


@functools.lru_cache(maxsize=8)
def _grams(secret: str) -> frozenset[str]:
    """Every MATCH_LEN-long run of every form of ``secret`` (and of each of a JWT's parts)."""
    forms: list[str] = []
    for piece in {secret, *(p for p in secret.split(".") if len(p) >= MATCH_LEN)}:
        raw = piece.encode()
        forms += [piece, raw.hex(), raw.hex().upper(), quote(piece, safe=""), quote_plus(piece), *_b64_inner(raw)]
    return frozenset(form[i:i + MATCH_LEN] for form in forms for i in range(len(form) - MATCH_LEN + 1))


def _secret_values(secrets: Iterable[Secret | str | None]) -> list[str]:
    values = [s.reveal() if isinstance(s, Secret) else s for s in secrets]
    return [v for v in values if v and len(v) >= MATCH_LEN]


def scrub(text: str, secrets: Iterable[Secret | str | None]) -> str:
    """``text`` with every run of a secret's forms replaced by REDACTED."""
    values = _secret_values(secrets)
    if not values or len(text) < MATCH_LEN:
        return text
    grams = frozenset().union(*(_grams(v) for v in values))
    hidden = bytearray(len(text))
    for i in range(len(text) - MATCH_LEN + 1):
        if text[i:i + MATCH_LEN] in grams:
            hidden[i:i + MATCH_LEN] = b"\1" * MATCH_LEN
    if not any(hidden):
        return text
    out: list[str] = []
    for i, ch in enumerate(text):
        if not hidden[i]:
            out.append(ch)
        elif i == 0 or not hidden[i - 1]:
            out.append(REDACTED)
    return "".join(out)


def contains_secret(text: str, secrets: Iterable[Secret | str | None]) -> bool:
    return scrub(text, secrets) != text


def server_text(value: object, secrets: Iterable[Secret | str | None] = (), limit: int = MAX_SERVER_TEXT) -> str:
    """A string from a server, as a report may keep it: printable, secret-free, at most ``limit`` long."""
    text = value if isinstance(value, str) else repr(value)
    # Work on a bounded window (a server may send a megabyte); what lies past it is cut anyway,
    # and the margin lets a secret that straddles the cut still be recognised and scrubbed.
    window = text[:limit + 4 * MATCH_LEN]
    clean = scrub(for_display(window).replace("\n", " "), secrets)
    if len(clean) > limit or len(window) < len(text):
        clean = clean[:limit - 1] + ELLIPSIS
    return clean


def server_texts(values: Iterable[object], secrets: Iterable[Secret | str | None] = (), most: int = 16,
                 limit: int = 100) -> list[str]:
    """A server's list of strings (its auth methods, say): the first ``most`` of them, each cleaned."""
    secrets = list(secrets)
    out = []
    for i, value in enumerate(values):
        if i >= most:
            out.append(ELLIPSIS)
            break
        out.append(server_text(value, secrets, limit))
    return out
