"""The live monitor's server picker, with the demo's lab cluster (three servers behind one name, on
127.0.0.1-3): hidden for one server, the failing one selected for a cluster, a choice moves the monitor
(never two at once), a row of the result page's table opens it, its export names the server."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from t3gui.checks.monitor import Monitor
from t3gui.core.bundle.reader import open_bundle
from t3gui.gui.main_window import MainWindow
from t3gui.gui.monitor_page import MonitorPage
from tests.helpers.english import english_runs

from .conftest import diagnose, run_until
from .test_zh_cn_complete import visible_texts

pytestmark = pytest.mark.skipif(sys.platform == "darwin", reason="macOS binds only 127.0.0.1 unless aliased")

ORDER = ["127.0.0.2", "127.0.0.1", "127.0.0.3"]  # cluster-cert-expired: the expired one first


def running_monitors(loop: asyncio.AbstractEventLoop) -> dict[int, str]:
    """Every Monitor whose probe loops run on ``loop`` (by id), with the address it probes."""
    found: dict[int, str] = {}
    for task in asyncio.all_tasks(loop):
        coro = task.get_coro()
        frame = getattr(coro, "cr_frame", None)
        owner = frame.f_locals.get("self") if frame is not None else None
        if not task.done() and isinstance(owner, Monitor) and getattr(coro, "__qualname__", "") == "Monitor._loop":
            found[id(owner)] = owner.address
    return found


def watching(page: MonitorPage, address: str) -> bool:
    return (not page.picker.switching and page.monitor is not None and page.monitor.address == address
            and "tcp_connect" in page.rings and page.rings["tcp_connect"].count >= 2)


def back(window: MainWindow, loop: asyncio.AbstractEventLoop) -> None:
    """Back to the result, and the monitor's stop (a task of its own) awaited before the test goes on."""
    window.monitor_page.back.click()
    loop.run_until_complete(window.monitor_page.stop())
    assert running_monitors(loop) == {}


def open_cluster_monitor(window: MainWindow, loop: asyncio.AbstractEventLoop) -> MonitorPage:
    diagnose(window, loop, "cluster-cert-expired")
    window.monitor_page.interval.setCurrentText("0.1 s")
    window.result_page.monitor.click()
    page = window.monitor_page
    assert window.stack.currentWidget() is page
    run_until(loop, lambda: watching(page, "127.0.0.2"))
    return page


def test_one_server_behind_the_name_has_no_picker(demo_window: MainWindow, loop: asyncio.AbstractEventLoop) -> None:
    diagnose(demo_window, loop, "healthy")
    demo_window.result_page.monitor.click()
    page = demo_window.monitor_page
    assert page.picker.isHidden() and page.picker.combo.count() == 0
    assert page.monitor is not None and page.address == "127.0.0.1"
    back(demo_window, loop)


def test_a_cluster_offers_its_servers_the_failing_one_selected(demo_window: MainWindow,
                                                               loop: asyncio.AbstractEventLoop) -> None:
    page = open_cluster_monitor(demo_window, loop)
    combo = page.picker.combo
    assert page.picker.isVisible() and combo.isVisible()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "✖ 127.0.0.2 — Login fails", "✔ 127.0.0.1 — Healthy", "✔ 127.0.0.3 — Healthy"]
    assert combo.currentIndex() == 0 and page.picker.label.text() == "&Server" and combo.accessibleName() == "Server"
    assert page.picker.label.buddy() is combo  # Alt+S reaches it
    assert page.heading.text().startswith("Live monitor — t3-cluster.demo") and \
        page.heading.text().endswith("(127.0.0.2)"), page.heading.text()
    back(demo_window, loop)


