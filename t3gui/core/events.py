"""What the engine tells its listener (the CLI's progress, the GUI's signals)."""

from __future__ import annotations

from dataclasses import dataclass

from t3gui.core.model import CheckResult, NodeResult, Tier


@dataclass(frozen=True)
class CheckStarted:
    check_id: str
    tier: Tier
    title: str


@dataclass(frozen=True)
class CheckFinished:
    result: CheckResult


@dataclass(frozen=True)
class Sample:
    """One probe of a live series: ``rtt_ms`` None means lost."""

    series: str
    seq: int
    t_s: float  # monotonic seconds since the run started
    rtt_ms: float | None


@dataclass(frozen=True)
class TierSkipped:
    tier: Tier
    reason: str


@dataclass(frozen=True)
class NodeFinished:
    """One of several servers behind the name has been diagnosed (its own checks, its own verdict)."""

    node: NodeResult


Event = CheckStarted | CheckFinished | Sample | TierSkipped | NodeFinished
