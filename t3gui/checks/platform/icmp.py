"""ICMP echo without privileges, behind one interface.

Linux and macOS: datagram ICMP sockets (Linux needs the user's group inside
net.ipv4.ping_group_range). Windows: IcmpSendEcho2 from iphlpapi. Where none
works, ``open_pinger`` raises IcmpUnavailable with the reason, and the checks
fall back to TCP timing.

Written here rather than taken from a ping library: icmplib's unprivileged mode
(the same datagram sockets) does not work on Windows, and raw-socket libraries
(scapy) need root or Npcap, which a user's laptop does not give. Nor does a
library hand back what the checks read from these sockets: which router
reported "host unreachable", and a don't-fragment ping's "message too big".
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import struct
import sys
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Protocol

ECHO_REQUEST: dict[int, int] = {socket.AF_INET: 8, socket.AF_INET6: 128}
ECHO_REPLY: dict[int, int] = {socket.AF_INET: 0, socket.AF_INET6: 129}
IP_MTU_DISCOVER, IP_PMTUDISC_DO = 10, 2  # Linux: set DF and honour the learnt path MTU
IP_DONTFRAG_MACOS = 28
IP_RECVERR, IPV6_RECVERR = 11, 25  # Linux: queue the ICMP errors a socket's packets caused, with who sent them
SO_EE_ORIGIN_ICMP, SO_EE_ORIGIN_ICMP6 = 2, 3
MSG_ERRQUEUE = 0x2000
KEPT_ERRORS = 64
# (type, code) of destination-unreachable errors, by what they say; anything else of that type is "unreachable".
_UNREACHABLE_KINDS: dict[int, dict[int, str]] = {
    socket.AF_INET: {0: "net-unreachable", 1: "host-unreachable", 3: "port-unreachable", 6: "net-unreachable",
                     7: "host-unreachable", 9: "prohibited", 10: "prohibited", 13: "prohibited"},
    socket.AF_INET6: {0: "net-unreachable", 1: "prohibited", 3: "host-unreachable", 4: "port-unreachable",
                      5: "prohibited", 6: "prohibited"},
}
_UNREACHABLE_TYPE: dict[int, int] = {socket.AF_INET: 3, socket.AF_INET6: 1}
_TIME_EXCEEDED_TYPE: dict[int, int] = {socket.AF_INET: 11, socket.AF_INET6: 3}


@dataclass(frozen=True)
class IcmpError:
    """An ICMP error that came back for one of our packets."""

    reported_by: str  # the router or host that sent it ("" when the OS does not say)
    kind: str  # host-unreachable, net-unreachable, port-unreachable, prohibited, unreachable, time-exceeded
    quoted: bytes = b""  # the start of our packet that the error quotes

    @property
    def no_host(self) -> bool:
        """The network says there is nobody at the address (not a firewall, not a loop)."""
        return self.kind in ("host-unreachable", "net-unreachable")


def icmp_kind(family: int, icmp_type: int, icmp_code: int) -> str:
    if icmp_type == _TIME_EXCEEDED_TYPE[family]:
        return "time-exceeded"
    if icmp_type == _UNREACHABLE_TYPE[family]:
        return _UNREACHABLE_KINDS[family].get(icmp_code, "unreachable")
    return "other"


def parse_error(ancdata: list[tuple[int, int, bytes]], family: int) -> tuple[str, int, int] | None:
    """(offender address, ICMP type, ICMP code) from an IP_RECVERR control message."""
    for level, kind, data in ancdata:
        if (family == socket.AF_INET and (level, kind) == (socket.IPPROTO_IP, IP_RECVERR)) or \
                (family == socket.AF_INET6 and (level, kind) == (socket.IPPROTO_IPV6, IPV6_RECVERR)):
            _errno, origin, icmp_type, icmp_code, _pad, _info, _data = struct.unpack("=IBBBBII", data[:16])
            if origin not in (SO_EE_ORIGIN_ICMP, SO_EE_ORIGIN_ICMP6):
                return None
            offender = data[16:]
            if family == socket.AF_INET:
                address = socket.inet_ntop(socket.AF_INET, offender[4:8])
            else:
                address = socket.inet_ntop(socket.AF_INET6, offender[8:24])
            return address, icmp_type, icmp_code
    return None


def enable_icmp_errors(sock: socket.socket, platform: str = sys.platform) -> bool:
    """Ask the OS to queue ICMP errors on ``sock`` with their sender (Linux only); False elsewhere."""
    if not platform.startswith("linux"):
        return False
    try:
        if sock.family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVERR, 1)
        else:
            sock.setsockopt(socket.IPPROTO_IP, IP_RECVERR, 1)
    except OSError:
        return False
    return True


def drain_icmp_errors(sock: socket.socket) -> list[IcmpError]:
    """Every ICMP error queued on a socket with ``enable_icmp_errors``, oldest first. Only for
    such a socket: elsewhere MSG_ERRQUEUE means nothing, and the call would read a real datagram."""
    found: list[IcmpError] = []
    for _ in range(256):  # a bound: the queue is the kernel's, a flood must not hold the loop
        try:
            quoted, ancdata, _, _ = sock.recvmsg(512, 1024, MSG_ERRQUEUE)
        except OSError:  # empty (EAGAIN), or not supported here
            break
        parsed = parse_error(ancdata, sock.family)
        if parsed is not None:
            address, icmp_type, icmp_code = parsed
            found.append(IcmpError(address, icmp_kind(sock.family, icmp_type, icmp_code), quoted))
    return found


class IcmpUnavailable(Exception):
    """No unprivileged ICMP here; the message says why, ``reason`` says it as a key for translated text."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # not-permitted, no-socket, no-icmpv6 or no-handle


