"""The engine with small real checks: order, concurrency, failures, stop-early and cancel."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest

from t3gui.cli.text_report import exit_status
from t3gui.core.check import CheckFailed, CheckSkipped, CheckSpec, Outcome, finding
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.engine import Engine, RegistryError, validate
from t3gui.core.events import CheckFinished, CheckStarted, Event, Sample, TierSkipped
from t3gui.core.model import ErrorReason, Status, Target, Tier, VerdictStatus
from t3gui.core.options import DiagnoseOptions

OPTIONS = DiagnoseOptions(Target("127.0.0.1"), timeout_s=0.3)
Run = Callable[[CheckContext], Awaitable[Outcome]]


def sleeper(seconds: float, log: list[str] | None = None, name: str = "") -> Run:
    async def run(ctx: CheckContext) -> Outcome:
        if log is not None:
            log.append(f"start {name}")
        await asyncio.sleep(seconds)
        if log is not None:
            log.append(f"end {name}")
        return Outcome(Status.PASS, f"slept {seconds}")
    return run


def spec(id_: str, run: Run, tier: Tier = Tier.BASIC, **kw: object) -> CheckSpec:
    return CheckSpec(id_, tier, id_.title(), run, **kw)  # type: ignore[arg-type]


async def collect(engine: Engine) -> list[Event]:
    return [e async for e in engine.events()]


async def test_independent_checks_run_at_once() -> None:
    engine = Engine([spec("a", sleeper(0.2)), spec("b", sleeper(0.2)), spec("c", sleeper(0.2))], OPTIONS)
    started = time.monotonic()
    await collect(engine)
    assert time.monotonic() - started < 0.35
    assert engine.report is not None and [c.status for c in engine.report.checks] == [Status.PASS] * 3


async def test_dependencies_run_in_order() -> None:
    log: list[str] = []
    engine = Engine([spec("b", sleeper(0.01, log, "b"), needs=("a",)), spec("a", sleeper(0.05, log, "a"))],
                    OPTIONS)
    await collect(engine)
    assert log == ["start a", "end a", "start b", "end b"]


async def test_failed_need_skips_with_the_reason() -> None:
    async def fail(ctx: CheckContext) -> Outcome:
        return Outcome(Status.FAIL, "no", findings=(finding(Code.TCP_REFUSED, Severity.CRITICAL, "a"),))

    report = await Engine([spec("a", fail), spec("b", sleeper(0), needs=("a",))], OPTIONS).run()
    b = report.checks[1]
    assert b.status is Status.SKIP and "a did not succeed" in b.summary


async def test_a_crashed_check_is_an_error_never_a_failure() -> None:
    async def crash(ctx: CheckContext) -> Outcome:
        raise KeyError("oops")

    report = await Engine([spec("a", crash)], OPTIONS).run()
    assert report.checks[0].status is Status.ERROR and report.checks[0].error_reason is ErrorReason.BUG
    assert "KeyError" in report.checks[0].summary and report.findings == ()


async def test_checks_name_why_they_could_not_run() -> None:
    async def skip(ctx: CheckContext) -> Outcome:
        raise CheckSkipped("nothing to do")

    async def wrong(ctx: CheckContext) -> Outcome:
        raise CheckFailed(ErrorReason.WRONG_INPUT, "bad CA file")

    report = await Engine([spec("a", skip), spec("b", wrong)], OPTIONS).run()
    assert report.checks[0].status is Status.SKIP and report.checks[0].summary == "nothing to do"
    assert report.checks[1].error_reason is ErrorReason.WRONG_INPUT


async def test_a_check_never_runs_past_its_deadline() -> None:
    started = time.monotonic()
    report = await Engine([spec("a", sleeper(30))], OPTIONS).run()
    elapsed = time.monotonic() - started
    assert report.checks[0].status is Status.ERROR and report.checks[0].error_reason is ErrorReason.TIMEOUT
    assert elapsed < OPTIONS.timeout_s + 0.5 + 0.3


async def test_stop_early_skips_higher_tiers() -> None:
    async def critical(ctx: CheckContext) -> Outcome:
        return Outcome(Status.FAIL, "dead", findings=(finding(Code.TCP_REFUSED, Severity.CRITICAL, "a"),))

    engine = Engine([spec("a", critical), spec("b", sleeper(0), Tier.INTERMEDIATE),
                     spec("c", sleeper(0), Tier.ADVANCED)], OPTIONS)
    events = await collect(engine)
    skipped = [e for e in events if isinstance(e, TierSkipped)]
    assert [e.tier for e in skipped] == [Tier.INTERMEDIATE, Tier.ADVANCED]
    assert "TCP_REFUSED" in skipped[0].reason
    assert engine.report is not None and engine.report.verdict.root_cause is Code.TCP_REFUSED


async def test_tier_limit() -> None:
    import dataclasses

    options = dataclasses.replace(OPTIONS, tier=Tier.BASIC)
    report = await Engine([spec("a", sleeper(0)), spec("b", sleeper(0), Tier.INTERMEDIATE)], options).run()
    assert report.checks[1].status is Status.SKIP and "not asked for" in report.checks[1].summary


async def test_samples_stream_and_become_measurements() -> None:
    async def probe(ctx: CheckContext) -> Outcome:
        for i, rtt in enumerate([1.0, None, 3.0]):
            ctx.sample("icmp", i + 1, rtt)
        return Outcome(Status.PASS, "done")

    engine = Engine([spec("a", probe)], OPTIONS)
    events = await collect(engine)
    assert [e.rtt_ms for e in events if isinstance(e, Sample)] == [1.0, None, 3.0]
    assert engine.report is not None
    stats = engine.report.measurements["icmp"]
    assert (stats.sent, stats.received, stats.loss_pct) == (3, 2, 33.33)


async def test_cancel_stops_everything_and_runs_cleanups() -> None:
    cleaned: list[str] = []
    started_checks: list[str] = []
    both_started = asyncio.Event()

    async def slow(ctx: CheckContext) -> Outcome:
        ctx.on_close(lambda: cleaned.append("socket closed"))
        started_checks.append("x")
        if len(started_checks) == 2:
            both_started.set()
        await asyncio.sleep(30)
        return Outcome(Status.PASS, "never")

    engine = Engine([spec("a", slow), spec("b", slow)], OPTIONS)
    before = asyncio.all_tasks()

    async def consume() -> None:
        async for _ in engine.events():
            pass

    consumer = asyncio.create_task(consume())  # as the GUI's Cancel button and Ctrl-C do it
    await asyncio.wait_for(both_started.wait(), 2)
    started = time.monotonic()
    consumer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await consumer
    assert time.monotonic() - started < 0.2
    assert asyncio.all_tasks() - before == {asyncio.current_task()} - before
    assert cleaned == ["socket closed", "socket closed"]


async def test_closing_the_iterator_early_also_cleans_up() -> None:
    import contextlib

    cleaned: list[str] = []

    async def slow(ctx: CheckContext) -> Outcome:
        ctx.on_close(lambda: cleaned.append("closed"))
        await asyncio.sleep(30)
        return Outcome(Status.PASS, "never")

    engine = Engine([spec("a", slow)], OPTIONS)
    before = asyncio.all_tasks()
    async with contextlib.aclosing(engine.events()) as events:
        async for event in events:
            if isinstance(event, CheckStarted):
                await asyncio.sleep(0.01)
                break
    assert cleaned == ["closed"] and asyncio.all_tasks() - before == set()


async def test_events_report_every_check_once() -> None:
    engine = Engine([spec("a", sleeper(0)), spec("b", sleeper(0), needs=("a",))], OPTIONS)
    finished = [e.result.id for e in await collect(engine) if isinstance(e, CheckFinished)]
    assert finished == ["a", "b"]


@pytest.mark.parametrize(("specs", "message"), [
    ([spec("a", sleeper(0)), spec("a", sleeper(0))], "share an id"),
    ([spec("a", sleeper(0), needs=("ghost",))], "unknown check ghost"),
    ([spec("a", sleeper(0), needs=("b",)), spec("b", sleeper(0), Tier.ADVANCED)], "higher tier"),
    ([spec("a", sleeper(0), needs=("b",)), spec("b", sleeper(0), after=("a",))], "cycle"),
])
def test_registry_validation(specs: list[CheckSpec], message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        validate(specs)


def test_the_real_registry_is_valid() -> None:
    from t3gui.checks.registry import CHECKS

    validate(CHECKS)
    assert all(c.help for c in CHECKS)


# --- never a false "healthy" -------------------------------------------------------------------


async def _passes(ctx: CheckContext) -> Outcome:
    return Outcome(Status.PASS, "fine")


async def test_a_crashed_check_makes_the_run_inconclusive_not_healthy() -> None:
    async def crash(ctx: CheckContext) -> Outcome:
        raise KeyError("oops")

    report = await Engine([spec("a", _passes), spec("b", crash), spec("c", _passes, needs=("b",)),
                           spec("d", _passes, after=("c",))], OPTIONS).run()
    assert report.verdict.status is VerdictStatus.INCONCLUSIVE and report.verdict.root_cause is None
    assert [(u.check, u.reason, u.because) for u in report.verdict.unchecked] == [
        ("b", ErrorReason.BUG, None), ("c", ErrorReason.BUG, "b")]  # d ran: it only waited for c
    assert "could not check b" in report.verdict.summary.lower()


async def test_a_check_past_its_deadline_makes_the_run_inconclusive() -> None:
    report = await Engine([spec("a", sleeper(5), timeout_extra_s=0.1), spec("b", _passes)], OPTIONS).run()
    assert report.verdict.status is VerdictStatus.INCONCLUSIVE
    assert report.verdict.unchecked[0].reason is ErrorReason.TIMEOUT
    assert exit_status(report) == 4


async def test_a_bare_fail_that_slips_through_becomes_a_bug() -> None:
    async def bare(ctx: CheckContext) -> Outcome:
        return Outcome(Status.FAIL, "no answer")  # what auth.server used to return on a timeout

    report = await Engine([spec("a", bare)], OPTIONS).run()
    a = report.checks[0]
    assert a.status is Status.ERROR and a.error_reason is ErrorReason.BUG
    assert report.verdict.status is VerdictStatus.INCONCLUSIVE and exit_status(report) == 4


async def test_warnings_and_an_error_are_inconclusive_with_the_warning_as_cause() -> None:
    async def warns(ctx: CheckContext) -> Outcome:
        return Outcome(Status.WARN, "udp", findings=(finding(Code.UDP_BLOCKED, Severity.WARNING, "a"),))

    async def wrong(ctx: CheckContext) -> Outcome:
        raise CheckFailed(ErrorReason.WRONG_INPUT, "bad CA file")

    report = await Engine([spec("a", warns), spec("b", wrong)], OPTIONS).run()
    assert report.verdict.status is VerdictStatus.INCONCLUSIVE
    assert report.verdict.root_cause is Code.UDP_BLOCKED


async def test_a_critical_finding_fails_the_run_whatever_could_not_be_checked() -> None:
    async def fails(ctx: CheckContext) -> Outcome:
        return Outcome(Status.FAIL, "refused", findings=(finding(Code.TCP_REFUSED, Severity.CRITICAL, "a"),))

    async def crash(ctx: CheckContext) -> Outcome:
        raise RuntimeError

    report = await Engine([spec("a", fails), spec("b", crash)], OPTIONS).run()
    assert report.verdict.status is VerdictStatus.FAILED and report.verdict.root_cause is Code.TCP_REFUSED
    assert exit_status(report) == 1
