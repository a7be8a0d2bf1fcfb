"""A mutator that knows JSON, for the targets whose input holds JSON objects.

Byte mutations of a JSON document mostly make it not JSON, so the parser behind ``json.loads``
sees few of them, and almost never a well-formed document with one hostile value in it. Half of
the time this mutator instead decodes one JSON object of the input, puts a hostile value (NaN, a
401-digit integer, an escape sequence, a lone surrogate, a wrong type, deep nesting ...) in one
place, and writes it back; the other half is libFuzzer's own byte mutation.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from typing import Any

HOSTILE_TEXT = ("", "\x1b[2J\x1b]0;owned\x07", "\x9b31m", "\u202e", "\ud800", "\x00", "\r\n", "\t", "\x7f",
                "..", "../../etc/passwd", "<b>&amp;</b>", "%s%n", "9" * 400, "x" * 3000, "t3.example.com", "é")
HOSTILE_NUMBERS: tuple[Any, ...] = (float("nan"), float("inf"), float("-inf"), 10**400, -(10**400), -1, 0, 1,
                                    2**31, 2**53 + 1, 2**63, 2**64, 1e308, -1e-308, 0.5, -0.0, True, False, None)
CONTROL_CHARS = "\x00\x07\x08\x1b\x7f\x85\x9b\x9d\u200e\u202e\u2066\ud800\udfff\ufeff"
_Slot = tuple[Any, Any]  # (a dict or a list, a key or an index in it)


def _slots(node: Any, out: list[_Slot], depth: int = 0) -> list[_Slot]:
    if depth > 64:
        return out
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        out.append((node, key))
        _slots(value, out, depth + 1)
    return out


def _edit_text(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    if rng.random() < 0.5 and text:
        return text[:at] + rng.choice(CONTROL_CHARS) + text[at + 1:]  # one character swapped
    return text[:at] + rng.choice(HOSTILE_TEXT) + text[at:]


def _mutate_value(value: Any, doc: Any, rng: random.Random) -> Any:
    choice = rng.randrange(8)
    if choice == 0:
        return rng.choice(HOSTILE_NUMBERS)
    if choice == 1:
        return rng.choice(HOSTILE_TEXT)
    if choice == 2 and isinstance(value, str):
        return _edit_text(value, rng)
    if choice == 3 and isinstance(value, int | float) and not isinstance(value, bool):
        near: list[Any] = [value + 1, value - 1, -value, value * 1000]
        if abs(value) < 1e300:  # NaN and the infinities fail this too
            near += [repr(value), float(value) if isinstance(value, int) else int(value)]
        return rng.choice(near)
    if choice == 4:
        return rng.choice(([value], {"x": value}, [], {}, str(value)))
    if choice == 5:
        slots = _slots(doc, [])
        parent, key = rng.choice(slots) if slots else (None, None)
        # A copy of a value from elsewhere in the document: the value itself could be an ancestor
        # of this place, and a cycle would make the next walk over the document endless.
        try:
            return value if parent is None else copy.deepcopy(parent[key])
        except RecursionError:
            return value
    if choice == 6:
        for _ in range(rng.choice((2, 17, 40, 200))):
            value = [value]
        return value
    return rng.choice(HOSTILE_NUMBERS + HOSTILE_TEXT)


def mutate_document(doc: Any, rng: random.Random) -> Any:
    slots = _slots(doc, [])
    if not slots:
        return _mutate_value(doc, doc, rng)
    parent, key = rng.choice(slots)
    if rng.random() < 0.12:
        if isinstance(parent, dict):
            del parent[key]
        else:
            parent.pop(key)
    elif rng.random() < 0.1 and isinstance(parent, dict):
        parent[rng.choice(HOSTILE_TEXT)] = parent[key]  # a new, odd key
    else:
        parent[key] = _mutate_value(parent[key], doc, rng)
    return doc


def _objects(text: str) -> list[tuple[int, int, Any]]:
    """(start, end, value) of each top-level JSON object in ``text``."""
    decoder, at = json.JSONDecoder(), text.find("{")
    found: list[tuple[int, int, Any]] = []
    while at != -1 and len(found) < 8:
        try:
            value, end = decoder.raw_decode(text, at)
        except (ValueError, RecursionError):
            at = text.find("{", at + 1)
            continue
        found.append((at, end, value))
        at = text.find("{", end)
    return found


def _dump(doc: Any, rng: random.Random) -> str:
    try:
        return json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8").decode("utf-8")
    except (UnicodeEncodeError, ValueError, RecursionError):
        try:
            return json.dumps(doc)  # \\u escapes carry what UTF-8 cannot (lone surrogates)
        except (ValueError, RecursionError):
            return ""


def json_mutator(byte_mutate: Callable[[bytes, int], bytes]) -> Callable[[bytes, int, int], bytes]:
    """A libFuzzer custom mutator: JSON-aware half the time, ``byte_mutate`` (atheris.Mutate) otherwise."""

    def mutate(data: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        if rng.random() < 0.5:
            return byte_mutate(data, max_size)
        text = data.decode("utf-8", "surrogateescape")
        objects = _objects(text)
        if not objects:
            return byte_mutate(data, max_size)
        start, end, doc = rng.choice(objects)
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            doc = mutate_document(doc, rng)
        new = _dump(doc, rng)
        if new and rng.random() < 0.02:
            new = "[" * 3000 + new + "]" * 3000  # deeper than any JSON parser's recursion limit
        out = (text[:start] + new + text[end:]).encode("utf-8", "surrogateescape")
        return out if new and len(out) <= max_size else byte_mutate(data, max_size)

    return mutate
