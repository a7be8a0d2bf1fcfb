"""What every check's typed data shares: the base class and the validating readers of JSON.

A check's data reaches the report as JSON (``CheckResult.data``); the checks, the GUI and the
bundle writer that need a field of another check's data read it through these types and never
by key: ``TcpConnectData.of(result)``, ``CertificateData.in_report(report)``. ``from_json``
validates what it reads (a bundle's report is hostile input, already cleaned of control
characters and cut to size by report_json): a wrong type or too many items is a
``DataFormatError``, and ``of`` then gives None, as for a check that did not run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import ClassVar, Self, TypeVar

from t3gui.core.model import CheckResult, JsonObject, JsonValue, Report

MAX_ENDPOINTS = 256  # addresses behind one name that t3gui connects to
MAX_CHAIN = 32  # certificates in one chain (TLS allows more; no server sends them)
MAX_HOPS = 64  # TTLs a traceroute tries
MAX_ITEMS = 64  # interfaces, proxies, series, MTU sizes, ICMP errors: a machine or a run has a few

T = TypeVar("T")


class DataFormatError(ValueError):
    """A check's data that does not have the shape its check writes (the message says where)."""


def _field(data: JsonObject, key: str, kind: type[T], where: str) -> T:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise DataFormatError(f"{where}.{key} is not a {kind.__name__}")
    return value


def _optional_text(data: JsonObject, key: str, where: str) -> str | None:
    return None if data.get(key) is None else _field(data, key, str, where)


def _number(data: JsonObject, key: str, where: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DataFormatError(f"{where}.{key} is not a finite number")
    return float(value)


def _items(data: JsonObject, key: str, where: str, limit: int) -> Sequence[JsonValue]:
    value = data.get(key)
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise DataFormatError(f"{where}.{key} is not a list")
    if len(value) > limit:
        raise DataFormatError(f"{where}.{key} has more than {limit} items")
    return value


def _listed(value: JsonValue) -> Sequence[JsonValue]:
    """``value``'s items when it is a list, else none (for fields read leniently, never refused)."""
    return value if isinstance(value, Sequence) and not isinstance(value, str | bytes) else ()


def _object(value: JsonValue, where: str) -> JsonObject:
    if not isinstance(value, Mapping):
        raise DataFormatError(f"{where} is not an object")
    return value


class CheckData:
    """What every typed check data gives: its JSON form, its validated reading, its accessors."""

    CHECK_ID: ClassVar[str]

    def to_json(self) -> dict[str, JsonValue]:
        raise NotImplementedError

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        raise NotImplementedError

    @classmethod
    def parse(cls, result: CheckResult | None) -> Self | None:
        """``result``'s data when ``result`` is this check's and has data; a DataFormatError when
        that data does not have this shape."""
        return None if result is None else cls.parse_json(result.id, result.data)

    @classmethod
    def parse_json(cls, check_id: str, data: JsonObject) -> Self | None:
        """The data of the check ``check_id`` when that is this check and it has data, as a report
        document holds it; a DataFormatError when that data does not have this shape."""
        if check_id != cls.CHECK_ID or not data:
            return None
        return cls.from_json(data)

    @classmethod
    def of(cls, result: CheckResult | None) -> Self | None:
        """``result``'s data, when ``result`` is this check's and its data has this shape."""
        try:
            return cls.parse(result)
        except DataFormatError:
            return None

    @classmethod
    def in_report(cls, report: Report) -> Self | None:
        return cls.of(next((c for c in report.checks if c.id == cls.CHECK_ID), None))


def _texts(data: JsonObject, key: str, where: str, limit: int) -> tuple[str, ...]:
    items = _items(data, key, where, limit)
    if not all(isinstance(i, str) for i in items):
        raise DataFormatError(f"{where}.{key} holds something other than text")
    return tuple(str(i) for i in items)

def _integer(data: JsonObject, key: str, where: str) -> int:
    return _field(data, key, int, where)


def _optional(data: JsonObject, key: str, kind: type[T], where: str) -> T | None:
    return None if data.get(key) is None else _field(data, key, kind, where)


def _optional_number(data: JsonObject, key: str, where: str) -> float | None:
    return None if data.get(key) is None else _number(data, key, where)


def _mapping(data: JsonObject, key: str, where: str, limit: int) -> JsonObject:
    value = _object(data.get(key), f"{where}.{key}")
    if len(value) > limit:
        raise DataFormatError(f"{where}.{key} has more than {limit} items")
    return value
