"""How a check is declared and what it returns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from t3gui.core.codes import Code, Severity
from t3gui.core.model import ErrorReason, Finding, JsonObject, JsonValue, Status, Tier

if TYPE_CHECKING:
    from t3gui.core.context import CheckContext


class BareFailError(ValueError):
    """A check tried to fail without saying why (a t3gui bug, never a server's fault)."""


@dataclass(frozen=True)
class Outcome:
    """What a check returns. A ``fail`` that carries no critical finding cannot be built:
    the verdict reads findings only, so such a fail would read as healthy."""

    status: Status
    summary: str
    data: JsonObject = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    error_reason: ErrorReason | None = None

    def __post_init__(self) -> None:
        if self.status is Status.FAIL and not any(f.severity is Severity.CRITICAL for f in self.findings):
            raise BareFailError(f"a fail without a critical finding: {self.summary!r}")
        if self.status is Status.ERROR and self.error_reason is None:
            raise BareFailError(f"an error without a reason: {self.summary!r}")


class CheckSkipped(Exception):
    """Raised by a check that has nothing to do (the message says why)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CheckFailed(Exception):
    """Raised by a check that could not run for a reason outside the server."""

    def __init__(self, reason: ErrorReason, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class CheckSpec:
    """A check, declared once; its ``run`` docstring is its help text."""

    id: str
    tier: Tier
    title: str
    run: Callable[[CheckContext], Awaitable[Outcome]]
    needs: tuple[str, ...] = ()  # must have passed (or warned) first
    after: tuple[str, ...] = ()  # must have finished first, whatever their status
    # Runs even when a lower tier already found one of these causes, because it can find what
    # lies beneath them (a routing loop beneath a filtered port).
    explains: frozenset[Code] = frozenset()
    # Runs again on every address when the name has several (cluster nodes): what one server
    # behind the name can get wrong on its own (core.nodes).
    per_node: bool = False
    timeout_probes: float = 1.0  # the check's deadline: this many per-probe timeouts...
    interval_probes: float = 0.0  # ...plus this many series of probe intervals...
    timeout_extra_s: float = 0.5  # ...plus this slack

    def deadline_s(self, probe_timeout_s: float, series_s: float = 0.0) -> float:
        return self.timeout_probes * probe_timeout_s + self.interval_probes * series_s + self.timeout_extra_s

    @property
    def help(self) -> str:
        return (self.run.__doc__ or self.title).strip()


def finding(code: Code, severity: Severity, check: str, **evidence: JsonValue) -> Finding:
    return Finding(code, severity, check, evidence)
