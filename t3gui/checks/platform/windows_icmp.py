"""iphlpapi's IcmpSendEcho2 through ctypes, as WindowsPinger and the Windows traceroute use it.

Synchronous mode (no event, no APC routine), run in a worker thread by the caller.

Hand-written through ctypes: IcmpSendEcho2 is the one way Windows pings, traces (a
TTL) and probes the MTU (don't fragment) without administrator rights, and no
Python library wraps it.
"""

from __future__ import annotations

import ctypes
import socket
import struct
from dataclasses import dataclass
from typing import Any

IP_FLAG_DF = 0x2
IP_SUCCESS = 0
IP_PACKET_TOO_BIG = 11009
IP_DEST_HOST_UNREACHABLE = 11003
IP_DEST_PORT_UNREACHABLE = 11005
IP_TTL_EXPIRED_TRANSIT = 11013


class _Options(ctypes.Structure):
    _fields_ = [("Ttl", ctypes.c_ubyte), ("Tos", ctypes.c_ubyte), ("Flags", ctypes.c_ubyte),
                ("OptionsSize", ctypes.c_ubyte), ("OptionsData", ctypes.c_void_p)]


@dataclass(frozen=True)
class EchoResult:
    status: int  # IP_SUCCESS, IP_TTL_EXPIRED_TRANSIT, IP_PACKET_TOO_BIG, ... or -1 for no reply
    address: str | None  # who answered (the router, for an expired TTL)
    rtt_ms: float | None


def parse_reply(buffer: bytes) -> EchoResult:
    """ICMP_ECHO_REPLY: Address (4), Status (4), RoundTripTime (4), ..."""
    address, status, rtt = struct.unpack_from("<4sII", buffer, 0)
    return EchoResult(status, socket.inet_ntoa(address), float(rtt))


class IcmpApi:  # pragma: no cover - Windows only; tests use a fake with the same methods
    def __init__(self, lib: Any = None) -> None:
        self.lib: Any = lib if lib is not None else ctypes.windll.iphlpapi  # type: ignore[attr-defined]

    def IcmpCreateFile(self) -> int:
        return int(self.lib.IcmpCreateFile())

    def IcmpCloseHandle(self, handle: int) -> None:
        self.lib.IcmpCloseHandle(handle)

    def send(self, handle: int, address: str, size: int, dont_fragment: bool, timeout_ms: int,
             ttl: int = 128) -> EchoResult:
        dest = struct.unpack("<I", socket.inet_aton(address))[0]
        payload = b"t" * size
        reply = ctypes.create_string_buffer(32 + size + 8 + 64)
        options = _Options(ttl, 0, IP_FLAG_DF if dont_fragment else 0, 0, None)
        count = self.lib.IcmpSendEcho2(handle, None, None, None, dest, payload, len(payload),
                                       ctypes.byref(options), reply, len(reply), timeout_ms)
        if count < 1:
            return EchoResult(-1, None, None)
        return parse_reply(reply.raw)
