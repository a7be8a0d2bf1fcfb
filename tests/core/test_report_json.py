import json

import pytest

from t3gui.core.check import finding
from t3gui.core.codes import Code, Severity
from t3gui.core.model import CheckResult, Report, SeriesStats, Status, Target, Tier, Verdict, VerdictStatus
from t3gui.core.report_json import ReportFormatError, from_json, to_json


def sample_report() -> Report:
    f = finding(Code.TLS_CERT_EXPIRED, Severity.CRITICAL, "tls.certificate", days_ago=3)
    return Report(
        tool_version="0.1.0", started_at="2026-11-22T10:00:00.000Z", finished_at="2026-11-22T10:00:02.310Z",
        target=Target("t3.example.com"),
        checks=(CheckResult("dns.resolve", Tier.BASIC, Status.PASS, 12.4, "ok", {"addresses": ["203.0.113.7"]}),),
        findings=(f,), verdict=Verdict(VerdictStatus.FAILED, Code.TLS_CERT_EXPIRED, "Login fails."),
        measurements={"t3_udp": SeriesStats(20, 20, 0.0, 11.2, 11.9, 13.0, 14.1, 0.6)},
    )


def test_contract_shape() -> None:
    doc = to_json(sample_report())
    assert doc["schema"] == "t3gui.report/1"
    assert doc["tool"] == {"name": "t3gui", "version": "0.1.0"}
    assert doc["target"] == {"host": "t3.example.com", "port": 12345, "udp_port": 12346}
    assert doc["checks"][0] == {"id": "dns.resolve", "tier": "basic", "status": "pass", "duration_ms": 12.4,
                                "summary": "ok", "data": {"addresses": ["203.0.113.7"]}}
    assert set(doc["findings"][0]) == {"code", "severity", "check", "summary", "evidence", "remediation"}
    assert doc["verdict"] == {"status": "failed", "root_cause": "TLS_CERT_EXPIRED", "summary": "Login fails."}
    assert doc["measurements"]["rtt"]["t3_udp"]["jitter_ms"] == 0.6


def test_round_trip() -> None:
    report = sample_report()
    back = from_json(json.loads(json.dumps(to_json(report))))
    assert to_json(back) == to_json(report)


@pytest.mark.parametrize("mutate", [
    lambda d: d.update(schema="other/2"),
    lambda d: d.pop("verdict"),
    lambda d: d["verdict"].update(root_cause="NOT_A_CODE"),
    lambda d: d["checks"][0].update(status="maybe"),
    lambda d: d["target"].update(port="12345"),
    lambda d: d["measurements"]["rtt"]["t3_udp"].pop("sent"),
])
def test_broken_documents_are_refused_by_name(mutate) -> None:  # type: ignore[no-untyped-def]
    doc = to_json(sample_report())
    mutate(doc)
    with pytest.raises(ReportFormatError):
        from_json(doc)


def test_unchecked_round_trips_and_reaches_the_contract_shape() -> None:
    from t3gui.core.model import ErrorReason, Unchecked

    report = sample_report()
    verdict = Verdict(VerdictStatus.INCONCLUSIVE, None, "Could not check Login.",
                      (Unchecked("auth.server", ErrorReason.TIMEOUT), Unchecked("t3.heartbeat", ErrorReason.TIMEOUT,
                                                                                "auth.server")))
    report = Report(**{**report.__dict__, "verdict": verdict, "findings": ()})
    doc = to_json(report)
    assert doc["verdict"]["unchecked"] == [{"check": "auth.server", "reason": "timeout"},
                                           {"check": "t3.heartbeat", "reason": "timeout", "because": "auth.server"}]
    assert from_json(json.loads(json.dumps(doc))).verdict == verdict


def test_dumps_is_strict_json_whatever_slipped_into_the_data() -> None:
    from t3gui.core.report_json import dumps

    report = sample_report()
    check = CheckResult("t3.status", Tier.ADVANCED, Status.PASS, 1.0, "ok",
                        {"cpu": float("nan"), "nested": [float("inf"), 1.5]})
    report = Report(**{**report.__dict__, "checks": (check,)})
    text = dumps(report)
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text)["checks"][0]["data"] == {"cpu": None, "nested": [None, 1.5]}


def test_dumps_writes_nothing_that_drives_a_terminal_or_breaks_an_encoder() -> None:
    from t3gui.core.report_json import dumps

    report = sample_report()
    check = CheckResult("t3.status", Tier.ADVANCED, Status.PASS, 1.0, "ok\x9b2J",
                        {"version": "\x1b]0;pwned\x07v1\u202e", "bad": "\ud800"})
    text = dumps(Report(**{**report.__dict__, "checks": (check,)}))
    text.encode("utf-8")  # a lone surrogate would raise here
    data = json.loads(text)["checks"][0]
    assert data["summary"] == "ok" and data["data"]["version"] == "v1" and "\x9b" not in text
