"""Several servers behind one name on the result page: one row per server, the failing one first and
marked, in both languages; for a run, for an opened bundle, and for hostile text."""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import html
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from t3gui.checks.registry import CHECKS
from t3gui.core import catalog
from t3gui.core.codes import Code
from t3gui.core.engine import Engine
from t3gui.core.model import NodeResult, Report, Target, VerdictStatus
from t3gui.gui.main_window import MainWindow
from t3gui.gui.node_table import NodeTable
from t3gui.gui.result_page import ResultPage
from t3gui.gui.strings import Translator
from t3gui.gui.theme import verdict_colours
from t3gui.lab.scenarios import BY_NAME, SCENARIOS, play
from tests.core.bundle.hostile_corpus import CONTROL, HOSTILE_TEXT

from .conftest import run_until
from .real_bundles import cli_bundle

# The cluster scenarios play their nodes on 127.0.0.1-3; macOS has only 127.0.0.1 unless aliased.
pytestmark = pytest.mark.skipif(sys.platform == "darwin", reason="macOS binds only 127.0.0.1 unless aliased")


def _diagnosed(name: str, pki: dict[str, Path], language: str = "en") -> Report:
    async def run() -> Report:
        async with play(BY_NAME[name], pki) as options:
            return await Engine(CHECKS, dataclasses.replace(options, language=language)).run()

    # A thread of its own: asyncio.run there leaves the GUI tests' event loop alone.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result(timeout=120)


@pytest.fixture(scope="module")
def expired(pki: dict[str, Path]) -> Report:
    """The lab cluster with its second node's certificate expired, diagnosed for real."""
    return _diagnosed("cluster-cert-expired", pki)


def cells(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
            for r in range(table.rowCount())]


def test_three_servers_the_failing_one_first_and_marked(qtbot: QtBot, expired: Report) -> None:
    assert [n.address for n in expired.nodes] == ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
    view = NodeTable(Translator("en"))
    qtbot.addWidget(view)
    view.show_report(expired)
    assert not view.isHidden()
    assert cells(view.table) == [["127.0.0.2", "✖ Login fails", "The server certificate has expired"],
                                 ["127.0.0.1", "✔ Healthy", "Login and every check passed"],
                                 ["127.0.0.3", "✔ Healthy", "Login and every check passed"]]
    assert view.heading.text() == "Servers behind t3-cluster.demo: 1 of 3 with a problem, listed first."
    failed, healthy = view.table.item(0, 1), view.table.item(1, 1)
    assert failed is not None and healthy is not None
    assert failed.background().color().name() == verdict_colours("failed")[1]
    assert healthy.background().color().name() == verdict_colours("healthy")[1]
    assert all(view.table.item(0, c).font().bold() for c in range(3))  # type: ignore[union-attr]
    assert not any(view.table.item(1, c).font().bold() for c in range(3))  # type: ignore[union-attr]
    tip = failed.toolTip()
    assert "expired 3 days ago" in tip, tip  # the whole sentence, on hover
    spoken = view.table.item(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)  # type: ignore[union-attr]
    assert spoken.startswith("127.0.0.2: Login fails. The server certificate expired"), spoken
    view.i18n.language = "zh_CN"
    view.retranslate()
    assert cells(view.table)[0] == ["127.0.0.2", "✖ 无法登录", "服务器证书已过期"]
    assert cells(view.table)[1][1:] == ["✔ 正常", "登录和所有检查均通过"]
    assert view.heading.text() == "t3-cluster.demo 背后的服务器：3 台中有 1 台有问题，排在最前。"
    assert [view.table.horizontalHeaderItem(c).text() for c in range(3)] == [  # type: ignore[union-attr]
        "服务器", "结果", "发现的情况"]


def test_one_server_behind_the_name_shows_no_table(qtbot: QtBot, expired: Report) -> None:
    view = NodeTable(Translator("en"))
    qtbot.addWidget(view)
    view.show_report(expired)
    view.show_report(dataclasses.replace(expired, nodes=()))
    assert view.isHidden() and view.table.rowCount() == 0


def test_a_healthy_cluster_says_all_work(qtbot: QtBot, pki: dict[str, Path]) -> None:
    report = _diagnosed("cluster-healthy", pki)
    view = NodeTable(Translator("en"))
    qtbot.addWidget(view)
    view.show_report(report)
    assert report.verdict.status is VerdictStatus.HEALTHY
    assert view.heading.text() == "All 3 servers behind t3-cluster.demo work."
    assert [row[1] for row in cells(view.table)] == ["✔ Healthy"] * 3


