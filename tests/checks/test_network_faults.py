"""Network faults on real components in network namespaces: the verdict names each one.

A client and a server namespace joined by veth; the lab server and a DNS
server run in the server namespace, `t3gui diagnose` in the client one, and
nftables in the server namespace plays the firewall.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.netlab import NetLab, can_use_netns

pytestmark = [pytest.mark.netns, pytest.mark.skipif(can_use_netns() is not None, reason=str(can_use_netns()))]


@pytest.fixture
def lab_faults() -> list[str]:
    """The lab server's faults; a test parametrizes it to choose others."""
    return []


@pytest.fixture
def net(pki: dict[str, Path], token: Callable[..., str], tmp_path: Path, lab_faults: list[str]) -> Iterator[NetLab]:
    with NetLab() as lab:
        lab.spawn(lab.server, sys.executable, "-m", "tests.helpers.netlab", "--host", lab.server_ip,
                  "--cert", str(pki["server-good.pem"]), "--key", str(pki["server-good.key"]),
                  "--jwt-key", str(pki["jwt-es256.pub.pem"]), *[a for f in lab_faults for a in ("--fault", f)],
                  ready="listening on")
        token_file = tmp_path / "token.jwt"
        token_file.write_text(token())
        lab.token_file = token_file  # type: ignore[attr-defined]
        lab.ca_file = pki["root-ca.pem"]  # type: ignore[attr-defined]
        yield lab


def diagnose(lab: NetLab, target: str, *extra: str, timeout: float = 1.0) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    result = lab.python(lab.client, "-m", "t3gui", "diagnose", target, "--json", "--server-name", "localhost",
                        "--ca-file", str(lab.ca_file), "--token-file", str(lab.token_file),  # type: ignore[attr-defined]
                        "--timeout", str(timeout), *extra)
    elapsed = time.monotonic() - started
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout), elapsed


def codes(doc: dict[str, Any]) -> set[str]:
    return {f["code"] for f in doc["findings"]}


def test_healthy_across_namespaces_with_real_ping(net: NetLab) -> None:
    doc, _ = diagnose(net, net.server_ip)
    assert doc["verdict"]["status"] == "healthy", doc["findings"]
    assert doc["measurements"]["rtt"]["icmp"]["received"] == 20
    assert doc["measurements"]["rtt"]["t3_udp"]["received"] == 20


@pytest.mark.parametrize(("rule", "code"), [
    ("tcp dport 12345 drop", "TCP_FILTERED"),
    ("tcp dport 12345 reject with icmp type host-unreachable", "HOST_UNREACHABLE"),
    ("tcp dport 12345 reject with icmp type port-unreachable", "TCP_REFUSED"),
    ("tcp dport 12345 reject with tcp reset", "TCP_REFUSED"),
])
def test_firewall_on_the_control_port(net: NetLab, rule: str, code: str) -> None:
    net.firewall(net.server, rule)
    doc, elapsed = diagnose(net, net.server_ip, timeout=1.5)
    assert doc["verdict"]["root_cause"] == code, doc["findings"]
    assert elapsed < 1.5 + 2.5  # one timeout (plus process start-up), not a sum of timeouts


def test_a_lost_syn_is_not_a_firewall(net: NetLab) -> None:
    """The first SYN vanishes (its retransmission would come after the timeout); the host answers
    ping, so fresh SYNs decide, and they get through: a lossy path is no firewall."""
    net.firewall(net.server, "tcp dport 12345 tcp flags syn quota until 100 bytes drop")
    doc, elapsed = diagnose(net, net.server_ip, "--tier", "basic", timeout=0.5)
    connect = next(c for c in doc["checks"] if c["id"] == "tcp.connect")
    assert connect["status"] == "pass" and "TCP_FILTERED" not in codes(doc), doc["findings"]
    assert connect["duration_ms"] > 500  # it did wait past the timeout...
    assert connect["data"]["endpoints"][0]["ms"] < 500  # ...and reports the round trip of the SYN answered
    assert elapsed < 0.5 + 1.0 + 2.5


def test_icmp_blocked_is_reported_but_does_not_fail(net: NetLab) -> None:
    net.firewall(net.server, "icmp type echo-request drop")
    doc, _ = diagnose(net, net.server_ip)
    assert "ICMP_BLOCKED" in codes(doc) and doc["verdict"]["status"] == "healthy"


def test_udp_blocked_by_a_firewall(net: NetLab) -> None:
    net.firewall(net.server, "udp dport 12346 drop")
    doc, _ = diagnose(net, net.server_ip, timeout=0.5)
    assert doc["verdict"]["root_cause"] == "UDP_BLOCKED"
    assert doc["measurements"]["rtt"]["t3_tcp"]["received"] == 20  # fell back to the control channel


