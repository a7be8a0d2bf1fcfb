"""What checks share during one run: options, results so far, facts, samples."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from t3gui.core.events import Sample
from t3gui.core.model import CheckResult
from t3gui.core.options import DiagnoseOptions


@dataclass
class Facts:
    """What one check learnt that later checks build on (written once, by one check)."""

    addresses: list[str] = field(default_factory=list)
    nameservers: list[str] = field(default_factory=list)  # the system resolver's
    reachable: list[str] = field(default_factory=list)  # addresses whose control port accepted
    tcp_rtt_ms: list[float] = field(default_factory=list)
    tls: bool | None = None  # None: unknown, False: the server speaks plaintext T3
    tls_ok: bool = False
    tls_info: dict[str, Any] = field(default_factory=dict)
    hello_ack: Any = None  # protocol.messages.HelloAck
    hello_rtt_ms: float | None = None
    clock_offset_s: float | None = None
    session: Any = None  # checks.t3_client.T3Client, authenticated, owned by the run
    udp_key: bytes | None = None
    proxy: dict[str, str] = field(default_factory=dict)
    series: dict[str, list[float]] = field(default_factory=dict)


class CheckContext:
    def __init__(self, options: DiagnoseOptions, emit: Callable[[Sample], None]) -> None:
        self.options = options
        # Addresses given for the target (--resolve, or one node of a cluster) are known from the start.
        self.facts = Facts(addresses=list(options.resolve))
        self.results: dict[str, CheckResult] = {}
        self._emit = emit
        self._t0 = time.monotonic()
        self._cleanups: list[Callable[[], Any]] = []

    @property
    def timeout(self) -> float:
        return self.options.timeout_s

    def sample(self, series: str, seq: int, rtt_ms: float | None) -> None:
        self.facts.series.setdefault(series, []).append(-1.0 if rtt_ms is None else rtt_ms)
        self._emit(Sample(series, seq, time.monotonic() - self._t0, rtt_ms))

    def on_close(self, cleanup: Callable[[], Any]) -> None:
        """Run ``cleanup`` (sync or async) when the run ends, however it ends."""
        self._cleanups.append(cleanup)

    async def close(self) -> None:
        import inspect

        for cleanup in reversed(self._cleanups):
            try:
                result = cleanup()
                if inspect.isawaitable(result):
                    await result
            except Exception:  # a cleanup must never hide the run's own result
                pass
        self._cleanups.clear()
