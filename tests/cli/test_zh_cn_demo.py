"""`t3gui diagnose --demo --lang zh_CN`: no English sentence for any demo scenario, as text or as JSON.

Every scenario that exists when the test runs is diagnosed twice by the real command line (text
report with its progress lines, and --json), a few at a time in child processes. What a reader
sees is scanned with tests/helpers/english.py: in the text report every line; in the JSON the
check summaries, finding summaries and remediation, the verdict's summary and its reasons.
Evidence and data stay out: they are the same facts in every language.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from t3gui.lab.scenarios import SCENARIOS
from tests.helpers.english import english_runs

NAMES = [s.name for s in SCENARIOS]
WORKERS = 3  # a shared two-core machine: more only queues
_CJK = range(0x4E00, 0xA000)


def _diagnose(name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "t3gui", "diagnose", "--demo", "--scenario", name, *extra],
                          capture_output=True, text=True, encoding="utf-8", timeout=180)


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[tuple[str, str], subprocess.CompletedProcess[str]]]:
    jobs = [(name, form) for name in NAMES for form in ("text", "json")]
    with ThreadPoolExecutor(WORKERS) as pool:
        done = pool.map(lambda job: _diagnose(job[0], "--lang", "zh_CN", *(["--json"] if job[1] == "json" else [])),
                        jobs)
        yield dict(zip(jobs, done, strict=True))


def shown_in_json(report: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(where, text) of everything in a JSON report that is written for a person to read."""
    for check in report["checks"]:
        yield f"checks[{check['id']}].summary", check["summary"]
    for finding in report["findings"]:
        yield f"findings[{finding['code']}].summary", finding["summary"]
        yield f"findings[{finding['code']}].remediation", finding["remediation"]
    verdict = report["verdict"]
    yield "verdict.summary", verdict["summary"]
    for unchecked in verdict.get("unchecked", []):
        yield f"verdict.unchecked[{unchecked['check']}].because", unchecked.get("because") or ""


def _chinese(text: str) -> bool:
    return any(ord(ch) in _CJK for ch in text)


def test_the_scan_finds_english_where_it_is() -> None:
    assert english_runs("TOKEN_EXPIRED（未验证）：expired at 1796041469, now 1796045070") == [
        "expired at 1796041469, now 1796045070"]
    assert english_runs("Login fails because the certificate expired.") == [
        "Login fails because the certificate expired."]
    assert english_runs("往返 3 ms，端口 12345 开放") == ["3 ms"]
    assert english_runs("端口 41825 在 127.0.0.1 上开放（1.2 毫秒）") == []
    assert english_runs("AUTH_FAIL REVOKED，服务器的说明：“user 'alice' has been revoked”") == []
    assert english_runs("启用 NTP：“timedatectl set-ntp true”。") == []
    assert english_runs("证书由 t3gui Lab Intermediate CA 签发，而不是 Example Corp Issuing CA") == []
    assert english_runs("t3gui-lab/0.1.0，T3 版本 1，HELLO_ACK 用时 0.8 毫秒 (udp 42630)") == []


def test_the_same_scenario_in_english_is_found_english() -> None:
    """The scan reads real output: the English report of a failing scenario is full of sentences."""
    result = _diagnose("cert-expired", "--json")
    report = json.loads(result.stdout)
    found = [run for _, text in shown_in_json(report) for run in english_runs(text)]
    assert len(found) >= 5, found


@pytest.mark.parametrize("name", NAMES)
def test_no_english_sentence_in_chinese(name: str, runs: dict[tuple[str, str], subprocess.CompletedProcess[str]]
                                        ) -> None:
    text, as_json = runs[(name, "text")], runs[(name, "json")]
    for result in (text, as_json):
        assert result.returncode in (0, 1, 4), (result.returncode, result.stderr[-2000:])
        assert "Traceback" not in result.stderr, result.stderr[-2000:]
    report = json.loads(as_json.stdout)
    assert report["language"] == "zh_CN" and report["checks"], report
    assert _chinese(report["verdict"]["summary"]), report["verdict"]
    found = [f"json {where}: {run!r} in {value!r}" for where, value in shown_in_json(report)
             for run in english_runs(value)]
    assert _chinese(text.stdout) and "\n" in text.stderr  # the report, and its progress lines
    found += [f"text: {run!r} in {line!r}" for line in (text.stdout + text.stderr).splitlines()
              for run in english_runs(line)]
    assert not found, "\n".join(found)
