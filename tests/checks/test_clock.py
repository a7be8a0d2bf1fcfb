"""clock.skew against a real lab server whose clock is 2 h behind: which clock, and what it breaks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from t3gui.checks import t3_check
from t3gui.checks.registry import CHECKS
from t3gui.checks.t3_check import clock_variant, duration_text
from t3gui.core.catalog import render
from t3gui.core.codes import Code, Severity
from t3gui.core.engine import Engine
from t3gui.core.model import Report, Target, VerdictStatus
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from tests.conftest import LabFactory


@pytest.mark.parametrize(("synchronised", "login", "variant"), [
    (True, False, "server-clock"), (False, False, None), (None, False, "clocks-differ"),
    (True, True, "login-works-server-clock"), (False, True, "login-works"), (None, True, "login-works"),
])
def test_the_wording_follows_who_is_likely_wrong_and_what_happened(
        synchronised: bool | None, login: bool, variant: str | None) -> None:
    assert clock_variant(synchronised, login) == variant


def test_durations_round_to_the_unit_shown() -> None:
    assert duration_text(7199.6) == "2 h 0 min" and duration_text(-3599.9) == "1 h 0 min"
    assert duration_text(119.6) == "2 min 0 s" and duration_text(0.26) == "0.3 s"


async def _diagnose(lab: LabFactory, pki: dict[str, Path], token: str, synchronised: bool | None,
                    monkeypatch: pytest.MonkeyPatch) -> Report:
    # This machine's own answer varies (no systemd in CI); the OS tool's answer is what is faked.
    monkeypatch.setattr(t3_check, "clock_synchronised", lambda timeout: synchronised)
    async with lab(users=("alice",), clock_offset_s=-7200.0) as server:
        options = DiagnoseOptions(Target("127.0.0.1", server.port, server.udp_port), ca_file=pki["root-ca.pem"],
                                  server_name="localhost", use_system_trust=False, token=Secret(token))
        return await Engine(CHECKS, options).run()


async def test_login_works_so_the_skew_is_a_warning_never_login_fails(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    report = await _diagnose(lab, pki, token(sub="alice"), True, monkeypatch)
    assert (report.verdict.status, report.verdict.root_cause) == (VerdictStatus.DEGRADED, Code.CLOCK_SKEW)
    [skew] = [f for f in report.findings if f.code is Code.CLOCK_SKEW]
    assert skew.severity is Severity.WARNING and skew.evidence["local_clock"] == "synchronised"
    assert "Logging in works" in report.verdict.summary and "fails" not in report.verdict.summary
    assert "server's clock is 2 h 0 min behind" in report.verdict.summary
    assert "timedatectl" not in skew.remediation  # the server's clock is the one to fix
    zh = render(skew.code, skew.evidence, "zh_CN")
    assert "目前可以登录" in zh.verdict and "服务器时钟比实际时间慢" in zh.verdict


async def test_a_login_refused_for_the_skew_blames_the_clock_that_is_not_synchronised(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    report = await _diagnose(lab, pki, token(sub="alice", not_before_in_s=0), False, monkeypatch)
    assert (report.verdict.status, report.verdict.root_cause) == (VerdictStatus.FAILED, Code.CLOCK_SKEW)
    assert Code.AUTH_TOKEN_NOT_YET_VALID in {f.code for f in report.findings}  # explained by the clock
    assert report.verdict.summary.startswith("Login fails because this computer's clock is 2 h 0 min ahead")
    for platform, step in (("win32", "Set time automatically"), ("darwin", "Set time and date automatically"),
                           ("linux", "timedatectl set-ntp true")):
        skew = next(f for f in report.findings if f.code is Code.CLOCK_SKEW)
        assert step in render(skew.code, skew.evidence, "en", platform).remediation


async def test_unknown_synchronisation_blames_neither_clock(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    report = await _diagnose(lab, pki, token(sub="alice", not_before_in_s=0), None, monkeypatch)
    assert report.verdict.root_cause is Code.CLOCK_SKEW
    assert "clock and the server's differ by 2 h 0 min" in report.verdict.summary
