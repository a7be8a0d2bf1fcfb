"""Compare: did the fix work? One line at the top in both languages, then the verdicts, the checks
whose status changed, the findings that went or came, and latency and loss side by side, from
bundles made by real diagnoses."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from t3gui.core.bundle.reader import open_bundle
from t3gui.gui.bundle_diff import Trend
from t3gui.gui.compare_dialog import TINTS, CompareDialog
from t3gui.gui.main_window import MainWindow
from tests.core.bundle.hostile_corpus import HOSTILE_TEXT, remanifested

from .real_bundles import cli_bundle, inconclusive_bundle


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bundles")
    out = {name: cli_bundle(folder, name) for name in ("cert-expired", "healthy", "udp-blocked", "high-latency")}
    out["cert-expired-again"] = cli_bundle(folder, "cert-expired", "--lang", "zh_CN")
    out["inconclusive"] = inconclusive_bundle(folder)
    return out


def compared(window: MainWindow, loop: asyncio.AbstractEventLoop, before: Path, after: Path) -> CompareDialog:
    dialog = loop.run_until_complete(window.compare_bundles(before, after))
    assert dialog is not None and dialog.isVisible() and window.bundle_message is None
    return dialog


def tinted(html: str, text: str, trend: Trend) -> bool:
    """Whether a table cell holding ``text`` carries the tint of ``trend`` (Qt rewrites the markup)."""
    cells = re.findall(r"<td[^>]*>(?:(?!</td>).)*</td>", html, re.S)
    return any(text in cell and TINTS[trend].lower() in cell.lower() for cell in cells)


@pytest.mark.parametrize(("language", "line"), [
    ("en", "Fixed: TLS_CERT_EXPIRED is gone; the verdict went from failed to healthy."),
    ("zh_CN", "已修复：TLS_CERT_EXPIRED 已消失；结论从“无法登录”变为“正常”。")])
def test_certificate_renewed_is_fixed(window: MainWindow, loop, made: dict[str, Path], language: str,  # type: ignore[no-untyped-def]
                                      line: str) -> None:
    window.set_language(language)
    dialog = compared(window, loop, made["cert-expired"], made["healthy"])
    assert dialog.answer.text() == line
    assert dialog.windowTitle() == ("Did the fix work?" if language == "en" else "修复有效吗？")
    html, text = dialog.diff.toHtml(), dialog.diff.toPlainText()
    passed = "passed" if language == "en" else "通过"
    assert tinted(html, passed, Trend.BETTER)  # tls.certificate: failed → passed, highlighted
    assert "tls.certificate" in text and "TLS_CERT_EXPIRED" in text
    assert tinted(html, "Gone" if language == "en" else "已消失", Trend.BETTER)
    assert not tinted(html, "", Trend.WORSE)  # nothing got worse
    assert "different servers" not in text  # both bundles are of 127.0.0.1
    connect = next(s for s in dialog.comparison.series if s.series == "tcp_connect")
    assert connect.before is not None and connect.before.sent == 1  # one connect a run: no trend from that
    assert all(connect.trend(f) is Trend.SAME for f in ("median_ms", "p95_ms", "loss_pct"))
    full = [view.toPlainText() for view in dialog.full]
    assert "TLS_CERT_EXPIRED" in full[0] and "TLS_CERT_EXPIRED" not in full[1]
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_udp_unblocked_shows_loss_and_latency_side_by_side(window: MainWindow, loop,  # type: ignore[no-untyped-def]
                                                           made: dict[str, Path]) -> None:
    dialog = compared(window, loop, made["udp-blocked"], made["healthy"])
    assert dialog.answer.text() == "Fixed: UDP_BLOCKED is gone; the verdict went from degraded to healthy."
    row = dialog.comparison.series[[s.series for s in dialog.comparison.series].index("t3_udp")]
    before, after = open_bundle(made["udp-blocked"].read_bytes()), open_bundle(made["healthy"].read_bytes())
    assert row.before is not None and row.after is not None
    assert row.before.sent == len(before.samples["t3_udp"][0]) and row.before.loss_pct == 100.0
    assert row.after.sent == len(after.samples["t3_udp"][0]) and row.after.loss_pct == 0.0
    assert row.before.median_ms is None and row.after.median_ms is not None
    assert row.trend("loss_pct") is Trend.BETTER
    assert tinted(dialog.diff.toHtml(), "0.0", Trend.BETTER)  # the loss after, highlighted


def test_latency_fixed_is_measured_not_just_said(window: MainWindow, loop, made: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    dialog = compared(window, loop, made["high-latency"], made["healthy"])
    assert dialog.answer.text() == "Fixed: HIGH_LATENCY is gone; the verdict went from degraded to healthy."
    row = next(s for s in dialog.comparison.series if s.series == "t3_udp")
    assert row.before is not None and row.after is not None and row.before.median_ms is not None
    assert row.before.median_ms > 250 and row.after.median_ms is not None and row.after.median_ms < 50
    assert row.trend("median_ms") is Trend.BETTER and row.trend("p95_ms") is Trend.BETTER
    assert tinted(dialog.diff.toHtml(), f"{row.after.median_ms:.2f}", Trend.BETTER)


def test_not_fixed_and_worse(window: MainWindow, loop, made: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    same = compared(window, loop, made["cert-expired"], made["cert-expired-again"])
    assert same.answer.text() == "Not fixed: TLS_CERT_EXPIRED is still there; the verdict is still failed."
    assert "No check changed its status." in same.diff.toPlainText()
    worse = compared(window, loop, made["healthy"], made["cert-expired"])
    assert worse.answer.text() == "Worse: the verdict went from healthy to failed; the cause now is TLS_CERT_EXPIRED."
    html = worse.diff.toHtml()
    assert tinted(html, "New", Trend.WORSE) and tinted(html, "failed", Trend.WORSE)
    assert "wrong way round" in worse.diff.toPlainText()  # the "after" bundle was made first


@pytest.mark.parametrize(("language", "words"), [("en", "Cannot tell yet: the run after the fix could not check Login"),
                                                 ("zh_CN", "尚无法判断：修复后的诊断未能检查登录")])
def test_an_inconclusive_run_after_the_fix_is_never_fixed(window: MainWindow, loop, made: dict[str, Path],  # type: ignore[no-untyped-def]
                                                          language: str, words: str) -> None:
    window.set_language(language)
    dialog = compared(window, loop, made["cert-expired"], made["inconclusive"])
    assert dialog.answer.text().startswith(words)
    assert "Fixed" not in dialog.answer.text() and "已修复" not in dialog.answer.text()


def test_a_hostile_target_is_escaped(window: MainWindow, loop, made: dict[str, Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.core.bundle.hostile_corpus import members_of

    doc = json.loads(dict(members_of(made["healthy"].read_bytes()))["report.json"])
    doc["target"]["host"] = "evil.example"
    doc["checks"][0]["summary"] = HOSTILE_TEXT
    evil = tmp_path / "evil.zip"
    evil.write_bytes(remanifested(made["healthy"].read_bytes(), {"report.json": json.dumps(doc).encode()}))
    dialog = compared(window, loop, made["cert-expired"], evil)
    text = dialog.diff.toPlainText()
    assert "different servers (127.0.0.1 and evil.example)" in text
    assert "<b>bold" not in dialog.diff.toHtml() and "\x1b" not in "".join(v.toPlainText() for v in dialog.full)


@pytest.mark.parametrize(("language", "titles"), [("en", ["Bundle before the fix", "Bundle after the fix"]),
                                                  ("zh_CN", ["修复前的诊断包", "修复后的诊断包"])])
def test_file_pickers_say_which_bundle_they_want(window: MainWindow, loop, made: dict[str, Path],  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch, language: str,
                                                 titles: list[str]) -> None:
    """File → Compare: the two pickers are titled by what they ask for and offer bundles only; the
    picked files are what the comparison shows. (The native picker itself cannot run offscreen.)"""
    from PySide6.QtWidgets import QFileDialog

    from .conftest import run_until

    asked: list[tuple[str, str]] = []
    answers = iter([str(made["cert-expired"]), str(made["healthy"])])

    def pick(parent: object, title: str, folder: str, filter: str) -> tuple[str, str]:
        asked.append((title, filter))
        return next(answers), filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    window.set_language(language)
    window.compare_action.trigger()
    run_until(loop, lambda: window.bundles.compare_dialog is not None)
    assert [title for title, _ in asked] == titles
    assert all(f.endswith("(*.zip *.age)") and ";;" not in f for _, f in asked)
    dialog = window.bundles.compare_dialog
    assert dialog is not None and dialog.names == ("cert-expired.zip", "healthy.zip")
    assert "TLS_CERT_EXPIRED" in dialog.answer.text()
