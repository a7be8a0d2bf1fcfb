"""Keyboard only: unique mnemonics on every page in both languages, Tab down the form, Enter starts,
Esc cancels, dialogs close, a minimum window size; and no Python exception name in what a page says."""

from __future__ import annotations

import re
import ssl
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMenu, QWidget

from t3gui.core.model import CheckResult, Status, Tier
from t3gui.gui.main_window import MINIMUM_SIZE, MainWindow
from t3gui.gui.run_page import RunPage
from t3gui.gui.settings import AppSettings
from t3gui.gui.strings import Translator

from .conftest import diagnose, run_until

_MNEMONIC = re.compile(r"&([^&])")
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b|TimeoutError|CancelledError")


def mnemonic(text: str) -> str | None:
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def visible_mnemonics(window: MainWindow, root: QWidget) -> list[tuple[str, str]]:
    """(key, text) of every mnemonic Alt can reach while ``root`` shows: its widgets and the menu bar."""
    found = [(key, action.text()) for action in window.menuBar().actions() if (key := mnemonic(action.text()))]
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        if key := mnemonic(text):
            found.append((key, text))
    return found


def duplicates(found: list[tuple[str, str]]) -> dict[str, list[str]]:
    counts = Counter(key for key, _ in found)
    return {key: [text for k, text in found if k == key] for key, n in counts.items() if n > 1}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_page_and_menu_has_unique_mnemonics(demo_window: MainWindow, loop, language: str) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    diagnose(window, loop, "healthy")  # the result page as it really shows, every button in place
    window.set_language(language)
    run = window.run_page
    counted = {}
    for name in ("start", "run (running)", "run (done)", "result", "monitor"):
        if name == "run (running)":
            run.begin("127.0.0.1:1", 3)
        elif name == "run (done)":
            run.on_done()
        page: QWidget = {"start": window.start_page, "result": window.result_page,
                         "monitor": window.monitor_page}.get(name, run)
        window.stack.setCurrentWidget(page)
        found = visible_mnemonics(window, page)
        counted[name] = len(found)
        assert not duplicates(found), (language, name, duplicates(found))
    # Enough were found for the test to mean something: the menu bar's three, the form's rows, the buttons.
    assert counted["start"] >= 3 + 8 and counted["result"] >= 3 + 4 and counted["monitor"] >= 3 + 3, counted
    menus = [window.file_menu, window.view_menu, window.help_menu, *window.findChildren(QMenu)]
    for menu in menus:
        found = [(key, a.text()) for a in menu.actions() if not a.isSeparator() and (key := mnemonic(a.text()))]
        assert not duplicates(found), (language, menu.title(), duplicates(found))
    dialog = window.edit_thresholds()
    found = [(key, text) for b in dialog.findChildren(QAbstractButton) if (key := mnemonic(text := b.text()))]
    assert len(found) == 3 and not duplicates(found), found
    dialog.close_button.click()