def test_choosing_a_healthy_server_moves_the_monitor_there(demo_window: MainWindow,
                                                           loop: asyncio.AbstractEventLoop) -> None:
    page = open_cluster_monitor(demo_window, loop)
    first = page.monitor
    assert "t3_udp" not in page.rings  # an expired certificate: no T3 session, no heartbeats from there
    page.mark_now()
    interval = page.current_interval()
    page.picker.combo.setFocus()

    async def down() -> None:
        QTest.keyClick(page.picker.combo, Qt.Key.Key_Down)  # as a user does: the next entry, 127.0.0.1
        assert page.picker.switching  # under way on the event loop; the GUI did not wait for it

    loop.run_until_complete(down())
    # The heartbeats need a T3 session, which only the healthy server gives: they come from the new address.
    run_until(loop, lambda: watching(page, "127.0.0.1") and "t3_udp" in page.rings and page.rings["t3_udp"].count >= 2)
    assert page.monitor is not first and page.address == "127.0.0.1"
    assert page.heading.text().endswith("(127.0.0.1)"), page.heading.text()
    assert page.marks == [] and page.current_interval() == interval  # a new monitor, cleared, the same options
    assert page.picker.combo.currentText() == "✔ 127.0.0.1 — Healthy"
    assert running_monitors(loop) == {id(page.monitor): "127.0.0.1"}
    back(demo_window, loop)


def test_a_second_choice_while_the_first_is_stopping_leaves_one_monitor(demo_window: MainWindow,
                                                                        loop: asyncio.AbstractEventLoop) -> None:
    page = open_cluster_monitor(demo_window, loop)
    combo = page.picker.combo
    combo.setFocus()

    async def twice() -> None:  # as the app runs: the keys come while the event loop runs
        QTest.keyClick(combo, Qt.Key.Key_Down)  # 127.0.0.1
        await asyncio.sleep(0)  # the switch has let go of the first monitor and waits for it to stop
        assert page.picker.switching and page.monitor is None
        QTest.keyClick(combo, Qt.Key.Key_Down)  # 127.0.0.3, before the first switch has started anything

    loop.run_until_complete(twice())
    run_until(loop, lambda: watching(page, "127.0.0.3"))
    assert running_monitors(loop) == {id(page.monitor): "127.0.0.3"}

    async def back_and_forth() -> None:  # faster than anything can stop: still one, on the last choice
        for index in (0, 1, 2, 1):
            combo.setCurrentIndex(index)
            combo.activated.emit(index)

    loop.run_until_complete(back_and_forth())
    run_until(loop, lambda: watching(page, "127.0.0.1"))
    assert running_monitors(loop) == {id(page.monitor): "127.0.0.1"}
    assert combo.currentText() == "✔ 127.0.0.1 — Healthy"
    back(demo_window, loop)


def test_back_during_a_switch_leaves_no_monitor(demo_window: MainWindow, loop: asyncio.AbstractEventLoop) -> None:
    page = open_cluster_monitor(demo_window, loop)

    async def choose_and_leave() -> None:
        page.picker.choose("127.0.0.3")
        await asyncio.sleep(0)
        page.back.click()  # the switch under way starts nothing once the page stops

    loop.run_until_complete(choose_and_leave())
    run_until(loop, lambda: not page.picker.switching and page.monitor is None)
    loop.run_until_complete(asyncio.sleep(0.3))
    assert running_monitors(loop) == {} and page.monitor is None
    assert demo_window.stack.currentWidget() is demo_window.result_page


def test_a_row_of_the_server_table_opens_the_monitor_on_that_server(demo_window: MainWindow,
                                                                      loop: asyncio.AbstractEventLoop) -> None:
    diagnose(demo_window, loop, "cluster-cert-expired")
    nodes = demo_window.result_page.nodes
    table = nodes.table
    assert nodes.rows and [n.address for n in nodes.rows] == ORDER
    page = demo_window.monitor_page

    def opened_on(address: str) -> None:
        assert demo_window.stack.currentWidget() is page
        assert page.monitor is not None and page.monitor.address == address
        assert page.heading.text().endswith(f"({address})")
        assert page.picker.combo.currentData() == address and page.picker.isVisible()
        back(demo_window, loop)
        assert demo_window.stack.currentWidget() is demo_window.result_page

    # A double-click on the third row (127.0.0.3, a healthy server): a click, then the second press.
    center = table.visualRect(table.model().index(2, 0)).center()

    def double_click() -> None:
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center)
        QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center)

    double_click()
    opened_on("127.0.0.3")
    # The keyboard: the second row selected, Enter.
    table.setFocus()
    table.setCurrentCell(1, 0)
    QTest.keyClick(table, Qt.Key.Key_Return)
    opened_on("127.0.0.1")
    # The row's menu: "Watch this server live".
    assert nodes.watch_action.text() == "&Watch this server live"
    table.customContextMenuRequested.emit(table.visualRect(table.model().index(0, 1)).center())
    assert nodes.menu.isVisible() and table.currentRow() == 0
    nodes.watch_action.trigger()
    nodes.menu.close()
    opened_on("127.0.0.2")
    hint = "Double-click a server, or select it and press Enter, to watch it live."
    assert table.item(0, 1).toolTip().endswith(hint)  # type: ignore[union-attr]
    # An opened bundle's servers are not watched from here, and the hover text does not offer it.
    nodes.set_watchable(False)
    assert hint not in table.item(0, 1).toolTip()  # type: ignore[union-attr]
    double_click()
    assert demo_window.stack.currentWidget() is demo_window.result_page and page.monitor is None
    table.customContextMenuRequested.emit(center)
    assert not nodes.menu.isVisible()


