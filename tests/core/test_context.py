"""What checks share: one typed run state, and only the results of the checks they declare."""

from __future__ import annotations

import asyncio

import pytest

from t3gui.core.check import CheckSpec, Outcome
from t3gui.core.context import BESIDE, CheckContext, UndeclaredRead
from t3gui.core.engine import Engine
from t3gui.core.model import CheckResult, ErrorReason, Status, Target, Tier
from t3gui.core.options import DiagnoseOptions
from t3gui.core.run_state import HandshakeResult, TlsHandshakes

OPTIONS = DiagnoseOptions(Target("127.0.0.1"), timeout_s=0.5)


def test_a_check_reads_the_results_it_declares_and_no_other() -> None:
    ctx = CheckContext(OPTIONS, lambda sample: None)
    ctx.results["a.one"] = CheckResult("a.one", Tier.BASIC, Status.PASS, 1.0, "one")
    view = ctx.for_check("a.three", ("a.one", "a.two"))
    result = view.result("a.one")
    assert result is not None and result.summary == "one"
    assert view.result("a.two") is None  # declared, not run
    with pytest.raises(UndeclaredRead, match=r"a\.three reads a\.four"):
        view.result("a.four")
    assert not hasattr(view, "finished")  # no way around the declaration: every result so far is gone


def test_a_check_reads_beside_it_only_what_context_beside_declares() -> None:
    ctx = CheckContext(OPTIONS, lambda sample: None)
    icmp = ctx.for_check("icmp.echo", ("dns.resolve",))
    assert BESIDE["icmp.echo"] == {"tcp.connect"}
    assert icmp.beside("tcp.connect") is None  # still running: no waiting
    ctx.results["tcp.connect"] = CheckResult("tcp.connect", Tier.BASIC, Status.FAIL, 1.0, "refused")
    beside = icmp.beside("tcp.connect")
    assert beside is not None and beside.summary == "refused"
    with pytest.raises(UndeclaredRead, match=r"icmp\.echo reads dns\.resolve beside it"):
        icmp.beside("dns.resolve")  # declared in needs: read with result(), after it finished
    with pytest.raises(UndeclaredRead, match=r"tls\.handshake reads tcp\.connect beside it"):
        ctx.for_check("tls.handshake", ("tcp.connect",)).beside("tcp.connect")
    with pytest.raises(TypeError):
        BESIDE["tls.handshake"] = frozenset({"tcp.connect"})  # type: ignore[index]


def test_a_check_view_shares_the_run_state_and_its_cleanups() -> None:
    ctx = CheckContext(DiagnoseOptions(Target("t3.example"), resolve=("192.0.2.1", "192.0.2.2")), lambda s: None)
    assert ctx.state.addresses == ("192.0.2.1", "192.0.2.2")  # given addresses are known from the start
    view = ctx.for_check("tcp.connect", ())
    view.state.reachable = ("192.0.2.2",)
    view.sample("tcp_connect", 1, 0.4)
    closed: list[str] = []
    view.on_close(lambda: closed.append("closed"))
    assert ctx.state.reachable == ("192.0.2.2",) and ctx.state.series == {"tcp_connect": [0.4]}
    asyncio.run(ctx.close())
    assert closed == ["closed"]


def test_the_node_address_is_the_one_tls_was_tried_on() -> None:
    ctx = CheckContext(OPTIONS, lambda s: None)
    assert ctx.state.node_address is None
    ctx.state.reachable = ("192.0.2.1", "192.0.2.2")
    assert ctx.state.node_address == "192.0.2.1"
    ctx.state.handshakes = TlsHandshakes("192.0.2.2", HandshakeResult(ok=True), HandshakeResult(ok=True))
    assert ctx.state.node_address == "192.0.2.2"


async def test_an_undeclared_read_in_a_run_is_a_bug_of_t3gui() -> None:
    async def passes(ctx: CheckContext) -> Outcome:
        return Outcome(Status.PASS, "done")

    async def peeks(ctx: CheckContext) -> Outcome:
        ctx.result("b.first")
        return Outcome(Status.PASS, "read it")

    async def declares(ctx: CheckContext) -> Outcome:
        first = ctx.result("b.first")
        return Outcome(Status.PASS, f"first said {first.summary if first else '-'}")

    specs = [CheckSpec("b.first", Tier.BASIC, "First", passes),
             CheckSpec("b.peeks", Tier.BASIC, "Peeks", peeks),
             CheckSpec("b.declares", Tier.BASIC, "Declares", declares, after=("b.first",))]
    report = await Engine(specs, OPTIONS).run()
    by_id = {c.id: c for c in report.checks}
    assert by_id["b.peeks"].status is Status.ERROR and by_id["b.peeks"].error_reason is ErrorReason.BUG
    assert "b.peeks reads b.first without declaring it" in by_id["b.peeks"].summary
    assert by_id["b.declares"].status is Status.PASS and by_id["b.declares"].summary == "first said done"
