"""Traceroute without privileges: UDP probes with a chosen TTL, and the ICMP
errors they cause read from the socket's error queue (Linux IP_RECVERR).

Every TTL is probed at once, each probe on its own socket, so a whole trace
costs one timeout. Other systems report TracerouteUnavailable; the check
says so instead of guessing.

Hand-written because the trace libraries (scapy, icmplib's traceroute) send
raw packets, which need root or Npcap; and the system's traceroute/tracert is
a different program with different output on every OS.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
import time
from dataclasses import dataclass
from typing import Any

from t3gui.checks.platform.icmp import IP_RECVERR, IPV6_RECVERR, MSG_ERRQUEUE, icmp_kind, parse_error

BASE_PORT = 33434


class TracerouteUnavailable(Exception):
    pass


@dataclass(frozen=True)
class ProbeReply:
    ttl: int
    address: str | None  # who answered; None: nobody within the timeout
    rtt_ms: float | None
    reached: bool  # the destination itself answered (port unreachable)
    unreachable: bool = False  # a router said the destination cannot be reached
    kind: str = ""  # what the ICMP error said (icmp.icmp_kind), when one came


async def windows_probe(api: Any, destination: str, ttl: int, timeout: float) -> ProbeReply:
    """One IcmpSendEcho2 with a TTL: an expired TTL names the router, success the destination."""
    from t3gui.checks.platform.windows_icmp import (
        IP_DEST_HOST_UNREACHABLE,
        IP_SUCCESS,
        IP_TTL_EXPIRED_TRANSIT,
    )

    handle = api.IcmpCreateFile()
    try:
        result = await asyncio.to_thread(api.send, handle, destination, 32, False, int(timeout * 1000), ttl)
    finally:
        api.IcmpCloseHandle(handle)
    if result.status == IP_SUCCESS:
        return ProbeReply(ttl, result.address, result.rtt_ms, True)
    if result.status == IP_TTL_EXPIRED_TRANSIT:
        return ProbeReply(ttl, result.address, result.rtt_ms, False)
    if result.status == IP_DEST_HOST_UNREACHABLE:
        return ProbeReply(ttl, result.address, result.rtt_ms, False, True, "host-unreachable")
    return ProbeReply(ttl, None, None, False)


async def probe(destination: str, ttl: int, timeout: float, platform: str = sys.platform,
                windows_api: Any = None) -> ProbeReply:
    if platform == "win32" or windows_api is not None:
        if ":" in destination:
            raise TracerouteUnavailable("IPv6 traceroute through IcmpSendEcho2 is not supported here")
        if windows_api is None:  # pragma: no cover - Windows only
            from t3gui.checks.platform.windows_icmp import IcmpApi

            windows_api = IcmpApi()
        return await windows_probe(windows_api, destination, ttl, timeout)
    if not platform.startswith("linux"):
        raise TracerouteUnavailable("unprivileged traceroute is not available on this system "
                                    "(Linux uses IP_RECVERR, Windows IcmpSendEcho2)")
    family = socket.AF_INET6 if ":" in destination else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.setblocking(False)
    loop = asyncio.get_running_loop()
    done: asyncio.Future[tuple[str, int, int]] = loop.create_future()
    try:
        if family == socket.AF_INET:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
            sock.setsockopt(socket.IPPROTO_IP, IP_RECVERR, 1)
        else:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, ttl)
            sock.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVERR, 1)

        def readable() -> None:
            try:
                _, ancdata, _, _ = sock.recvmsg(512, 1024, MSG_ERRQUEUE)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            parsed = parse_error(ancdata, family)
            if parsed and not done.done():
                done.set_result(parsed)

        loop.add_reader(sock.fileno(), readable)
        sent = time.monotonic()
        sock.sendto(b"t3gui-traceroute", (destination, BASE_PORT + ttl))
        try:
            address, icmp_type, icmp_code = await asyncio.wait_for(done, timeout)
        except TimeoutError:
            return ProbeReply(ttl, None, None, False)
        rtt = (time.monotonic() - sent) * 1000
        if family == socket.AF_INET:
            reached = icmp_type == 3 and icmp_code == 3
            unreachable = icmp_type == 3 and not reached
        else:
            reached = icmp_type == 1 and icmp_code == 4
            unreachable = icmp_type == 1 and not reached
        return ProbeReply(ttl, address, rtt, reached or address == destination, unreachable and not reached,
                          icmp_kind(family, icmp_type, icmp_code))
    finally:
        with contextlib.suppress(Exception):
            loop.remove_reader(sock.fileno())
        sock.close()
