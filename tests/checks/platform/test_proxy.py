import subprocess

import pytest

from t3gui.checks.platform.proxy import (
    ProxySetting,
    _read_macos,
    bypassed,
    from_environment,
    parse_scutil,
    parse_winhttp,
    parse_wininet,
    strip_credentials,
)

SCUTIL = """<dictionary> {
  ExceptionsList : <array> {
    0 : *.local
    1 : 169.254/16
    2 : t3.corp.example
  }
  FTPPassive : 1
  HTTPEnable : 1
  HTTPPort : 3128
  HTTPProxy : proxy.corp.example
  HTTPSEnable : 1
  HTTPSPort : 3129
  HTTPSProxy : secure-proxy.corp.example
  ProxyAutoConfigEnable : 0
}
"""


def test_credentials_never_survive_reading() -> None:
    assert strip_credentials("http://alice:s3cret@proxy.example:3128") == "http://proxy.example:3128"
    assert strip_credentials("alice:s3cret@proxy.example:3128") == "proxy.example:3128"
    assert strip_credentials("socks5://[2001:db8::1]:1080") == "socks5://[2001:db8::1]:1080"


def test_environment_variables() -> None:
    found = from_environment({"https_proxy": "http://u:p@p1:8080", "HTTP_PROXY": "http://p1:8080",
                              "NO_PROXY": "localhost,.corp.example"})
    assert found == [ProxySetting("http://p1:8080", "environment", ("localhost", ".corp.example"))]


def test_bypass_rules_of_windows_and_macos_lists() -> None:
    rules = ProxySetting("proxy:80", "WinINet", ("localhost", ".corp.example", "*.internal", "10.*", "<local>"))
    for host in ("t3.corp.example", "a.internal", "localhost", "10.1.2.3", "fileserver"):
        assert bypassed(host, rules), host
    for host in ("t3.example.com", "evilcorp.example", "internal.example", "110.1.2.3"):
        assert not bypassed(host, rules), host
    assert bypassed("t3.example.com", ProxySetting("proxy:80", "scutil", ("*",)))


@pytest.mark.parametrize(("no_proxy", "host", "expected"), [
    ("*", "t3.example.com", True),  # "*" bypasses everything (it used to match nothing)
    ("localhost,.corp.example", "t3.corp.example", True),
    ("corp.example", "t3.corp.example", True),
    ("corp.example", "evilcorp.example", False),
    (".corp.example", "corp.example", True),
    ("t3.example.com:12345", "t3.example.com", False),  # a port-specific rule does not cover every port
    ("", "t3.example.com", False),
    (" localhost , t3.example.com ", "t3.example.com", True),
])
def test_no_proxy_as_python_reads_it(no_proxy: str, host: str, expected: bool) -> None:
    settings = from_environment({"HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": no_proxy})
    assert bypassed(host, settings[0]) is expected


def test_macos_scutil_output() -> None:
    found = parse_scutil(SCUTIL)
    assert [s.proxy for s in found] == ["https://secure-proxy.corp.example:3129", "http://proxy.corp.example:3128"]
    assert found[0].bypass == ("*.local", "169.254/16", "t3.corp.example")


def test_macos_reader_runs_scutil_and_survives_its_absence() -> None:
    def fake_run(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
        assert args == ["scutil", "--proxy"]
        return subprocess.CompletedProcess(args, 0, SCUTIL, "")

    def missing(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
        raise FileNotFoundError("scutil")

    assert len(_read_macos(fake_run)) == 2 and _read_macos(missing) == []


def test_windows_wininet_values() -> None:
    found = parse_wininet(1, "http=proxy:80;https=proxy:443", "<local>;*.corp", "http://wpad/wpad.dat")
    assert [(s.proxy, s.source) for s in found] == [("proxy:80", "WinINet"), ("proxy:443", "WinINet"),
                                                   ("http://wpad/wpad.dat", "PAC")]
    assert parse_wininet(0, "proxy:80", "", "") == []


def test_windows_winhttp_blob() -> None:
    server, bypass = b"winhttp-proxy:8080", b"<local>"
    blob = (b"\x28\x00\x00\x00\x00\x00\x00\x00" + (3).to_bytes(4, "little") + len(server).to_bytes(4, "little")
            + server + len(bypass).to_bytes(4, "little") + bypass)
    assert parse_winhttp(blob) == [ProxySetting("winhttp-proxy:8080", "WinHTTP", ("<local>",))]
    assert parse_winhttp(blob[:10]) == []
    direct = bytearray(blob)
    direct[8:12] = (1).to_bytes(4, "little")  # PROXY_TYPE_DIRECT only
    assert parse_winhttp(bytes(direct)) == []
