"""Bad usage, said in the user's language: the real `t3gui` in child processes, given bad input.

Each case runs twice: in Chinese (``--lang zh_CN`` where the command has it, else a Chinese system
language) and in English. Both exit 2 with exactly one line on stderr and no traceback; the Chinese
line holds no English sentence (tests/helpers/english.py; a library's own words may stay, quoted
“…”), the English one is the sentence the other tests of tests/cli expect.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.english import english_runs

T3GUI = [sys.executable, "-m", "t3gui"]
WORKERS = 3
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _env(**locale: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    return {**env, **locale}


ENGLISH_SYSTEM = _env(LANG="C.UTF-8")
CHINESE_SYSTEM = _env(LANG="zh_CN.UTF-8")


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    english: str  # in the English line
    chinese: str  # in the Chinese line
    has_lang: bool = True  # the command has --lang; else Chinese comes from the system language


def diagnose(*args: str, english: str, chinese: str) -> Case:
    return Case(("diagnose", *args), english, chinese)


def monitor(*args: str, english: str, chinese: str) -> Case:
    return Case(("monitor", *args), english, chinese)


def system(*args: str, english: str, chinese: str) -> Case:
    return Case(args, english, chinese, has_lang=False)


CASES = {
    "diagnose-wrong-host": diagnose("bad_host!.example", english="is not a valid host name",
                                    chinese="不是有效的主机名"),
    "diagnose-pasted-url-without-host": diagnose("https://:4433/", english="has no host name", chinese="中没有主机名"),
    "diagnose-port": diagnose("t3.example", "--port", "70000", english="port 70000 is outside 1-65535",
                              chinese="端口 70000 不在 1-65535 范围内"),
    "diagnose-udp-port": diagnose("t3.example", "--udp-port", "0", english="UDP port 0 is outside 1-65535",
                                  chinese="UDP 端口 0 不在 1-65535 范围内"),
    "diagnose-missing-token": diagnose("t3.example", "--token-file", "/nonexistent/token",
                                       english="--token-file: /nonexistent/token does not exist or is not a file",
                                       chinese="--token-file：/nonexistent/token 不存在或不是文件"),
    "diagnose-garbage-token": diagnose("t3.example", "--token-file", "{garbage_token}",
                                       english="does not hold a JWT (a JWT has 3 dot-separated parts, this has 1)",
                                       chinese="里不是 JWT（JWT 由 3 个以点分隔的部分组成，这里有 1 个）"),
    "diagnose-binary-token": diagnose("t3.example", "--token-file", "{binary_token}", english="is not text",
                                      chinese="不是文本文件"),
    "diagnose-empty-token": diagnose("t3.example", "--token-file", "{empty_token}", english="is empty",
                                     chinese="是空的"),
    "diagnose-dns-server": diagnose("t3.example", "--dns-server", "dns.example", english="is not an IP address",
                                    chinese="不是 IP 地址"),
    "diagnose-ca-not-pem": diagnose("t3.example", "--ca-file", "{not_pem}", english="holds no PEM certificate",
                                    chinese="没有 PEM 格式的证书"),
    "diagnose-timeout-range": diagnose("t3.example", "--timeout", "-1", english="--timeout -1 is outside 0.05-120",
                                       chinese="--timeout 的值 -1 超出了 0.05-120 的范围"),
    "diagnose-timeout-nan": diagnose("t3.example", "--timeout", "soon", english="--timeout 'soon' is not a number",
                                     chinese="--timeout 的值 'soon' 不是数字"),
    "diagnose-resolve-name": diagnose("t3.example", "--resolve", "t3.example",
                                      english="--resolve: 't3.example' is not an IP address",
                                      chinese="--resolve：'t3.example' 不是 IP 地址"),
    "diagnose-resolve-empty": diagnose("t3.example", "--resolve", ",", english="--resolve: no address given",
                                       chinese="--resolve：没有给出地址"),
    "diagnose-resolve-zone": diagnose("t3.example", "--resolve", "fe80::1%eth0", english="names a zone",
                                      chinese="带有区域标识"),
    "diagnose-client-key-alone": diagnose("t3.example", "--client-key", "{not_pem}",
                                          english="--client-key needs --client-cert",
                                          chinese="--client-key 必须与 --client-cert 一起使用"),
    "diagnose-client-cert-not-pem": diagnose("t3.example", "--client-cert", "{not_pem}",
                                             english="holds no PEM certificate and key",
                                             chinese="中没有 PEM 格式的证书和私钥"),
    "diagnose-no-target": diagnose(english="no target given", chinese="没有指定服务器"),
    "diagnose-unknown-scenario": diagnose("--demo", "--scenario", "meteor", english="unknown scenario 'meteor'",
                                          chinese="没有名为 'meteor' 的演示场景"),
    "diagnose-missing-profile": diagnose("t3.example", "--profile", "/nonexistent.toml",
                                         english="cannot read the profile /nonexistent.toml: No such file",
                                         chinese="无法读取配置文件 /nonexistent.toml：文件或文件夹不存在"),
    "diagnose-profile-not-toml": diagnose("t3.example", "--profile", "{not_toml}", english="is not valid TOML",
                                          chinese="不是有效的 TOML"),
    "monitor-spaces": monitor("a b", english="has spaces inside", chinese="中间有空格"),
    "monitor-no-target": monitor(english="no target given", chinese="没有指定服务器"),
    "monitor-twice": monitor("h.example", "h.example:12345", english="the target h.example:12345 is given twice",
                             chinese="目标 h.example:12345 重复给出了两次"),
    "monitor-interval": monitor("h.example", "--interval", "0", english="--interval 0 is outside 0.1-10",
                                chinese="--interval 的值 0 超出了 0.1-10 的范围"),
    "monitor-duration": monitor("h.example", "--duration", "soon", english="is not a number", chinese="不是数字"),
    "monitor-prometheus-form": monitor("h.example", "--prometheus", "host:port",
                                       english="--prometheus 'host:port': 'port' is not a port number",
                                       chinese="'port' 不是端口号"),
    "monitor-prometheus-in-use": monitor("127.0.0.1:9", "--prometheus", "{busy_port}", english=(
                                         "cannot serve metrics on 127.0.0.1:{busy_port}: Address already in use"),
                                         chinese="无法在 127.0.0.1:{busy_port} 上提供指标：该地址和端口已被占用"),
    "monitor-jsonl": monitor("h.example", "--jsonl", "/nonexistent/dir/p.jsonl",
                             english="cannot write to /nonexistent/dir/p.jsonl: No such file or directory",
                             chinese="无法写入 /nonexistent/dir/p.jsonl：文件或文件夹不存在"),
    "monitor-missing-token": monitor("h.example", "--token-file", "/nonexistent.jwt", english="--token-file",
                                     chinese="--token-file：/nonexistent.jwt 不存在或不是文件"),
    "monitor-empty-token": monitor("h.example", "--token-file", "{empty_token}", english="is empty", chinese="是空的"),
    "monitor-resolve-many-targets": monitor("a.example", "b.example", "--resolve", "127.0.0.1",
                                            english="--resolve gives the address of one target",
                                            chinese="--resolve 只能给出一个目标的地址"),
    "monitor-resolve-twice": monitor("h.example", "--resolve", "127.0.0.1", "--resolve", "127.0.0.2",
                                     english="give --resolve once", chinese="--resolve 只能给一次"),
    "bundle-missing": system("bundle", "verify", "{folder}/missing.zip", english="missing.zip does not exist",
                             chinese="{folder}/missing.zip 不存在"),
    "bundle-folder": system("bundle", "show", "{folder}", english="is a folder, not a bundle",
                            chinese="是文件夹，不是诊断包"),
    "bundle-junk": system("bundle", "show", "{junk}", english="junk.zip: the file is not a zip archive",
                          chinese="junk.zip：无法使用这个诊断包"),
    "bundle-missing-identity": system("bundle", "show", "{junk}", "--identity", "/nonexistent.key",
                                      english="cannot read the identity file /nonexistent.key",
                                      chinese="无法读取身份文件 /nonexistent.key"),
    "bundle-identity-without-key": system("bundle", "verify", "{junk}", "--identity", "{not_pem}",
                                          english="holds no AGE-SECRET-KEY line", chinese="没有 AGE-SECRET-KEY"),
    "bundle-missing-passphrase": system("bundle", "samples", "{junk}", "--passphrase-file", "/nonexistent",
                                        english="cannot read the passphrase file /nonexistent",
                                        chinese="无法读取口令文件 /nonexistent"),
    "scenario-without-demo": system("--scenario", "cert-expired", english="--scenario plays a demo scenario",
                                    chinese="请同时加上 --demo"),
    "lab-cert-without-key": system("lab", "serve", "--cert", "{not_pem}", english="--cert and --key go together",
                                   chinese="--cert 和 --key 必须同时给出"),
    "lab-node-number": system("lab", "serve", "--nodes", "3", "--node-fault", "7=down",
                              english="node 7 is not one of 1-3", chinese="节点 7 不在 1-3 之内"),
    "lab-node-file": system("lab", "serve", "--nodes", "2", "--node-cert", "1=/nonexistent.pem", "--node-key",
                            "1=/nonexistent.key", english="--node-cert 1: /nonexistent.pem does not exist",
                            chinese="--node-cert 1：/nonexistent.pem 不存在或不是文件"),
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    folder = tmp_path_factory.mktemp("inputs")
    files = {"garbage_token": folder / "garbage.jwt", "binary_token": folder / "binary.jwt",
             "empty_token": folder / "empty.jwt", "not_pem": folder / "not-pem.crt", "junk": folder / "junk.zip",
             "not_toml": folder / "profile.toml"}
    files["garbage_token"].write_text("hello, this is not a token\n")
    files["binary_token"].write_bytes(b"\xff\xfe\x00garbage")
    files["empty_token"].write_text("\n")
    files["not_pem"].write_text("this is not a certificate\n")
    files["junk"].write_bytes(b"not a zip at all")
    files["not_toml"].write_text("[[[ not toml\n")
    with socket.socket() as busy:  # held for the whole module: --prometheus must find its port taken
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        yield {**{k: str(v) for k, v in files.items()}, "folder": str(folder), "busy_port": str(busy.getsockname()[1])}


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*T3GUI, *argv], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)


@pytest.fixture(scope="module")
def runs(inputs: dict[str, str]) -> dict[tuple[str, str], subprocess.CompletedProcess[str]]:
    jobs: list[tuple[str, str, list[str], dict[str, str]]] = []
    for name, case in CASES.items():
        argv = [arg.format(**inputs) for arg in case.argv]
        chinese = ([*argv, "--lang", "zh_CN"], ENGLISH_SYSTEM) if case.has_lang else (argv, CHINESE_SYSTEM)
        jobs += [(name, "zh_CN", *chinese), (name, "en", argv, ENGLISH_SYSTEM)]
    with ThreadPoolExecutor(WORKERS) as pool:
        done = pool.map(lambda job: _run(job[2], job[3]), jobs)
        return {(name, language): result for (name, language, _, _), result in zip(jobs, done, strict=True)}


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and result.stdout == "", result
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("t3gui: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("name", CASES)
def test_bad_usage_in_chinese_is_one_chinese_line(
        name: str, runs: dict[tuple[str, str], subprocess.CompletedProcess[str]], inputs: dict[str, str]) -> None:
    line = _one_line(runs[(name, "zh_CN")])
    assert CASES[name].chinese.format(**inputs) in line, line
    assert not english_runs(line), (english_runs(line), line)


@pytest.mark.parametrize("name", CASES)
def test_the_same_bad_usage_in_english_is_the_english_line(
        name: str, runs: dict[tuple[str, str], subprocess.CompletedProcess[str]], inputs: dict[str, str]) -> None:
    line = _one_line(runs[(name, "en")])
    assert CASES[name].english.format(**inputs) in line, line
    assert not _CHINESE.search(line), line


def test_the_scan_would_see_an_english_sentence_in_these_lines(
        runs: dict[tuple[str, str], subprocess.CompletedProcess[str]]) -> None:
    """The English lines the scan reads are sentences to it: a Chinese line that fell back to English fails."""
    english = [runs[(name, "en")].stderr for name in CASES]
    assert sum(bool(english_runs(line)) for line in english) >= len(CASES) * 3 // 4


def test_lang_beats_the_system_language() -> None:
    result = _run(["diagnose", "bad_host!.example", "--lang", "en"], CHINESE_SYSTEM)
    assert "is not a valid host name" in _one_line(result)
    result = _run(["diagnose", "bad_host!.example"], CHINESE_SYSTEM)  # no --lang: the system's language
    assert "不是有效的主机名" in _one_line(result)


def test_the_profile_language_beats_the_system_language(tmp_path: Path) -> None:
    profile = tmp_path / "zh.toml"
    profile.write_text('[diagnosis]\nlanguage = "zh_CN"\n')
    for command in ("diagnose", "monitor"):
        line = _one_line(_run([command, "t3.example", "--profile", str(profile), "--timeout", "soon"], ENGLISH_SYSTEM))
        assert "--timeout 的值 'soon' 不是数字" in line, line
    line = _one_line(_run(["diagnose", "t3.example", "--profile", str(profile), "--timeout", "soon", "--lang", "en"],
                          CHINESE_SYSTEM))
    assert "--timeout 'soon' is not a number" in line, line


def test_an_unreadable_token_file_in_chinese(tmp_path: Path) -> None:
    from tests.cli.test_diagnose_command import CAP_SETPCAP, _drop_file_powers

    drop = None
    if os.geteuid() == 0:  # root reads every file: give that power up for this run, as test_diagnose_command does
        effective = next(line for line in Path("/proc/self/status").read_text().splitlines()
                         if line.startswith("CapEff:"))
        if not int(effective.split()[1], 16) >> CAP_SETPCAP & 1:
            pytest.skip("root without CAP_SETPCAP cannot give up reading every file")
        drop = _drop_file_powers
    token = tmp_path / "unreadable.jwt"
    token.write_text("x")
    token.chmod(0)
    for command in ("diagnose", "monitor"):
        result = subprocess.run([*T3GUI, command, "t3.example", "--token-file", str(token), "--lang", "zh_CN"],
                                capture_output=True, text=True, encoding="utf-8", timeout=60, preexec_fn=drop,
                                env=ENGLISH_SYSTEM)
        line = _one_line(result)
        assert f"--token-file：无法读取 {token}（没有访问权限）" in line, line
        assert not english_runs(line)


def test_a_lab_port_in_use_in_chinese() -> None:
    """`lab serve` logs its start first (log lines are English on purpose); the bad-usage line is the last, alone."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _run(["lab", "serve", "--port", str(port), "--udp-port", "0", "--duration-s", "1"], CHINESE_SYSTEM)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last == f"t3gui: 无法在 127.0.0.1:{port} 上监听：该地址和端口已被占用", last
    assert sum(line.startswith("t3gui: ") for line in result.stderr.splitlines()) == 1
