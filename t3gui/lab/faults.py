"""Faults the lab server can play, each as a customer would meet it."""

from __future__ import annotations

import enum


class Fault(enum.StrEnum):
    BUSY = "busy"
    OVERLOADED = "overloaded"
    NO_RESPONSE = "no-response"
    NOT_T3 = "not-t3"
    VERSION_UNSUPPORTED = "version-unsupported"
    BAD_FRAME = "bad-frame"
    SLOW_HANDSHAKE = "slow-handshake"
    UDP_BLOCKED = "udp-blocked"
    NO_AUTH_RESPONSE = "no-auth-response"

    @property
    def description(self) -> str:
        return FAULT_DESCRIPTIONS[self]


FAULT_DESCRIPTIONS = {
    Fault.BUSY: "answer every HELLO with ERROR BUSY (retry_after_ms) and close",
    Fault.OVERLOADED: "report cpu, memory and connections near their limits in STATUS",
    Fault.NO_RESPONSE: "accept the connection (and TLS) but never answer",
    Fault.NOT_T3: "answer like a web server (HTTP/1.1 400) instead of T3",
    Fault.VERSION_UNSUPPORTED: "answer every HELLO with ERROR VERSION_UNSUPPORTED",
    Fault.BAD_FRAME: "answer HELLO with a frame whose checksum is wrong",
    Fault.SLOW_HANDSHAKE: "wait --slow-handshake-ms before HELLO_ACK",
    Fault.UDP_BLOCKED: "drop every datagram on the UDP data port",
    Fault.NO_AUTH_RESPONSE: "answer HELLO but never AUTH, as when the sign-in service behind the server is down",
}