LOSS_15 = "numgen random mod 100 < 15 drop"


@pytest.mark.parametrize(("lab_faults", "rules", "stall"), [
    # Nothing the server says on the control port arrives (its SYN-ACK and bare ACKs do): TLS stalls.
    ([], ["tcp sport 12345 ip length > 60 drop"], "TLS_HANDSHAKE_FAILED"),
    (["no-response"], [], "T3_NO_RESPONSE"),
], ids=["tls-stall", "t3-stall"])
def test_heavy_loss_is_measured_beneath_a_stalled_handshake(net: NetLab, lab_faults: list[str], rules: list[str],
                                                            stall: str) -> None:
    net.firewall(net.server, LOSS_15)
    for rule in rules:
        net.firewall(net.server, rule, hook="output")
    doc, _ = diagnose(net, net.server_ip, "--probes", "100", timeout=1.0)
    assert stall in codes(doc), doc["findings"]
    quality = next(c for c in doc["checks"] if c["id"] == "path.quality")
    assert quality["status"] == "fail" and quality["data"]["judged"] == "icmp", quality
    loss = next(f for f in doc["findings"] if f["code"] == "HIGH_LOSS")
    assert loss["severity"] == "critical" and 5 <= loss["evidence"]["loss_pct"] < 35
    assert doc["verdict"]["root_cause"] == "HIGH_LOSS", doc["findings"]  # the loss explains the stall


def test_heavy_loss_alone_is_the_root_cause_whatever_stalls(net: NetLab) -> None:
    """15 % of everything the server receives is lost: whether the run completes or a handshake
    stalls past the timeout this time, the verdict names the loss."""
    net.firewall(net.server, LOSS_15)
    doc, _ = diagnose(net, net.server_ip, "--probes", "100", timeout=1.0)
    assert doc["verdict"]["root_cause"] == "HIGH_LOSS", doc["findings"]
    stalls = codes(doc) & {"TLS_HANDSHAKE_FAILED", "T3_NO_RESPONSE", "TCP_FILTERED", "MTU_BLACKHOLE"}
    assert stalls <= {"TLS_HANDSHAKE_FAILED", "T3_NO_RESPONSE"}, doc["findings"]


def test_random_loss_on_udp(net: NetLab) -> None:
    net.firewall(net.server, "udp dport 12346 numgen random mod 100 < 40 drop")
    doc, _ = diagnose(net, net.server_ip, "--probes", "60", timeout=0.5)
    loss = doc["measurements"]["rtt"]["t3_udp"]["loss_pct"]
    assert 15 < loss < 65 and doc["verdict"]["root_cause"] == "HIGH_LOSS"


@pytest.fixture
def dns_net(net: NetLab) -> NetLab:
    zone = [f"good.t3.test=A:{net.server_ip}", "nodata.t3.test=NODATA", "servfail.t3.test=SERVFAIL",
            "slow.t3.test=DROP"]
    net.spawn(net.server, sys.executable, "-m", "tests.helpers.dns_server", "--listen", f"{net.server_ip}:53",
              *[a for z in zone for a in ("--zone", z)], ready="listening")
    net.spawn(net.server, sys.executable, "-m", "tests.helpers.dns_server", "--listen", f"{net.server_ip}:5353",
              "--zone", f"good.t3.test=A:{net.prefix}.99", ready="listening")
    net.resolv_conf(net.client, net.server_ip)
    return net


@pytest.mark.parametrize(("name", "code"), [
    ("missing.t3.test", "DNS_NXDOMAIN"),
    ("nodata.t3.test", "DNS_NO_ADDRESS"),
    ("servfail.t3.test", "DNS_SERVFAIL"),
    ("slow.t3.test", "DNS_TIMEOUT"),
])
def test_dns_failures_through_the_system_resolver(dns_net: NetLab, name: str, code: str) -> None:
    doc, elapsed = diagnose(dns_net, name)
    assert doc["verdict"]["root_cause"] == code, doc["findings"]
    assert elapsed < 1.0 + 3.0


def test_dns_name_resolves_and_the_server_is_healthy(dns_net: NetLab) -> None:
    doc, _ = diagnose(dns_net, "good.t3.test")
    dns_check = next(c for c in doc["checks"] if c["id"] == "dns.resolve")
    assert dns_check["data"]["addresses"] == [dns_net.server_ip]
    assert doc["verdict"]["status"] == "healthy", doc["findings"]


