"""The report's JSON form (schema t3gui.report/1), written and read in one place."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import json
import logging
import math
import re
from collections.abc import Collection, Mapping
from typing import Any

from t3gui.core.catalog import LANGUAGES
from t3gui.core.codes import Code, Severity
from t3gui.core.model import (
    SCHEMA,
    CheckResult,
    ErrorReason,
    Finding,
    NodeResult,
    Report,
    SeriesStats,
    Status,
    Target,
    Tier,
    Unchecked,
    Verdict,
    VerdictStatus,
)
from t3gui.core.sanitize import for_display
from t3gui.core.say import localize

log = logging.getLogger("t3gui.report")


class ReportFormatError(ValueError):
    """A report document that is not a t3gui.report/1 (the message says where)."""


def _finite(value: Any, where: str = "") -> Any:
    """NaN and Infinity are not JSON: a value that reached the report anyway is written as null.
    Strings lose what would drive a terminal (JSON escapes C0 only, not C1 or bidi overrides) and
    lone surrogates, which no encoder can write."""
    if isinstance(value, float) and not math.isfinite(value):
        log.warning("a non-finite number at %s written as null", where or "the report")
        return None
    if isinstance(value, str):
        return for_display(value)
    if isinstance(value, Mapping):
        return {for_display(str(k)): _finite(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v, f"{where}[{i}]") for i, v in enumerate(value)]
    return value


def dumps(report: Report, indent: int | None = 2) -> str:
    """The report as strict JSON (no NaN or Infinity, which other tools' parsers refuse)."""
    return json.dumps(_finite(to_json(report)), ensure_ascii=False, indent=indent, allow_nan=False, default=str)


def to_json(report: Report) -> dict[str, Any]:
    return {
        "schema": report.schema,
        "tool": {"name": "t3gui", "version": report.tool_version},
        "started_at": report.started_at,
        "finished_at": report.finished_at,
        "language": report.language,
        **({"platform": report.platform} if report.platform else {}),
        "target": dataclasses.asdict(report.target),
        "checks": [_check(c, report.language) for c in report.checks],
        "findings": [_finding(f) for f in report.findings],
        "verdict": _verdict(report.verdict),
        "measurements": {"rtt": {name: dataclasses.asdict(s) for name, s in report.measurements.items()}},
        "nodes": [_node(n, report.language) for n in report.nodes],
    }


def _node(n: NodeResult, language: str) -> dict[str, Any]:
    return {"address": n.address, "status": n.status.value, "root_cause": n.root_cause.value if n.root_cause else None,
            "summary": n.summary, "checks": [_check(c, language) for c in n.checks]}


def _verdict(v: Verdict) -> dict[str, Any]:
    out: dict[str, Any] = {"status": v.status.value, "root_cause": v.root_cause.value if v.root_cause else None,
                           "summary": v.summary}
    if v.unchecked or v.status is VerdictStatus.INCONCLUSIVE:
        out["unchecked"] = [{"check": u.check, "reason": u.reason.value,
                             **({"because": u.because} if u.because else {})} for u in v.unchecked]
    return out


def _check(c: CheckResult, language: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "tier": c.tier.value, "status": c.status.value,
                           "duration_ms": c.duration_ms, "summary": localize(c.summary, language),
                           "data": dict(c.data)}
    if c.error_reason is not None:
        out["error_reason"] = c.error_reason.value
    return out


def _finding(f: Finding) -> dict[str, Any]:
    return {"code": f.code.value, "severity": f.severity.value, "check": f.check, "summary": f.summary,
            "evidence": dict(f.evidence), "remediation": f.remediation}


# -- reading: everything a report document holds is checked, since a bundle's report is hostile input --

CHECK_ID = re.compile(r"[a-z][a-z0-9_]{0,31}(?:\.[a-z][a-z0-9_]{0,31}){1,3}")
SERIES_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
MAX_TEXT = 16_000  # a summary or a remediation, in characters
MAX_EVIDENCE_TEXT = 4_000  # evidence is quoted into the verdict's sentence
MAX_DATA_TEXT = 256_000  # a certificate chain in PEM is the longest a check keeps
MAX_NAME = 255  # a host name, a key, a version
MAX_DEPTH = 16  # a check's data nests four deep; a hostile one would exhaust the stack of every reader
MAX_INT = 2**63  # beyond this an integer is a hostile one, and a slow one to print
DAY_MS = 86_400_000.0
MAX_COUNT = 10**9
MAX_NODES = 64  # servers behind one name (core.nodes runs no more)


def printable(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` without escape sequences or control characters (newline kept), at most ``limit`` long:
    what a bundle says reaches terminals, labels and pages, which would obey or choke on the rest."""
    clean = for_display(text[:2 * limit])  # cut first: cleaning a hostile megabyte costs time for nothing
    return clean if len(clean) <= limit and len(text) <= 2 * limit else clean[:limit - 1] + "…"


def _get(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, Mapping) or key not in obj:
        raise ReportFormatError(f"{where} lacks {key!r}")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ReportFormatError(f"{where}.{key} has the wrong type")
    return value


def _text(obj: Mapping[str, Any], key: str, where: str, limit: int = MAX_TEXT) -> str:
    return printable(_get(obj, key, str, where), limit)


def _enum(enum_type: Any, value: Any, where: str) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        raise ReportFormatError(f"{where} has an unknown value {printable(repr(value), 40)}") from None


def _number(obj: Mapping[str, Any], key: str, where: str, low: float, high: float) -> float:
    value = _get(obj, key, (int, float), where)
    if isinstance(value, int) and abs(value) >= MAX_INT:
        raise ReportFormatError(f"{where}.{key} is out of range")
    number = float(value)
    if not math.isfinite(number):
        raise ReportFormatError(f"{where}.{key} is not a finite number")
    if not low <= number <= high:
        raise ReportFormatError(f"{where}.{key} is out of range")
    return number


def _int(obj: Mapping[str, Any], key: str, where: str, low: int, high: int) -> int:
    value = _get(obj, key, int, where)
    if not low <= value <= high:
        raise ReportFormatError(f"{where}.{key} is outside {low}-{high}")
    return int(value)


def _optional_ms(obj: Mapping[str, Any], key: str, where: str) -> float | None:
    if _get(obj, key, (int, float, type(None)), where) is None:
        return None
    return _number(obj, key, where, 0.0, DAY_MS)


def is_timestamp(value: Any) -> bool:
    """An ISO 8601 time with its time zone, as t3gui writes them (what reports subtract and print)."""
    # fromisoformat takes any character between date and time: an escape or a lone surrogate too.
    if not isinstance(value, str) or len(value) > 40 or not (value.isascii() and value.isprintable()):
        return False
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def _timestamp(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = _get(obj, key, str, where)
    if not is_timestamp(value):
        raise ReportFormatError(f"{where}.{key} is not an ISO 8601 time with its time zone")
    return str(value)


class _Ids:
    """Check ids: always the registry's shape; the registry's own when the caller knows it (core
    cannot import the checks, so whoever opens a bundle passes their ids in)."""

    def __init__(self, known: Collection[str] | None) -> None:
        self.known = None if known is None else frozenset(known)

    def __call__(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not CHECK_ID.fullmatch(value):
            raise ReportFormatError(f"{where} is not a check id")
        if self.known is not None and value not in self.known:
            raise ReportFormatError(f"{where} names a check this version of t3gui does not have ({value})")
        return value


def _plain(value: Any, where: str, limit: int, depth: int = 0) -> Any:
    """A check's data or a finding's evidence: JSON values only, finite, not too deep, strings cleaned."""
    if depth > MAX_DEPTH:
        raise ReportFormatError(f"{where} nests deeper than {MAX_DEPTH} levels")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return printable(value, limit)
    if isinstance(value, int):
        if abs(value) >= MAX_INT:
            raise ReportFormatError(f"{where} holds a number out of range")
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ReportFormatError(f"{where} holds a number that is not finite")
        return value
    if isinstance(value, Mapping):
        return {printable(str(k), MAX_NAME): _plain(v, f"{where}.{printable(str(k), 40)}", limit, depth + 1)
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, f"{where}[{i}]", limit, depth + 1) for i, v in enumerate(value)]
    raise ReportFormatError(f"{where} holds a {type(value).__name__}, which JSON has not")


def _checks(doc: Mapping[str, Any], ids: _Ids, where: str = "") -> tuple[CheckResult, ...]:
    checks = []
    for i, c in enumerate(_get(doc, "checks", list, where or "report")):
        w = f"{where}{'.' if where else ''}checks[{i}]"
        reason = c.get("error_reason") if isinstance(c, Mapping) else None
        checks.append(CheckResult(
            ids(_get(c, "id", str, w), f"{w}.id"), _enum(Tier, _get(c, "tier", str, w), f"{w}.tier"),
            _enum(Status, _get(c, "status", str, w), f"{w}.status"), _number(c, "duration_ms", w, 0.0, DAY_MS),
            _text(c, "summary", w), _plain(_get(c, "data", Mapping, w), f"{w}.data", MAX_DATA_TEXT), (),
            None if reason is None else _enum(ErrorReason, reason, f"{w}.error_reason")))
    return tuple(checks)


def _findings(doc: Mapping[str, Any], ids: _Ids) -> tuple[Finding, ...]:
    findings = []
    for i, f in enumerate(_get(doc, "findings", list, "report")):
        w = f"findings[{i}]"
        findings.append(Finding(
            _enum(Code, _get(f, "code", str, w), f"{w}.code"), _enum(Severity, _get(f, "severity", str, w),
                                                                      f"{w}.severity"),
            ids(_get(f, "check", str, w), f"{w}.check"),
            _plain(_get(f, "evidence", Mapping, w), f"{w}.evidence", MAX_EVIDENCE_TEXT),
            _text(f, "summary", w), _text(f, "remediation", w)))
    return tuple(findings)


def _unchecked(v: Mapping[str, Any], ids: _Ids) -> tuple[Unchecked, ...]:
    out = []
    for i, u in enumerate(_get(v, "unchecked", list, "verdict") if "unchecked" in v else []):
        w = f"verdict.unchecked[{i}]"
        because = u.get("because") if isinstance(u, Mapping) else None
        out.append(Unchecked(ids(_get(u, "check", str, w), f"{w}.check"),
                             _enum(ErrorReason, _get(u, "reason", str, w), f"{w}.reason"),
                             None if because is None else ids(because, f"{w}.because")))
    return tuple(out)


def _verdict_of(doc: Mapping[str, Any], findings: tuple[Finding, ...], ids: _Ids) -> Verdict:
    v = _get(doc, "verdict", Mapping, "report")
    status = _enum(VerdictStatus, _get(v, "status", str, "verdict"), "verdict.status")
    root = v.get("root_cause")
    root_code = None if root is None else _enum(Code, root, "verdict.root_cause")
    # What every reader assumes of a verdict (the root cause is a finding of the report, of the
    # severity its status says): a document that breaks it would break them.
    severity = next((f.severity for f in findings if f.code is root_code), None)
    if root_code is not None and severity is None:
        raise ReportFormatError(f"verdict.root_cause {root_code.value} is not among the report's findings")
    expected = {VerdictStatus.HEALTHY: (None,), VerdictStatus.FAILED: (Severity.CRITICAL,),
                VerdictStatus.DEGRADED: (Severity.WARNING,), VerdictStatus.INCONCLUSIVE: (None, Severity.WARNING)}
    if severity not in expected[status]:
        raise ReportFormatError(f"verdict.status {status.value} does not fit its root cause")
    return Verdict(status, root_code, _text(v, "summary", "verdict"), _unchecked(v, ids))


def _measurements(doc: Mapping[str, Any]) -> dict[str, SeriesStats]:
    rtt = _get(_get(doc, "measurements", Mapping, "report"), "rtt", Mapping, "measurements")
    out = {}
    for name, s in rtt.items():
        if not isinstance(name, str) or not SERIES_NAME.fullmatch(name):
            raise ReportFormatError("measurements.rtt has a series whose name is not a plain word")
        w = f"measurements.rtt.{name}"
        sent = _int(s, "sent", w, 0, MAX_COUNT)
        out[name] = SeriesStats(sent, _int(s, "received", w, 0, sent), _number(s, "loss_pct", w, 0.0, 100.0),
                                *(_optional_ms(s, k, w) for k in ("min_ms", "median_ms", "p95_ms", "max_ms",
                                                                  "jitter_ms")))
    return out


def _nodes(doc: Mapping[str, Any], findings: tuple[Finding, ...], ids: _Ids) -> tuple[NodeResult, ...]:
    """Several servers behind the name: each an IP literal, once, with a status and a root cause
    among the report's findings that fit each other (what the verdict of a node says)."""
    if "nodes" not in doc:  # reports made before t3gui diagnosed every node
        return ()
    items = _get(doc, "nodes", list, "report")
    if len(items) > MAX_NODES:
        raise ReportFormatError(f"report.nodes lists more than {MAX_NODES} servers")
    codes = {f.code for f in findings}
    nodes: list[NodeResult] = []
    for i, n in enumerate(items):
        w = f"nodes[{i}]"
        text = _get(n, "address", str, w)
        try:
            parsed = ipaddress.ip_address(text[:MAX_NAME])
        except ValueError:
            raise ReportFormatError(f"{w}.address is not an IP address") from None
        if getattr(parsed, "scope_id", None) is not None:  # a zone is any text after '%': nothing to show
            raise ReportFormatError(f"{w}.address carries a zone, which t3gui never writes")
        address = str(parsed)
        if address != text or any(node.address == address for node in nodes):
            raise ReportFormatError(f"{w}.address is not one IP address of its own")
        status = _enum(VerdictStatus, _get(n, "status", str, w), f"{w}.status")
        root = n.get("root_cause")
        root_code = None if root is None else _enum(Code, root, f"{w}.root_cause")
        if root_code is not None and root_code not in codes:
            raise ReportFormatError(f"{w}.root_cause {root_code.value} is not among the report's findings")
        if (root_code is None) != (status is VerdictStatus.HEALTHY) and status is not VerdictStatus.INCONCLUSIVE:
            raise ReportFormatError(f"{w}.status {status.value} does not fit its root cause")
        nodes.append(NodeResult(address, status, root_code, _text(n, "summary", w), _checks(n, ids, w)))
    return tuple(nodes)


def from_json(doc: Any, known_checks: Collection[str] | None = None) -> Report:
    """The report a document holds, every field checked: types, enumerations, check ids (the
    registry's when ``known_checks`` is given), times, finite numbers in range, a verdict that fits
    its findings; text comes back without control characters and cut to a sane length."""
    if not isinstance(doc, Mapping):
        raise ReportFormatError("the report is not a JSON object")
    if doc.get("schema") != SCHEMA:
        raise ReportFormatError(f"schema {printable(repr(doc.get('schema')), 60)} is not {SCHEMA}")
    ids = _Ids(known_checks)
    target = _get(doc, "target", Mapping, "report")
    findings = _findings(doc, ids)
    language = doc.get("language", "en")
    if language not in LANGUAGES:
        raise ReportFormatError(f"report.language is not one of {', '.join(LANGUAGES)}")
    return Report(
        tool_version=_text(_get(doc, "tool", Mapping, "report"), "version", "tool", MAX_NAME),
        started_at=_timestamp(doc, "started_at", "report"), finished_at=_timestamp(doc, "finished_at", "report"),
        target=Target(_text(target, "host", "target", MAX_NAME), _int(target, "port", "target", 1, 65535),
                      _int(target, "udp_port", "target", 1, 65535)),
        checks=_checks(doc, ids), findings=findings, verdict=_verdict_of(doc, findings, ids),
        measurements=_measurements(doc), language=str(language), platform=_platform(doc),
        nodes=_nodes(doc, findings, ids),
    )


def _platform(doc: Mapping[str, Any]) -> str:
    """The OS the report was made on, when it names one t3gui knows ("" otherwise: fix steps then
    follow the reader's OS)."""
    value = doc.get("platform", "")
    return value if isinstance(value, str) and value in ("win32", "darwin", "linux") else ""
