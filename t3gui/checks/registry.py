"""Every check, declared once, in one explicit list (PyInstaller sees every import)."""

from __future__ import annotations

from t3gui.checks import (
    auth_check,
    dns_check,
    heartbeat_check,
    icmp_check,
    local_check,
    path_check,
    t3_check,
    tcp_check,
    tls_check,
)
from t3gui.core.check import CheckSpec
from t3gui.core.model import Tier

B, I, A = Tier.BASIC, Tier.INTERMEDIATE, Tier.ADVANCED

CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec("dns.resolve", B, "Server name lookup", dns_check.run, timeout_probes=1.0),
    CheckSpec("local.network", B, "Network connection", local_check.run_network, after=("dns.resolve",)),
    CheckSpec("local.proxy", B, "Proxy settings", local_check.run_proxy),
    CheckSpec("tcp.connect", B, "Control port", tcp_check.run, needs=("dns.resolve",)),
    CheckSpec("icmp.echo", B, "Ping", icmp_check.run, needs=("dns.resolve",), after=("tcp.connect",),
              interval_probes=1.0),
    CheckSpec("tls.handshake", I, "Secure connection", tls_check.run_handshake, needs=("tcp.connect",),
              after=("local.proxy",), timeout_probes=4.0),
    CheckSpec("tls.certificate", I, "Server certificate", tls_check.run_certificate, after=("tls.handshake",)),
    CheckSpec("t3.handshake", I, "T3 handshake", t3_check.run_handshake, needs=("tcp.connect",),
              after=("tls.handshake",), timeout_probes=2.0),
    CheckSpec("clock.skew", I, "Clock", t3_check.run_clock, after=("t3.handshake",)),
    CheckSpec("auth.token", I, "Login token", auth_check.run_token),
    CheckSpec("auth.server", I, "Login", auth_check.run_server, after=("t3.handshake", "auth.token",
                                                                        "tls.certificate")),
    CheckSpec("t3.status", A, "Server load", t3_check.run_status, after=("auth.server",)),
    CheckSpec("t3.heartbeat", A, "Heartbeats", heartbeat_check.run, needs=("auth.server",),
              after=("t3.status",), timeout_probes=2.0, interval_probes=2.0),
    CheckSpec("path.quality", A, "Latency, loss and jitter", path_check.run,
              after=("t3.heartbeat", "icmp.echo", "tcp.connect")),
)
