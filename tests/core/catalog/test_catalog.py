import pytest

from t3gui.core.catalog import CATALOGS, LANGUAGES, fields, render
from t3gui.core.codes import Code

CONTRACT_CODES = {
    "NO_NETWORK", "PROXY_CONFIGURED", "VPN_ACTIVE", "DNS_NXDOMAIN", "DNS_NO_ADDRESS", "DNS_TIMEOUT", "DNS_SERVFAIL",
    "DNS_MISMATCH", "HOST_UNREACHABLE", "TCP_REFUSED", "TCP_FILTERED", "UDP_BLOCKED", "ICMP_BLOCKED",
    "HIGH_LATENCY", "HIGH_LOSS", "HIGH_JITTER", "MTU_BLACKHOLE", "ROUTE_LOOP", "TLS_NOT_TLS",
    "TLS_HANDSHAKE_FAILED", "TLS_CERT_EXPIRED", "TLS_CERT_NOT_YET_VALID", "TLS_CERT_EXPIRING_SOON",
    "TLS_HOSTNAME_MISMATCH", "TLS_UNTRUSTED_ROOT", "TLS_INCOMPLETE_CHAIN", "TLS_CERT_REVOKED", "TLS_INTERCEPTED",
    "TLS_CLIENT_CERT_REQUIRED", "TLS_CLIENT_CERT_REJECTED", "TLS_WEAK", "TLS_REVOCATION_UNKNOWN",
    "CLOCK_SKEW", "T3_NOT_T3", "T3_PLAINTEXT",
    "T3_VERSION_UNSUPPORTED", "T3_BAD_FRAME", "T3_NO_RESPONSE",
    "T3_CONNECTION_CLOSED", "AUTH_TOKEN_MISSING", "AUTH_TOKEN_MALFORMED",
    "AUTH_TOKEN_EXPIRED", "AUTH_TOKEN_NOT_YET_VALID", "AUTH_BAD_SIGNATURE", "AUTH_BAD_AUDIENCE", "AUTH_BAD_ISSUER",
    "AUTH_UNKNOWN_USER", "AUTH_REVOKED", "SERVER_BUSY", "SERVER_OVERLOADED", "SERVER_SLOW",
}


def test_codes_are_exactly_the_contract() -> None:
    assert {c.value for c in Code} == CONTRACT_CODES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_has_every_text(language: str) -> None:
    for code in Code:
        entry = CATALOGS[language][code]
        for text in (entry.title, entry.summary, entry.verdict, entry.customer, entry.technician, entry.fix):
            assert text.strip(), (language, code)


def test_both_languages_quote_the_same_evidence() -> None:
    for code in Code:
        en, zh = CATALOGS["en"][code], CATALOGS["zh_CN"][code]
        assert fields(en.summary) == fields(zh.summary), code
        assert fields(en.verdict) == fields(zh.verdict), code
        assert set(en.per_os) == set(zh.per_os), code


def test_chinese_texts_are_chinese() -> None:
    for code in Code:
        zh = CATALOGS["zh_CN"][code]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh.title + zh.summary), code


def test_render_quotes_evidence_and_picks_the_os_fix() -> None:
    rendered = render(Code.TLS_CERT_EXPIRED, {"days_ago": 3, "not_after_date": "2026-11-19"}, "en", "linux")
    assert rendered.summary == "The server certificate expired 3 days ago, on 2026-11-19."
    win = render(Code.CLOCK_SKEW, {"offset_text": "2 h 0 min", "direction": "behind"}, "zh_CN", "win32")
    # A duration quoted as English text (a report read back from JSON) reads in the reader's units.
    assert win.summary == "本机时钟比服务器慢 2 小时 0 分钟。" and "自动设置时间" in win.remediation
    mac = render(Code.CLOCK_SKEW, {}, "en", "darwin")
    assert "System Settings" in mac.remediation and "?" in mac.summary  # missing evidence shows as '?'


def test_every_summary_in_both_languages_with_the_same_fields() -> None:
    from t3gui.core.catalog.summaries import SUMMARIES

    for key, texts in SUMMARIES.items():
        assert set(texts) == {"en", "zh_CN"}, key
        assert fields(texts["en"]) == fields(texts["zh_CN"]), key


def test_summaries_read_as_english_and_render_in_chinese() -> None:
    from t3gui.core.say import localize, say

    said = say("hb.ok", received=19, sent=20)
    assert said == "19/20 UDP heartbeats answered"  # an ordinary English string to logs and tests
    assert localize(said, "zh_CN") == "20 个 UDP 心跳中 19 个有应答"
    assert localize("plain text", "zh_CN") == "plain text"


def test_variants_exist_in_both_languages_with_the_same_evidence() -> None:
    from t3gui.core.catalog import VARIANTS

    assert set(VARIANTS["en"]) == set(VARIANTS["zh_CN"])
    for key, en in VARIANTS["en"].items():
        zh = VARIANTS["zh_CN"][key]
        for a, b in ((en.summary, zh.summary), (en.verdict, zh.verdict), (en.technician, zh.technician)):
            assert fields(a) == fields(b), key
        assert set(en.per_os) == set(zh.per_os), key
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh.title + zh.verdict), key


def test_a_variant_is_picked_by_the_evidence_and_an_unknown_one_falls_back() -> None:
    evidence = {"offset_text": "2 h 0 min", "server_direction": "behind", "variant": "server-clock"}
    assert render(Code.CLOCK_SKEW, evidence, "en").verdict.startswith("Login fails because the server's clock")
    assert render(Code.CLOCK_SKEW, {**evidence, "variant": "nonsense"}, "en").title == "The clock is wrong"


@pytest.mark.parametrize(("code", "platform", "words"), [
    (Code.PROXY_CONFIGURED, "win32", "Network & internet"), (Code.PROXY_CONFIGURED, "darwin", "Bypass proxy"),
    (Code.PROXY_CONFIGURED, "linux", "NO_PROXY"), (Code.TLS_UNTRUSTED_ROOT, "win32", "certmgr.msc"),
    (Code.TLS_UNTRUSTED_ROOT, "darwin", "Keychain Access"),
    (Code.TLS_UNTRUSTED_ROOT, "linux", "update-ca-certificates"),
])
def test_fixes_with_os_steps_have_them_for_every_os(code: Code, platform: str, words: str) -> None:
    assert words in render(code, {}, "en", platform).remediation
