"""Server-supplied text: no terminal control, no token in any encoding, a bounded length."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Callable
from urllib.parse import quote

import pytest

from t3gui.core.sanitize import (
    ELLIPSIS,
    MAX_SERVER_TEXT,
    REDACTED,
    contains_secret,
    for_display,
    scrub,
    server_text,
    server_texts,
)
from t3gui.core.secret import Secret


@pytest.mark.parametrize(("text", "shown"), [
    ("clear \x1b[2Jscreen", "clear screen"),
    ("\x1b]0;owned title\x07name", "name"),
    ("\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"),
    ("c1 \x9b31mred", "c1 red"),
    ("bell\x07 nul\x00 del\x7f bs\x08", "bell nul del bs"),
    ("tab\there", "tab here"),
    ("line one\r\nline two\rthree", "line one\nline twothree"),
    ("right-to-left \u202eexe.txt", "right-to-left exe.txt"),
    ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ("中文 and emoji 🙂 stay", "中文 and emoji 🙂 stay"),
    ("<b>html</b> is text, not markup", "<b>html</b> is text, not markup"),
])
def test_for_display_leaves_only_what_prints(text: str, shown: str) -> None:
    assert for_display(text) == shown
    assert for_display(shown) == shown


def test_an_unterminated_sequence_does_not_swallow_what_follows() -> None:
    report = "server: \x1b]0;never ends\nverdict: FAILED\nroot cause: T3_NO_RESPONSE\n"
    shown = for_display(report)
    assert "verdict: FAILED\nroot cause: T3_NO_RESPONSE" in shown and "\x1b" not in shown
    assert for_display("\x1b[" + "9" * 10_000 + "m tail").endswith(" tail")


def test_for_display_output_always_encodes_as_utf8() -> None:
    every_char = "".join(chr(c) for c in range(0x110000))
    cleaned = for_display(every_char)
    cleaned.encode("utf-8")  # a lone surrogate would raise here, and print() with it
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in cleaned)


@pytest.fixture(scope="module")
def jwt_text(token: Callable[..., str]) -> str:
    return token(sub="carol")


def leaks(jwt_text: str) -> dict[str, str]:
    raw = jwt_text.encode()
    _header, claims, signature = jwt_text.split(".")
    return {
        "raw": jwt_text,
        "signature": signature,
        "claims part": claims,
        "hex": raw.hex(),
        "HEX": raw.hex().upper(),
        "percent-encoded": quote(jwt_text, safe=""),
        "base64": base64.b64encode(raw).decode(),
        "base64 after 1 byte": base64.b64encode(b"x" + raw).decode(),
        "base64 after 2 bytes": base64.b64encode(b"xy" + raw).decode(),
        "base64url": base64.urlsafe_b64encode(raw).decode(),
        "base64url after 1 byte": base64.urlsafe_b64encode(b"x" + raw).decode(),
        "base64 of the signature": base64.b64encode(signature.encode()).decode(),
        "first 40 characters": jwt_text[:40],
        "cut by control bytes": jwt_text[:30] + "\x00\x1b[0m" + jwt_text[30:],
    }


def test_the_token_is_scrubbed_in_every_encoding(jwt_text: str) -> None:
    for name, leak in leaks(jwt_text).items():
        cleaned = server_text(f"bad token {leak} rejected", [Secret(jwt_text)], limit=10_000)
        assert REDACTED in cleaned, name
        assert cleaned.startswith("bad token ") and cleaned.endswith(" rejected"), (name, cleaned)
        for other in leaks(jwt_text).values():
            # What is left of a secret is shorter than anything that could be matched back to it.
            assert other[:16] not in cleaned and other[-16:] not in cleaned, (name, cleaned)


def test_scrub_keeps_what_is_not_the_token(jwt_text: str) -> None:
    kept = [
        "access revoked for user carol",
        hashlib.sha256(jwt_text.encode()).hexdigest(),  # the fingerprint reports do name the token by
        "0123456789" * 5,
        "eyJ",  # every JWT starts so; three characters say nothing
    ]
    for text in kept:
        assert scrub(text, [jwt_text]) == text
        assert not contains_secret(text, [jwt_text])
    assert scrub("anything", [None, "", "short"]) == "anything"


def test_server_text_caps_the_length_and_stays_fast(jwt_text: str) -> None:
    huge = "A" * 1_000_000 + jwt_text
    started = time.perf_counter()
    cleaned = server_text(huge, [jwt_text])
    assert time.perf_counter() - started < 0.5
    assert len(cleaned) == MAX_SERVER_TEXT and cleaned.endswith(ELLIPSIS)
    # A token straddling the cut is caught too, not left half in the text.
    straddling = "B" * (MAX_SERVER_TEXT - 20) + jwt_text
    assert jwt_text[:12] not in server_text(straddling, [jwt_text])


def test_server_text_takes_anything() -> None:
    assert server_text(None) == "None" and server_text(42) == "42"
    assert server_text("line\nbreak") == "line break"  # one line: it goes into one-line summaries


def test_server_texts_bounds_a_list(jwt_text: str) -> None:
    cleaned = server_texts(["jwt", jwt_text, *(["x"] * 100)], [jwt_text])
    assert cleaned[0] == "jwt" and cleaned[1] in (REDACTED, REDACTED + ELLIPSIS)
    assert len(cleaned) == 17 and cleaned[-1] == ELLIPSIS
