"""Every check, declared once, in one explicit list (PyInstaller sees every import).

``per_node`` marks what runs again on every address when the name has several (core.nodes):
what one server of a cluster can get wrong on its own. Heartbeats, the path and ping stay
with the node the main run reaches.
"""

from __future__ import annotations

from t3gui.checks import (
    auth_check,
    dns_check,
    heartbeat_check,
    icmp_check,
    local_check,
    path_check,
    path_trace_check,
    t3_check,
    tcp_check,
    tls_check,
)
from t3gui.core.check import CheckSpec
from t3gui.core.codes import Code
from t3gui.core.model import Tier
from t3gui.core.verdict import EXPLAINS

BASIC, INTER, ADV = Tier.BASIC, Tier.INTERMEDIATE, Tier.ADVANCED
ROUTE_EXPLAINS = EXPLAINS[Code.ROUTE_LOOP]
MTU_EXPLAINS = EXPLAINS[Code.MTU_BLACKHOLE]
LOSS_EXPLAINS = EXPLAINS[Code.HIGH_LOSS]
# A router may say "host unreachable" only once its ARP retries are over: the connect listens that long,
# and may then try fresh SYNs.
UNREACHABLE_WAIT_S = tcp_check.ARP_WINDOW_S + tcp_check.CONFIRM_MAX_S + 0.5

CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec("dns.resolve", BASIC, "Server name lookup", dns_check.run, timeout_probes=1.0),
    CheckSpec("local.network", BASIC, "Network connection", local_check.run_network, after=("dns.resolve",)),
    CheckSpec("local.proxy", BASIC, "Proxy settings", local_check.run_proxy),
    CheckSpec("tcp.connect", BASIC, "Control port", tcp_check.run, needs=("dns.resolve",),
              timeout_extra_s=UNREACHABLE_WAIT_S, per_node=True),
    CheckSpec("icmp.echo", BASIC, "Ping", icmp_check.run, needs=("dns.resolve",), interval_probes=1.0,
              timeout_extra_s=UNREACHABLE_WAIT_S + 0.5),
    CheckSpec("tls.handshake", INTER, "Secure connection", tls_check.run_handshake, needs=("tcp.connect",),
              after=("local.proxy",), timeout_probes=4.0, per_node=True),
    CheckSpec("tls.certificate", INTER, "Server certificate", tls_check.run_certificate, after=("tls.handshake",),
              timeout_probes=2.0, per_node=True),
    CheckSpec("t3.handshake", INTER, "T3 handshake", t3_check.run_handshake, needs=("tcp.connect",),
              after=("tls.handshake",), timeout_probes=2.0, per_node=True),
    CheckSpec("clock.skew", INTER, "Clock", t3_check.run_clock, after=("t3.handshake", "auth.server"),
              per_node=True),
    CheckSpec("auth.token", INTER, "Login token", auth_check.run_token),
    CheckSpec("auth.server", INTER, "Login", auth_check.run_server, after=("t3.handshake", "auth.token",
                                                                        "tls.certificate"), per_node=True),
    CheckSpec("t3.status", ADV, "Server load", t3_check.run_status, after=("auth.server",)),
    CheckSpec("t3.heartbeat", ADV, "Heartbeats", heartbeat_check.run, needs=("auth.server",),
              after=("t3.status",), timeout_probes=2.0, interval_probes=2.0),
    CheckSpec("path.quality", ADV, "Latency, loss and jitter", path_check.run,
              after=("t3.heartbeat", "icmp.echo", "tcp.connect"), interval_probes=1.0, explains=LOSS_EXPLAINS),
    CheckSpec("path.traceroute", ADV, "Route to the server", path_trace_check.run_traceroute,
              needs=("dns.resolve",), explains=ROUTE_EXPLAINS),
    CheckSpec("path.mtu", ADV, "Packet size", path_trace_check.run_mtu, needs=("icmp.echo",),
              after=("path.traceroute",), timeout_probes=2.0, explains=MTU_EXPLAINS),
)
