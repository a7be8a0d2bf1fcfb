"""Every check, declared once, in one explicit list (PyInstaller sees every import).

A check's title is not written here: ``_check`` takes it from t3gui.core.text.titles,
where it is declared once in every language for the reports and the app.

``per_node`` marks what runs again on every address when the name has several (core.nodes):
what one server of a cluster can get wrong on its own. Heartbeats, the path and ping stay
with the node the main run reaches.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

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
from t3gui.core.check import CheckSpec, Outcome
from t3gui.core.codes import Code
from t3gui.core.model import Tier
from t3gui.core.text.titles import TITLES
from t3gui.core.verdict import EXPLAINS

if TYPE_CHECKING:
    from t3gui.core.context import CheckContext

BASIC, INTER, ADV = Tier.BASIC, Tier.INTERMEDIATE, Tier.ADVANCED
ROUTE_EXPLAINS = EXPLAINS[Code.ROUTE_LOOP]
MTU_EXPLAINS = EXPLAINS[Code.MTU_BLACKHOLE]
LOSS_EXPLAINS = EXPLAINS[Code.HIGH_LOSS]
# A router may say "host unreachable" only once its ARP retries are over: the connect listens that long,
# and may then try fresh SYNs.
UNREACHABLE_WAIT_S = tcp_check.ARP_WINDOW_S + tcp_check.CONFIRM_MAX_S + 0.5


def _check(check_id: str, tier: Tier, run: Callable[[CheckContext], Awaitable[Outcome]], **options: Any) -> CheckSpec:
    """A check, titled from t3gui.core.text.titles: its title is written there once, in every language."""
    title = TITLES.get(check_id)
    if title is None:
        raise KeyError(f"check {check_id} has no title in t3gui/core/text/titles.py")
    return CheckSpec(check_id, tier, title["en"], run, **options)


CHECKS: tuple[CheckSpec, ...] = (
    _check("dns.resolve", BASIC, dns_check.run, timeout_probes=1.0),
    _check("local.network", BASIC, local_check.run_network, after=("dns.resolve",)),
    _check("local.proxy", BASIC, local_check.run_proxy),
    _check("tcp.connect", BASIC, tcp_check.run, needs=("dns.resolve",),
           timeout_extra_s=UNREACHABLE_WAIT_S, per_node=True),
    _check("icmp.echo", BASIC, icmp_check.run, needs=("dns.resolve",), interval_probes=1.0,
           timeout_extra_s=UNREACHABLE_WAIT_S + 0.5),
    _check("tls.handshake", INTER, tls_check.run_handshake, needs=("tcp.connect",),
           after=("local.proxy",), timeout_probes=4.0, per_node=True),
    _check("tls.certificate", INTER, tls_check.run_certificate, after=("tls.handshake",),
           timeout_probes=2.0, per_node=True),
    _check("t3.handshake", INTER, t3_check.run_handshake, needs=("tcp.connect",),
           after=("tls.handshake",), timeout_probes=2.0, per_node=True),
    _check("clock.skew", INTER, t3_check.run_clock, after=("t3.handshake", "auth.server"), per_node=True),
    _check("auth.token", INTER, auth_check.run_token),
    _check("auth.server", INTER, auth_check.run_server, after=("t3.handshake", "auth.token", "tls.certificate"),
           per_node=True),
    _check("t3.status", ADV, t3_check.run_status, after=("auth.server",)),
    _check("t3.heartbeat", ADV, heartbeat_check.run, needs=("auth.server",),
           after=("t3.status",), timeout_probes=2.0, interval_probes=2.0),
    _check("path.quality", ADV, path_check.run,
           after=("t3.heartbeat", "icmp.echo", "tcp.connect"), interval_probes=1.0, explains=LOSS_EXPLAINS),
    _check("path.traceroute", ADV, path_trace_check.run_traceroute,
           needs=("dns.resolve",), after=("tcp.connect", "icmp.echo"), explains=ROUTE_EXPLAINS),
    _check("path.mtu", ADV, path_trace_check.run_mtu, needs=("icmp.echo",),
           after=("path.traceroute",), timeout_probes=2.0, explains=MTU_EXPLAINS),
)