def test_resolvers_that_disagree(dns_net: NetLab) -> None:
    doc, _ = diagnose(dns_net, "good.t3.test", "--dns-server", f"{dns_net.server_ip}:5353")
    mismatch = next(f for f in doc["findings"] if f["code"] == "DNS_MISMATCH")
    assert mismatch["evidence"]["other"] == f"{dns_net.prefix}.99"
    resolvers = next(c for c in doc["checks"] if c["id"] == "dns.resolve")["data"]["resolvers"]
    assert len(resolvers) == 2  # both answers side by side


def test_no_network_at_all() -> None:
    lab = NetLab().open(connect=False)
    try:
        result = lab.python(lab.client, "-m", "t3gui", "diagnose", lab.server_ip, "--json", "--timeout", "1")
        doc = json.loads(result.stdout)
        assert doc["verdict"]["root_cause"] == "NO_NETWORK", doc["findings"]
    finally:
        lab.close()


def test_routing_loop_is_found_beneath_a_dead_port() -> None:
    """client -> r1 -> r2 -> r1 -> ...: the routers send the server's prefix to each other."""
    lab = NetLab().open()
    try:
        r1, r2 = lab.server, f"t3r-{lab.tag}"
        lab.add_namespace(r2)
        link_net, far = lab.prefix.replace("10.77.", "10.78."), lab.prefix.replace("10.77.", "10.79.")
        lab.link(r1, f"{link_net}.1", r2, f"{link_net}.2")
        for router in (r1, r2):
            lab.exec(router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1")
        lab.exec(lab.client, "ip", "route", "add", "default", "via", lab.server_ip)
        lab.exec(r1, "ip", "route", "add", f"{far}.0/24", "via", f"{link_net}.2")
        lab.exec(r2, "ip", "route", "add", f"{far}.0/24", "via", f"{link_net}.1")
        lab.exec(r2, "ip", "route", "add", f"{lab.prefix}.0/24", "via", f"{link_net}.1")
        result = lab.python(lab.client, "-m", "t3gui", "diagnose", f"{far}.1", "--json", "--timeout", "1")
        doc = json.loads(result.stdout)
        assert doc["verdict"]["root_cause"] == "ROUTE_LOOP", doc["findings"]
        loop = next(f for f in doc["findings"] if f["code"] == "ROUTE_LOOP")
        assert loop["evidence"]["repeated"] in (lab.server_ip, f"{link_net}.2", f"{link_net}.1")
        trace = next(c for c in doc["checks"] if c["id"] == "path.traceroute")["data"]["hops"]
        assert trace[0]["address"] == lab.server_ip and len(trace) >= 3
    finally:
        lab.close()


def test_mtu_black_hole_beneath_a_stalled_handshake(net: NetLab) -> None:
    # Large packets from the server vanish and no 'fragmentation needed' comes back.
    net.firewall(net.server, f"oifname {net.server_if} ip length > 1300 drop", hook="output")
    doc, _ = diagnose(net, net.server_ip, timeout=1.5)
    assert doc["verdict"]["root_cause"] == "MTU_BLACKHOLE", doc["findings"]
    hole = next(f for f in doc["findings"] if f["code"] == "MTU_BLACKHOLE")
    assert hole["evidence"]["largest_ok"] <= 1300 < hole["evidence"]["smallest_lost"]
    assert "TLS_HANDSHAKE_FAILED" in codes(doc)  # the symptom the black hole explains


# A VPN client holds its tun device open; only then does the device carry traffic (up and running).
HOLD_TUN = """
import fcntl, os, struct, subprocess, sys, time
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454CA, struct.pack("16sH", b"tun7", 0x0001 | 0x1000))  # TUNSETIFF: IFF_TUN | IFF_NO_PI
subprocess.run(["ip", "link", "set", "tun7", "up"], check=True)
print("ready", flush=True)
time.sleep(120)
"""


def test_a_vpn_interface_is_noticed(net: NetLab) -> None:
    holder = subprocess.Popen(["ip", "netns", "exec", net.client, sys.executable, "-c", HOLD_TUN],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        doc, _ = diagnose(net, net.server_ip)
    finally:
        holder.kill()
        holder.wait()
    vpn = next(f for f in doc["findings"] if f["code"] == "VPN_ACTIVE")
    assert vpn["evidence"]["interfaces"] == ["tun7"] and doc["verdict"]["status"] == "healthy"


def test_a_vpn_device_nobody_holds_is_not_an_active_vpn(net: NetLab) -> None:
    net.exec(net.client, "ip", "tuntap", "add", "dev", "tun8", "mode", "tun")
    net.exec(net.client, "ip", "link", "set", "tun8", "up")  # up, but no carrier: no VPN client runs
    doc, _ = diagnose(net, net.server_ip)
    assert "VPN_ACTIVE" not in [f["code"] for f in doc["findings"]]