def test_the_export_from_the_monitor_names_the_server_and_the_viewer_shows_it(
        demo_window: MainWindow, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    page = open_cluster_monitor(demo_window, loop)
    page.picker.choose("127.0.0.3")
    run_until(loop, lambda: watching(page, "127.0.0.3") and page.rings["tcp_connect"].count >= 5)
    dialog = demo_window.export_bundle(from_monitor=True)
    assert dialog is not None
    run_until(loop, dialog.save.isEnabled)
    path = tmp_path / "monitor.zip"
    loop.run_until_complete(dialog.save_to(path))
    assert dialog.saved_to == path, dialog.status.text()
    dialog.close()
    bundle = open_bundle(path.read_bytes())
    assert bundle.timeline["watched"] == "127.0.0.3"
    assert "<p>Probes to 127.0.0.3</p>" in bundle.members["report.html"].decode()
    back(demo_window, loop)
    demo_window.new_diagnosis()
    loop.run_until_complete(demo_window.open_bundle(path))
    viewer = demo_window.bundles.viewer
    assert viewer is not None and demo_window.bundle_message is None
    run_until(loop, lambda: viewer.probes is not None)
    demo_window.result_page.tabs.setCurrentWidget(viewer.plot_page)
    assert viewer.watched.isVisible() and viewer.watched.text() == "Probes to 127.0.0.3"
    assert viewer.watched.textFormat() is Qt.TextFormat.PlainText
    demo_window.set_language("zh_CN")
    assert viewer.watched.text() == "探测目标：127.0.0.3"
    # A bundle from a diagnosis (not the monitor) names no server.
    demo_window.set_language("en")
    diagnose(demo_window, loop, "healthy")
    dialog = demo_window.export_bundle(from_monitor=False)
    assert dialog is not None
    run_until(loop, dialog.save.isEnabled)
    loop.run_until_complete(dialog.save_to(tmp_path / "run.zip"))
    dialog.close()
    loop.run_until_complete(demo_window.open_bundle(tmp_path / "run.zip"))
    run_until(loop, lambda: viewer.probes is not None)
    assert "watched" not in viewer.bundle.timeline and viewer.watched.isHidden()  # type: ignore[union-attr]


def test_the_picker_and_the_table_speak_chinese(zh_window: MainWindow, loop: asyncio.AbstractEventLoop) -> None:
    window = zh_window
    diagnose(window, loop, "cluster-cert-expired")
    nodes = window.result_page.nodes
    assert nodes.watch_action.text() == "实时监控这台服务器(&W)"
    assert nodes.table.accessibleDescription() == "双击某台服务器，或选中后按回车键，即可实时监控它。"
    window.result_page.monitor.click()
    page = window.monitor_page
    picker = page.picker
    assert picker.isVisible() and picker.label.text() == "服务器(&S)" and picker.combo.accessibleName() == "服务器"
    assert [picker.combo.itemText(i) for i in range(picker.combo.count())] == [
        "✖ 127.0.0.2 — 无法登录", "✔ 127.0.0.1 — 正常", "✔ 127.0.0.3 — 正常"]
    found = [f"{where}: {run!r} in {text!r}" for where, text in visible_texts(picker) for run in english_runs(text)]
    assert not found, found
    window.set_language("en")  # live: the entries follow, the choice stays
    assert picker.label.text() == "&Server" and picker.combo.currentText() == "✖ 127.0.0.2 — Login fails"
    back(window, loop)