def test_hostile_addresses_and_sentences_are_plain_text(qtbot: QtBot, expired: Report) -> None:
    """A report from a file may say anything: nothing it says is markup, an escape or a control."""
    evil = dataclasses.replace(
        expired, target=Target("t3" + HOSTILE_TEXT, 1),
        nodes=(NodeResult("10.0.0.1" + HOSTILE_TEXT, VerdictStatus.INCONCLUSIVE, None, HOSTILE_TEXT),
               NodeResult("10.0.0.2\n<img src=x>", VerdictStatus.FAILED, Code.T3_NO_RESPONSE, HOSTILE_TEXT),
               *expired.nodes))
    view = NodeTable(Translator("en"))
    qtbot.addWidget(view)
    view.show_report(evil)
    assert view.heading.textFormat() == Qt.TextFormat.PlainText
    shown = [view.heading.text()]
    for row in range(view.table.rowCount()):
        for column in range(3):
            item = view.table.item(row, column)
            assert item is not None
            shown += [item.text(), item.toolTip(), str(item.data(Qt.ItemDataRole.AccessibleTextRole) or "")]
    for text in shown:
        assert not CONTROL.search(text) and "\u202e" not in text and "\x1b" not in text, repr(text)
    rows = cells(view.table)
    # Failed first, the unknown cause named from the catalog, never from the file.
    assert rows[0][0] == "10.0.0.2 <img src=x>" and rows[0][2] == "The server does not respond"
    assert rows[2][0].startswith("10.0.0.1red") and "<script>" in rows[2][0]  # shown as the characters it is


def test_the_result_page_shows_the_servers_and_the_share(qtbot: QtBot, pki: dict[str, Path], expired: Report) -> None:
    page = ResultPage(Translator("en"))
    qtbot.addWidget(page)
    page.show_report(expired)
    assert not page.nodes.isHidden() and page.nodes.table.rowCount() == 3
    # The verdict is rebuilt in the language shown: in the run's own language, word for word the core's.
    root = next(f for f in expired.findings if f.code is expired.verdict.root_cause)
    assert expired.verdict.summary.startswith("1 of 3 servers behind t3-cluster.demo fails: 127.0.0.2 (")
    assert html.escape(expired.verdict.summary) in page.banner.text()
    assert html.escape(root.remediation) in page.banner.text() and "127.0.0.2" in root.remediation
    body = page.body.toPlainText()
    assert "The server certificate has expired — on 127.0.0.2" in body
    assert root.remediation in body  # the fix for whoever runs the cluster, in the finding too
    assert "127.0.0.2: The server certificate expired 3 days ago" in body  # the broken link: what, where
    page.i18n.language = "zh_CN"
    page.retranslate()
    chinese = _diagnosed("cluster-cert-expired", pki, "zh_CN")
    zh_root = next(f for f in chinese.findings if f.code is chinese.verdict.root_cause)
    assert html.escape(chinese.verdict.summary) in page.banner.text()
    assert html.escape(zh_root.remediation) in page.banner.text()
    assert "位于 127.0.0.2" in page.body.toPlainText()
    assert page.nodes.table.item(0, 2).text() == "服务器证书已过期"  # type: ignore[union-attr]
    assert page.tabs.count() == 2 and page.tabs.widget(1) is page.node_checks  # each server's checks
    assert page.tabs.tabText(1) == "各服务器的检查(&K)"
    page.show_report(_diagnosed("healthy", pki))
    assert page.nodes.isHidden() and page.tabs.count() == 1


CLUSTERS = [s.name for s in SCENARIOS if s.cluster]


@pytest.fixture(scope="module")
def cluster_bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cluster-bundles")
    return {name: cli_bundle(folder, name) for name in CLUSTERS}


@pytest.mark.parametrize("name", CLUSTERS)
def test_each_cluster_bundle_names_its_server_and_cause(window: MainWindow, loop: asyncio.AbstractEventLoop,
                                                        cluster_bundles: dict[str, Path], name: str) -> None:
    """The bundle `t3gui diagnose --demo --bundle` writes, opened in the app: the right server, the right cause."""
    scenario = BY_NAME[name]
    loop.run_until_complete(window.open_bundle(cluster_bundles[name]))
    assert window.bundle_message is None and window.result_page.bundle_mode
    rows = cells(window.result_page.nodes.table)
    faulty = [f"127.0.0.{i}" for i, node in enumerate(scenario.cluster, start=1) if node.down or node.lab or node.cert]
    if scenario.expect is None:
        assert [r[1] for r in rows] == ["✔ Healthy"] * 3 and not faulty
        return
    assert rows[0] == [faulty[0], "✖ Login fails", catalog.entry(scenario.expect).title], rows
    assert [r[1] for r in rows[1:]] == ["✔ Healthy"] * 2


