"""`t3gui diagnose` as scripts and tickets use it: exit codes, --json, bad input, profiles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

T3GUI = [sys.executable, "-m", "t3gui", "diagnose"]


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*T3GUI, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("inputs")
    out = {"garbage_token": d / "garbage.jwt", "binary_token": d / "binary.jwt", "empty_token": d / "empty.jwt",
           "not_pem": d / "not-pem.crt", "unreadable": d / "unreadable.jwt"}
    out["garbage_token"].write_text("hello, this is not a token\n")
    out["binary_token"].write_bytes(b"\xff\xfe\x00garbage")
    out["empty_token"].write_text("\n")
    out["not_pem"].write_text("this is not a certificate\n")
    out["unreadable"].write_text("x")
    out["unreadable"].chmod(0)
    return out


@pytest.mark.parametrize(("args", "needle"), [
    (["bad_host!.example"], "is not a valid host name"),
    (["t3.example:0"], "port 0 is outside 1-65535"),
    (["t3.example", "--port", "70000"], "port 70000 is outside 1-65535"),
    (["t3.example", "--udp-port", "0"], "UDP port 0 is outside 1-65535"),
    (["t3.example", "--token-file", "/nonexistent/token"], "does not exist"),
    (["t3.example", "--token-file", "{garbage_token}"], "does not hold a JWT"),
    (["t3.example", "--token-file", "{binary_token}"], "is not text"),
    (["t3.example", "--token-file", "{empty_token}"], "is empty"),
    (["t3.example", "--dns-server", "dns.example"], "is not an IP address"),
    (["t3.example", "--ca-file", "{not_pem}"], "holds no PEM certificate"),
    (["t3.example", "--timeout", "-1"], "outside"),
    (["t3.example", "--timeout", "soon"], "is not a number"),
    (["t3.example", "--tier", "expert"], "invalid choice"),
    ([], "no target given"),
    (["--demo", "--scenario", "meteor"], "unknown scenario 'meteor'"),
    (["t3.example", "--profile", "/nonexistent.toml"], "cannot read the profile"),
])
def test_bad_input_exits_2_with_one_line(args: list[str], needle: str, files: dict[str, Path]) -> None:
    args = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    result = run(*args)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert result.stdout == ""


CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_SETPCAP, PR_CAPBSET_DROP = 1, 2, 8, 24


def _drop_file_powers() -> None:
    """Run in the child before exec: root without the two capabilities that let it read any file honours
    file modes like any user. (Not setuid(nobody): the interpreter may live in root's 0700 home.)"""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):  # out of the bounding set: exec cannot regain them
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_token_file(files: dict[str, Path]) -> None:
    import os

    drop = None
    if os.geteuid() == 0:  # CI runs as root, which reads every file: give that power up for this run
        effective = next(line for line in Path("/proc/self/status").read_text().splitlines()
                         if line.startswith("CapEff:"))
        if not int(effective.split()[1], 16) >> CAP_SETPCAP & 1:
            pytest.skip("root without CAP_SETPCAP cannot give up reading every file")
        drop = _drop_file_powers
    args = ["t3.example", "--token-file", str(files["unreadable"])]
    result = subprocess.run([*T3GUI, *args], capture_output=True, text=True, timeout=60, preexec_fn=drop)
    assert result.returncode == 2 and "cannot be read" in result.stderr, result.stderr


def test_json_is_the_only_thing_on_stdout_and_progress_goes_to_stderr() -> None:
    result = run("--demo", "--scenario", "cert-expired", "--json")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert doc["schema"] == "t3gui.report/1" and doc["verdict"]["root_cause"] == "TLS_CERT_EXPIRED"
    assert "tls.certificate" in result.stderr


def test_healthy_exits_0_and_text_report_names_the_verdict() -> None:
    result = run("--demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("t3gui ") and "HEALTHY" in result.stdout
    assert "t3_udp" in result.stdout


def test_degraded_exits_0() -> None:
    result = run("--demo", "--scenario", "no-token", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["verdict"]["status"] == "degraded"


def test_chinese_report() -> None:
    result = run("--demo", "--scenario", "clock-skew", "--lang", "zh_CN")
    assert result.returncode == 1
    assert "失败" in result.stdout and "本机时钟比服务器快" in result.stdout


def test_scenario_list_names_every_scenario() -> None:
    from t3gui.lab.scenarios import SCENARIOS

    result = run("--demo", "--scenario", "list")
    assert result.returncode == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == [s.name for s in SCENARIOS]


def test_tier_basic_stops_after_basic(tmp_path: Path) -> None:
    result = run("--demo", "--tier", "basic", "--json")
    doc = json.loads(result.stdout)
    assert {c["id"]: c["status"] for c in doc["checks"]}["tls.handshake"] == "skip"


def test_unreachable_target_is_a_finding_not_an_error() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run(f"127.0.0.1:{port}", "--json", "--timeout", "1")
    assert result.returncode == 1
    assert json.loads(result.stdout)["verdict"]["root_cause"] == "TCP_REFUSED"


def test_profile_supplies_target_and_thresholds(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    profile = tmp_path / "helpdesk.toml"
    profile.write_text(f'[target]\nhost = "127.0.0.1"\nport = {port}\n[diagnosis]\ntimeout_s = 1\n'
                       'language = "zh_CN"\n', encoding="utf-8")
    result = run("--profile", str(profile), "--json")
    doc = json.loads(result.stdout)
    assert doc["target"]["port"] == port and doc["language"] == "zh_CN"
    assert doc["verdict"]["root_cause"] == "TCP_REFUSED"


def test_a_proxy_is_reported_without_its_password() -> None:
    import os

    env = {**os.environ, "HTTPS_PROXY": "http://proxyuser:pr0xy-s3cret@proxy.corp.example:3128"}
    result = subprocess.run([*T3GUI, "--demo", "--json"], capture_output=True, text=True, timeout=60, env=env)
    doc = json.loads(result.stdout)
    proxy = next(f for f in doc["findings"] if f["code"] == "PROXY_CONFIGURED")
    assert proxy["evidence"] == {"proxy": "http://proxy.corp.example:3128", "source": "environment"}
    assert "pr0xy-s3cret" not in result.stdout + result.stderr and "proxyuser" not in result.stdout


def test_the_chinese_text_report_has_no_english_words_of_ours() -> None:
    result = run("--demo", "--scenario", "cert-expired", "--lang", "zh_CN")
    checks = result.stdout.split("检查项:")[1]
    for english in ("[critical]", " pass ", " skip ", " basic ", " ms "):
        assert english not in result.stdout, english
    assert "[严重]" in result.stdout and "通过" in checks and "毫秒" in checks and "基础" in checks


def test_a_client_key_of_another_certificate_is_said_so(pki: dict[str, Path]) -> None:
    from t3gui.cli.diagnose_command import check_client_cert
    from t3gui.cli.errors import UsageError

    with pytest.raises(UsageError) as refused:
        check_client_cert(pki["client.pem"], pki["server-good.key"])
    assert str(refused.value).endswith("cannot be used: the key is not the certificate's"), str(refused.value)
    assert refused.value.text("zh_CN").endswith("私钥与证书不匹配")
