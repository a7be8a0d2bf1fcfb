"""IcmpApi (t3gui/checks/platform/windows_icmp.py) against a fake iphlpapi that answers as Windows does.

The fake's IcmpCreateFile, IcmpCloseHandle and IcmpSendEcho2 are C function pointers without
argument types, as ``ctypes.windll.iphlpapi`` hands them out: ctypes converts the arguments by
its default rules, the fake reads the request (address, payload, TTL and don't-fragment flag
from IP_OPTION_INFORMATION) through the pointers it is given, and writes ICMP_ECHO_REPLY
structures of this process's layout into the reply buffer, echoed data after them. On Windows
the same checks also run against the real iphlpapi and loopback.
"""

from __future__ import annotations

import asyncio
import ctypes
import socket
import struct
import sys
from dataclasses import dataclass, field

import pytest

from t3gui.checks.platform.icmp import MessageTooBig, WindowsPinger
from t3gui.checks.platform.traceroute import windows_probe
from t3gui.checks.platform.windows_icmp import (
    IP_DEST_HOST_UNREACHABLE,
    IP_FLAG_DF,
    IP_PACKET_TOO_BIG,
    IP_SUCCESS,
    IP_TTL_EXPIRED_TRANSIT,
    EchoResult,
    IcmpApi,
)

INVALID_HANDLE_VALUE = -1
IP_REQ_TIMED_OUT = 11010
POINTER_SIZE = ctypes.sizeof(ctypes.c_void_p)


class IpOptionInformation(ctypes.Structure):
    _fields_ = [("Ttl", ctypes.c_ubyte), ("Tos", ctypes.c_ubyte), ("Flags", ctypes.c_ubyte),
                ("OptionsSize", ctypes.c_ubyte), ("OptionsData", ctypes.c_void_p)]


class IcmpEchoReply(ctypes.Structure):
    """ICMP_ECHO_REPLY as ipexport.h lays it out for this process (ICMP_ECHO_REPLY32 in a 32-bit one)."""

    _fields_ = [("Address", ctypes.c_uint32), ("Status", ctypes.c_uint32), ("RoundTripTime", ctypes.c_uint32),
                ("DataSize", ctypes.c_uint16), ("Reserved", ctypes.c_uint16), ("Data", ctypes.c_void_p),
                ("Options", IpOptionInformation)]


# DWORD IcmpSendEcho2(HANDLE, HANDLE Event, PIO_APC_ROUTINE, PVOID ApcContext, IPAddr, LPVOID RequestData,
#                     WORD RequestSize, PIP_OPTION_INFORMATION, LPVOID ReplyBuffer, DWORD ReplySize, DWORD Timeout)
SEND_ECHO2 = ctypes.CFUNCTYPE(ctypes.c_uint32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                              ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint16, ctypes.c_void_p, ctypes.c_void_p,
                              ctypes.c_uint32, ctypes.c_uint32)
CREATE_FILE = ctypes.CFUNCTYPE(ctypes.c_void_p)
CLOSE_HANDLE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
# What a DLL export looks like to code that sets no argtypes: returns int, converts arguments by default.
BARE = ctypes.CFUNCTYPE(ctypes.c_int)


def as_export(callback: object) -> object:
    return BARE(ctypes.cast(callback, ctypes.c_void_p).value)


@dataclass
class Network:
    """What the fake's IcmpSendEcho2 answers: routers before the destination, the path MTU, silence."""

    destination: str = "192.0.2.7"
    routers: tuple[str, ...] = ()
    rtt_ms: int = 12
    path_mtu: int = 1500
    silent: bool = False  # nothing comes back: the call waits out its timeout and returns 0
    unreachable_from: str | None = None  # a router answers "destination host unreachable"


@dataclass
class Request:
    destination: str
    payload: bytes
    ttl: int
    dont_fragment: bool
    timeout_ms: int


