"""local.network and local.proxy: this computer's side of the connection."""

from __future__ import annotations

import os

from t3gui.checks.platform import netinfo
from t3gui.checks.platform.proxy import bypassed, proxy_settings
from t3gui.core.check import Outcome, finding
from t3gui.core.check_data import LocalNetworkData, LocalProxyData, NetworkInterface
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Finding, Status
from t3gui.core.run_state import Proxy
from t3gui.core.say import say

NETWORK_ID = "local.network"
PROXY_ID = "local.proxy"


async def run_network(ctx: CheckContext) -> Outcome:
    """Interfaces that are up, a route towards the server, and VPN interfaces."""
    found = netinfo.interfaces()
    up = [i.name for i in found if i.up is not False and not i.loopback]
    # The server's addresses; failing those (no DNS answer), the name servers; failing those, any route.
    destinations = ctx.state.addresses or ctx.state.nameservers or list(netinfo.TEST_NET.values())
    routes = {a: netinfo.route_source(a) for a in destinations}
    data = LocalNetworkData(tuple(NetworkInterface(i.name, i.up, i.loopback) for i in found),
                            tuple(routes.items())).to_json()
    findings: list[Finding] = []
    if not any(routes.values()):
        findings.append(finding(Code.NO_NETWORK, Severity.CRITICAL, NETWORK_ID, interfaces=up or ["none"],
                                destinations=destinations))
        return Outcome(Status.FAIL, say("local.no_route" if up else "local.no_route_no_if"), data,
                       tuple(findings))
    vpns = netinfo.vpn_interfaces(found)
    if vpns:
        findings.append(finding(Code.VPN_ACTIVE, Severity.INFO, NETWORK_ID, interfaces=vpns))
    sources = sorted({s for s in routes.values() if s})
    return Outcome(Status.PASS, say("local.route", sources=", ".join(sources), interfaces=", ".join(up) or "-"), data,
                   tuple(findings))


async def run_proxy(ctx: CheckContext) -> Outcome:
    """Proxy settings of the OS and the environment (credentials are never read out)."""
    host = ctx.options.target.host
    settings = [s for s in proxy_settings(os.environ) if not bypassed(host, s)]
    data = LocalProxyData(tuple(Proxy(s.proxy, s.source) for s in settings)).to_json()
    if not settings:
        return Outcome(Status.PASS, say("proxy.none"), data)
    first = settings[0]
    ctx.state.proxy = Proxy(first.proxy, first.source)
    return Outcome(Status.PASS, say("proxy.found", proxy=first.proxy, source=first.source), data,
                   (finding(Code.PROXY_CONFIGURED, Severity.INFO, PROXY_ID, proxy=first.proxy, source=first.source),))
