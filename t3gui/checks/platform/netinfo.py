"""Interfaces and routes, read without privileges or external tools.

Interface state comes from psutil, which asks each OS its own way (GetAdaptersAddresses
on Windows, getifaddrs/ioctl on macOS and Linux): a Windows or macOS user needs
NO_NETWORK and VPN_ACTIVE as much as a Linux one.
"""

from __future__ import annotations

import errno
import re
import socket
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# tun/tap (OpenVPN), utun (macOS VPNs), ppp (PPTP/L2TP, Windows RAS), wg (WireGuard), ipsec, GlobalProtect,
# ZeroTier, Tailscale, NordLynx.
VPN_NAME = re.compile(r"^(tun|tap|utun|ppp|wg|ipsec|gpd|zt|tailscale|nordlynx)[\d_]*", re.IGNORECASE)
# Windows names adapters after the product ("OpenVPN TAP-Windows6", "WireGuard Tunnel", "PANGP Virtual
# Ethernet Adapter") unless the user renamed them: look for those words anywhere in the name.
VPN_PRODUCT = re.compile(r"openvpn|wireguard|wintun|tap-windows|anyconnect|globalprotect|pangp|forti|juniper|"
                         r"pulse secure|zscaler|nordlynx|tailscale|zerotier|expressvpn|proton", re.IGNORECASE)
LOOPBACK_NAME = re.compile(r"^(lo\d*|loopback.*)$", re.IGNORECASE)
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


class NicStats(Protocol):
    @property
    def isup(self) -> bool: ...


class NicAddress(Protocol):
    @property
    def family(self) -> int: ...

    @property
    def address(self) -> str: ...


def _is_loopback(name: str, stats: NicStats, addresses: Sequence[NicAddress]) -> bool:
    flags = getattr(stats, "flags", "")  # POSIX only; Windows names its loopback and gives it 127/8 and ::1
    if "loopback" in flags.split(","):
        return True
    ips = [a.address for a in addresses if a.family in (socket.AF_INET, socket.AF_INET6)]
    if ips:
        return all(ip.startswith("127.") or ip == "::1" for ip in ips)
    return bool(LOOPBACK_NAME.match(name))  # "Local Area Connection" is not one


def from_psutil(stats: Mapping[str, NicStats], addresses: Mapping[str, Sequence[NicAddress]]) -> list[Interface]:
    """psutil's answers (``net_if_stats()``, ``net_if_addrs()``) as Interfaces."""
    return [Interface(name, bool(st.isup), _is_loopback(name, st, list(addresses.get(name, []))))
            for name, st in sorted(stats.items())]


def interfaces(platform: str = sys.platform) -> list[Interface]:
    try:
        import psutil

        return from_psutil(psutil.net_if_stats(), psutil.net_if_addrs())
    except (ImportError, OSError, RuntimeError):
        pass  # a locked-down machine may refuse; fall back to what needs no library
    if platform.startswith("linux") and Path("/sys/class/net").is_dir():
        return linux_interfaces()
    try:
        names = [name for _, name in socket.if_nameindex()]
    except (OSError, AttributeError):
        return []
    return [Interface(n, None, bool(LOOPBACK_NAME.match(n))) for n in names]


def vpn_interfaces(found: list[Interface]) -> list[str]:
    return [i.name for i in found if i.up is not False and (VPN_NAME.match(i.name) or VPN_PRODUCT.search(i.name))]


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
