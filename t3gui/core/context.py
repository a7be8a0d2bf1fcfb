"""What checks share during one run: options, results so far, the run's state, samples."""

from __future__ import annotations

import copy
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from types import MappingProxyType

from t3gui.core.events import Sample
from t3gui.core.model import CheckResult
from t3gui.core.options import DiagnoseOptions
from t3gui.core.run_state import RunState

Cleanup = Callable[[], Awaitable[None] | None]


# The checks that run side by side on purpose, each reader with what it reads of the other
# without waiting for it (needs and after make the engine wait). icmp.echo and tcp.connect both
# listen for the "host unreachable" a router sends only once its ARP retries are over: one after
# the other, a powered-off server would cost the user that wait twice. What the reader gets
# depends on timing, so it may use it only to stop waiting sooner and to word what it found
# itself, never to find less (tests/checks/test_registry.py: each pair is of one tier, and
# neither depends on the other).
BESIDE: Mapping[str, frozenset[str]] = MappingProxyType({"icmp.echo": frozenset({"tcp.connect"})})


class UndeclaredRead(LookupError):
    """A check read the result of a check it does not declare in needs or after (a t3gui bug:
    the engine does not wait for that check, so what it reads depends on timing)."""


class CheckContext:
    def __init__(self, options: DiagnoseOptions, emit: Callable[[Sample], None]) -> None:
        self.options = options
        # Addresses given for the target (--resolve, or one node of a cluster) are known from the start.
        self.state = RunState(addresses=tuple(options.resolve))
        self.results: dict[str, CheckResult] = {}  # the engine's: checks read them through result()
        self._emit = emit
        self._t0 = time.monotonic()
        self._cleanups: list[Cleanup] = []
        self._reader: str | None = None  # the check this context is handed to (None: a test's own)
        self._declared: frozenset[str] = frozenset()

    def for_check(self, check_id: str, declared: Iterable[str]) -> CheckContext:
        """This run's context as the check ``check_id`` sees it: the same state, results and
        cleanups, and only the results of ``declared`` (its needs and after) to read."""
        view = copy.copy(self)
        view._reader, view._declared = check_id, frozenset(declared)
        return view

    def result(self, check_id: str) -> CheckResult | None:
        """The result of ``check_id``, which this check declares in needs or after (None when it
        did not run: a lower tier stopped the run, or a sub-run has no such check)."""
        if self._reader is not None and check_id not in self._declared:
            raise UndeclaredRead(f"{self._reader} reads {check_id} without declaring it in needs or after")
        return self.results.get(check_id)

    def beside(self, check_id: str) -> CheckResult | None:
        """The result of ``check_id``, which runs beside this check on purpose (``BESIDE``), if it
        has finished by now; None while it still runs."""
        if self._reader is not None and check_id not in BESIDE.get(self._reader, frozenset()):
            raise UndeclaredRead(f"{self._reader} reads {check_id} beside it without declaring it in "
                                 "t3gui.core.context.BESIDE")
        return self.results.get(check_id)

    @property
    def timeout(self) -> float:
        return self.options.timeout_s

    def sample(self, series: str, seq: int, rtt_ms: float | None) -> None:
        self.state.series.setdefault(series, []).append(-1.0 if rtt_ms is None else rtt_ms)
        self._emit(Sample(series, seq, time.monotonic() - self._t0, rtt_ms))

    def on_close(self, cleanup: Cleanup) -> None:
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
