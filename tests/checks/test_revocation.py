"""Revocation through the CRL, against real HTTP servers on 127.0.0.1 that behave well and badly,
real TLS from the lab server, and whole diagnoses.

Whatever the CRL server does, the download ends by its one deadline, holds at most 1 MiB, follows
no redirect, and the certificate check keeps every other finding it made.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from t3gui.checks import revocation, tls_chain, tls_check
from t3gui.checks.registry import CHECKS
from t3gui.cli.main import main
from t3gui.core.catalog import render, zh_CN
from t3gui.core.check import Outcome
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.engine import Engine
from t3gui.core.model import Status, Target, VerdictStatus
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from tests.conftest import LabFactory
from tests.helpers.crl_pki import CrlLeaf, crl_leaf, demo_intermediate, new_ca
from tests.helpers.crl_servers import MIB, CrlServerPlay

CA = new_ca("Revocation Test CA")
OTHER_CA = new_ca("Some Other CA")
DRIP_S = 0.35
SLACK_S = 1.0  # a loaded 2-core machine schedules late; the deadlines themselves are asserted tighter below


def _check(leaf: CrlLeaf, timeout: float = 3.0) -> Any:
    return revocation.check(leaf.cert, [leaf.issuer.cert], tls_chain.crl_urls(leaf.cert), timeout)


async def test_a_crl_that_lists_the_certificate_revokes_it(tmp_path: Path) -> None:
    async with CrlServerPlay() as server:
        leaf = crl_leaf(CA, tmp_path, server.url)
        server.body = leaf.crl(revoked=True)
        status = await _check(leaf)
    assert (status.checked, status.revoked, status.http_status) == (True, True, 200)
    assert status.revoked_at == (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).strftime("%Y-%m-%d")
    assert server.requests == [f"GET /ca.crl HTTP/1.0\r\nHost: 127.0.0.1:{server.port}\r\nUser-Agent: t3gui\r\n"
                               "Accept: application/pkix-crl\r\nConnection: close\r\n\r\n".encode()]


async def test_a_crl_address_with_a_name_is_looked_up(tmp_path: Path) -> None:
    """localhost may come first as ::1, where nothing listens: the next address is tried."""
    async with CrlServerPlay() as server:
        leaf = crl_leaf(CA, tmp_path, f"http://localhost:{server.port}/ca.crl")
        server.body = leaf.crl(revoked=True)
        status = await _check(leaf)
    assert status.revoked and server.requests[0].split(b"\r\n")[1] == f"Host: localhost:{server.port}".encode()


async def test_a_crl_without_the_certificate_clears_it(tmp_path: Path) -> None:
    async with CrlServerPlay() as server:
        leaf = crl_leaf(CA, tmp_path, server.url)
        server.body = leaf.crl(revoked=False)
        status = await _check(leaf)
    assert (status.checked, status.revoked, status.reason) == (True, False, "")


async def test_a_stale_crl_still_says_revoked(tmp_path: Path) -> None:
    async with CrlServerPlay() as server:
        leaf = crl_leaf(CA, tmp_path, server.url)
        server.body = leaf.crl(revoked=True, next_update_days=-1)
        status = await _check(leaf)
    assert status.revoked


# name -> (what the server does, given the leaf; the reason; the HTTP status reported)
Play = Callable[[CrlServerPlay, CrlLeaf], None]


def _set(drip_after_head: bool = False, **kw: Any) -> Play:
    def play(server: CrlServerPlay, leaf: CrlLeaf) -> None:
        for key, value in kw.items():
            setattr(server, key, value)
        if "body" not in kw:
            server.body = leaf.crl(revoked=True)
        if drip_after_head:
            server.drip_from = len(server.head())
    return play


CANNOT_CHECK: dict[str, tuple[Play, str, int | None]] = {
    "404": (_set(status="404 Not Found", body=b"no such file"), revocation.HTTP_ERROR, 404),
    "301": (_set(status="301 Moved Permanently", headers=("Location: http://127.0.0.1:9/ca.crl",), body=b""),
            revocation.REDIRECTED, 301),
    "5 MiB": (_set(junk_bytes=5 * MIB, body=b""), revocation.TOO_LARGE, 200),
    "5 MiB, length not announced": (_set(junk_bytes=5 * MIB, body=b"", announce_length=False),
                                    revocation.TOO_LARGE, 200),
    "drip": (_set(drip_s=DRIP_S), revocation.TIMED_OUT, None),
    "drip after a prompt head": (_set(drip_s=DRIP_S, drip_after_head=True), revocation.TIMED_OUT, None),
    "not HTTP": (_set(status="hello"), revocation.BAD_ANSWER, None),
    "chunked": (_set(headers=("Transfer-Encoding: chunked",)), revocation.BAD_ANSWER, 200),
    "not a CRL": (_set(body=b"<html>CRL moved</html>"), revocation.NOT_A_CRL, 200),
    "signed by another CA": (lambda s, leaf: setattr(s, "body", leaf.crl(True, signer=OTHER_CA)),
                             revocation.WRONG_SIGNER, 200),
    "out of date": (lambda s, leaf: setattr(s, "body", leaf.crl(False, next_update_days=-1)),
                    revocation.OUT_OF_DATE, 200),
}


@pytest.mark.parametrize("name", CANNOT_CHECK)
async def test_what_the_crl_server_does_wrong_is_could_not_check(tmp_path: Path, name: str) -> None:
    play, reason, http_status = CANNOT_CHECK[name]
    timeout = 1.0
    async with CrlServerPlay() as server:
        leaf = crl_leaf(CA, tmp_path, server.url)
        play(server, leaf)
        started = time.monotonic()
        status = await _check(leaf, timeout)
        elapsed = time.monotonic() - started
    assert (status.checked, status.revoked, status.reason, status.http_status) == (False, False, reason, http_status)
    assert status.attempted and len(server.requests) == 1
    assert elapsed < timeout + SLACK_S
    if reason is revocation.TIMED_OUT:
        assert elapsed >= timeout * 0.95  # it was the deadline that ended it, not an early refusal
        assert 0 < server.sent < len(server.head() + server.body)  # ...while the server was still dripping


@pytest.mark.parametrize("announce", [True, False], ids=["announced", "not announced"])
async def test_a_huge_crl_is_refused_without_being_held(tmp_path: Path, announce: bool) -> None:
    async with CrlServerPlay(junk_bytes=5 * MIB, announce_length=announce) as server:
        leaf = crl_leaf(CA, tmp_path, server.url)
        tracemalloc.start()
        try:
            status = await _check(leaf)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert status.reason == revocation.TOO_LARGE
    assert peak < (MIB // 2 if announce else 2 * revocation.MAX_CRL), peak  # the server sends 5 MiB


async def test_a_redirect_is_not_followed(tmp_path: Path) -> None:
    async with CrlServerPlay() as elsewhere, CrlServerPlay(status="302 Found") as server:
        leaf = crl_leaf(CA, tmp_path, server.url)
        elsewhere.body = leaf.crl(revoked=True)
        server.headers = (f"Location: {elsewhere.url}",)
        status = await _check(leaf)
    assert status.reason == revocation.REDIRECTED and not status.revoked
    assert elsewhere.requests == []


async def test_a_closed_port_is_unreachable(tmp_path: Path) -> None:
    async with CrlServerPlay() as server:
        url = server.url
    status = await _check(crl_leaf(CA, tmp_path, url))
    assert status.reason == revocation.UNREACHABLE and status.attempted


async def test_nothing_is_fetched_without_an_http_address_or_the_issuer(tmp_path: Path) -> None:
    ldap = crl_leaf(CA, tmp_path, "ldap:///CN=Revocation%20Test%20CA,CN=CDP,DC=corp?certificateRevocationList")
    status = await _check(ldap)
    assert (status.reason, status.attempted) == (revocation.NO_HTTP_URL, False)
    async with CrlServerPlay() as server:
        leaf = crl_leaf(CA, tmp_path, server.url)
        status = await revocation.check(leaf.cert, [OTHER_CA.cert], tls_chain.crl_urls(leaf.cert), 3.0)
    assert (status.reason, status.attempted) == (revocation.NO_ISSUER, False)
    assert server.requests == []
    status = await revocation.check(leaf.cert, [], [], 3.0)
    assert (status.checked, status.reason) == (False, "")  # no CRL named: nothing to say


def test_every_reason_reads_in_chinese() -> None:
    reasons = {v for k, v in vars(revocation).items() if k.isupper() and isinstance(v, str)}
    assert len(reasons) == 11 and all(zh_CN.WORDS.get(r) for r in reasons), reasons - set(zh_CN.WORDS)


def test_the_deadline_is_the_probe_timeout_capped() -> None:
    assert revocation.deadline_for(0.3) == 0.3
    assert revocation.deadline_for(30) == revocation.DEADLINE_CAP_S == 2.0


# --- the certificate check, over real TLS from the lab server --------------------------------------

CERTIFICATE = next(s for s in CHECKS if s.id == "tls.certificate")


async def certificate_check(lab: LabFactory, pki: dict[str, Path], leaf: CrlLeaf, timeout: float = 3.0,
                            **options: Any) -> tuple[Outcome, float]:
    """tls.handshake, then tls.certificate under the deadline the engine gives it."""
    async with lab(cert=leaf.pem, key=leaf.key, host_load=False) as server:
        ctx = CheckContext(DiagnoseOptions(Target("127.0.0.1", server.port, server.udp_port), timeout_s=timeout,
                                           ca_file=pki["root-ca.pem"], server_name="localhost",
                                           use_system_trust=False, **options), lambda sample: None)
        ctx.state.reachable = ("127.0.0.1",)
        await tls_check.run_handshake(ctx)
        started = time.monotonic()
        outcome = await asyncio.wait_for(tls_check.run_certificate(ctx), CERTIFICATE.deadline_s(timeout))
        return outcome, time.monotonic() - started


@pytest.mark.parametrize("name", ["5 MiB", "404", "301", "drip"])
async def test_the_certificate_check_keeps_its_findings_whatever_the_crl_server_does(
        lab: LabFactory, pki: dict[str, Path], tmp_path: Path, name: str) -> None:
    play, reason, _ = CANNOT_CHECK[name]
    async with CrlServerPlay() as crl_server:
        leaf = crl_leaf(demo_intermediate(pki), tmp_path, crl_server.url, days_left=5)
        play(crl_server, leaf)
        outcome, elapsed = await certificate_check(lab, pki, leaf, expected_issuer="Corp Issuing CA")
    codes = {f.code: f for f in outcome.findings}
    assert set(codes) == {Code.TLS_CERT_EXPIRING_SOON, Code.TLS_INTERCEPTED, Code.TLS_REVOCATION_UNKNOWN}
    assert outcome.status is Status.FAIL
    unknown = codes[Code.TLS_REVOCATION_UNKNOWN]
    assert unknown.severity is Severity.WARNING and unknown.evidence["reason"] == reason
    assert unknown.evidence["url"] == crl_server.url and len(crl_server.requests) == 1
    assert elapsed < revocation.deadline_for(3.0) + SLACK_S
    for language in ("en", "zh_CN"):
        text = render(Code.TLS_REVOCATION_UNKNOWN, unknown.evidence, language)
        assert "?" not in text.summary + text.verdict + text.technician + text.remediation, text
    assert zh_CN.WORDS[reason] in render(Code.TLS_REVOCATION_UNKNOWN, unknown.evidence, "zh_CN").summary


async def test_a_revoked_certificate_fails_the_check(lab: LabFactory, pki: dict[str, Path], tmp_path: Path) -> None:
    async with CrlServerPlay() as crl_server:
        leaf = crl_leaf(demo_intermediate(pki), tmp_path, crl_server.url)
        crl_server.body = leaf.crl(revoked=True)
        outcome, _ = await certificate_check(lab, pki, leaf)
    assert [f.code for f in outcome.findings] == [Code.TLS_CERT_REVOKED] and outcome.status is Status.FAIL
    assert outcome.findings[0].evidence["serial"] == format(leaf.cert.serial_number, "x")


async def test_an_untrusted_chain_makes_no_request(lab: LabFactory, pki: dict[str, Path], tmp_path: Path) -> None:
    """A chain this computer does not trust names a CRL address of the server's choosing."""
    async with CrlServerPlay() as crl_server:
        leaf = crl_leaf(CA, tmp_path, crl_server.url)
        crl_server.body = leaf.crl(revoked=True)
        outcome, _ = await certificate_check(lab, pki, leaf)
    assert crl_server.requests == []
    assert [f.code for f in outcome.findings] == [Code.TLS_UNTRUSTED_ROOT]
    assert outcome.data["revocation"]["checked"] is False


