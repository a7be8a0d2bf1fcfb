"""The chain on the result page: every check in one link, the break marked, each link opens its evidence."""

from __future__ import annotations

import asyncio

from pytestqt.qtbot import QtBot

from t3gui.checks.registry import CHECKS
from t3gui.core.check import CheckSkipped, CheckSpec, Outcome, finding
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.engine import Engine
from t3gui.core.model import Report, Status, Target, Tier
from t3gui.core.options import DiagnoseOptions
from t3gui.gui.chain_view import LINKS, link_states
from t3gui.gui.result_page import ResultPage
from t3gui.gui.strings import Translator


def test_every_check_of_the_registry_is_in_exactly_one_link() -> None:
    placed = [c for link in LINKS for c in link.checks]
    assert sorted(placed) == sorted(s.id for s in CHECKS)


def _run(outcomes: dict[str, Outcome | BaseException]) -> Report:
    """A run of the real registry's shape, each check answering what ``outcomes`` says (pass by default)."""
    def answer(check_id: str):  # type: ignore[no-untyped-def]
        async def run(ctx: CheckContext) -> Outcome:
            out = outcomes.get(check_id, Outcome(Status.PASS, f"{check_id} fine"))
            if isinstance(out, BaseException):
                raise out
            return out
        return run

    specs = [CheckSpec(s.id, Tier.BASIC, s.title, answer(s.id), needs=s.needs, after=s.after) for s in CHECKS]
    return asyncio.run(Engine(specs, DiagnoseOptions(Target("127.0.0.1"), timeout_s=0.2)).run())


def test_the_root_cause_link_is_the_break() -> None:
    expired = finding(Code.TLS_CERT_EXPIRED, Severity.CRITICAL, "tls.certificate", days_ago=3,
                      not_after="2026-11-27", host="localhost")
    states = link_states(_run({"tls.certificate": Outcome(Status.FAIL, "expired", findings=(expired,)),
                               "auth.server": CheckSkipped("certificate not trusted")}))
    assert states["tls"] == "broken"
    assert states["login"] == "skip"  # the token passed here, but the login itself was never tried
    assert states["dns"] == states["network"] == "pass"


def test_a_check_that_broke_shows_its_link_as_unchecked() -> None:
    states = link_states(_run({"auth.server": RuntimeError("bug")}))
    assert states["login"] == "unchecked" and states["heartbeats"] == "unchecked"  # skipped for it
    assert states["tls"] == "pass"


def test_clicking_a_link_shows_its_evidence(qtbot: QtBot) -> None:
    blocked = finding(Code.UDP_BLOCKED, Severity.WARNING, "t3.heartbeat", address="127.0.0.1", udp_port=1,
                      sent=3, control_heartbeats=3)
    report = _run({"t3.heartbeat": Outcome(Status.WARN, "udp", findings=(blocked,))})
    page = ResultPage(Translator("en"))
    qtbot.addWidget(page)
    page.resize(900, 300)
    page.show_report(report)
    assert page.chain.states["heartbeats"] == "warn"
    assert page.chain.buttons["heartbeats"].accessibleName() == "Heartbeats: works, with a problem"
    page.chain.buttons["heartbeats"].click()
    assert page.customer.isChecked()  # a link with a finding shows the finding, in the view the user chose
    page.chain.buttons["dns"].click()  # no finding there: the technician view, at that check
    assert page.technician.isChecked() and "dns.resolve" in page.body.toPlainText()
