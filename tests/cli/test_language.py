"""The language of a bad-usage line: --lang, else the profile's, else the system's (read without Qt)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from t3gui.cli.language import system_language, usage_language


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANG": "zh_TW.UTF-8"}, "zh_CN"),  # the Chinese t3gui speaks
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh_CN"),
    ({"LC_ALL": "C", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL overrides the rest
    ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh_CN"),  # set but empty: not set
    ({}, "en"),
])
def test_the_system_language_from_the_locale_variables(environ: dict[str, str], expected: str) -> None:
    assert system_language(environ, platform="linux") == expected
    assert system_language(environ, platform="darwin") == expected


@pytest.mark.skipif(sys.platform == "win32", reason="reads the Windows API there")
def test_without_locale_variables_or_the_windows_api_it_is_english() -> None:
    assert system_language({}, platform="win32") == "en"


@pytest.mark.parametrize(("langid", "expected"), [(0x0804, "zh_CN"), (0x0404, "zh_CN"), (0x0C04, "zh_CN"),
                                                  (0x1004, "zh_CN"), (0x0409, "en"), (0x0809, "en"),
                                                  (0x0407, "en"), (0x0411, "en")])
def test_the_windows_display_language_decides_without_locale_variables(langid: int, expected: str) -> None:
    """What GetUserDefaultUILanguage answers (LANGIDs as Windows documents them), faked on other systems."""
    assert system_language({}, platform="win32", ui_langid=lambda: langid) == expected
    assert system_language({"LANG": "en_US.UTF-8"}, platform="win32", ui_langid=lambda: langid) == "en"


def test_lang_then_profile_then_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chinese, english, broken = tmp_path / "zh.toml", tmp_path / "en.toml", tmp_path / "broken.toml"
    chinese.write_text('[diagnosis]\nlanguage = "zh_CN"\n')
    english.write_text('[diagnosis]\nlanguage = "en"\n')
    broken.write_text("[[[")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert usage_language(argparse.Namespace(lang="en", profile=str(chinese))) == "en"
    assert usage_language(argparse.Namespace(lang=None, profile=str(english))) == "en"
    assert usage_language(argparse.Namespace(lang=None, profile=str(broken))) == "zh_CN"
    assert usage_language(argparse.Namespace(lang=None, profile=str(tmp_path / "missing.toml"))) == "zh_CN"
    assert usage_language(argparse.Namespace()) == "zh_CN"  # a command without --lang or --profile
    monkeypatch.setenv("LC_ALL", "C")
    assert usage_language(argparse.Namespace(lang=None, profile=str(chinese))) == "zh_CN"
    assert usage_language(argparse.Namespace(lang=None, profile=None)) == "en"
