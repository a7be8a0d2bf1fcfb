"""Several servers behind one name: every node diagnosed through the login, side by side, against a real
lab cluster (one lab server per loopback address, one shared port) with one faulty node."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from t3gui.checks.registry import CHECKS
from t3gui.core.codes import Code, Severity
from t3gui.core.engine import Engine
from t3gui.core.events import CheckFinished, NodeFinished, Sample
from t3gui.core.model import Report, Status, Target, Tier, VerdictStatus
from t3gui.core.nodes import MAX_NODES, node_specs
from t3gui.core.options import DiagnoseOptions
from t3gui.core.report_json import dumps, from_json
from t3gui.core.secret import Secret
from t3gui.lab.cluster import LabCluster, NodeSpec
from t3gui.lab.config import LabConfig
from t3gui.lab.faults import Fault

THREE = ("127.0.0.1", "127.0.0.2", "127.0.0.3")
NAME = "localhost"  # the demo PKI's certificates are for this name
needs_127_range = pytest.mark.skipif(sys.platform == "darwin", reason="macOS binds only 127.0.0.1 unless aliased")
TIMEOUT_S = 2.0


def _options(pki: dict[str, Path], port: int, token: str, addresses: tuple[str, ...] = THREE,
             **changes: object) -> DiagnoseOptions:
    options = DiagnoseOptions(Target(NAME, port), tier=Tier.INTERMEDIATE, token=Secret(token),
                              ca_file=pki["root-ca.pem"], use_system_trust=False, timeout_s=TIMEOUT_S,
                              resolve=addresses)
    return dataclasses.replace(options, **changes)  # type: ignore[arg-type]


async def _diagnose(lab_config: LabConfig, pki: dict[str, Path], token: str, nodes: list[NodeSpec],
                    addresses: tuple[str, ...] = THREE, **changes: object) -> Report:
    async with LabCluster(lab_config, nodes, addresses=addresses) as cluster:
        return await Engine(CHECKS, _options(pki, cluster.port, token, addresses, **changes)).run()


def _about(report: Report, code: Code) -> list[str]:
    return [str(f.evidence.get("address")) for f in report.findings
            if f.code is code and f.severity is Severity.CRITICAL]


def _statuses(report: Report) -> dict[str, VerdictStatus]:
    return {n.address: n.status for n in report.nodes}


FAULTY = "127.0.0.2"  # the node a client reaches second: the one a single-node diagnosis never saw


def _faulty_node(kind: str, pki: dict[str, Path]) -> NodeSpec:
    return {
        "expired": NodeSpec({"cert": pki["server-expired.pem"], "key": pki["server-expired.key"]}),
        "jwt_key": NodeSpec({"jwt_key": pki["jwt-eddsa.pub.pem"]}),
        "dead_auth": NodeSpec({"faults": frozenset({Fault.NO_AUTH_RESPONSE})}),
        "down": NodeSpec(down=True),
    }[kind]


CASES = [("expired", Code.TLS_CERT_EXPIRED), ("jwt_key", Code.AUTH_BAD_SIGNATURE),
         ("dead_auth", Code.T3_NO_RESPONSE), ("down", Code.TCP_REFUSED)]


@needs_127_range
@pytest.mark.parametrize(("kind", "code"), CASES, ids=[c[0] for c in CASES])
async def test_one_faulty_node_of_three_fails_the_run_and_is_named(
        kind: str, code: Code, lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    nodes = [NodeSpec(), _faulty_node(kind, pki), NodeSpec()]
    report = await _diagnose(lab_config, pki, token(), nodes)
    assert report.verdict.status is VerdictStatus.FAILED, report.verdict
    assert report.verdict.root_cause is code, report.verdict
    assert _about(report, code) == [FAULTY], [(f.code, f.evidence) for f in report.findings]
    assert _statuses(report) == {"127.0.0.1": VerdictStatus.HEALTHY, FAULTY: VerdictStatus.FAILED,
                                 "127.0.0.3": VerdictStatus.HEALTHY}
    faulty = next(n for n in report.nodes if n.address == FAULTY)
    assert faulty.root_cause is code and faulty.checks
    summary = report.verdict.summary
    assert summary.startswith(f"1 of 3 servers behind {NAME} fails: {FAULTY} (") and "a third" in summary, summary
    fix = next(f for f in report.findings if f.code is code and f.severity is Severity.CRITICAL).remediation
    assert "whoever runs the cluster" in fix and FAULTY in fix
    # The main run still describes the node it used, in depth: the first one, healthy.
    main_tls = next(c for c in report.checks if c.id == "tls.handshake")
    assert main_tls.status is Status.PASS and main_tls.data["address"] == "127.0.0.1"


@needs_127_range
async def test_a_healthy_cluster_of_three_is_healthy(lab_config: LabConfig, pki: dict[str, Path],
                                                     token: Callable[..., str]) -> None:
    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), NodeSpec(), NodeSpec()])
    assert report.verdict.status is VerdictStatus.HEALTHY, (report.verdict, report.findings)
    assert _statuses(report) == dict.fromkeys(THREE, VerdictStatus.HEALTHY)
    for node in report.nodes:
        assert node.root_cause is None
        assert {c.id for c in node.checks} == {s.id for s in node_specs(CHECKS)}
        login = next(c for c in node.checks if c.id == "auth.server")
        assert login.status is Status.PASS
        assert next(c for c in node.checks if c.id == "tls.handshake").data["address"] == node.address
    assert [n.address for n in report.nodes] == list(THREE)


@needs_127_range
async def test_the_first_node_faulty_is_named_and_the_others_vouched_for(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    nodes = [_faulty_node("expired", pki), NodeSpec(), NodeSpec()]
    report = await _diagnose(lab_config, pki, token(), nodes)
    assert report.verdict.root_cause is Code.TLS_CERT_EXPIRED
    # Found twice (the main run in depth, the node's own sub-run): reported once.
    assert _about(report, Code.TLS_CERT_EXPIRED) == ["127.0.0.1"]
    assert _statuses(report)["127.0.0.1"] is VerdictStatus.FAILED
    assert [a for a, s in _statuses(report).items() if s is VerdictStatus.HEALTHY] == ["127.0.0.2", "127.0.0.3"]


@needs_127_range
async def test_two_nodes_failing_for_different_reasons_are_both_named(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    nodes = [NodeSpec(), _faulty_node("down", pki), _faulty_node("jwt_key", pki)]
    report = await _diagnose(lab_config, pki, token(), nodes, language="zh_CN")
    assert report.verdict.root_cause is Code.TCP_REFUSED  # the lower layer of the two
    summary = report.verdict.summary
    assert "3 台服务器中有 2 台" in summary and "127.0.0.2" in summary and "127.0.0.3" in summary, summary
    assert "三分之二" in summary
    assert _about(report, Code.AUTH_BAD_SIGNATURE) == ["127.0.0.3"]


@needs_127_range
async def test_every_node_failing_alike_reads_as_the_plain_verdict(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    expired = _faulty_node("expired", pki)
    report = await _diagnose(lab_config, pki, token(), [expired, expired, expired])
    assert report.verdict.status is VerdictStatus.FAILED
    assert report.verdict.summary.startswith("Login fails because the server's certificate has expired.")
    assert "All 3 servers" in report.verdict.summary
    assert sorted(_about(report, Code.TLS_CERT_EXPIRED)) == list(THREE)


@needs_127_range
async def test_every_node_failing_keeps_the_single_server_fix(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    nodes = [_faulty_node("down", pki), _faulty_node("expired", pki)]
    report = await _diagnose(lab_config, pki, token(), nodes, addresses=THREE[:2])
    fixes = {f.remediation for f in report.findings if f.code is Code.TCP_REFUSED}
    assert fixes and all("check the port in your settings" in fix for fix in fixes), fixes


@needs_127_range
async def test_every_node_failing_differently_names_each_cause(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    nodes = [_faulty_node("down", pki), _faulty_node("expired", pki)]
    report = await _diagnose(lab_config, pki, token(), nodes, addresses=THREE[:2])
    summary = report.verdict.summary
    assert summary.startswith("All 2 servers behind localhost fail, each for its own reason: 127.0.0.1 ("), summary
    assert "127.0.0.2 (the server certificate has expired)" in summary and "(All 2" not in summary
    chinese = await _diagnose(lab_config, pki, token(), nodes, addresses=THREE[:2], language="zh_CN")
    assert "原因各不相同" in chinese.verdict.summary and "均如此" not in chinese.verdict.summary


@needs_127_range
async def test_nodes_run_concurrently_and_their_events_do_not_feed_the_plot(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    """A node that never answers the login costs its timeout once, not once per node."""
    dead = _faulty_node("dead_auth", pki)
    async with LabCluster(lab_config, [dead, dead, dead], addresses=THREE) as cluster:
        engine = Engine(CHECKS, _options(pki, cluster.port, token(), stop_early=True))
        started = time.monotonic()
        events = [event async for event in engine.events()]
        elapsed = time.monotonic() - started
    assert engine.report is not None and engine.report.verdict.root_cause is Code.T3_NO_RESPONSE
    # The main run and three sub-runs each wait TIMEOUT_S for AUTH, side by side.
    assert elapsed < 2.2 * TIMEOUT_S, elapsed
    finished = [e.node.address for e in events if isinstance(e, NodeFinished)]
    assert sorted(finished) == list(THREE)
    assert [e.result.id for e in events if isinstance(e, CheckFinished)].count("tcp.connect") == 1
    assert [e.seq for e in events if isinstance(e, Sample) and e.series == "tcp_connect"] == [1, 2, 3]


@needs_127_range
async def test_cancelling_the_run_cancels_every_node(lab_config: LabConfig, pki: dict[str, Path],
                                                     token: Callable[..., str]) -> None:
    dead = _faulty_node("dead_auth", pki)
    async with LabCluster(lab_config, [dead, dead, dead], addresses=THREE) as cluster:
        engine = Engine(CHECKS, _options(pki, cluster.port, token(), timeout_s=30.0))

        async def consume() -> None:
            async for _ in engine.events():
                pass

        task = asyncio.create_task(consume())
        await asyncio.sleep(1.0)  # every node's login is waiting on its dead sign-in service
        assert sum(s.active_connections for s in cluster.servers.values()) >= 3
        started = time.monotonic()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert time.monotonic() - started < 1.0
        await asyncio.sleep(0.2)
        assert sum(s.active_connections for s in cluster.servers.values()) == 0  # every socket closed


async def test_one_address_makes_no_nodes(lab_config: LabConfig, pki: dict[str, Path],
                                          token: Callable[..., str]) -> None:
    report = await _diagnose(lab_config, pki, token(), [NodeSpec()], addresses=("127.0.0.1",))
    assert report.verdict.status is VerdictStatus.HEALTHY and report.nodes == ()
    dns = next(c for c in report.checks if c.id == "dns.resolve")
    assert dns.data == {"addresses": ["127.0.0.1"], "given": True} and "given, not looked up" in dns.summary


def _can_bind_v6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _can_bind_v6(), reason="no IPv6 loopback here")
async def test_a_cluster_of_ipv4_and_ipv6_names_the_ipv6_node(lab_config: LabConfig, pki: dict[str, Path],
                                                               token: Callable[..., str]) -> None:
    addresses = ("127.0.0.1", "::1")
    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), _faulty_node("jwt_key", pki)],
                             addresses=addresses)
    assert report.verdict.root_cause is Code.AUTH_BAD_SIGNATURE
    assert _about(report, Code.AUTH_BAD_SIGNATURE) == ["::1"]
    assert _statuses(report) == {"127.0.0.1": VerdictStatus.HEALTHY, "::1": VerdictStatus.FAILED}
    assert "half" in report.verdict.summary


@needs_127_range
async def test_the_nodes_survive_json(lab_config: LabConfig, pki: dict[str, Path],
                                      token: Callable[..., str]) -> None:
    import json

    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), _faulty_node("expired", pki), NodeSpec()])
    doc = json.loads(dumps(report))
    assert [(n["address"], n["status"], n["root_cause"]) for n in doc["nodes"]] == [
        ("127.0.0.1", "healthy", None), (FAULTY, "failed", "TLS_CERT_EXPIRED"), ("127.0.0.3", "healthy", None)]
    back = from_json(doc, [c.id for c in CHECKS])
    assert back.nodes == tuple(dataclasses.replace(n, checks=back.nodes[i].checks) for i, n in enumerate(report.nodes))
    assert [c.id for c in back.nodes[1].checks] == [c.id for c in report.nodes[1].checks]


def test_the_node_checks_are_the_ones_a_single_server_can_get_wrong() -> None:
    assert [s.id for s in node_specs(CHECKS)] == ["tcp.connect", "tls.handshake", "tls.certificate",
                                                  "t3.handshake", "clock.skew", "auth.server"]
    for spec in node_specs(CHECKS):  # runnable on their own: no dependency outside the set
        assert set(spec.needs + spec.after) <= {s.id for s in node_specs(CHECKS)}
    assert MAX_NODES == 64


@needs_127_range
async def test_a_warning_on_one_node_says_which(lab_config: LabConfig, pki: dict[str, Path],
                                                token: Callable[..., str]) -> None:
    soon = NodeSpec({"cert": pki["server-expiring-soon.pem"], "key": pki["server-expiring-soon.key"]})
    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), NodeSpec(), soon])
    assert report.verdict.status is VerdictStatus.DEGRADED, report.verdict
    assert report.verdict.root_cause is Code.TLS_CERT_EXPIRING_SOON
    assert report.verdict.summary.endswith(f"(On 1 of 3 servers behind {NAME}: 127.0.0.3.)"), report.verdict
    assert _statuses(report)["127.0.0.3"] is VerdictStatus.DEGRADED


@needs_127_range
async def test_two_of_five_down_is_forty_percent(lab_config: LabConfig, pki: dict[str, Path],
                                                 token: Callable[..., str]) -> None:
    five = (*THREE, "127.0.0.4", "127.0.0.5")
    nodes = [NodeSpec(), NodeSpec(down=True), NodeSpec(), NodeSpec(), NodeSpec(down=True)]
    report = await _diagnose(lab_config, pki, token(), nodes, addresses=five)
    assert report.verdict.summary.startswith(
        f"2 of 5 servers behind {NAME} fail: 127.0.0.2 (the server refuses the connection), 127.0.0.5 (the "
        "server refuses the connection); logins fail about 40 % of the time"), report.verdict.summary
    assert sorted(_about(report, Code.TCP_REFUSED)) == ["127.0.0.2", "127.0.0.5"]
    # The main run's own warnings about the two (it connects to every address) are echoes, dropped.
    assert [f.severity for f in report.findings if f.code is Code.TCP_REFUSED] == [Severity.CRITICAL] * 2
    # The other three answer on the same port: the fix is the server, not the user's settings.
    for fix in (f.remediation for f in report.findings if f.code is Code.TCP_REFUSED):
        assert fix.startswith("Start the T3 service on 127.0.0.") and "your settings is right" in fix, fix
        assert "check the port in your settings" not in fix


@needs_127_range
async def test_a_pseudonymized_bundle_hides_every_node_and_keeps_them_apart(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    from t3gui.core.bundle.reader import open_bundle
    from t3gui.core.bundle.writer import BundleContent, write_bundle

    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), _faulty_node("jwt_key", pki), NodeSpec()])
    data, mapping = write_bundle(BundleContent(report, {}, environment={}), pseudonymize=True)
    opened = open_bundle(data, known_checks=[c.id for c in CHECKS]).report
    report_text = dumps(opened)
    assert not any(address in report_text for address in THREE)
    assert [n.address for n in opened.nodes] == [mapping[a] for a in THREE]
    assert [n.status for n in opened.nodes] == [VerdictStatus.HEALTHY, VerdictStatus.FAILED, VerdictStatus.HEALTHY]
    found = next(f for f in opened.findings if f.code is Code.AUTH_BAD_SIGNATURE)
    assert found.evidence["address"] == mapping[FAULTY]
