"""Interfaces and routes, read without privileges or external tools."""

from __future__ import annotations

import errno
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

# tun/tap (OpenVPN), utun (macOS VPNs), ppp (PPTP/L2TP, Windows RAS), wg (WireGuard), ipsec, GlobalProtect,
# ZeroTier, Tailscale, NordLynx.
VPN_NAME = re.compile(r"^(tun|tap|utun|ppp|wg|ipsec|gpd|zt|tailscale|nordlynx)[\d_]*", re.IGNORECASE)
TEST_NET = {socket.AF_INET: "192.0.2.1", socket.AF_INET6: "2001:db8::1"}  # RFC 5737/3849: never routed


@dataclass(frozen=True)
class Interface:
    name: str
    up: bool | None  # None: the OS does not say
    loopback: bool


def linux_interfaces(sys_net: Path = Path("/sys/class/net")) -> list[Interface]:
    out = []
    for entry in sorted(sys_net.iterdir()):
        try:
            flags = int((entry / "flags").read_text().strip(), 16)
        except (OSError, ValueError):
            flags = 0
        out.append(Interface(entry.name, bool(flags & 0x1), bool(flags & 0x8)))
    return out


def interfaces(platform: str = sys.platform) -> list[Interface]:
    if platform.startswith("linux") and Path("/sys/class/net").is_dir():
        return linux_interfaces()
    try:
        names = [name for _, name in socket.if_nameindex()]
    except (OSError, AttributeError):
        return []
    return [Interface(n, None, n.lower().startswith(("lo", "loopback"))) for n in names]


def vpn_interfaces(found: list[Interface]) -> list[str]:
    return [i.name for i in found if i.up is not False and VPN_NAME.match(i.name)]


def route_source(address: str) -> str | None:
    """The local address the OS would send from, or None when it has no route.

    A UDP connect only consults the routing table; no packet leaves the machine.
    """
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((address, 9))
            return str(sock.getsockname()[0])
    except OSError as exc:
        if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
            return None
        raise
