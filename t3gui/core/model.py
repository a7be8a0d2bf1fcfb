"""The diagnosis model: targets, check results, findings, the verdict, the report.

All frozen: a Report is one immutable value that the CLI prints, the bundle
stores and the GUI shows. The JSON form lives in ``report_json``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from t3gui.core.codes import Code, Severity

SCHEMA = "t3gui.report/1"
DEFAULT_PORT = 12345
DEFAULT_UDP_PORT = 12346

# What a check's data and a finding's evidence hold: JSON values, nothing else (the report is
# their JSON; a reader that needs more than a key's JSON value reads it through core.check_data).
JsonValue: TypeAlias = str | int | float | bool | Sequence["JsonValue"] | Mapping[str, "JsonValue"] | None
JsonObject: TypeAlias = Mapping[str, JsonValue]


class Tier(enum.StrEnum):
    BASIC = "basic"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


class Status(enum.StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"


class ErrorReason(enum.StrEnum):
    """Why a check could not give an answer (it says nothing about the server)."""

    TIMEOUT = "timeout"
    CONNECTIVITY = "connectivity"
    WRONG_INPUT = "wrong-input"
    BUG = "bug"
    CANCELLED = "cancelled"


class VerdictStatus(enum.StrEnum):
    HEALTHY = "healthy"
    DEGRADED = "degraded"
    FAILED = "failed"
    INCONCLUSIVE = "inconclusive"  # no critical finding, but a check could not give its answer


@dataclass(frozen=True)
class Target:
    host: str
    port: int = DEFAULT_PORT
    udp_port: int = DEFAULT_UDP_PORT

    def display(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


@dataclass(frozen=True)
class Finding:
    code: Code
    severity: Severity
    check: str
    evidence: JsonObject = field(default_factory=dict)
    summary: str = ""  # filled from the catalog, in the report's language
    remediation: str = ""


@dataclass(frozen=True)
class CheckResult:
    id: str
    tier: Tier
    status: Status
    duration_ms: float
    summary: str
    data: JsonObject = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    error_reason: ErrorReason | None = None


@dataclass(frozen=True)
class SeriesStats:
    """One RTT series as the contract reports it; times are None with no reply."""

    sent: int
    received: int
    loss_pct: float
    min_ms: float | None
    median_ms: float | None
    p95_ms: float | None
    max_ms: float | None
    jitter_ms: float | None


@dataclass(frozen=True)
class Unchecked:
    """A check of the tiers that ran that could not give its answer, and why."""

    check: str
    reason: ErrorReason
    because: str | None = None  # the check that errored, when this one was skipped for it


@dataclass(frozen=True)
class Verdict:
    status: VerdictStatus
    root_cause: Code | None
    summary: str
    unchecked: tuple[Unchecked, ...] = ()


@dataclass(frozen=True)
class NodeResult:
    """One of several servers behind the target's name, diagnosed on its own through the login."""

    address: str  # an IP literal
    status: VerdictStatus
    root_cause: Code | None
    summary: str  # one sentence about this node, in the report's language
    checks: tuple[CheckResult, ...] = ()  # this node's own node-level check results


@dataclass(frozen=True)
class Report:
    tool_version: str
    started_at: str
    finished_at: str
    target: Target
    checks: tuple[CheckResult, ...]
    findings: tuple[Finding, ...]
    verdict: Verdict
    measurements: Mapping[str, SeriesStats] = field(default_factory=dict)
    language: str = "en"
    schema: str = SCHEMA
    platform: str = ""  # sys.platform where the run was made: fix steps are for that OS, wherever it is read
    nodes: tuple[NodeResult, ...] = ()  # one per address when the name has several; empty with one
