"""The reports' words and the checks' titles, in every language."""

from __future__ import annotations

from t3gui.core.i18n import check_title, tr


def test_report_words_in_every_language() -> None:
    assert tr("verdict") == "Verdict" and tr("verdict", "zh_CN") == "结论"
    assert tr("inconclusive.more", "zh_CN", count=2) == "（另有 2 项检查因此无法运行。）"
    assert tr("verdict", "fr") == "Verdict"  # a language t3gui does not speak reads English


def test_check_titles_in_every_language() -> None:
    assert check_title("tls.certificate") == "Server certificate"
    assert check_title("tls.certificate", "zh_CN") == "服务器证书"
    assert check_title("future.check", "zh_CN") == "future.check"  # from a bundle of another version: as it is