@dataclass
class FakeIphlpapi:
    network: Network = field(default_factory=Network)
    handle: int = 0x1F4
    requests: list[Request] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    last_error: int = 0

    def __post_init__(self) -> None:
        # Kept on the instance: a callback freed while C still holds its pointer would crash the test.
        self._callbacks = (CREATE_FILE(self._create), CLOSE_HANDLE(self._close), SEND_ECHO2(self._send))
        self.IcmpCreateFile, self.IcmpCloseHandle, self.IcmpSendEcho2 = (as_export(c) for c in self._callbacks)

    def _create(self) -> int:
        return self.handle

    def _close(self, handle: int | None) -> int:
        self.closed.append(handle or 0)
        return 1

    def _send(self, handle: int | None, event: int | None, apc: int | None, context: int | None, address: int,
              data: int | None, size: int, options: int | None, reply: int | None, reply_size: int,
              timeout_ms: int) -> int:
        assert handle == self.handle and event is None and apc is None and context is None  # synchronous use
        assert options is not None and reply is not None
        option = IpOptionInformation.from_address(options)
        destination = socket.inet_ntoa(struct.pack("<I", address))  # IPAddr: network order in a ULONG
        payload = ctypes.string_at(data, size) if size else b""
        self.requests.append(Request(destination, payload, option.Ttl, bool(option.Flags & IP_FLAG_DF), timeout_ms))
        if reply_size < ctypes.sizeof(IcmpEchoReply) + size + 8:
            self.last_error = 11001  # IP_BUF_TOO_SMALL
            return 0
        net = self.network
        if net.silent or destination != net.destination:
            self.last_error = IP_REQ_TIMED_OUT
            return 0
        answer = IcmpEchoReply.from_address(reply)
        ctypes.memset(reply, 0, ctypes.sizeof(IcmpEchoReply))
        if option.Ttl <= len(net.routers):
            router, status, echoed = net.routers[option.Ttl - 1], IP_TTL_EXPIRED_TRANSIT, b""
        elif net.unreachable_from is not None:
            router, status, echoed = net.unreachable_from, IP_DEST_HOST_UNREACHABLE, b""
        elif option.Flags & IP_FLAG_DF and size + 28 > net.path_mtu:
            router, status, echoed = net.routers[-1] if net.routers else destination, IP_PACKET_TOO_BIG, b""
        else:
            router, status, echoed = destination, IP_SUCCESS, payload
        answer.Address = struct.unpack("<I", socket.inet_aton(router))[0]
        answer.Status = status
        answer.RoundTripTime = net.rtt_ms if status == IP_SUCCESS else 3
        answer.DataSize = len(echoed)
        answer.Data = reply + ctypes.sizeof(IcmpEchoReply)  # Windows puts the echoed data after the replies
        answer.Options.Ttl = 128 - len(net.routers)
        ctypes.memmove(answer.Data, echoed, len(echoed))
        return 1


def test_an_echo_goes_out_as_the_request_asked_and_its_reply_is_read() -> None:
    fake = FakeIphlpapi(Network(destination="203.0.113.200", rtt_ms=17))  # a last octet above 127: byte order
    api = IcmpApi(fake)
    handle = api.IcmpCreateFile()
    assert handle == fake.handle
    assert api.send(handle, "203.0.113.200", 56, False, 750) == EchoResult(IP_SUCCESS, "203.0.113.200", 17.0)
    (request,) = fake.requests
    assert request == Request("203.0.113.200", b"t" * 56, 128, False, 750)
    api.IcmpCloseHandle(handle)
    assert fake.closed == [fake.handle]


def test_ttl_and_dont_fragment_reach_the_options_structure() -> None:
    fake = FakeIphlpapi(Network(routers=("10.0.0.1",), path_mtu=1400))
    api = IcmpApi(fake)
    assert api.send(fake.handle, "192.0.2.7", 32, False, 500, ttl=1) == EchoResult(IP_TTL_EXPIRED_TRANSIT,
                                                                                   "10.0.0.1", 3.0)
    assert api.send(fake.handle, "192.0.2.7", 1472, True, 500).status == IP_PACKET_TOO_BIG
    assert api.send(fake.handle, "192.0.2.7", 1372, True, 500).status == IP_SUCCESS
    assert [(r.ttl, r.dont_fragment, len(r.payload)) for r in fake.requests] == [
        (1, False, 32), (128, True, 1472), (128, True, 1372)]


