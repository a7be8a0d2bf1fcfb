"""A name with IPv4 and IPv6 addresses where one family cannot be reached: a warning about that family's
listener or record, not a failed cluster (real lab servers on 127.0.0.x and ::1, one shared port)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from t3gui.core.codes import Code, Severity
from t3gui.core.model import Status, VerdictStatus
from t3gui.lab.cluster import NodeSpec
from t3gui.lab.config import LabConfig
from tests.core.test_nodes import _about, _can_bind_v6, _diagnose, _faulty_node, _statuses, needs_127_range

needs_v6 = pytest.mark.skipif(not _can_bind_v6(), reason="no IPv6 loopback here")


@needs_v6
@pytest.mark.parametrize(("addresses", "down", "family"), [
    (("127.0.0.1", "::1"), "::1", 6),
    (("::1", "127.0.0.1"), "127.0.0.1", 4),
], ids=["ipv6-dead", "ipv4-dead"])
async def test_a_dead_address_family_beside_a_working_one_is_a_warning(
        addresses: tuple[str, str], down: str, family: int, lab_config: LabConfig, pki: dict[str, Path],
        token: Callable[..., str]) -> None:
    nodes = [NodeSpec(down=True) if a == down else NodeSpec() for a in addresses]
    report = await _diagnose(lab_config, pki, token(), nodes, addresses=addresses)
    assert report.verdict.status is VerdictStatus.DEGRADED, (report.verdict, report.findings)
    assert report.verdict.root_cause is Code.TCP_REFUSED
    assert _statuses(report)[down] is VerdictStatus.DEGRADED
    refused = [f for f in report.findings if f.code is Code.TCP_REFUSED]
    assert [f.evidence["address"] for f in refused] == [down]
    assert refused[0].severity is Severity.WARNING and f"IPv{family}" in refused[0].summary
    assert ("AAAA" if family == 6 else " A record") in refused[0].remediation
    assert "half" not in report.verdict.summary
    dead = next(n for n in report.nodes if n.address == down)
    assert f"IPv{family}" in dead.summary
    assert all(c.status is not Status.FAIL for c in dead.checks)


@needs_v6
async def test_in_chinese_the_dead_family_reads_in_chinese(lab_config: LabConfig, pki: dict[str, Path],
                                                          token: Callable[..., str]) -> None:
    addresses = ("127.0.0.1", "::1")
    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), NodeSpec(down=True)], addresses=addresses,
                             language="zh_CN")
    refused = next(f for f in report.findings if f.code is Code.TCP_REFUSED)
    assert "无法连接" in refused.summary and "IPv6" in refused.summary


@needs_v6
async def test_a_dead_family_that_also_fails_the_login_elsewhere_still_fails(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    """The rule is about reachability only: a working family with a node that refuses the token fails."""
    addresses = ("127.0.0.1", "::1")
    report = await _diagnose(lab_config, pki, token(), [_faulty_node("jwt_key", pki), NodeSpec(down=True)],
                             addresses=addresses)
    assert report.verdict.status is VerdictStatus.FAILED
    assert _about(report, Code.TCP_REFUSED) == ["::1"]


@needs_v6
@needs_127_range
async def test_one_dead_node_among_several_of_its_family_is_still_a_failing_node(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    addresses = ("127.0.0.1", "127.0.0.2", "::1")
    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), NodeSpec(down=True), NodeSpec()],
                             addresses=addresses)
    assert report.verdict.status is VerdictStatus.FAILED
    assert _about(report, Code.TCP_REFUSED) == ["127.0.0.2"]
