import asyncio
import socket

import pytest

from t3gui.checks.platform.icmp import (
    IcmpUnavailable,
    MessageTooBig,
    WindowsPinger,
    checksum,
    echo_request,
    parse_reply,
)
from t3gui.checks.platform.traceroute import TracerouteUnavailable, probe
from t3gui.checks.platform.windows_icmp import (
    IP_PACKET_TOO_BIG,
    IP_SUCCESS,
    IP_TTL_EXPIRED_TRANSIT,
    EchoResult,
)
from t3gui.checks.platform.windows_icmp import parse_reply as parse_echo_reply


def test_checksum_of_an_echo_request_verifies() -> None:
    packet = echo_request(socket.AF_INET, 0x1234, 7, 56)
    assert len(packet) == 64 and packet[0] == 8 and checksum(packet) == 0


def test_reply_parsing_with_and_without_an_ip_header() -> None:
    reply = bytes([0, 0, 0, 0, 0x12, 0x34, 0, 9]) + b"payload"
    assert parse_reply(socket.AF_INET, reply) == 9
    ip_header = bytes([0x45]) + bytes(19)
    assert parse_reply(socket.AF_INET, ip_header + reply) == 9  # macOS keeps the IP header
    assert parse_reply(socket.AF_INET, bytes([8]) + reply[1:]) is None  # a request, not a reply
    assert parse_reply(socket.AF_INET6, bytes([129, 0, 0, 0, 0, 1, 0, 3])) == 3


class FakeIphlpapi:
    """What the Windows code needs of iphlpapi, answering as a test chooses.

    ``routers`` lists the hops before ``destination``; ``sizes`` maps a payload size to an
    RTT, to None (no reply) or to "too-big" (IP_PACKET_TOO_BIG).
    """

    def __init__(self, sizes: dict[int, object] | None = None, handle: int = 42,
                 routers: tuple[str, ...] = (), destination: str = "192.0.2.7") -> None:
        self.sizes, self.handle, self.closed = sizes or {}, handle, 0
        self.routers, self.destination = routers, destination
        self.calls: list[tuple[str, int, bool, int, int]] = []

    def IcmpCreateFile(self) -> int:
        return self.handle

    def IcmpCloseHandle(self, handle: int) -> None:
        self.closed += handle == self.handle

    def send(self, handle: int, address: str, size: int, df: bool, timeout_ms: int, ttl: int = 128) -> EchoResult:
        self.calls.append((address, size, df, timeout_ms, ttl))
        if ttl <= len(self.routers):
            return EchoResult(IP_TTL_EXPIRED_TRANSIT, self.routers[ttl - 1], 1.0 * ttl)
        answer = self.sizes.get(size, 5.0)
        if answer == "too-big":
            return EchoResult(IP_PACKET_TOO_BIG, None, None)
        if answer is None:
            return EchoResult(-1, None, None)
        return EchoResult(IP_SUCCESS, self.destination, float(answer))  # type: ignore[arg-type]


async def test_windows_pinger_through_a_fake_api() -> None:
    api = FakeIphlpapi({56: 12.0, 1400: None, 1472: "too-big"})
    pinger = WindowsPinger("192.0.2.7", api)
    assert await pinger.ping(1, 0.5) == 12.0
    assert await pinger.ping(2, 0.5, size=1400, dont_fragment=True) is None
    with pytest.raises(MessageTooBig):
        await pinger.ping(3, 0.5, size=1472, dont_fragment=True)
    assert api.calls[:2] == [("192.0.2.7", 56, False, 500, 128), ("192.0.2.7", 1400, True, 500, 128)]
    pinger.close()
    assert api.closed == 1


async def test_windows_traceroute_through_a_fake_api() -> None:
    api = FakeIphlpapi(routers=("10.0.0.1", "10.0.1.1"))
    replies = [await probe("192.0.2.7", ttl, 0.5, platform="win32", windows_api=api) for ttl in (1, 2, 3)]
    assert [(r.address, r.reached) for r in replies] == [("10.0.0.1", False), ("10.0.1.1", False),
                                                         ("192.0.2.7", True)]


async def test_traceroute_elsewhere_says_it_is_unavailable() -> None:
    with pytest.raises(TracerouteUnavailable):
        await probe("192.0.2.7", 1, 0.5, platform="darwin")


def test_windows_reply_parsing() -> None:
    buffer = socket.inet_aton("10.0.0.1") + (11013).to_bytes(4, "little") + (7).to_bytes(4, "little") + bytes(20)
    assert parse_echo_reply(buffer) == EchoResult(11013, "10.0.0.1", 7.0)


def test_windows_pinger_without_a_handle() -> None:
    with pytest.raises(IcmpUnavailable) as no_handle:
        WindowsPinger("192.0.2.7", FakeIphlpapi(handle=-1))
    with pytest.raises(IcmpUnavailable) as no_v6:
        WindowsPinger("2001:db8::1", FakeIphlpapi())
    assert (no_handle.value.reason, no_v6.value.reason) == ("no-handle", "no-icmpv6")


async def test_real_datagram_ping_to_loopback_when_allowed() -> None:
    from t3gui.checks.platform.icmp import DatagramPinger

    try:
        pinger = DatagramPinger("127.0.0.1")
    except IcmpUnavailable as exc:
        assert "ping_group_range" in str(exc) and exc.reason == "not-permitted"  # the reason a user is shown
        return
    try:
        rtt = await asyncio.wait_for(pinger.ping(1, 1.0), 2)
        assert rtt is not None and rtt < 100
    finally:
        pinger.close()