def test_an_opened_bundle_shows_the_same_servers(window: MainWindow, loop: asyncio.AbstractEventLoop,
                                                 cluster_bundles: dict[str, Path]) -> None:
    loop.run_until_complete(window.open_bundle(cluster_bundles["cluster-node-down"]))
    assert window.bundle_message is None
    run_until(loop, lambda: window.stack.currentWidget() is window.result_page)
    table = window.result_page.nodes
    assert not table.isHidden() and window.result_page.bundle_mode
    rows = cells(table.table)
    assert rows[0] == ["127.0.0.3", "✖ Login fails", "The server refuses the connection"], rows
    assert [r[:2] for r in rows[1:]] == [["127.0.0.1", "✔ Healthy"], ["127.0.0.2", "✔ Healthy"]]
    # The technician's tab: each server's own checks side by side, the failing server first.
    grid = window.result_page.node_checks
    tabs = window.result_page.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "F&indings", "Server chec&ks", "Monitor &plot", "Marks and n&otes", "&Certificates", "Time&line"]
    headers = [grid.horizontalHeaderItem(c).text() for c in range(grid.columnCount())]  # type: ignore[union-attr]
    assert headers == ["✖ 127.0.0.3", "✔ 127.0.0.1", "✔ 127.0.0.2"]
    checks = [grid.verticalHeaderItem(r).text() for r in range(grid.rowCount())]  # type: ignore[union-attr]
    connect = checks.index("Control port")
    assert [grid.item(connect, c).text() for c in range(3)] == [  # type: ignore[union-attr]
        "✖ failed", "✔ passed", "✔ passed"]
    assert "refused" in grid.item(connect, 0).toolTip()  # type: ignore[union-attr]
    window.set_language("zh_CN")
    assert grid.item(connect, 0).text() == "✖ 失败"  # type: ignore[union-attr]
    assert grid.verticalHeaderItem(connect).text() == "控制端口"  # type: ignore[union-attr]
    assert table.table.item(0, 1).text() == "✖ 无法登录"  # type: ignore[union-attr]


def test_the_demo_plays_a_cluster_and_stops_it(loop: asyncio.AbstractEventLoop) -> None:
    """The app's demo lab serves every node of a cluster scenario, diagnosed through the name's addresses."""
    import socket

    from t3gui.core.model import Target as T
    from t3gui.core.options import DiagnoseOptions
    from t3gui.gui.demo_lab import DemoLab

    lab = DemoLab()
    try:
        options = loop.run_until_complete(lab.start("cluster-bad-key", DiagnoseOptions(T("127.0.0.1"))))
        assert options.target.host == "t3-cluster.demo" and lab.target == options.target
        assert options.resolve == ("127.0.0.1", "127.0.0.2", "127.0.0.3") and options.server_name == "localhost"
        for address in options.resolve:  # every node listens on the one port
            socket.create_connection((address, options.target.port), timeout=2).close()
        healthy = loop.run_until_complete(lab.start("healthy", options))
        assert healthy.resolve == () and healthy.target.host == "127.0.0.1"  # one server: DNS as usual
        for address in options.resolve:  # the cluster stopped when another scenario was picked
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection((address, options.target.port), timeout=2).close()
    finally:
        loop.run_until_complete(lab.close())
        lab.cleanup()


def test_the_live_monitor_watches_the_failing_server_and_says_which(
        demo_window: MainWindow, loop: asyncio.AbstractEventLoop) -> None:
    from .conftest import diagnose

    diagnose(demo_window, loop, "cluster-node-down")
    assert [n.status.value for n in demo_window.report.nodes] == ["healthy", "healthy", "failed"]  # type: ignore[union-attr]
    page = demo_window.monitor_page

    async def watch() -> str:
        demo_window.open_monitor()
        try:
            assert page.monitor is not None and page.monitor.address == "127.0.0.3"
            await asyncio.sleep(0.2)
            return page.heading.text()
        finally:
            await page.stop()

    heading = loop.run_until_complete(watch())
    assert heading.startswith("Live monitor") and heading.endswith("(127.0.0.3)"), heading