class MessageTooBig(Exception):
    """The OS refused a don't-fragment packet larger than the path MTU it knows."""


class Pinger(Protocol):
    errors: deque[IcmpError]  # the latest ICMP errors for our pings, even those after a ping gave up

    async def ping(self, seq: int, timeout: float, size: int = 56, dont_fragment: bool = False) -> float | None: ...
    def close(self) -> None: ...


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = int(sum(struct.unpack(f"!{len(data) // 2}H", data)))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def echo_request(family: int, ident: int, seq: int, size: int) -> bytes:
    payload = (b"t3gui-ping-" * (size // 11 + 1))[:size]
    header = struct.pack("!BBHHH", ECHO_REQUEST[family], 0, 0, ident, seq & 0xFFFF)
    if family == socket.AF_INET6:  # the kernel computes ICMPv6 checksums
        return header + payload
    return struct.pack("!BBHHH", ECHO_REQUEST[family], 0, checksum(header + payload), ident, seq & 0xFFFF) + payload


def parse_reply(family: int, data: bytes) -> int | None:
    """The seq of an echo reply, or None; strips an IPv4 header if the OS left it on (macOS)."""
    if family == socket.AF_INET and data and data[0] >> 4 == 4 and len(data) >= 20:
        data = data[(data[0] & 0x0F) * 4:]
    if len(data) < 8 or data[0] != ECHO_REPLY[family]:
        return None
    return int(struct.unpack("!H", data[6:8])[0])


def quoted_seq(family: int, quoted: bytes) -> int | None:
    """The seq of our echo request that an ICMP error quotes."""
    if len(quoted) < 8 or quoted[0] != ECHO_REQUEST[family]:
        return None
    return int(struct.unpack("!H", quoted[6:8])[0])


class DatagramPinger:
    def __init__(self, address: str) -> None:
        self.address = address
        self.family: int = socket.AF_INET6 if ":" in address else socket.AF_INET
        proto = socket.IPPROTO_ICMPV6 if self.family == socket.AF_INET6 else socket.IPPROTO_ICMP
        try:
            self.sock = socket.socket(self.family, socket.SOCK_DGRAM, proto)
        except PermissionError:
            raise IcmpUnavailable("unprivileged ICMP sockets are not allowed for this user "
                                  "(net.ipv4.ping_group_range)", "not-permitted") from None
        except OSError as exc:
            raise IcmpUnavailable(f"no ICMP socket: {exc.strerror}", "no-socket") from None
        self.sock.setblocking(False)
        # Without it, Linux drops the ICMP errors of an unconnected ping socket: a router's late
        # "host unreachable" would go unseen.
        self._errors_queued = enable_icmp_errors(self.sock)
        self.ident = os.getpid() & 0xFFFF
        self.errors: deque[IcmpError] = deque(maxlen=KEPT_ERRORS)  # a monitor pings for days
        self._waiting: dict[int, tuple[float, asyncio.Future[float | None]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def _set_dont_fragment(self, on: bool) -> None:
        if self.family != socket.AF_INET:
            return
        with contextlib.suppress(OSError):
            if sys.platform.startswith("linux"):
                self.sock.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO if on else 0)
            elif sys.platform == "darwin":
                self.sock.setsockopt(socket.IPPROTO_IP, IP_DONTFRAG_MACOS, 1 if on else 0)

    def _settle(self, seq: int | None, rtt_ms: float | None) -> None:
        waiting = self._waiting.pop(seq, None) if seq is not None else None
        if waiting is not None and not waiting[1].done():
            waiting[1].set_result(rtt_ms)

    def _readable(self) -> None:
        """Replies and ICMP errors, read until the socket has nothing more. The error queue is
        drained first: while it holds anything the socket stays readable, and a reader that
        only called recv() would spin."""
        arrived = time.monotonic()
        for _ in range(256):
            for error in drain_icmp_errors(self.sock) if self._errors_queued else ():
                self.errors.append(error)
                self._settle(quoted_seq(self.family, error.quoted), None)  # that ping will not be answered
            try:
                data = self.sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # the pending error of an ICMP message, already read from the queue
                continue
            seq = parse_reply(self.family, data)
            waiting = self._waiting.get(seq) if seq is not None else None
            if waiting is not None:
                self._settle(seq, (arrived - waiting[0]) * 1000)

    async def ping(self, seq: int, timeout: float, size: int = 56, dont_fragment: bool = False) -> float | None:
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
            loop.add_reader(self.sock.fileno(), self._readable)
        self._set_dont_fragment(dont_fragment)
        future: asyncio.Future[float | None] = loop.create_future()
        key = seq & 0xFFFF
        self._waiting[key] = (time.monotonic(), future)
        try:
            await loop.sock_sendto(self.sock, echo_request(self.family, self.ident, seq, size), (self.address, 0))
            return await asyncio.wait_for(future, timeout)
        except (TimeoutError, OSError):
            return None  # EMSGSIZE (bigger than the local MTU) counts as not delivered
        finally:
            self._waiting.pop(key, None)

    def close(self) -> None:
        if self._loop is not None and self.sock.fileno() >= 0:
            with contextlib.suppress(Exception):
                self._loop.remove_reader(self.sock.fileno())
        self.sock.close()


class WindowsPinger:
    """IcmpSendEcho2 in a worker thread; each call has its own timeout."""

    def __init__(self, address: str, api: Any) -> None:
        if ":" in address:
            raise IcmpUnavailable("ICMPv6 echo through IcmpSendEcho2 is not supported here", "no-icmpv6")
        self.address = address
        self.api = api
        self.handle = api.IcmpCreateFile()
        if not self.handle or self.handle == -1:
            raise IcmpUnavailable("IcmpCreateFile failed", "no-handle")
        self.errors: deque[IcmpError] = deque(maxlen=KEPT_ERRORS)  # a monitor pings for days

    async def ping(self, seq: int, timeout: float, size: int = 56, dont_fragment: bool = False) -> float | None:
        from t3gui.checks.platform.windows_icmp import IP_DEST_HOST_UNREACHABLE, IP_PACKET_TOO_BIG, IP_SUCCESS

        result = await asyncio.to_thread(self.api.send, self.handle, self.address, size, dont_fragment,
                                         int(timeout * 1000))
        if result.status == IP_PACKET_TOO_BIG:
            raise MessageTooBig(str(size))
        if result.status == IP_DEST_HOST_UNREACHABLE:
            self.errors.append(IcmpError(result.address or "", "host-unreachable"))
        return result.rtt_ms if result.status == IP_SUCCESS else None

    def close(self) -> None:
        self.api.IcmpCloseHandle(self.handle)


def open_pinger(address: str, platform: str = sys.platform) -> Pinger:
    if platform == "win32":  # pragma: no cover - Windows only
        from t3gui.checks.platform.windows_icmp import IcmpApi

        return WindowsPinger(address, IcmpApi())
    return DatagramPinger(address)
