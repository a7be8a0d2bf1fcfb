"""Runs checks tier by tier; inside a tier, each as soon as what it needs is done.

``Engine.events()`` is an async iterator of events; once it is exhausted,
``Engine.report`` holds the Report. Cancelling the iteration cancels every
check at once and closes every socket the run opened.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING

from t3gui.core.check import BareFailError, CheckFailed, CheckSkipped, CheckSpec, Outcome
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.events import CheckFinished, CheckStarted, Event, TierSkipped
from t3gui.core.model import CheckResult, ErrorReason, Report, Status, Tier, Unchecked
from t3gui.core.options import DiagnoseOptions
from t3gui.core.say import say

if TYPE_CHECKING:
    from t3gui.core.nodes import NodeRuns

log = logging.getLogger("t3gui.engine")
_DONE = object()
_OK = (Status.PASS, Status.WARN)


class RegistryError(ValueError):
    """The declared checks do not form a runnable graph (a t3gui bug)."""


def validate(specs: Sequence[CheckSpec]) -> None:
    by_id = {s.id: s for s in specs}
    if len(by_id) != len(specs):
        raise RegistryError("two checks share an id")
    for spec in specs:
        for dep in spec.needs + spec.after:
            if dep not in by_id:
                raise RegistryError(f"{spec.id} depends on unknown check {dep}")
            if by_id[dep].tier.rank > spec.tier.rank:
                raise RegistryError(f"{spec.id} depends on {dep} of a higher tier")
    seen: set[str] = set()
    visiting: set[str] = set()

    def visit(check_id: str) -> None:
        if check_id in seen:
            return
        if check_id in visiting:
            raise RegistryError(f"dependency cycle through {check_id}")
        visiting.add(check_id)
        for dep in by_id[check_id].needs + by_id[check_id].after:
            visit(dep)
        visiting.discard(check_id)
        seen.add(check_id)

    for spec in specs:
        visit(spec.id)


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def unchecked(specs: Sequence[CheckSpec], results: dict[str, CheckResult]) -> tuple[Unchecked, ...]:
    """The checks that could not give their answer: those that errored, and those skipped
    because a check they depend on could not give its own (the reason is inherited)."""
    out: dict[str, Unchecked] = {}
    for spec in specs:
        result = results.get(spec.id)
        if result is not None and result.status is Status.ERROR:
            out[spec.id] = Unchecked(spec.id, result.error_reason or ErrorReason.BUG)
    changed = True
    while changed:  # skips propagate down the dependency graph
        changed = False
        for spec in specs:
            result = results.get(spec.id)
            if spec.id in out or result is None or result.status is not Status.SKIP:
                continue
            blocker = next((out[d] for d in spec.needs + spec.after if d in out), None)
            if blocker is not None:
                out[spec.id] = Unchecked(spec.id, blocker.reason, blocker.because or blocker.check)
                changed = True
    order = {s.id: i for i, s in enumerate(specs)}

    def rank(u: Unchecked) -> int:
        return order[u.check]

    return tuple(sorted(out.values(), key=rank))


class Engine:
    def __init__(self, specs: Sequence[CheckSpec], options: DiagnoseOptions) -> None:
        validate(specs)
        self.specs = list(specs)
        self.options = options
        self.report: Report | None = None
        self.context: CheckContext | None = None
        from t3gui.core.nodes import NodeRuns

        self._nodes: NodeRuns = NodeRuns((), options, lambda _: None)  # replaced by each run's own

    async def events(self) -> AsyncIterator[Event]:
        from t3gui.core.nodes import NodeRuns

        queue: asyncio.Queue[object] = asyncio.Queue()
        context = CheckContext(self.options, queue.put_nowait)
        self.context = context
        self._nodes = NodeRuns(self.specs, self.options, queue.put_nowait)
        started = _now_iso()
        runner = asyncio.create_task(self._run_tiers(context, queue))
        try:
            while (event := await queue.get()) is not _DONE:
                yield event  # type: ignore[misc]
            await runner
            node_runs = await self._nodes.results()
        finally:
            if not runner.done():
                runner.cancel()
                await asyncio.gather(runner, return_exceptions=True)
            await self._nodes.cancel()
            await context.close()
        from t3gui.core.report_builder import build_report

        ordered = [context.results[s.id] for s in self.specs if s.id in context.results]
        if node_runs:  # the main run's node-level findings say which node they are about
            ordered = self._tag_main_node(ordered, context)
        self.report = build_report(self.options, ordered, context.state.series, started, _now_iso(),
                                   unchecked(self.specs, context.results), node_runs=node_runs)

    def _tag_main_node(self, results: list[CheckResult], context: CheckContext) -> list[CheckResult]:
        from t3gui.core.nodes import tag_results

        address = context.state.node_address
        if address is None:
            return results
        return tag_results(results, {s.id for s in self.specs if s.per_node}, address)

    async def run(self) -> Report:
        async for _ in self.events():
            pass
        assert self.report is not None
        return self.report

    async def _run_tiers(self, context: CheckContext, queue: asyncio.Queue[object]) -> None:
        not_asked: str | None = None
        for tier in Tier:
            specs = [s for s in self.specs if s.tier is tier]
            if tier.rank > self.options.tier.rank:
                not_asked = not_asked or say("engine.not_asked", tier=tier.value)
            causes = self._critical_causes(context) if self.options.stop_early else []
            reason = not_asked or (say("engine.cause_found", code=causes[0].value) if causes else None)
            if reason is not None:
                # Checks that can explain a cause already found still run: they look beneath it.
                deeper = [] if not_asked else [s for s in specs if s.explains & set(causes)]
                if not deeper:
                    queue.put_nowait(TierSkipped(tier, reason))
                for spec in specs:
                    if spec not in deeper:
                        self._record(context, queue, self._skipped(spec, reason))
                specs = deeper
            await self._run_tier(specs, context, queue)
        await self._nodes.settled()  # their NodeFinished events come before the end
        queue.put_nowait(_DONE)

    @staticmethod
    def _critical_causes(context: CheckContext) -> list[Code]:
        return [f.code for r in context.results.values() for f in r.findings if f.severity is Severity.CRITICAL]

    @staticmethod
    def _skipped(spec: CheckSpec, reason: str) -> CheckResult:
        return CheckResult(spec.id, spec.tier, Status.SKIP, 0.0, reason)

    def _record(self, context: CheckContext, queue: asyncio.Queue[object], result: CheckResult) -> None:
        context.results[result.id] = result
        queue.put_nowait(CheckFinished(result))
        if self._nodes.wanted(context.state.addresses):  # several servers behind the name: each on its own
            self._nodes.start(context.state.addresses)

    async def _run_tier(self, specs: list[CheckSpec], context: CheckContext,
                        queue: asyncio.Queue[object]) -> None:
        pending = {s.id: s for s in specs}
        running: dict[asyncio.Task[CheckResult], CheckSpec] = {}
        try:
            while pending or running:
                progress = True
                while progress:
                    progress = False
                    for spec in list(pending.values()):
                        if not all(d in context.results for d in spec.needs + spec.after):
                            continue
                        del pending[spec.id]
                        progress = True
                        unmet = [d for d in spec.needs if context.results[d].status not in _OK]
                        if unmet:
                            self._record(context, queue, self._skipped(
                                spec, say("engine.needs", deps=", ".join(unmet))))
                            continue
                        queue.put_nowait(CheckStarted(spec.id, spec.tier, spec.title))
                        running[asyncio.create_task(self._run_one(spec, context))] = spec
                if not running:
                    break
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    running.pop(task)
                    self._record(context, queue, task.result())
        finally:
            for task in running:
                task.cancel()
            if running:
                await asyncio.gather(*running, return_exceptions=True)

    async def _run_one(self, spec: CheckSpec, context: CheckContext) -> CheckResult:
        deadline = spec.deadline_s(self.options.timeout_s, self.options.probes * self.options.probe_interval_s)
        started = time.monotonic()
        try:
            outcome = await asyncio.wait_for(spec.run(context.for_check(spec.id, spec.needs + spec.after)), deadline)
        except CheckSkipped as exc:
            outcome = Outcome(Status.SKIP, exc.message)
        except CheckFailed as exc:
            outcome = Outcome(Status.ERROR, exc.message, error_reason=exc.reason)
        except TimeoutError:
            outcome = Outcome(Status.ERROR, say("engine.timeout", seconds=round(deadline, 1)),
                              error_reason=ErrorReason.TIMEOUT)
        except BareFailError as exc:  # a fail that says nothing would read as healthy
            log.error("check %s: %s", spec.id, exc)
            outcome = Outcome(Status.ERROR, say("engine.bare_fail"), error_reason=ErrorReason.BUG)
        except Exception as exc:  # a crashed check is an error of t3gui, never a failing server
            log.exception("check %s crashed", spec.id)
            outcome = Outcome(Status.ERROR, say("engine.bug", error=f"{exc.__class__.__name__}: {exc}"),
                              error_reason=ErrorReason.BUG)
        return CheckResult(spec.id, spec.tier, outcome.status, round((time.monotonic() - started) * 1000, 1),
                           outcome.summary, dict(outcome.data), outcome.findings, outcome.error_reason)