def test_no_reply_within_the_timeout_is_no_result() -> None:
    fake = FakeIphlpapi(Network(silent=True))
    assert IcmpApi(fake).send(fake.handle, "192.0.2.7", 56, False, 200) == EchoResult(-1, None, None)
    assert fake.last_error == IP_REQ_TIMED_OUT  # the reply buffer was big enough: a real timeout


@pytest.mark.parametrize("size", [0, 56, 1472, 8972])
def test_the_reply_buffer_is_big_enough_for_every_size_the_checks_send(size: int) -> None:
    fake = FakeIphlpapi(Network(path_mtu=9000))
    assert IcmpApi(fake).send(fake.handle, "192.0.2.7", size, False, 200).status == IP_SUCCESS
    assert fake.last_error == 0


async def test_the_pinger_over_the_api_turns_statuses_into_rtts_errors_and_too_big() -> None:
    fake = FakeIphlpapi(Network(path_mtu=1400, rtt_ms=9))
    pinger = WindowsPinger("192.0.2.7", IcmpApi(fake))
    try:
        assert await pinger.ping(1, 0.5) == 9.0
        with pytest.raises(MessageTooBig):
            await pinger.ping(2, 0.5, size=1472, dont_fragment=True)
        fake.network.unreachable_from = "10.9.9.9"
        assert await pinger.ping(3, 0.5) is None
        assert [(e.reported_by, e.kind) for e in pinger.errors] == [("10.9.9.9", "host-unreachable")]
    finally:
        pinger.close()
    assert fake.closed == [fake.handle]


async def test_a_trace_over_the_api_names_each_router_then_the_destination() -> None:
    fake = FakeIphlpapi(Network(routers=("10.0.0.1", "100.64.0.1")))
    api = IcmpApi(fake)
    replies = [await windows_probe(api, "192.0.2.7", ttl, 0.5) for ttl in (1, 2, 3)]
    assert [(r.address, r.reached) for r in replies] == [("10.0.0.1", False), ("100.64.0.1", False),
                                                         ("192.0.2.7", True)]
    assert len(fake.closed) == 3  # a handle a probe, each closed


windows_only = pytest.mark.skipif(sys.platform != "win32",
                                  reason="the real iphlpapi is Windows's; the fake above stands in for it elsewhere")


@windows_only
def test_real_icmp_echo_to_loopback() -> None:  # pragma: no cover - Windows only
    api = IcmpApi()
    handle = api.IcmpCreateFile()
    assert handle not in (0, INVALID_HANDLE_VALUE)
    try:
        plain = api.send(handle, "127.0.0.1", 56, False, 1000)
        assert plain.status == IP_SUCCESS and plain.address == "127.0.0.1"
        assert plain.rtt_ms is not None and plain.rtt_ms < 100
        assert api.send(handle, "127.0.0.1", 1472, True, 1000).status == IP_SUCCESS  # loopback's MTU is larger
        assert api.send(handle, "127.0.0.1", 32, False, 1000, ttl=1).status == IP_SUCCESS
    finally:
        api.IcmpCloseHandle(handle)


@windows_only
async def test_real_pinger_and_probe_on_loopback() -> None:  # pragma: no cover - Windows only
    pinger = WindowsPinger("127.0.0.1", IcmpApi())
    try:
        rtt = await asyncio.wait_for(pinger.ping(1, 1.0), 3)
        assert rtt is not None and rtt < 100
    finally:
        pinger.close()
    reply = await windows_probe(IcmpApi(), "127.0.0.1", 1, 1.0)
    assert reply.reached and reply.address == "127.0.0.1"
