"""iphlpapi's IcmpSendEcho with ctypes, as WindowsPinger expects it (Windows only)."""

from __future__ import annotations

import ctypes
import socket
import struct
from typing import Any

IP_FLAG_DF = 0x2


class _Options(ctypes.Structure):
    _fields_ = [("Ttl", ctypes.c_ubyte), ("Tos", ctypes.c_ubyte), ("Flags", ctypes.c_ubyte),
                ("OptionsSize", ctypes.c_ubyte), ("OptionsData", ctypes.c_void_p)]


class IcmpApi:  # pragma: no cover - Windows only
    def __init__(self) -> None:
        self.lib: Any = ctypes.windll.iphlpapi  # type: ignore[attr-defined]

    def IcmpCreateFile(self) -> int:
        return int(self.lib.IcmpCreateFile())

    def IcmpCloseHandle(self, handle: int) -> None:
        self.lib.IcmpCloseHandle(handle)

    def echo(self, handle: int, address: str, size: int, dont_fragment: bool, timeout_ms: int) -> float | None:
        dest = struct.unpack("<I", socket.inet_aton(address))[0]
        payload = b"t" * size
        reply = ctypes.create_string_buffer(28 + size + 8 + 64)
        options = _Options(128, 0, IP_FLAG_DF if dont_fragment else 0, 0, None)
        count = self.lib.IcmpSendEcho(handle, dest, payload, len(payload), ctypes.byref(options), reply,
                                      len(reply), timeout_ms)
        if count < 1:
            return None
        status, rtt = struct.unpack_from("<II", reply, 4)
        return float(rtt) if status == 0 else None
