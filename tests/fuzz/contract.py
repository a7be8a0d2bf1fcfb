"""What every fuzz target promises, and the registry the harness, the tests and scripts/fuzz.py share.

A target takes the fuzzer's bytes and drives one parser the way t3gui drives it on hostile
input. The parser may accept the input or refuse it with its own error type; any other
exception (or a broken ``ContractViolation`` invariant) is a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "fuzz" / "corpus"
CRASHES = REPO / "fuzz" / "crashes"
DICTS = REPO / "fuzz" / "dicts"

T = TypeVar("T")
# Coverage of these stdlib modules guides a target too (the harness instruments them before any import):
# a bundle's zip structure is zipfile's pure-Python parsing.
INSTRUMENT_MORE = {"bundle": ("zipfile",)}


class ContractViolation(AssertionError):
    """The parser accepted the input but broke a property its module documents."""


def attempt(allowed: tuple[type[BaseException], ...], fn: Callable[..., T], *args: Any) -> T | None:
    """``fn(*args)``, or None when it refuses the input with one of the ``allowed`` errors."""
    try:
        return fn(*args)
    except allowed:
        return None


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[bytes], None]
    parser: str  # what it exercises, for the docs and the failure messages
    errors: str  # the error types that mean "refused"
    max_len: int = 4096
    dictionary: str | None = None  # a file in fuzz/dicts/
    json_aware: bool = False  # the input holds JSON objects: mutate them as JSON too (json_mutator)

    @property
    def corpus(self) -> Path:
        return CORPUS / self.name

    @property
    def crashes(self) -> Path:
        return CRASHES / self.name

    def libfuzzer_options(self) -> list[str]:
        options = [f"-max_len={self.max_len}"]
        if self.dictionary:
            options.append(f"-dict={DICTS / self.dictionary}")
        return options
