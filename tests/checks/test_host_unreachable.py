"""A server powered off on its LAN: the verdict is HOST_UNREACHABLE, in about one ARP window.

client namespace -- router namespace (ip_forward) -- LAN namespace where the
target address belongs to nobody. The router has to ARP for it and, when its
retries are over (about 3 s), answers "host unreachable" for every packet it
held: no firewall rule answers in its place.
"""

from __future__ import annotations

import json
import socket
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from t3gui.checks.platform.icmp import ECHO_REQUEST, IcmpError, echo_request, icmp_kind, quoted_seq
from t3gui.core.check import finding
from t3gui.core.codes import Code, Severity
from t3gui.core.verdict import decide, explained
from tests.helpers.netlab import ROOT, NetLab, can_use_netns

needs_netns = pytest.mark.skipif(can_use_netns() is not None, reason=str(can_use_netns()))
ARP_DELAY_S = 3.0  # Linux: three ARP requests, a second apart (mcast_solicit x retrans_time)
SLACK_S = 2.5  # interpreter start-up and imports on a loaded machine


@pytest.fixture
def dead_host() -> Iterator[tuple[NetLab, str]]:
    with NetLab() as lab:
        yield lab, lab.lan_behind_server()


def diagnose(lab: NetLab, target: str, timeout: float, *extra: str) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    result = lab.exec(lab.client, sys.executable, "-m", "t3gui", "diagnose", target, "--json",
                      "--timeout", str(timeout), *extra, check=False, timeout=90,
                      env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout), elapsed


def findings_of(doc: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f for f in doc["findings"] if f["code"] == code]


@pytest.mark.netns
@needs_netns
@pytest.mark.parametrize("timeout", [1.0, 3.0])
def test_a_dead_host_is_unreachable_in_about_one_arp_window(dead_host: tuple[NetLab, str], timeout: float) -> None:
    lab, address = dead_host
    doc, elapsed = diagnose(lab, address, timeout)
    assert doc["verdict"]["root_cause"] == "HOST_UNREACHABLE", doc["findings"]
    said = findings_of(doc, "HOST_UNREACHABLE")
    assert said and all(f["evidence"]["address"] == address for f in said)
    # The router's own word, not a guess from silence.
    assert {(f["evidence"]["icmp"], f["evidence"]["reported_by"]) for f in said} == {("host-unreachable",
                                                                                      lab.server_ip)}
    assert not [f for f in doc["findings"] if f["code"] == "TCP_FILTERED" and f["severity"] == "critical"]
    checks = {c["id"]: c for c in doc["checks"]}
    assert checks["path.traceroute"]["status"] == "skip"  # the router already said where the path ends
    # One window (the SYN and the pings wait for the same ARP failure), not one per check.
    assert elapsed < max(timeout, ARP_DELAY_S) + 1.0 + SLACK_S, f"{elapsed:.1f} s"


@pytest.mark.netns
@needs_netns
def test_the_connect_itself_hears_the_router_after_its_arp_retries(dead_host: tuple[NetLab, str]) -> None:
    lab, address = dead_host
    script = ("import asyncio, json, sys; from t3gui.checks.tcp_check import connect_once\n"
              "r = asyncio.run(connect_once(sys.argv[1], 12345, 1.0, 3.5))\n"
              "print(json.dumps(r.as_data()))")
    result = lab.exec(lab.client, sys.executable, "-c", script, address, check=False,
                      env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    data = json.loads(result.stdout)
    assert data["outcome"] == "unreachable", data
    assert data["icmp"] == {"kind": "host-unreachable", "reported_by": lab.server_ip}
    # Past the probe timeout: the word came after the router's ARP retries, and was still heard.
    assert 1.0 < data["ms"] / 1000 < 3.5 + 0.5


@pytest.mark.netns
@needs_netns
def test_without_the_wait_the_same_connect_is_only_filtered(dead_host: tuple[NetLab, str]) -> None:
    """What the monitor does (no wait past the timeout), and what tcp.connect used to say."""
    lab, address = dead_host
    script = ("import asyncio, json, sys; from t3gui.checks.tcp_check import connect_once\n"
              "print(json.dumps(asyncio.run(connect_once(sys.argv[1], 12345, 1.0)).as_data()))")
    result = lab.exec(lab.client, sys.executable, "-c", script, address, check=False,
                      env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert json.loads(result.stdout)["outcome"] == "filtered"


@pytest.mark.parametrize(("family", "icmp_type", "icmp_code", "kind", "no_host"), [
    (socket.AF_INET, 3, 1, "host-unreachable", True),
    (socket.AF_INET, 3, 0, "net-unreachable", True),
    (socket.AF_INET, 3, 13, "prohibited", False),  # a firewall's reject, not a missing host
    (socket.AF_INET, 3, 3, "port-unreachable", False),
    (socket.AF_INET, 11, 0, "time-exceeded", False),  # a loop, for traceroute to find
    (socket.AF_INET6, 1, 3, "host-unreachable", True),
    (socket.AF_INET6, 1, 1, "prohibited", False),
    (socket.AF_INET6, 3, 0, "time-exceeded", False),
])
def test_what_an_icmp_error_says(family: int, icmp_type: int, icmp_code: int, kind: str, no_host: bool) -> None:
    said = icmp_kind(family, icmp_type, icmp_code)
    assert said == kind and IcmpError("192.0.2.1", said).no_host is no_host


def test_an_error_names_the_ping_it_quotes() -> None:
    quoted = echo_request(socket.AF_INET, 0x1234, 517, 56)
    assert quoted_seq(socket.AF_INET, quoted) == 517
    assert quoted_seq(socket.AF_INET, bytes([ECHO_REQUEST[socket.AF_INET] + 1]) + quoted[1:]) is None
    assert quoted_seq(socket.AF_INET, quoted[:6]) is None  # truncated by the router


@pytest.mark.parametrize(("unreachable", "root"), [(Severity.CRITICAL, Code.HOST_UNREACHABLE),
                                                    (Severity.WARNING, Code.TCP_FILTERED)])
def test_a_late_host_unreachable_explains_a_filtered_port(unreachable: Severity, root: Code) -> None:
    """The connect gave up first (TCP_FILTERED); the pings' ICMP error came later and says why."""
    findings = [finding(Code.TCP_FILTERED, Severity.CRITICAL, "tcp.connect", address="10.0.0.5"),
                finding(Code.HOST_UNREACHABLE, unreachable, "icmp.echo", address="10.0.0.5")]
    _, cause = decide(findings)
    assert cause is not None and cause.code is root
    # A symptom, not a second cause: the report shows it beneath the unreachable host.
    assert (Code.TCP_FILTERED in explained(findings)) is (unreachable is Severity.CRITICAL)
