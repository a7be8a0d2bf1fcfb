"""The start page as a new user meets it: pasted URLs, a token or its file, hints that stay put, Enter,
and in the demo the address the scenario's server really listens on."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from t3gui.core.thresholds import Thresholds
from t3gui.gui.main_window import MainWindow
from t3gui.gui.settings import AppSettings
from t3gui.gui.start_page import StartPage
from t3gui.gui.strings import Translator

from .conftest import diagnose, run_until


def make_page(qtbot, settings: AppSettings, language: str = "en") -> StartPage:  # type: ignore[no-untyped-def]
    page = StartPage(Translator(language), settings)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot, settings: AppSettings) -> StartPage:  # type: ignore[no-untyped-def]
    return make_page(qtbot, settings)


def field_rects(page: StartPage) -> dict[str, QRect]:
    """Where each input and button is, in page coordinates: what a click aims at."""
    out: dict[str, QRect] = {}
    for name in ("target", "token", "ca_file", "client_cert", "client_key"):
        field = getattr(page, name)
        out[name] = QRect(field.edit.mapTo(page, field.edit.rect().topLeft()), field.edit.size())
        if field.browse is not None:
            out[f"{name}.browse"] = QRect(field.browse.mapTo(page, field.browse.rect().topLeft()), field.browse.size())
    for name in ("tier", "start"):
        widget = getattr(page, name)
        out[name] = QRect(widget.mapTo(page, widget.rect().topLeft()), widget.size())
    return out


def test_hints_appearing_never_move_the_rows_below(page: StartPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(10)
    before = field_rects(page)
    assert not page.token.message.text() and not page.ca_file.message.text()
    # Every field at once says something, some of it long enough to wrap if it were allowed to.
    page.target.edit.setText("bad_host!.example")
    page.token.edit.setText("/nonexistent/" + "very-long-folder-name/" * 12 + "t3.jwt")
    page.ca_file.edit.setText("/nonexistent/ca.pem")
    page.client_cert.edit.setText("/etc/hostname")
    page.client_key.edit.setText("/nonexistent/key.pem")
    qtbot.wait(10)
    for field in (page.target, page.token, page.ca_file, page.client_cert, page.client_key):
        assert field.message.text() and field.message.isVisibleTo(page), field.edit.accessibleName()
    assert field_rects(page) == before
    page.token.edit.clear()
    page.target.edit.setText("t3.example.com")
    qtbot.wait(10)
    assert field_rects(page) == before


def test_a_long_hint_is_cut_on_screen_but_kept_whole(page: StartPage) -> None:
    page.token.edit.setText("/nonexistent/" + "x" * 400 + ".jwt")
    message = page.token.message
    assert message.text().endswith("does not exist")  # all of it for screen readers and the tooltip
    assert message.height() < 2 * message.fontMetrics().height()  # one line, whatever the length
    assert message.toolTip() == message.text()


@pytest.mark.parametrize(("pasted", "shown"), [
    ("https://t3.example.com", "t3.example.com:12345"),
    ("t3://t3.example.com:4433/path", "t3.example.com:4433"),
    ("  t3.example.com:4433/ \n", "t3.example.com:4433"),
    ("[2001:db8::1]:12345", "[2001:db8::1]:12345"),
])
def test_pasted_urls_are_taken_and_the_address_is_shown(page: StartPage, pasted: str, shown: str) -> None:
    page.target.edit.setText(pasted)
    assert page.target.ok and page.target.message.text() == shown
    assert page.start.isEnabled()
    assert page.options().target.display() == shown


def test_a_target_error_is_one_sentence_in_chinese_too(qtbot, settings: AppSettings) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, settings, "zh_CN")
    page.target.edit.setText("https://t3.example.com:https/")
    assert not page.start.isEnabled()
    assert page.target.message.text() == "端口 'https' 不是数字"


def test_a_token_file_path_is_read_and_said_so(page: StartPage, tmp_path: Path, token: Callable[..., str]) -> None:
    secret = token(sub="alice")
    path = tmp_path / "alice.jwt"
    path.write_text(secret + "\n")
    page.target.edit.setText("t3.example.com")
    page.token.edit.setText(str(path))
    assert page.token.ok and page.start.isEnabled()
    assert page.token.message.text() == "token for alice, read from alice.jwt"
    # A path is shown as typed (a hidden path cannot be checked by eye); the token never is.
    assert page.token.edit.echoMode() == QLineEdit.EchoMode.Normal
    options = page.options()
    assert options.token is not None and options.token.reveal() == secret
    shown = [page.token.message.text(), page.token.message.toolTip(), page.token.edit.toolTip()]
    assert not any(secret in text or secret.split(".")[2] in text for text in shown)


def test_a_pasted_token_is_hidden_and_said_so(page: StartPage, token: Callable[..., str]) -> None:
    secret = token(sub="bob")
    page.token.edit.setText(f"  Bearer {secret} ")
    assert page.token.ok
    assert page.token.message.text() == "pasted token for bob"
    assert page.token.edit.echoMode() == QLineEdit.EchoMode.Password
    page.target.edit.setText("t3.example.com")
    options = page.options()
    assert options.token is not None and options.token.reveal() == secret


def test_a_profile_token_file_goes_through_the_same_field(page: StartPage, tmp_path: Path,
                                                         token: Callable[..., str]) -> None:
    from t3gui.core.profile import load_profile

    (tmp_path / "t.jwt").write_text(token(sub="carol"))
    (tmp_path / "p.toml").write_text('[target]\nhost = "t3.example.com"\n[auth]\ntoken_file = "t.jwt"\n')
    page.apply_profile(load_profile(tmp_path / "p.toml"))
    assert page.token.message.text() == "token for carol, read from t.jwt"


@pytest.mark.parametrize(("typed", "words"), [
    ("~/no-such-folder/t3.jwt", "does not exist"),
    ("t3.jwt", "not a login token (a token has 3 parts separated by dots, this has 2), and no file"),
    ("eyJhbGciOiJub25lIn0.e30", "this has 2"),
    ("eyJ.eyJ.sig", "not a login token: a part is not base64url-encoded JSON"),
])
def test_what_the_token_field_refuses_and_why(page: StartPage, typed: str, words: str) -> None:
    page.target.edit.setText("t3.example.com")
    page.token.edit.setText(typed)
    assert not page.token.ok and not page.start.isEnabled()
    assert words in page.token.message.text()


def test_token_files_that_hold_no_token(page: StartPage, tmp_path: Path) -> None:
    page.token.edit.setText(str(tmp_path))
    assert page.token.message.text() == f"{tmp_path.name} is a folder; choose the file that holds the token"
    (tmp_path / "notes.txt").write_text("ask Bob for the token\n")
    page.token.edit.setText(str(tmp_path / "notes.txt"))
    assert page.token.message.text().startswith("notes.txt does not hold a login token: ")
    (tmp_path / "big.jwt").write_bytes(b"a" * 70_000)
    page.token.edit.setText(str(tmp_path / "big.jwt"))
    assert page.token.message.text() == "big.jwt is too large to hold a login token"
    (tmp_path / "bin.jwt").write_bytes(b"\xff\xfe\x00garbage")
    page.token.edit.setText(str(tmp_path / "bin.jwt"))
    assert page.token.message.text() == "bin.jwt does not hold a login token: it is not text"
    assert page.token.token() is None


def test_token_hints_in_chinese(qtbot, settings: AppSettings, tmp_path: Path,  # type: ignore[no-untyped-def]
                                token: Callable[..., str]) -> None:
    page = make_page(qtbot, settings, "zh_CN")
    (tmp_path / "a.jwt").write_text(token(sub="alice"))
    page.token.edit.setText(str(tmp_path / "a.jwt"))
    assert page.token.message.text() == "alice 的令牌，读取自 a.jwt"
    page.token.edit.setText("t3.jwt")
    assert page.token.message.text() == ("不是登录令牌（令牌由 3 个以点分隔的部分组成，这里有 2 个），"
                                         "也没有这个名称的文件")


def test_enter_starts_from_any_field(page: StartPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    emitted: list[object] = []
    page.startRequested.connect(emitted.append)
    QTest.keyClick(page.target.edit, Qt.Key.Key_Return)
    assert emitted == []  # no target yet: Enter does what the disabled button would, nothing
    page.target.edit.setText("https://t3.example.com:4433/")
    for widget in (page.target.edit, page.ca_file.edit, page.tier):
        QTest.keyClick(widget, Qt.Key.Key_Return)
    QTest.keyClick(page.token.edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert len(emitted) == 4
    assert all(o.target.display() == "t3.example.com:4433" for o in emitted)  # type: ignore[attr-defined]


def test_the_demo_shows_the_port_its_server_really_listens_on(demo_window: MainWindow, loop) -> None:  # type: ignore[no-untyped-def]
    page, lab = demo_window.start_page, demo_window.demo_lab
    assert lab is not None
    run_until(loop, lambda: lab.target is not None and page.demo_target == lab.target)
    shown = page.target.edit.text()
    assert shown == f"127.0.0.1:{lab.target.port}"  # type: ignore[union-attr]
    assert page.target.message.text() == "the demo server of this scenario listens here"
    with socket.create_connection(("127.0.0.1", lab.target.port), timeout=2):  # type: ignore[union-attr]
        pass  # something real listens there
    # Another scenario: another server, on its own port, shown before Start and diagnosed after it.
    page.scenario.setCurrentText("cert-expired")
    assert page.target.message.text() == "starting the demo server for this scenario…"
    run_until(loop, lambda: lab.playing == "cert-expired" and page.demo_target == lab.target)
    shown = page.target.edit.text()
    diagnose(demo_window, loop, "cert-expired")
    report = demo_window.result_page.report
    assert report is not None and report.target.display() == shown
    assert demo_window.run_page.heading.text() == f"Diagnosing {shown}"


@pytest.mark.parametrize("scenario", ["high-latency", "port-filtered"])
def test_the_new_demo_scenarios_play_in_the_app(demo_window: MainWindow, loop, scenario: str) -> None:  # type: ignore[no-untyped-def]
    codes = {"high-latency": "HIGH_LATENCY", "port-filtered": "TCP_FILTERED"}
    assert scenario in [demo_window.start_page.scenario.itemText(i)
                        for i in range(demo_window.start_page.scenario.count())]
    diagnose(demo_window, loop, scenario)
    report = demo_window.result_page.report
    assert report is not None and report.verdict.root_cause is not None
    assert report.verdict.root_cause.value == codes[scenario]


def test_thresholds_dialog_says_defaults_and_closes(demo_window: MainWindow, settings: AppSettings,
                                                    loop: asyncio.AbstractEventLoop) -> None:
    dialog = demo_window.edit_thresholds()
    texts = [b.text() for b in (dialog.reset, dialog.save, dialog.close_button)]
    assert texts == ["&Defaults", "&Save", "&Close"] and "Contract" not in " ".join(texts)
    dialog.boxes["latency_warn_ms"].setValue(80)
    dialog.close_button.click()
    assert not dialog.isVisible() and settings.thresholds.latency_warn_ms == Thresholds().latency_warn_ms
    dialog = demo_window.edit_thresholds()
    dialog.boxes["latency_warn_ms"].setValue(80)
    dialog.reset.click()
    assert dialog.boxes["latency_warn_ms"].value() == Thresholds().latency_warn_ms
    dialog.boxes["latency_warn_ms"].setValue(90)
    dialog.save.click()
    assert settings.thresholds.latency_warn_ms == 90
    demo_window.set_language("zh_CN")
    dialog = demo_window.edit_thresholds()
    texts = [b.text() for b in (dialog.reset, dialog.save, dialog.close_button)]
    assert texts == ["默认值(&D)", "保存(&S)", "关闭(&C)"]
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_renewed_token_file_is_read_again_at_start(page: StartPage, tmp_path: Path,
                                                     token: Callable[..., str]) -> None:
    emitted: list[object] = []
    page.startRequested.connect(emitted.append)
    path = tmp_path / "t3.jwt"
    path.write_text(token(sub="alice", lifetime_s=-60))
    page.target.edit.setText("t3.example.com")
    page.token.edit.setText(str(path))
    renewed = token(sub="alice")
    path.write_text(renewed)  # the user renewed it after typing its path
    page.start.click()
    assert emitted and emitted[0].token.reveal() == renewed  # type: ignore[attr-defined]
