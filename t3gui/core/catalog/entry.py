"""One catalog entry: what a finding code means, in one language."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    title: str
    summary: str  # one sentence quoting the evidence, e.g. "expired {days_ago} days ago"
    verdict: str  # "Login fails because ..." when this is the root cause
    customer: str  # plain words for the person at the keyboard
    technician: str  # what a help-desk technician should know and check
    fix: str  # remediation on every platform...
    per_os: dict[str, str] = field(default_factory=dict)  # ...or per "windows", "macos", "linux"


def E(title: str, summary: str, verdict: str, customer: str, technician: str, fix: str,
      **per_os: str) -> Entry:
    return Entry(title, summary, verdict, customer, technician, fix, per_os)
