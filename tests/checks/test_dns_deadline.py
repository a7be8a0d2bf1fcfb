"""A dead name server costs one timeout, process exit included; failures are named from rcodes.

The namespace test points the system resolver at a name server that never
answers and keeps the C library's own timeouts (5 s, two attempts), so a
getaddrinfo that anything waits for holds the process for about 10 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from t3gui.checks.dns_check import explicit_resolver, query
from tests.helpers.dns_server import DnsServer
from tests.helpers.netlab import ROOT, NetLab, can_use_netns

needs_netns = pytest.mark.skipif(can_use_netns() is not None, reason=str(can_use_netns()))
SLACK_S = 2.5  # interpreter start-up and imports on a loaded machine


@pytest.fixture
def silent_dns() -> Iterator[NetLab]:
    with NetLab() as lab:
        lab.spawn(lab.server, sys.executable, "-m", "tests.helpers.dns_server", "--listen", f"{lab.server_ip}:53",
                  "--zone", "silent.t3.test=DROP", ready="listening")
        lab.resolv_conf(lab.client, lab.server_ip, options=None)
        yield lab


@pytest.mark.netns
@needs_netns
def test_the_system_resolver_alone_outlives_the_timeout(silent_dns: NetLab) -> None:
    """What the next test guards against is real here: a bare getaddrinfo hangs far longer."""
    proc = subprocess.Popen(["ip", "netns", "exec", silent_dns.client, sys.executable, "-c",
                             "import socket; socket.getaddrinfo('silent.t3.test', 12345)"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(1.0 + SLACK_S + 1.0)
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.netns
@needs_netns
@pytest.mark.parametrize("timeout", [1.0, 2.0])
def test_a_silent_name_server_costs_one_timeout_process_exit_included(silent_dns: NetLab, timeout: float) -> None:
    started = time.monotonic()
    result = silent_dns.exec(silent_dns.client, sys.executable, "-m", "t3gui", "diagnose", "silent.t3.test",
                             "--json", "--tier", "basic", "--timeout", str(timeout),
                             "--dns-server", f"{silent_dns.server_ip}:53", check=False, timeout=60,
                             env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    doc = json.loads(result.stdout)
    assert doc["verdict"]["root_cause"] == "DNS_TIMEOUT", doc["findings"]
    dns_check = next(c for c in doc["checks"] if c["id"] == "dns.resolve")
    assert dns_check["data"]["getaddrinfo"] == "timeout"
    assert {r["status"] for r in dns_check["data"]["resolvers"]} == {"timeout"}
    assert elapsed < timeout + SLACK_S, f"the process took {elapsed:.1f} s to deliver its verdict"


@pytest.fixture
def name_server() -> Iterator[DnsServer]:
    server = DnsServer({"servfail.t3.test": "SERVFAIL", "servfail.refused.t3.test": "REFUSED",
                        "up.t3.test": {"A": ["192.0.2.7"]}})
    try:
        yield server
    finally:
        server.close()


@pytest.mark.parametrize(("name", "status", "detail"), [
    ("servfail.t3.test", "servfail", "SERVFAIL"),
    # The queried name is in dnspython's message text: it must not turn a refusal into SERVFAIL.
    ("SERVFAIL.refused.t3.test", "error", "REFUSED"),
    ("missing.t3.test", "nxdomain", ""),
])
async def test_failures_are_named_from_the_answer_not_its_text(name_server: DnsServer, name: str, status: str,
                                                               detail: str) -> None:
    resolver, label = explicit_resolver(f"127.0.0.1:{name_server.port}")
    lookup = await query(resolver, name, label, 2.0)
    assert (lookup.status, lookup.detail) == (status, detail)
    assert lookup.addresses == []


async def test_an_answer_from_the_explicit_server(name_server: DnsServer) -> None:
    resolver, label = explicit_resolver(f"127.0.0.1:{name_server.port}")
    lookup = await query(resolver, "up.t3.test", label, 2.0)
    assert (lookup.status, lookup.a, lookup.resolver) == ("ok", ["192.0.2.7"], label)
