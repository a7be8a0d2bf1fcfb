"""The report's JSON form (schema t3gui.report/1), written and read in one place."""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from collections.abc import Mapping
from typing import Any

from t3gui.core.codes import Code, Severity
from t3gui.core.model import (
    SCHEMA,
    CheckResult,
    ErrorReason,
    Finding,
    Report,
    SeriesStats,
    Status,
    Target,
    Tier,
    Unchecked,
    Verdict,
    VerdictStatus,
)
from t3gui.core.say import localize

log = logging.getLogger("t3gui.report")


class ReportFormatError(ValueError):
    """A report document that is not a t3gui.report/1 (the message says where)."""


def _finite(value: Any, where: str = "") -> Any:
    """NaN and Infinity are not JSON: a value that reached the report anyway is written as null."""
    if isinstance(value, float) and not math.isfinite(value):
        log.warning("a non-finite number at %s written as null", where or "the report")
        return None
    if isinstance(value, Mapping):
        return {str(k): _finite(v, f"{where}.{k}") for k, v in value.items()}
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
        "target": dataclasses.asdict(report.target),
        "checks": [_check(c, report.language) for c in report.checks],
        "findings": [_finding(f) for f in report.findings],
        "verdict": _verdict(report.verdict),
        "measurements": {"rtt": {name: dataclasses.asdict(s) for name, s in report.measurements.items()}},
    }


def _verdict(v: Verdict) -> dict[str, Any]:
    out: dict[str, Any] = {"status": v.status.value, "root_cause": v.root_cause.value if v.root_cause else None,
                           "summary": v.summary}
    if v.unchecked or v.status is VerdictStatus.INCONCLUSIVE:
        out["unchecked"] = [{"check": u.check, "reason": u.reason.value,
                             **({"because": u.because} if u.because else {})} for u in v.unchecked]
    return out


def _unchecked(v: Mapping[str, Any]) -> tuple[Unchecked, ...]:
    out = []
    for i, u in enumerate(_get(v, "unchecked", list, "verdict") if "unchecked" in v else []):
        w = f"verdict.unchecked[{i}]"
        because = u.get("because") if isinstance(u, Mapping) else None
        if because is not None and not isinstance(because, str):
            raise ReportFormatError(f"{w}.because has the wrong type")
        out.append(Unchecked(_get(u, "check", str, w), _enum(ErrorReason, _get(u, "reason", str, w), w), because))
    return tuple(out)


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


def _get(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, Mapping) or key not in obj:
        raise ReportFormatError(f"{where} lacks {key!r}")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ReportFormatError(f"{where}.{key} has the wrong type")
    return value


def _enum(enum_type: Any, value: Any, where: str) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        raise ReportFormatError(f"{where} has an unknown value {value!r}") from None


def from_json(doc: Any) -> Report:
    if not isinstance(doc, Mapping):
        raise ReportFormatError("the report is not a JSON object")
    if doc.get("schema") != SCHEMA:
        raise ReportFormatError(f"schema {doc.get('schema')!r} is not {SCHEMA}")
    target = _get(doc, "target", Mapping, "report")
    checks = []
    for i, c in enumerate(_get(doc, "checks", list, "report")):
        w = f"checks[{i}]"
        reason = c.get("error_reason") if isinstance(c, Mapping) else None
        checks.append(CheckResult(
            _get(c, "id", str, w), _enum(Tier, _get(c, "tier", str, w), w),
            _enum(Status, _get(c, "status", str, w), w), float(_get(c, "duration_ms", (int, float), w)),
            _get(c, "summary", str, w), dict(_get(c, "data", Mapping, w)), (),
            None if reason is None else _enum(ErrorReason, reason, w)))
    findings = []
    for i, f in enumerate(_get(doc, "findings", list, "report")):
        w = f"findings[{i}]"
        findings.append(Finding(
            _enum(Code, _get(f, "code", str, w), w), _enum(Severity, _get(f, "severity", str, w), w),
            _get(f, "check", str, w), dict(_get(f, "evidence", Mapping, w)), _get(f, "summary", str, w),
            _get(f, "remediation", str, w)))
    v = _get(doc, "verdict", Mapping, "report")
    root = v.get("root_cause")
    rtt = _get(_get(doc, "measurements", Mapping, "report"), "rtt", Mapping, "measurements")
    measurements = {}
    for name, s in rtt.items():
        try:
            names = (f.name for f in dataclasses.fields(SeriesStats))
            measurements[str(name)] = SeriesStats(**{k: s[k] for k in names})
        except (KeyError, TypeError):
            raise ReportFormatError(f"measurements.rtt.{name} is incomplete") from None
    tool = _get(doc, "tool", Mapping, "report")
    return Report(
        tool_version=_get(tool, "version", str, "tool"), started_at=_get(doc, "started_at", str, "report"),
        finished_at=_get(doc, "finished_at", str, "report"),
        target=Target(_get(target, "host", str, "target"), _get(target, "port", int, "target"),
                      _get(target, "udp_port", int, "target")),
        checks=tuple(checks), findings=tuple(findings),
        verdict=Verdict(_enum(VerdictStatus, _get(v, "status", str, "verdict"), "verdict"),
                        None if root is None else _enum(Code, root, "verdict.root_cause"),
                        _get(v, "summary", str, "verdict"), _unchecked(v)),
        measurements=measurements, language=str(doc.get("language", "en")),
    )