# --- whole diagnoses --------------------------------------------------------------------------------

async def _diagnose(lab: LabFactory, pki: dict[str, Path], token: Callable[..., str], leaf: CrlLeaf) -> Any:
    async with lab(cert=leaf.pem, key=leaf.key, users=("alice",), host_load=False) as server:
        options = DiagnoseOptions(Target("127.0.0.1", server.port, server.udp_port), ca_file=pki["root-ca.pem"],
                                  server_name="localhost", use_system_trust=False, token=Secret(token(sub="alice")))
        return await Engine(CHECKS, options).run()


async def test_a_revoked_certificate_behind_a_dripping_crl_server_is_not_healthy(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str], tmp_path: Path) -> None:
    async with CrlServerPlay(drip_s=DRIP_S) as crl_server:
        leaf = crl_leaf(demo_intermediate(pki), tmp_path, crl_server.url, days_left=5)
        crl_server.body = leaf.crl(revoked=True)
        report = await _diagnose(lab, pki, token, leaf)
    assert report.verdict.status is not VerdictStatus.HEALTHY
    # What could not be checked leaves the run inconclusive (exit 4), never vouched for.
    assert report.verdict.status is VerdictStatus.INCONCLUSIVE, report.verdict
    assert [(u.check, u.reason.value) for u in report.verdict.unchecked] == [("tls.certificate", "timeout")]
    certificate = next(c for c in report.checks if c.id == "tls.certificate")
    assert certificate.status is Status.WARN, certificate
    assert {f.code for f in certificate.findings} == {Code.TLS_CERT_EXPIRING_SOON, Code.TLS_REVOCATION_UNKNOWN}
    assert certificate.data["revocation"]["reason"] == revocation.TIMED_OUT
    assert certificate.duration_ms < (revocation.deadline_for(3.0) + SLACK_S) * 1000
    assert not [c for c in report.checks if c.status is Status.ERROR], report.checks


