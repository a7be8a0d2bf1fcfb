"""English check summaries read back into their message key and arguments.

A report read from JSON (an opened bundle), a check that gives its reason as a
plain string, an exception's message: these reach the reader as English text,
not as a ``Said``. Matching the text against the English templates of the
summaries catalog (the longest literal first, whole text only) recovers the key
and the arguments, so the text can be said again in another language. A text
no template matches is left as it is.

Two arguments side by side ("this clock is {offset} {direction} the server's")
can split a text in several ways; the caller's ``score`` picks the split whose
arguments it knows best ("2 h 0 min" and "ahead of", not "2" and "h 0 min ahead of").
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from t3gui.core.catalog.summaries import SUMMARIES

DURATION = "duration."
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_MAX_SPLITS = 64  # a text that splits more ways than this is not one of ours


@dataclass(frozen=True)
class _Template:
    key: str
    literals: tuple[str, ...]  # one more than names: the text before, between and after the arguments
    names: tuple[str, ...]
    numbers: bool  # every argument is a number (durations)


@functools.cache
def _templates(durations: bool) -> tuple[_Template, ...]:
    found: list[_Template] = []
    for key, texts in SUMMARIES.items():
        if key.startswith(DURATION) != durations:
            continue
        literals, names = [""], []
        for text, name, _, _ in string.Formatter().parse(texts["en"]):
            literals[-1] += text
            if name:
                names.append(name)
                literals.append("")
        found.append(_Template(key, tuple(literals), tuple(names), durations))
    found.sort(key=lambda t: -sum(len(lit) for lit in t.literals))
    return tuple(found)


def _splits(template: _Template, text: str) -> Iterator[dict[str, str]]:
    literals, names = template.literals, template.names
    if not names:
        if text == literals[0]:
            yield {}
        return
    if not (text.startswith(literals[0]) and text.endswith(literals[-1])):
        return
    end = len(text) - len(literals[-1])

    def walk(index: int, pos: int, args: dict[str, str]) -> Iterator[dict[str, str]]:
        if index == len(names):
            yield args
            return
        after = literals[index + 1]
        last = index == len(names) - 1
        starts = [end] if last else [i for i in range(pos + 1, end + 1) if text.startswith(after, i)]
        for stop in starts:
            value = text[pos:stop]
            name = names[index]
            if not value or (template.numbers and not _NUMBER.fullmatch(value)):
                continue
            if name in args and args[name] != value:
                continue
            yield from walk(index + 1, stop + len(after), {**args, name: value})

    yield from walk(0, len(literals[0]), {})


def parse(text: str, durations: bool = False,
          score: Callable[[dict[str, str]], int] | None = None) -> tuple[str, dict[str, str]] | None:
    """(key, arguments) of the summary ``text`` says, or None; ``durations``: of a duration only."""
    for template in _templates(durations):
        best: dict[str, str] | None = None
        best_score = -1
        for count, args in enumerate(_splits(template, text)):
            if count >= _MAX_SPLITS:
                break
            value = score(args) if score is not None else 0
            if value > best_score:
                best, best_score = args, value
        if best is not None:
            return template.key, best
    return None
