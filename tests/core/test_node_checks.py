"""Which server's result a ticket is about: the failing one behind the name, not the healthy first one
(a real lab cluster, the second node with an expired certificate)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from cryptography import x509

from t3gui.core.bundle.writer import BundleContent, write_bundle
from t3gui.core.model import Status
from t3gui.core.node_checks import most_telling, node_results
from t3gui.lab.cluster import NodeSpec
from t3gui.lab.config import LabConfig
from tests.core.test_nodes import FAULTY, THREE, _diagnose, _faulty_node, needs_127_range


@needs_127_range
async def test_the_bundle_carries_the_failing_servers_chain(lab_config: LabConfig, pki: dict[str, Path],
                                                          token: Callable[..., str]) -> None:
    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), _faulty_node("expired", pki), NodeSpec()])
    main = next(c for c in report.checks if c.id == "tls.certificate")
    assert main.status is Status.PASS  # the main run reached the healthy first server
    assert [a for a, _ in node_results(report, "tls.certificate")] == list(THREE)
    address, telling = most_telling(report, "tls.certificate")
    assert address == FAULTY and telling is not None and telling.status is Status.FAIL

    with zipfile.ZipFile(io.BytesIO(write_bundle(BundleContent(report))[0])) as bundle:
        leaf = x509.load_pem_x509_certificates(bundle.read("chain.pem"))[0]
    assert leaf.not_valid_after_utc < dt.datetime.now(dt.UTC)  # the expired one, not 127.0.0.1's


@needs_127_range
async def test_a_healthy_cluster_keeps_the_main_runs_result(lab_config: LabConfig, pki: dict[str, Path],
                                                           token: Callable[..., str]) -> None:
    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), NodeSpec(), NodeSpec()])
    address, telling = most_telling(report, "tls.certificate")
    assert address is None and telling is next(c for c in report.checks if c.id == "tls.certificate")


@needs_127_range
async def test_the_list_of_checks_says_where_another_server_did_worse(
        lab_config: LabConfig, pki: dict[str, Path], token: Callable[..., str]) -> None:
    from t3gui.cli.text_report import render as render_text
    from t3gui.core.bundle.html_report import render as render_html

    report = await _diagnose(lab_config, pki, token(), [NodeSpec(), _faulty_node("expired", pki), NodeSpec()])
    text = render_text(report)
    assert "Checks (on 127.0.0.1; where another server behind localhost differs, in brackets):" in text
    line = next(row for row in text.splitlines() if " tls.certificate " in row)
    assert " pass " in line and line.endswith(f"[fail on {FAULTY}]"), line
    assert "[pass on" not in text  # a pass elsewhere says nothing the verdict does not
    assert f"<b> [fail on {FAULTY}]</b>" in render_html(report, {}, [], "x")

    chinese = await _diagnose(lab_config, pki, token(), [NodeSpec(), _faulty_node("expired", pki), NodeSpec()],
                              language="zh_CN")
    assert f"［{FAULTY} 上：失败］" in render_text(chinese)


@needs_127_range
async def test_one_server_of_many_reports_no_brackets(lab_config: LabConfig, pki: dict[str, Path],
                                                     token: Callable[..., str]) -> None:
    from t3gui.cli.text_report import render as render_text

    report = await _diagnose(lab_config, pki, token(), [NodeSpec()], addresses=("127.0.0.1",))
    text = render_text(report)
    assert "\nChecks:\n" in text and "［" not in text and " on 127.0.0.1]" not in text
