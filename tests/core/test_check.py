"""A check's Outcome: a fail that says nothing, or an error without a reason, cannot be built."""

from __future__ import annotations

import pytest

from t3gui.core.check import BareFailError, Outcome, finding
from t3gui.core.codes import Code, Severity
from t3gui.core.model import ErrorReason, Status


def test_a_fail_needs_a_critical_finding() -> None:
    with pytest.raises(BareFailError):
        Outcome(Status.FAIL, "no answer")
    with pytest.raises(BareFailError):  # a warning alone would leave the verdict "degraded" at worst
        Outcome(Status.FAIL, "slow", findings=(finding(Code.HIGH_LATENCY, Severity.WARNING, "path.quality"),))
    ok = Outcome(Status.FAIL, "no answer", findings=(
        finding(Code.T3_NO_RESPONSE, Severity.CRITICAL, "auth.server", stage="auth"),))
    assert ok.findings[0].evidence["stage"] == "auth"


def test_an_error_needs_its_reason() -> None:
    with pytest.raises(BareFailError):
        Outcome(Status.ERROR, "broke")
    assert Outcome(Status.ERROR, "broke", error_reason=ErrorReason.TIMEOUT).error_reason is ErrorReason.TIMEOUT


@pytest.mark.parametrize("status", [Status.PASS, Status.WARN, Status.SKIP])
def test_other_outcomes_need_nothing(status: Status) -> None:
    assert Outcome(status, "fine").status is status
