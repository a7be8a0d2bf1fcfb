"""Each stage of the T3 conversation, silent or dropped, is a finding with its stage, never a bare fail.

A real TLS server on loopback (the hostile test server, behaving but for one
stage; the lab server for its own no-response fault) and the real checks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from t3gui.checks.registry import CHECKS
from t3gui.core.catalog import render, zh_CN
from t3gui.core.catalog.en import CLOSE_HOW, STAGE_MEANINGS, STAGE_STEPS
from t3gui.core.codes import Code, Severity
from t3gui.core.engine import Engine
from t3gui.core.model import Report, Status, Target, VerdictStatus
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.lab.scenarios import BY_NAME, play
from tests.helpers.hostile_t3_server import Action, HostileT3Server, close, reset_mid_frame, silence

TIMEOUT_S = 1.0
STAGE_CHECK = {"hello": "t3.handshake", "auth": "auth.server", "status": "t3.status", "heartbeat": "t3.heartbeat"}
FAULTS: dict[str, tuple[Action, Code]] = {
    "no-response": (silence, Code.T3_NO_RESPONSE),
    "connection-closed": (close, Code.T3_CONNECTION_CLOSED),
}
EXCEPTION_NAMES = ("TimeoutError", "ConnectionClosed", "ConnectionResetError", "SSLError", "OSError", "Exception")


async def diagnose(server: HostileT3Server, pki: dict[str, Path], token: str) -> Report:
    options = DiagnoseOptions(Target("127.0.0.1", server.port, server.udp_port), token=Secret(token),
                              ca_file=pki["root-ca.pem"], server_name="localhost", use_system_trust=False,
                              timeout_s=TIMEOUT_S, probes=3)
    return await Engine(CHECKS, options).run()


def the_finding(report: Report, code: Code, check: str) -> dict[str, object]:
    found = [f for f in report.findings if f.code is code and f.check == check]
    assert found, [(f.code.value, f.check, dict(f.evidence)) for f in report.findings]
    assert found[0].severity is Severity.CRITICAL
    return dict(found[0].evidence)


def assert_readable(report: Report, code: Code) -> None:
    """The finding reads as a sentence in both languages: every field filled, no Python in it."""
    finding = next(f for f in report.findings if f.code is code)
    for language in ("en", "zh_CN"):
        text = render(code, finding.evidence, language)
        for part in (text.summary, text.verdict, text.technician):
            assert "?" not in part and not any(name in part for name in EXCEPTION_NAMES), (language, part)
    check = next(c for c in report.checks if c.id == finding.check)
    assert not any(name in check.summary for name in EXCEPTION_NAMES), check.summary


@pytest.mark.parametrize("stage", list(STAGE_CHECK))
@pytest.mark.parametrize("fault", list(FAULTS))
async def test_a_stage_that_breaks_is_a_finding_with_its_stage(
        stage: str, fault: str, pki: dict[str, Path], token: Callable[..., str]) -> None:
    action, code = FAULTS[fault]
    jwt = token()
    # For the heartbeat stage the data port stays silent, so heartbeats go to the control channel.
    async with HostileT3Server(pki, jwt, {stage: action}, udp="drop" if stage == "heartbeat" else "answer") as server:
        report = await diagnose(server, pki, jwt)
    check = STAGE_CHECK[stage]
    evidence = the_finding(report, code, check)
    assert evidence["stage"] == stage and evidence["step"] == STAGE_STEPS[stage]
    assert evidence["meaning"] == STAGE_MEANINGS[(code, stage)]
    if code is Code.T3_NO_RESPONSE:
        assert evidence["waited_s"] == TIMEOUT_S
    else:
        assert evidence["how"] == CLOSE_HOW["closed"]
    assert next(c for c in report.checks if c.id == check).status is Status.FAIL
    assert report.verdict.status is VerdictStatus.FAILED and report.verdict.root_cause is code
    assert_readable(report, code)


async def test_no_answer_to_the_login_says_the_sign_in_service_may_be_down(
        pki: dict[str, Path], token: Callable[..., str]) -> None:
    """The commonest "cannot log in": HELLO is answered, AUTH never is."""
    jwt = token()
    async with HostileT3Server(pki, jwt, {"auth": silence}) as server:
        report = await diagnose(server, pki, jwt)
    assert report.verdict.status is VerdictStatus.FAILED and report.verdict.root_cause is Code.T3_NO_RESPONSE
    finding = next(f for f in report.findings if f.code is Code.T3_NO_RESPONSE)
    assert finding.summary == ("The server accepted the connection but never answered the login (waited 1 s); "
                               "its sign-in service may be down.")
    zh = render(Code.T3_NO_RESPONSE, finding.evidence, "zh_CN").summary
    assert "登录请求" in zh and "其登录服务可能已停止" in zh


@pytest.mark.parametrize("stage", ["hello", "auth", "status", "heartbeat"])
async def test_a_reset_in_the_middle_of_a_reply_is_a_dropped_connection(
        stage: str, pki: dict[str, Path], token: Callable[..., str]) -> None:
    kind = {"hello": "hello_ack", "auth": "auth_ok", "status": "status", "heartbeat": "ack"}[stage]
    jwt = token()
    async with HostileT3Server(pki, jwt, {stage: reset_mid_frame(kind)},
                               udp="drop" if stage == "heartbeat" else "answer") as server:
        report = await diagnose(server, pki, jwt)
    evidence = the_finding(report, Code.T3_CONNECTION_CLOSED, STAGE_CHECK[stage])
    assert evidence["stage"] == stage and evidence["how"] in (CLOSE_HOW["reset"], CLOSE_HOW["closed"])
    assert report.verdict.status is VerdictStatus.FAILED


async def test_the_lab_servers_silence_is_no_response_at_hello(pki: dict[str, Path]) -> None:
    scenario = BY_NAME["no-response"]
    async with play(scenario, pki) as options:
        report = await Engine(CHECKS, dataclasses.replace(options, timeout_s=TIMEOUT_S)).run()
    evidence = the_finding(report, Code.T3_NO_RESPONSE, "t3.handshake")
    assert evidence["stage"] == "hello"
    assert report.verdict.status is VerdictStatus.FAILED and report.verdict.root_cause is Code.T3_NO_RESPONSE


async def test_a_failed_login_ends_the_session_without_a_second_finding(pki: dict[str, Path]) -> None:
    """After AUTH_FAIL the server closes: STATUS is not tried on the closed session (no false cause)."""
    async with play(BY_NAME["revoked"], pki) as options:
        report = await Engine(CHECKS, dataclasses.replace(options, timeout_s=TIMEOUT_S, stop_early=False)).run()
    assert report.verdict.root_cause is Code.AUTH_REVOKED, [f.code for f in report.findings]
    status = next(c for c in report.checks if c.id == "t3.status")
    assert status.status is Status.SKIP and "session" in status.summary


def test_every_stage_sentence_is_in_chinese_too() -> None:
    english = [*STAGE_STEPS.values(), *STAGE_MEANINGS.values(), *CLOSE_HOW.values()]
    missing = [text for text in english if text not in zh_CN.WORDS]
    assert not missing
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in zh_CN.WORDS[text]) for text in english)
    assert {stage for _, stage in STAGE_MEANINGS} == set(STAGE_STEPS) == set(STAGE_CHECK)
