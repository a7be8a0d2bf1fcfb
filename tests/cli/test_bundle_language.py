"""A refused bundle or profile, said in the user's language: the real `t3gui` in child processes.

Broken bundles from the hostile corpus (tests/core/bundle/hostile_corpus.py) through `t3gui bundle
verify|show|samples` in a Chinese system language (the bundle commands have no --lang), and broken
profiles through `t3gui diagnose --profile ... --lang zh_CN`. Each runs in Chinese and in English:
exit 2, one line on stderr, no traceback; the Chinese line holds no English sentence outside “…”
(a report's technical locator is quoted so), the English one still the corpus's refusal.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.test_usage_language import _CHINESE, CHINESE_SYSTEM, ENGLISH_SYSTEM, T3GUI, WORKERS, _one_line
from tests.core.bundle.hostile_corpus import CORPUS, good_bundle, write_corpus
from tests.helpers.english import english_runs

# One case of each kind of refusal: the archive, a member, the manifest, JSON, the report's format
# (a technical locator, quoted), the samples (both formats), the timeline.
CORPUS_CASES = ("zip slip", "symbolic link", "bomb by ratio", "not a zip", "wrong manifest hash", "hostile samples",
                "unknown schema", "deflate garbage", "hostile member name", "NaN", "report not json",
                "root cause not among findings", "bad timestamp", "timeline of the wrong shape",
                "schema-1 csv with 1e400", "manifest version with escapes", "encrypted member")
COMMANDS = ("verify", "show", "samples")


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    english: str  # in the English line
    chinese: str  # in the Chinese line
    lang_flag: bool  # Chinese from --lang zh_CN; else from the system's language


def _bundle_cases() -> dict[str, Case]:
    cases = {f"bundle-{name}": Case(("bundle", COMMANDS[i % len(COMMANDS)], f"{{{name}}}"),
                                    str(CORPUS[name].refusal), "无法使用这个诊断包", lang_flag=False)
             for i, name in enumerate(CORPUS_CASES)}
    cases["bundle-sealed-no-key"] = Case(("bundle", "verify", "{sealed}"), "give the help desk's identity",
                                         "诊断包已加密：请提供技术支持的身份文件", lang_flag=False)
    cases["bundle-sealed-wrong-passphrase"] = Case(("bundle", "show", "{sealed}", "--passphrase-file", "{wrong}"),
                                                   "cannot be opened with that key or passphrase",
                                                   "用这个密钥或口令无法打开", lang_flag=False)
    return cases


PROFILES = {
    "not_toml": "[[[ not toml\n",
    "unknown_section": "[targets]\nhost = \"t3.example\"\n",
    "unknown_key": "[target]\nhots = \"t3.example\"\n",
    "wrong_type": "[target]\nport = \"4433\"\n",
    "bad_resolve": "[target]\nresolve = [\"t3.example\"]\n",
    "resolve_not_list": "[target]\nresolve = \"192.0.2.1\"\n",
    "bad_tier": "[diagnosis]\ntier = \"deepest\"\n",
}


def _profile_case(name: str, english: str, chinese: str, lang_flag: bool = True) -> Case:
    return Case(("diagnose", "t3.example", "--profile", f"{{profile_{name}}}"), english, chinese, lang_flag)


CASES = {
    **_bundle_cases(),
    "profile-not-toml": _profile_case("not_toml", "is not valid TOML: ", "不是有效的 TOML：“"),
    "profile-not-toml-system": _profile_case("not_toml", "is not valid TOML", "不是有效的 TOML", lang_flag=False),
    "profile-unknown-section": _profile_case("unknown_section", "has an unknown section [targets]",
                                             "中有未知的节 [targets]"),
    "profile-unknown-key": _profile_case("unknown_key", "has an unknown key target.hots", "中有未知的键 target.hots"),
    "profile-wrong-type": _profile_case("wrong_type", "target.port in the profile", "中 target.port 的类型不对"),
    "profile-bad-resolve": _profile_case("bad_resolve", "resolve: 't3.example' is not an IP address",
                                         "'t3.example' 不是 IP 地址"),
    "profile-resolve-not-list": _profile_case("resolve_not_list", "target.resolve in the profile",
                                              "中 target.resolve 的类型不对"),
    "profile-bad-tier": _profile_case("bad_tier", "tier 'deepest' is not basic, intermediate or advanced",
                                      "检查深度 'deepest' 不是"),
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    import pyrage

    folder = tmp_path_factory.mktemp("refusals")
    corpus = folder / "corpus"
    corpus.mkdir()
    files = {name: str(path) for name, path in write_corpus(corpus).items() if name in CORPUS_CASES}
    sealed, wrong = folder / "sealed.zip", folder / "wrong-passphrase.txt"
    sealed.write_bytes(pyrage.passphrase.encrypt(good_bundle(), "right horse battery"))
    wrong.write_text("wrong horse\n")
    files |= {"sealed": str(sealed), "wrong": str(wrong)}
    for name, text in PROFILES.items():
        path = folder / f"{name}.toml"
        path.write_text(text)
        files[f"profile_{name}"] = str(path)
    yield files


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*T3GUI, *argv], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


@pytest.fixture(scope="module")
def runs(inputs: dict[str, str]) -> dict[tuple[str, str], subprocess.CompletedProcess[str]]:
    jobs: list[tuple[str, str, list[str], dict[str, str]]] = []
    for name, case in CASES.items():
        argv = [arg.format(**inputs) for arg in case.argv]
        chinese = ([*argv, "--lang", "zh_CN"], ENGLISH_SYSTEM) if case.lang_flag else (argv, CHINESE_SYSTEM)
        jobs += [(name, "zh_CN", *chinese), (name, "en", argv, ENGLISH_SYSTEM)]
    with ThreadPoolExecutor(WORKERS) as pool:
        done = pool.map(lambda job: _run(job[2], job[3]), jobs)
        return {(name, language): result for (name, language, _, _), result in zip(jobs, done, strict=True)}


def test_the_cases_are_refused_by_the_corpus() -> None:
    assert all(CORPUS[name].refusal for name in CORPUS_CASES)


@pytest.mark.parametrize("name", CASES)
def test_a_refusal_in_chinese_is_one_chinese_line(
        name: str, runs: dict[tuple[str, str], subprocess.CompletedProcess[str]]) -> None:
    line = _one_line(runs[(name, "zh_CN")])
    assert CASES[name].chinese in line, line
    assert not english_runs(line), (english_runs(line), line)


@pytest.mark.parametrize("name", CASES)
def test_the_same_refusal_in_english_is_the_english_line(
        name: str, runs: dict[tuple[str, str], subprocess.CompletedProcess[str]]) -> None:
    line = _one_line(runs[(name, "en")])
    assert CASES[name].english in line, line
    assert not _CHINESE.search(line), line


def test_the_scan_would_see_english_in_the_english_refusals(
        runs: dict[tuple[str, str], subprocess.CompletedProcess[str]]) -> None:
    """The English refusals are sentences to the scan: a Chinese line that fell back to English fails."""
    english = [runs[(name, "en")].stderr for name in CASES]
    assert sum(bool(english_runs(line)) for line in english) >= len(CASES) * 3 // 4


def test_a_report_locator_is_quoted_inside_the_chinese_sentence(
        runs: dict[tuple[str, str], subprocess.CompletedProcess[str]]) -> None:
    line = _one_line(runs[("bundle-root cause not among findings", "zh_CN")])
    assert "report.json 不是 t3gui 写出的有效报告：“verdict.root_cause TLS_CERT_EXPIRED is not among" in line, line
    assert line.endswith("”"), line


def test_a_hostile_member_name_stays_escaped_in_chinese(
        runs: dict[tuple[str, str], subprocess.CompletedProcess[str]], inputs: dict[str, str]) -> None:
    line = _one_line(runs[("bundle-hostile member name", "zh_CN")])
    assert "\x1b" not in line and "\x9b" not in line and "成员 " in line, line
    assert Path(inputs["hostile member name"]).name in line


def test_a_good_bundle_is_said_intact_and_its_samples_written_in_chinese(tmp_path: Path) -> None:
    bundle = tmp_path / "ticket.zip"
    bundle.write_bytes(good_bundle())
    verified = _run(["bundle", "verify", str(bundle)], CHINESE_SYSTEM)
    assert verified.returncode == 0 and verified.stdout.startswith("ticket.zip：完整的 t3gui 诊断包"), verified
    assert not english_runs(verified.stdout), verified.stdout
    written = _run(["bundle", "samples", str(bundle), "--out", str(tmp_path / "s.csv")], CHINESE_SYSTEM)
    assert written.returncode == 0 and "次探测" in written.stdout and not english_runs(written.stdout), written
    english = _run(["bundle", "verify", str(bundle)], ENGLISH_SYSTEM)
    assert english.stdout.startswith("ticket.zip: intact t3gui bundle, "), english.stdout