async def test_the_same_certificate_with_its_crl_served_fails(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str], tmp_path: Path) -> None:
    """The control for the test above: the certificate really is revoked."""
    async with CrlServerPlay() as crl_server:
        leaf = crl_leaf(demo_intermediate(pki), tmp_path, crl_server.url, days_left=5)
        crl_server.body = leaf.crl(revoked=True)
        report = await _diagnose(lab, pki, token, leaf)
    assert (report.verdict.status, report.verdict.root_cause) == (VerdictStatus.FAILED, Code.TLS_CERT_REVOKED)


async def test_the_cli_reports_the_dripping_crl_server(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    token_file = tmp_path / "t.jwt"
    token_file.write_text(token(sub="alice"))
    async with CrlServerPlay(drip_s=DRIP_S) as crl_server:
        leaf = crl_leaf(demo_intermediate(pki), tmp_path, crl_server.url)
        crl_server.body = leaf.crl(revoked=True)
        async with lab(cert=leaf.pem, key=leaf.key, users=("alice",), host_load=False) as server:
            status = await asyncio.to_thread(main, [
                "diagnose", f"127.0.0.1:{server.port}", "--udp-port", str(server.udp_port), "--server-name",
                "localhost", "--token-file", str(token_file), "--ca-file", str(pki["root-ca.pem"]), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"]["status"] == "inconclusive" and doc["verdict"]["root_cause"] == "TLS_REVOCATION_UNKNOWN"
    assert doc["verdict"]["unchecked"] == [{"check": "tls.certificate", "reason": "timeout"}]
    assert status == 4  # the contract's exit status for "inconclusive": not everything could be checked
    [unknown] = [f for f in doc["findings"] if f["code"] == "TLS_REVOCATION_UNKNOWN"]
    assert unknown["severity"] == "warning" and "did not answer in time" in unknown["summary"]
