"""environment.json: the computer's side, from an allowlist of fields (never an environment dump).

Read here, beside the platform probes it uses; the bundle writer in core only stores it.
"""

from __future__ import annotations

import os
import platform
import socket
import sys
from typing import Any

from t3gui import __version__
from t3gui.checks.platform import netinfo
from t3gui.checks.platform.proxy import proxy_settings


def collect() -> dict[str, Any]:
    try:
        import dns.resolver

        nameservers = [str(n) for n in dns.resolver.Resolver().nameservers]
    except Exception:  # no resolver configuration is itself worth reporting as empty
        nameservers = []
    try:
        import ssl

        openssl = ssl.OPENSSL_VERSION
    except ImportError:
        openssl = "none"
    interfaces = netinfo.interfaces()
    return {
        "os": {"system": platform.system(), "release": platform.release(), "version": platform.version(),
               "machine": platform.machine()},
        "versions": {"t3gui": __version__, "python": sys.version.split()[0], "openssl": openssl},
        "interfaces": [{"name": i.name, "up": i.up, "loopback": i.loopback} for i in interfaces],
        "vpn_interfaces": netinfo.vpn_interfaces(interfaces),
        "dns": {"nameservers": nameservers},
        "proxies": [{"proxy": p.proxy, "source": p.source, "bypass": list(p.bypass)}
                    for p in proxy_settings(os.environ)],
        "routes": {"default_v4": _route(netinfo.TEST_NET[socket.AF_INET]),
                   "default_v6": _route(netinfo.TEST_NET[socket.AF_INET6])},
    }


def _route(address: str) -> str | None:
    try:
        return netinfo.route_source(address)
    except OSError:
        return None
