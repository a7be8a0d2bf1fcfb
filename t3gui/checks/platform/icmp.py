"""ICMP echo without privileges, behind one interface.

Linux and macOS: datagram ICMP sockets (Linux needs the user's group inside
net.ipv4.ping_group_range). Windows: IcmpSendEcho2 from iphlpapi. Where none
works, ``open_pinger`` raises IcmpUnavailable with the reason, and the checks
fall back to TCP timing.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import struct
import sys
import time
from typing import Any, Protocol

ECHO_REQUEST: dict[int, int] = {socket.AF_INET: 8, socket.AF_INET6: 128}
ECHO_REPLY: dict[int, int] = {socket.AF_INET: 0, socket.AF_INET6: 129}
IP_MTU_DISCOVER, IP_PMTUDISC_DO = 10, 2  # Linux: set DF and honour the learnt path MTU
IP_DONTFRAG_MACOS = 28


class IcmpUnavailable(Exception):
    """No unprivileged ICMP here; the message says why, ``reason`` says it as a key for translated text."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # not-permitted, no-socket, no-icmpv6 or no-handle


class MessageTooBig(Exception):
    """The OS refused a don't-fragment packet larger than the path MTU it knows."""


class Pinger(Protocol):
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
        self.ident = os.getpid() & 0xFFFF
        self._waiting: dict[int, tuple[float, asyncio.Future[float]]] = {}
        self._reader: asyncio.Task[None] | None = None

    def _set_dont_fragment(self, on: bool) -> None:
        if self.family != socket.AF_INET:
            return
        with contextlib.suppress(OSError):
            if sys.platform.startswith("linux"):
                self.sock.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO if on else 0)
            elif sys.platform == "darwin":
                self.sock.setsockopt(socket.IPPROTO_IP, IP_DONTFRAG_MACOS, 1 if on else 0)

    async def _read(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                data = await loop.sock_recv(self.sock, 65536)
            except OSError:
                await asyncio.sleep(0.01)  # an ICMP error for an earlier probe; keep reading
                continue
            arrived = time.monotonic()
            seq = parse_reply(self.family, data)
            waiting = self._waiting.pop(seq, None) if seq is not None else None
            if waiting is not None and not waiting[1].done():
                waiting[1].set_result((arrived - waiting[0]) * 1000)

    async def ping(self, seq: int, timeout: float, size: int = 56, dont_fragment: bool = False) -> float | None:
        loop = asyncio.get_running_loop()
        if self._reader is None:
            self._reader = asyncio.create_task(self._read())
        self._set_dont_fragment(dont_fragment)
        future: asyncio.Future[float] = loop.create_future()
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
        if self._reader is not None:
            self._reader.cancel()
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

    async def ping(self, seq: int, timeout: float, size: int = 56, dont_fragment: bool = False) -> float | None:
        from t3gui.checks.platform.windows_icmp import IP_PACKET_TOO_BIG, IP_SUCCESS

        result = await asyncio.to_thread(self.api.send, self.handle, self.address, size, dont_fragment,
                                         int(timeout * 1000))
        if result.status == IP_PACKET_TOO_BIG:
            raise MessageTooBig(str(size))
        return result.rtt_ms if result.status == IP_SUCCESS else None

    def close(self) -> None:
        self.api.IcmpCloseHandle(self.handle)


def open_pinger(address: str, platform: str = sys.platform) -> Pinger:
    if platform == "win32":  # pragma: no cover - Windows only
        from t3gui.checks.platform.windows_icmp import IcmpApi

        return WindowsPinger(address, IcmpApi())
    return DatagramPinger(address)
