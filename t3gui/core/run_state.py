"""What checks learn that later checks build on, typed, and the live resources a run owns.

One ``RunState`` per run (and per node's sub-run). Each field is written by one check, the one
named beside it, and read by the checks that declare it in ``needs`` or ``after``. The live
resources (the authenticated T3 session, its UDP key) belong to the run: the run closes them.
Core cannot import the checks (tests/test_layering.py), so the session is typed by what the
checks ask of it (``T3Session``, met by checks.t3_client.T3Client).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from t3gui.core.model import JsonObject
from t3gui.protocol.messages import HelloAck, Message


@dataclass
class HandshakeResult:
    """One TLS handshake as a probe saw it (checks.tls_probe makes them)."""

    ok: bool = False
    ms: float = 0.0
    version: str | None = None
    cipher: str | None = None
    chain_der: list[bytes] = field(default_factory=list)
    verify_code: int | None = None
    verify_message: str | None = None
    alert: str | None = None  # a TLS alert the server sent, e.g. CERTIFICATE_REQUIRED
    not_tls: bool = False
    closed: bool = False  # the server closed without a word
    error: str | None = None
    timed_out: bool = False
    weak: str | None = None  # the OS refused the chain as too weak (key size, digest)

    def as_data(self) -> JsonObject:
        out: dict[str, str | int | float | bool | None] = {
            "ok": self.ok, "ms": round(self.ms, 2), "version": self.version, "cipher": self.cipher,
            "chain_length": len(self.chain_der)}
        if self.verify_code is not None:
            out["verify_code"] = self.verify_code
        for key, value in (("verify_message", self.verify_message), ("alert", self.alert), ("error", self.error)):
            if value is not None:
                out[key] = value
        if self.not_tls:
            out["not_tls"] = True
        if self.timed_out:
            out["timed_out"] = True
        return out


@dataclass(frozen=True)
class TlsHandshakes:
    """tls.handshake's two handshakes with the address they were made with."""

    address: str
    verified: HandshakeResult  # as a real client verifies
    captured: HandshakeResult  # permissive: what the server sends, whatever it is


@dataclass(frozen=True)
class Hello:
    """t3.handshake's HELLO_ACK, its round trip, and the clock offset it tells."""

    ack: HelloAck
    rtt_ms: float
    clock_offset_s: float  # this computer's clock minus the server's, at the midpoint of the round trip


@dataclass(frozen=True)
class Proxy:
    """local.proxy: the first proxy that applies to the target, and where it is set."""

    proxy: str
    source: str


class T3Session(Protocol):
    """The open T3 control connection of a run: what the checks after t3.handshake ask of it (read-only)."""

    @property
    def timeout(self) -> float: ...

    @property
    def lost(self) -> bool:
        """The connection broke, and the check that met it said so: nothing more comes."""
        ...

    @property
    def hello_ack(self) -> HelloAck | None: ...

    @property
    def udp_key(self) -> bytes | None: ...

    async def auth(self, token: str) -> Message: ...

    async def status(self) -> Message: ...

    async def heartbeat(self, timeout: float | None = None) -> float | None: ...

    async def close(self, bye: bool = True) -> None: ...


@dataclass
class RunState:
    """What one run has learnt so far (each field written once, by the check named)."""

    addresses: tuple[str, ...] = ()  # dns.resolve, or given (--resolve, one node of a cluster)
    nameservers: tuple[str, ...] = ()  # dns.resolve: the system resolver's
    reachable: tuple[str, ...] = ()  # tcp.connect: addresses whose control port accepted
    tcp_rtt_ms: tuple[float, ...] = ()  # tcp.connect, one per reachable address
    tls: bool | None = None  # tls.handshake; None: unknown, False: the server speaks plaintext T3
    tls_ok: bool = False  # tls.handshake: a real client's handshake passed
    handshakes: TlsHandshakes | None = None  # tls.handshake
    hello: Hello | None = None  # t3.handshake
    session: T3Session | None = None  # t3.handshake opens it, auth.server authenticates it; the run closes it
    udp_key: bytes | None = None  # auth.server
    proxy: Proxy | None = None  # local.proxy
    series: dict[str, list[float]] = field(default_factory=dict)  # RTT samples by series, -1.0 for no reply

    @property
    def node_address(self) -> str | None:
        """The address the run's node-level checks talked to (the one TLS was tried on, else the
        first that accepted)."""
        if self.handshakes is not None:
            return self.handshakes.address
        return self.reachable[0] if self.reachable else None
