"""The result page: an inconclusive run is its own outcome, and nothing a report carries is read as HTML."""

from __future__ import annotations

import asyncio
import dataclasses

from pytestqt.qtbot import QtBot

from t3gui.core.check import CheckSpec, Outcome, finding
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.engine import Engine
from t3gui.core.model import CheckResult, Report, Status, Target, Tier, VerdictStatus
from t3gui.core.options import DiagnoseOptions
from t3gui.gui.result_page import ResultPage
from t3gui.gui.strings import Translator
from t3gui.gui.theme import VERDICT_COLOURS


async def _passes(ctx: CheckContext) -> Outcome:
    return Outcome(Status.PASS, "fine")


async def _warns(ctx: CheckContext) -> Outcome:
    return Outcome(Status.WARN, "udp", findings=(finding(Code.UDP_BLOCKED, Severity.WARNING, "t3.heartbeat",
                                                         address="127.0.0.1", udp_port=1, sent=3,
                                                         control_heartbeats=3),))


async def _hangs(ctx: CheckContext) -> Outcome:
    await asyncio.sleep(10)
    raise AssertionError("unreachable")


def _report(language: str) -> Report:
    specs = [CheckSpec("t3.handshake", Tier.BASIC, "T3 handshake", _passes),
             CheckSpec("auth.server", Tier.BASIC, "Login", _hangs, timeout_probes=0, timeout_extra_s=0.05),
             CheckSpec("t3.heartbeat", Tier.BASIC, "Heartbeats", _warns, needs=("t3.handshake",)),
             CheckSpec("t3.status", Tier.BASIC, "Server load", _passes, needs=("auth.server",))]
    options = DiagnoseOptions(Target("127.0.0.1"), timeout_s=0.2, language=language)
    return asyncio.run(Engine(specs, options).run())


def test_inconclusive_is_shown_as_its_own_outcome(qtbot: QtBot) -> None:
    report = _report("en")
    assert report.verdict.status is VerdictStatus.INCONCLUSIVE
    for language, title, line, login in (("en", "Could not check everything", "Could not check Login", "Login"),
                                         ("zh_CN", "未能全部检查", "无法检查登录", "登录")):
        page = ResultPage(Translator(language))
        qtbot.addWidget(page)
        page.show_report(report)
        banner = page.banner.text()
        assert title in banner and line in banner
        assert VERDICT_COLOURS["inconclusive"][0] in page.banner.styleSheet()
        assert VERDICT_COLOURS["healthy"][0] not in page.banner.styleSheet()
        body = page.body.toPlainText()
        assert login in body and ("Server load" in body or "服务器负载" in body)  # skipped because Login broke
        assert "UDP" in body  # the warning is still there, under what could not be checked


def test_report_strings_are_never_read_as_html(qtbot: QtBot) -> None:
    report = _report("en")
    hostile = "<img src=x><b>bold</b>"
    checks = (*report.checks, CheckResult(f"x.{hostile}", Tier.BASIC, Status.PASS, 1.0, hostile, {"k": hostile}))
    report = dataclasses.replace(report, checks=checks)
    page = ResultPage(Translator("en"))
    qtbot.addWidget(page)
    page.show_report(report)
    page.technician.setChecked(True)
    html = page.body.toHtml()
    assert "<img" not in html and "<b>bold" not in html
    assert hostile in page.body.toPlainText()  # shown as the text it is


def test_fix_steps_are_for_the_os_the_report_was_made_on(qtbot: QtBot) -> None:
    skew = finding(Code.CLOCK_SKEW, Severity.CRITICAL, "clock.skew", offset_text="2 h 0 min", direction="ahead of",
                   offset_s=7200, limit_s=60, local_clock="not synchronised")
    report = _report("en")
    for platform, step in (("win32", "Set time automatically"), ("darwin", "Set time and date automatically")):
        made_there = dataclasses.replace(report, findings=(skew,), platform=platform, verdict=dataclasses.replace(
            report.verdict, status=VerdictStatus.FAILED, root_cause=Code.CLOCK_SKEW, unchecked=()))
        page = ResultPage(Translator("en"))
        qtbot.addWidget(page)
        page.show_report(made_there)  # read on Linux, made on Windows or macOS
        assert step in page.banner.text() and "timedatectl" not in page.banner.text()
