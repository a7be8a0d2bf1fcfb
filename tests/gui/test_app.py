"""The wizard from an empty form to the verdict, cancel, the monitor and the language switch."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from t3gui.gui.main_window import MainWindow
from t3gui.gui.settings import AppSettings

from .conftest import diagnose, run_until


def test_healthy_server_from_empty_form_to_verdict(demo_window: MainWindow, loop) -> None:  # type: ignore[no-untyped-def]
    diagnose(demo_window, loop, "healthy")
    report = demo_window.result_page.report
    assert report is not None and report.verdict.root_cause is None
    assert "Healthy" in demo_window.result_page.banner.text()
    assert len(demo_window.run_page.results) == len(report.checks)


@pytest.mark.parametrize(("scenario", "code", "words"), [
    ("cert-expired", "TLS_CERT_EXPIRED", "certificate has expired"),
    ("clock-skew", "CLOCK_SKEW", "clock"),
    ("bad-signature", "AUTH_BAD_SIGNATURE", "signature"),
    ("udp-blocked", "UDP_BLOCKED", "UDP"),
])
def test_faults_are_named_with_their_fix(demo_window: MainWindow, loop, scenario: str, code: str,  # type: ignore[no-untyped-def]
                                         words: str) -> None:
    diagnose(demo_window, loop, scenario)
    report = demo_window.result_page.report
    assert report is not None and report.verdict.root_cause is not None
    assert report.verdict.root_cause.value == code
    banner = demo_window.result_page.banner.text()
    assert words in banner and "How to fix it" in banner
    assert code in demo_window.result_page.body.toPlainText()


def test_technician_view_and_ticket_summary(demo_window: MainWindow, loop) -> None:  # type: ignore[no-untyped-def]
    diagnose(demo_window, loop, "cert-expired")
    page = demo_window.result_page
    assert "tls.certificate" not in page.body.toPlainText()
    page.technician.setChecked(True)
    assert "tls.certificate" in page.body.toPlainText() and "not_after" in page.body.toPlainText()
    page.copy.click()
    copied = QApplication.clipboard().text()
    assert copied.startswith("t3gui ") and "TLS_CERT_EXPIRED" in copied
    assert "Copied" in page.note.text()


def open_sockets() -> int:
    import os

    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:
            continue
    return count


def test_cancel_stops_everything_at_once(demo_window: MainWindow, loop) -> None:  # type: ignore[no-untyped-def]
    sockets_before = open_sockets()
    demo_window.start_page.scenario.setCurrentText("slow-handshake")
    demo_window.start_page.start.click()
    run_until(loop, lambda: "t3.handshake" in demo_window.run_page.items)
    demo_window.run_page.cancel.click()
    run_until(loop, lambda: demo_window.run_page.back.isVisible())
    assert "Cancelled" in demo_window.run_page.status.text()
    loop.run_until_complete(demo_window.runner.wait())
    assert not demo_window.runner.running
    lab = demo_window.demo_lab
    assert lab is not None

    async def settled() -> list[str]:
        await asyncio.sleep(0.2)
        return [t.get_coro().__qualname__ for t in asyncio.all_tasks()  # type: ignore[union-attr]
                if "Engine" in t.get_coro().__qualname__ or "check" in t.get_coro().__qualname__.lower()]

    assert loop.run_until_complete(settled()) == []
    loop.run_until_complete(lab.stop())  # the demo lab's own listening sockets, not the diagnosis's
    assert open_sockets() <= sockets_before  # no socket of the cancelled run is left behind


def test_live_monitor_plots_and_tabulates(demo_window: MainWindow, loop) -> None:  # type: ignore[no-untyped-def]
    diagnose(demo_window, loop, "healthy")
    demo_window.monitor_page.interval.setCurrentText("0.1 s")
    demo_window.result_page.monitor.click()
    page = demo_window.monitor_page
    run_until(loop, lambda: all(s in page.rings and page.rings[s].count >= 5 for s in ("t3_udp", "tcp_connect")))
    def plotted() -> int:
        x, _ = page.curves["t3_udp"].getData()
        return 0 if x is None else len(x)

    run_until(loop, lambda: plotted() >= 5)
    page.refresh_table()
    rows = {page.table.item(r, 0).text(): int(page.table.item(r, 1).text()) for r in range(page.table.rowCount())}
    assert rows["T3 heartbeat (UDP)"] >= 5 and rows["TCP connect"] >= 5
    if "icmp" not in page.rings:  # no unprivileged ping here: the page says why in its own words
        assert page.notes.text().startswith("No ping: this system does not let ordinary users send ICMP echo")
    page.pause.click()
    paused_at = page.rings["t3_udp"].count
    loop.run_until_complete(asyncio.sleep(0.5))
    assert page.rings["t3_udp"].count <= paused_at + 2  # in flight when paused
    page.mark.click()
    assert len(page.marks) == 1 and "Marked" in page.marks_label.text()
    page.back.click()
    run_until(loop, lambda: page.monitor is None)


def test_language_switches_live(demo_window: MainWindow, loop) -> None:  # type: ignore[no-untyped-def]
    diagnose(demo_window, loop, "cert-expired")
    demo_window.set_language("zh_CN")
    assert "无法登录" in demo_window.result_page.banner.text()
    assert demo_window.result_page.copy.text().startswith("复制")
    assert demo_window.start_page.heading.text() == "您无法登录哪台 T3 服务器？"
    assert demo_window.windowTitle().startswith("t3gui — T3 登录")
    assert "[严重] TLS_CERT_EXPIRED" in demo_window.result_page.body.toPlainText()
    demo_window.result_page.technician.setChecked(True)
    assert "高级" in demo_window.result_page.body.toPlainText()  # the checks table names each tier
    assert demo_window.monitor_page.loss_plot.getAxis("bottom").labelText == "监控开始后的秒数"
    demo_window.set_language("en")
    assert "Login fails" in demo_window.result_page.banner.text()
    assert "[critical] TLS_CERT_EXPIRED" in demo_window.result_page.body.toPlainText()


@pytest.fixture
def start_page(qtbot, settings: AppSettings):  # type: ignore[no-untyped-def]
    from t3gui.gui.start_page import StartPage
    from t3gui.gui.strings import Translator

    page = StartPage(Translator("en"), settings)
    qtbot.addWidget(page)
    page.show()
    return page


@pytest.mark.parametrize(("field", "text", "reason"), [
    ("target", "bad_host!.example", "not a valid host name"),
    ("target", "t3.example:70000", "outside 1-65535"),
    ("target", "[2001:db8::1", "never closes"),
    ("token", "not-a-token", "not a login token"),
    ("ca_file", "/nonexistent/ca.pem", "does not exist"),
    ("ca_file", "/etc/hostname", "is not a PEM file"),
])
def test_invalid_input_is_refused_with_its_reason(start_page, qtbot, field: str, text: str,  # type: ignore[no-untyped-def]
                                                  reason: str) -> None:
    start_page.target.edit.setText("t3.example.com")
    widget = getattr(start_page, field)
    widget.edit.setText(text)
    assert not start_page.start.isEnabled()
    assert reason in widget.message.text() and widget.message.isVisibleTo(start_page)


def test_valid_form_builds_options_and_remembers_the_target(start_page, settings: AppSettings,  # type: ignore[no-untyped-def]
                                                            pki: dict[str, Path], token) -> None:
    emitted = []
    start_page.startRequested.connect(emitted.append)
    secret = token()
    start_page.target.edit.setText("[2001:db8::7]:4443")
    start_page.token.edit.setText(secret)
    start_page.ca_file.edit.setText(str(pki["root-ca.pem"]))
    assert "token for alice" in start_page.token.message.text()
    start_page.start.click()
    options = emitted[0]
    assert (options.target.host, options.target.port) == ("2001:db8::7", 4443)
    assert options.token.reveal() == secret and options.ca_file == pki["root-ca.pem"]
    settings.sync()
    stored = Path(settings.qs.fileName()).read_text()
    assert "[2001:db8::7]:4443" in stored and secret not in stored and secret.split(".")[2] not in stored


def test_keyboard_and_accessible_names(demo_window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    for page in (demo_window.start_page, demo_window.run_page, demo_window.result_page, demo_window.monitor_page):
        widgets = [w for kind in (QAbstractButton, QComboBox, QLineEdit) for w in page.findChildren(kind)]
        for widget in widgets:
            if widget.objectName().startswith("qt_"):
                continue  # Qt's own internals, such as a table's corner button
            assert widget.accessibleName(), f"{type(widget).__name__} on {type(page).__name__} has no name"
            assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def test_every_check_has_a_title_in_both_languages() -> None:
    from t3gui.checks.registry import CHECKS
    from t3gui.gui.strings import STRINGS

    for check in CHECKS:
        entry = STRINGS[f"check.{check.id}"]
        assert entry["en"] and entry["zh_CN"], check.id


def test_every_gui_string_exists_in_both_languages() -> None:
    from t3gui.gui.strings import STRINGS

    for key, entry in STRINGS.items():
        assert set(entry) == {"en", "zh_CN"} and all(entry.values()), key


def test_thresholds_are_kept_in_the_settings_and_used(demo_window: MainWindow, settings: AppSettings) -> None:
    dialog = demo_window.edit_thresholds()
    dialog.boxes["latency_warn_ms"].setValue(80)
    dialog.accept()
    assert settings.thresholds.latency_warn_ms == 80
    assert demo_window.start_page.options().thresholds.latency_warn_ms == 80
    settings.qs.setValue("thresholds", "{damaged")
    assert settings.thresholds.latency_warn_ms == 150  # damaged settings fall back to the defaults


def test_the_app_plays_a_named_demo_scenario_to_its_verdict(tmp_path: Path) -> None:
    """`t3gui --demo --scenario NAME`, the whole app in its own process, as a user starts it."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "T3GUI_QUIT_WHEN": "verdict",
           **{name: str(tmp_path / name) for name in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}}
    result = subprocess.run([sys.executable, "-m", "t3gui", "--demo", "--scenario", "cert-expired"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "verdict failed TLS_CERT_EXPIRED" in result.stdout.splitlines()
    assert "window shown" in (tmp_path / "XDG_STATE_HOME" / "t3gui" / "log" / "t3gui.log").read_text()
