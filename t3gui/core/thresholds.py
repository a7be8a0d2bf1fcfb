"""Thresholds of the diagnosis contract (a profile may change them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    latency_warn_ms: float = 150.0
    latency_crit_ms: float = 400.0
    loss_warn_pct: float = 1.0
    loss_crit_pct: float = 5.0
    jitter_warn_ms: float = 30.0
    clock_skew_crit_s: float = 60.0
    cert_expiring_days: float = 14.0
    overload_ratio: float = 0.85
    connections_ratio: float = 0.90
    slow_handshake_factor: float = 10.0  # handshake time over this many RTTs...
    slow_handshake_min_ms: float = 500.0  # ...and over this many ms is SERVER_SLOW
