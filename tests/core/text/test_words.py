"""t3gui.core.text.words: a sentence by key, English in ``str(exc)``, the user's language in ``text``."""

from __future__ import annotations

from pathlib import Path

import pytest

from t3gui.core.bundle.reader import BundleError, load_json, read_file
from t3gui.core.bundle.seal import SealError, read_identity_file, unseal
from t3gui.core.profile import ProfileError, load_profile
from t3gui.core.profile_options import OptionsError, resolve_addresses
from t3gui.core.text.words import Foreign, KeyedError, Words
from tests.helpers.english import english_runs


def test_a_keyed_error_is_english_to_str_and_the_users_language_to_text() -> None:
    exc = BundleError("refused.members.too_many", count=5000, most=10)
    assert str(exc) == "the bundle has 5000 members; a t3gui bundle has at most 10"
    assert exc.text("zh_CN") == "诊断包中有 5000 个成员；t3gui 诊断包最多只有 10 个"
    assert exc.text("fr") == str(exc) and exc.key == "refused.members.too_many"
    assert isinstance(exc, ValueError) and isinstance(exc, KeyedError)


def test_an_unknown_key_is_a_bug() -> None:
    with pytest.raises(KeyError):
        Words("refused.no-such-sentence")


def test_a_refusal_inside_a_refusal_is_said_in_the_same_language() -> None:
    with pytest.raises(SealError) as sealed:
        unseal(b"age-encryption.org/v1\n")
    outer = BundleError("refused.sealed", problem=sealed.value)
    assert str(outer) == "the bundle is sealed: give the help desk's identity (age key) or the passphrase"
    assert outer.text("zh_CN") == "诊断包已加密：请提供技术支持的身份文件（age 密钥）或口令"


def test_a_technical_locator_is_quoted_in_chinese() -> None:
    exc = BundleError("refused.report", detail=Foreign("checks[0].duration_ms is out of range"))
    assert str(exc) == "report.json is not a valid report: checks[0].duration_ms is out of range"
    assert exc.text("zh_CN") == "report.json 不是 t3gui 写出的有效报告：“checks[0].duration_ms is out of range”"


def test_what_the_operating_system_says_is_in_the_users_language(tmp_path: Path) -> None:
    with pytest.raises(BundleError) as missing:
        read_file(tmp_path / "missing.zip")
    assert missing.value.text("zh_CN") == f"{tmp_path / 'missing.zip'} 不存在"
    with pytest.raises(SealError) as folder:
        read_identity_file(tmp_path)
    assert str(folder.value) == f"cannot read the identity file {tmp_path}: Is a directory"
    assert folder.value.text("zh_CN") == f"无法读取身份文件 {tmp_path}：这是一个文件夹"
    (tmp_path / "key.txt").write_bytes(b"\xff\xfe AGE-SECRET-KEY")
    with pytest.raises(SealError) as binary:
        read_identity_file(tmp_path / "key.txt")
    assert not english_runs(binary.value.text("zh_CN")), binary.value.text("zh_CN")


def test_a_json_refusal_names_the_value() -> None:
    with pytest.raises(BundleError) as nan:
        load_json(b'{"a": NaN}', "report.json")
    assert str(nan.value) == "report.json holds NaN, which is not a JSON number"
    assert nan.value.text("zh_CN") == "report.json 中含有 NaN，这不是 JSON 数字"
    with pytest.raises(BundleError) as syntax:
        load_json(b'{"a": ', "timeline.json")
    assert str(syntax.value) == "timeline.json is not JSON (Expecting value, line 1)"
    assert syntax.value.text("zh_CN") == "timeline.json 不是 JSON（“Expecting value”，第 1 行）"


def test_profile_refusals_in_both_languages(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text("[target]\nhots = 1\n")
    with pytest.raises(ProfileError) as unknown:
        load_profile(profile)
    assert str(unknown.value) == f"the profile {profile} has an unknown key target.hots"
    assert unknown.value.text("zh_CN") == f"配置文件 {profile} 中有未知的键 target.hots"
    with pytest.raises(OptionsError) as zone:
        resolve_addresses(["fe80::1%eth0"])
    assert str(zone.value) == "resolve: 'fe80::1%eth0' names a zone; give the address without '%'"
    assert zone.value.text("zh_CN") == "resolve：'fe80::1%eth0' 带有区域标识；请给出不带 '%' 的地址"