def focus_walk(start: QWidget, stop_at: QWidget, limit: int = 30) -> list[QWidget]:
    """Press Tab from ``start`` until ``stop_at`` has the focus; every widget the focus visited."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [start]
    while visited[-1] is not stop_at and len(visited) < limit:
        QTest.keyClick(visited[-1], Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert focus is not None, "the focus left the window"
        visited.append(focus)
    return visited


def expected_chain(window: MainWindow) -> list[QWidget]:
    page = window.start_page
    chain: list[QWidget] = [page.scenario] if page.demo else []
    for field in (page.target, page.token, page.ca_file, page.client_cert, page.client_key):
        if field.isEnabled():
            chain.append(field.edit)
        if field.browse is not None:
            chain.append(field.browse)
    return [*chain, page.tier, page.start]


@pytest.mark.parametrize("demo", [False, True])
def test_tab_walks_the_form_top_to_bottom(qtbot, settings: AppSettings, loop, demo: bool) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(settings, "en", demo=demo)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    try:
        page = window.start_page
        page.target.edit.setText("t3.example.com")
        expected = expected_chain(window)
        visited = focus_walk(expected[0], page.start)
        assert visited == expected, [w.accessibleName() for w in visited]
        tops = [w.mapTo(page, w.rect().topLeft()).y() for w in visited]
        assert tops == sorted(tops)  # never back up the page
    finally:
        loop.run_until_complete(window.shutdown())
        window.close()
        window.deleteLater()


def test_enter_starts_and_esc_cancels(demo_window: MainWindow, loop) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    page = window.start_page
    page.scenario.setCurrentText("slow-handshake")
    page.token.edit.setFocus()
    QTest.keyClick(page.token.edit, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.run_page
    run_until(loop, lambda: "t3.handshake" in window.run_page.items)
    QTest.keyClick(window.run_page.cancel, Qt.Key.Key_Escape)
    run_until(loop, lambda: window.run_page.back.isVisible())
    assert "Cancelled" in window.run_page.status.text()
    loop.run_until_complete(window.runner.wait())
    assert not window.runner.running
    QTest.keyClick(window.run_page.back, Qt.Key.Key_Escape)  # nothing left to cancel: nothing happens
    assert window.stack.currentWidget() is window.run_page and "Cancelled" in window.run_page.status.text()
    # Enter from the scenario list runs the picked scenario to its verdict.
    window.run_page.back.click()
    page.scenario.setCurrentText("cert-expired")
    QTest.keyClick(page.scenario, Qt.Key.Key_Return)
    run_until(loop, lambda: window.stack.currentWidget() is window.result_page, timeout=30)
    report = window.result_page.report
    assert report is not None and report.verdict.root_cause is not None
    assert report.verdict.root_cause.value == "TLS_CERT_EXPIRED"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_window_has_a_minimum_size_every_page_fits(qtbot, settings: AppSettings, loop,  # type: ignore[no-untyped-def]
                                                       language: str) -> None:
    window = MainWindow(settings, language, demo=True)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.resize(200, 150)
        qtbot.wait(20)
        assert (window.width(), window.height()) == MINIMUM_SIZE
        for page in (window.start_page, window.run_page, window.result_page, window.monitor_page):
            window.stack.setCurrentWidget(page)
            hint = page.minimumSizeHint()
            assert hint.width() <= window.stack.width() and hint.height() <= window.stack.height(), (
                type(page).__name__, hint, window.stack.size())
        start = window.start_page.start
        window.stack.setCurrentWidget(window.start_page)
        qtbot.wait(20)
        bottom = start.mapTo(window, start.rect().bottomLeft()).y()
        assert start.isVisible() and bottom <= window.height()
    finally:
        loop.run_until_complete(window.shutdown())
        window.close()
        window.deleteLater()


@pytest.mark.parametrize(("language", "words"), [
    ("en", {"timeout": "no answer in time", "cert": "the server's certificate could not be verified",
            "bug": "an internal problem in t3gui", "reset": "the connection was reset"}),
    ("zh_CN", {"timeout": "未能及时收到应答", "cert": "无法验证服务器的证书", "bug": "t3gui 内部出现问题",
               "reset": "连接被重置"}),
])
def test_the_run_page_never_shows_an_exception_name(qtbot, language: str, words: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page = RunPage(Translator(language))
    qtbot.addWidget(page)
    failures = {"timeout": TimeoutError("timed out"), "bug": KeyError("sni"),
                "cert": ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")}
    for key, exc in failures.items():
        page.begin("t3.example.com:12345", 2)
        page.on_failed(exc)
        text = page.status.text()
        assert words[key] in text and not EXCEPTION_NAME.search(text), text
    page.begin("t3.example.com:12345", 2)
    # Summaries of checks that still name an exception are reworded on the page.
    page.on_finished(CheckResult("t3.status", Tier.ADVANCED, Status.WARN, 3.0, "no STATUS: TimeoutError"))
    page.on_finished(CheckResult("tls.handshake", Tier.INTERMEDIATE, Status.WARN, 4.0,
                                 "closed by the server (ConnectionResetError)"))
    shown = [page.items[c].text(3) for c in ("t3.status", "tls.handshake")]
    assert words["timeout"] in shown[0] and words["reset"] in shown[1]
    assert not any(EXCEPTION_NAME.search(text) for text in shown), shown
    assert page.items["t3.status"].text(2) == ("3 ms" if language == "en" else "3 毫秒")


def test_a_broken_run_is_worded_plainly_through_the_runner(demo_window: MainWindow) -> None:
    demo_window.run_page.begin("127.0.0.1:1", 1)
    demo_window.runner.failed.emit(ConnectionResetError(104, "Connection reset by peer"))
    text = demo_window.run_page.status.text()
    assert text == "The diagnosis stopped: the connection was reset", text
    demo_window.set_language("zh_CN")
    assert demo_window.run_page.status.text() == "诊断已停止：连接被重置"
