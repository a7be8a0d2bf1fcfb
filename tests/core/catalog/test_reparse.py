"""English summaries read back (from JSON, from plain reasons) and said again in Chinese; durations in units
of the reader's language, while the English text and the JSON stay as they were."""

from __future__ import annotations

import json

import pytest

from t3gui.checks.t3_check import duration_text
from t3gui.core.catalog import fields, localize_text, render
from t3gui.core.catalog.reparse import parse
from t3gui.core.catalog.summaries import SUMMARIES
from t3gui.core.codes import Code
from t3gui.core.say import localize, say


@pytest.mark.parametrize("key", sorted(SUMMARIES))
def test_every_summary_is_found_again_from_its_english_text(key: str) -> None:
    duration = key.startswith("duration.")
    args = {name: str(i + 1) if duration else f"v{i}" for i, name in enumerate(sorted(fields(SUMMARIES[key]["en"])))}
    assert parse(SUMMARIES[key]["en"].format(**args), durations=duration) == (key, args)


@pytest.mark.parametrize(("seconds", "en", "zh"), [
    (7199.6, "2 h 0 min", "2 小时 0 分钟"), (-3599.9, "1 h 0 min", "1 小时 0 分钟"),
    (119.6, "2 min 0 s", "2 分钟 0 秒"), (0.26, "0.3 s", "0.3 秒"), (90000, "1.0 d", "1.0 天"),
])
def test_durations_read_in_the_language_shown_and_stay_english_in_json(seconds: float, en: str, zh: str) -> None:
    text = duration_text(seconds)
    assert text == en and json.dumps({"offset_text": text}) == json.dumps({"offset_text": en})
    assert localize(text, "zh_CN") == zh and localize(text, "en") == en
    assert localize_text(en, "zh_CN") == zh  # read back from JSON as plain text


def test_a_clock_skew_reads_in_chinese_units_live_and_from_a_bundle() -> None:
    live = say("clock.offset", offset=duration_text(7200.4), direction="ahead of")
    assert live == "this clock is 2 h 0 min ahead of the server's"
    assert localize(live, "zh_CN") == "本机时钟比服务器快 2 小时 0 分钟"
    # Two arguments side by side: the split whose parts the catalog knows ("2 h 0 min", "ahead of").
    assert localize(str(live), "zh_CN") == "本机时钟比服务器快 2 小时 0 分钟"
    evidence = {"offset_s": 7200.4, "offset_text": duration_text(7200.4), "direction": "ahead of"}
    assert render(Code.CLOCK_SKEW, evidence, "zh_CN").summary == "本机时钟比服务器快 2 小时 0 分钟。"
    from_json = json.loads(json.dumps(evidence))
    assert render(Code.CLOCK_SKEW, from_json, "zh_CN").summary == "本机时钟比服务器快 2 小时 0 分钟。"
    english = render(Code.CLOCK_SKEW, from_json, "en").summary
    assert english == "This computer's clock is 2 h 0 min ahead of the server's."


@pytest.mark.parametrize(("english", "chinese"), [
    ("no T3 session to authenticate on", "没有可用于登录的 T3 会话"),
    ("port 443 open on 192.0.2.7 (5.6 ms)", "端口 443 在 192.0.2.7 上开放（5.6 毫秒）"),
    ("not run: the intermediate tier was not asked for", "未运行：未要求中级层级"),
    ("TLSv1.3, but the certificate is not accepted (Hostname mismatch, certificate is not valid for 'a.example'.); "
     "see tls.certificate", "TLSv1.3，但证书未被接受（主机名不匹配，证书对“a.example”无效）；见 tls.certificate"),
    ("AUTH_FAIL REVOKED: user 'alice' has been revoked",
     "AUTH_FAIL REVOKED，服务器的说明：“user 'alice' has been revoked”"),
])
def test_plain_english_summaries_are_said_again_in_chinese(english: str, chinese: str) -> None:
    assert localize(english, "zh_CN") == chinese
    assert localize(english, "en") == english


def test_what_no_template_says_is_left_as_it_is() -> None:
    for text in ("plain text", "", "3 s and more", "本机时钟"):
        assert localize(text, "zh_CN") == text


def test_evidence_phrases_and_joined_lists_are_translated_only_whole() -> None:
    weak = render(Code.TLS_WEAK, {"weakness": "an RSA key of 1024 bits, a SHA1 signature"}, "zh_CN")
    assert weak.summary == "服务器的 TLS 较弱：1024 位 RSA 密钥、SHA1 签名。"
    partly = render(Code.TLS_WEAK, {"weakness": "an RSA key of 1024 bits, something new"}, "zh_CN")
    assert "an RSA key of 1024 bits, something new" in partly.summary  # never half translated
    malformed = render(Code.AUTH_TOKEN_MALFORMED, {"detail": "TOKEN_MALFORMED: the token has no 'exp' claim"},
                       "zh_CN")
    assert "TOKEN_MALFORMED：令牌没有 'exp' 声明" in malformed.summary
