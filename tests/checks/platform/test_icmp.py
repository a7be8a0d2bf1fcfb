import asyncio
import socket

import pytest

from t3gui.checks.platform.icmp import (
    IcmpUnavailable,
    WindowsPinger,
    checksum,
    echo_request,
    parse_reply,
)


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
    """What WindowsPinger needs of iphlpapi, with answers a test chooses."""

    def __init__(self, rtts: dict[int, float | None], handle: int = 42) -> None:
        self.rtts, self.handle, self.closed = rtts, handle, False
        self.calls: list[tuple[str, int, bool, int]] = []

    def IcmpCreateFile(self) -> int:
        return self.handle

    def IcmpCloseHandle(self, handle: int) -> None:
        self.closed = handle == self.handle

    def echo(self, handle: int, address: str, size: int, df: bool, timeout_ms: int) -> float | None:
        self.calls.append((address, size, df, timeout_ms))
        return self.rtts.get(size)


async def test_windows_pinger_through_a_fake_api() -> None:
    api = FakeIphlpapi({56: 12.0, 1472: None})
    pinger = WindowsPinger("192.0.2.7", api)
    assert await pinger.ping(1, 0.5) == 12.0
    assert await pinger.ping(2, 0.5, size=1472, dont_fragment=True) is None
    assert api.calls == [("192.0.2.7", 56, False, 500), ("192.0.2.7", 1472, True, 500)]
    pinger.close()
    assert api.closed


def test_windows_pinger_without_a_handle() -> None:
    with pytest.raises(IcmpUnavailable):
        WindowsPinger("192.0.2.7", FakeIphlpapi({}, handle=-1))
    with pytest.raises(IcmpUnavailable):
        WindowsPinger("2001:db8::1", FakeIphlpapi({}))


async def test_real_datagram_ping_to_loopback_when_allowed() -> None:
    from t3gui.checks.platform.icmp import DatagramPinger

    try:
        pinger = DatagramPinger("127.0.0.1")
    except IcmpUnavailable as exc:
        assert "ping_group_range" in str(exc)  # the reason a user is shown
        return
    try:
        rtt = await asyncio.wait_for(pinger.ping(1, 1.0), 2)
        assert rtt is not None and rtt < 100
    finally:
        pinger.close()
