"""What a lab server is told to be: addresses, PKI, token rules and faults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from t3gui.lab.faults import Fault


@dataclass(frozen=True)
class LabConfig:
    host: str = "127.0.0.1"
    port: int = 12345  # 0 picks a free port
    udp_port: int = 12346
    cert: Path | None = None  # PEM: leaf, then chain; None: a throwaway self-signed one
    key: Path | None = None
    jwt_key: Path | None = None  # PEM public key, or a file holding an HS256 secret
    audience: str | None = "t3"
    issuer: str | None = None
    users: frozenset[str] | None = None
    revoked: frozenset[str] = frozenset()
    client_ca: Path | None = None
    tls: bool = True
    allow_weak_tls: bool = False  # OpenSSL security level 0, to serve weak keys and old protocols
    clock_offset_s: float = 0.0
    faults: frozenset[Fault] = field(default_factory=frozenset)
    heartbeat_ms: int = 5000
    slow_handshake_ms: int = 3000
    tls_handshake_timeout_s: float = 10.0
    no_response_hold_s: float = 120.0
    max_connections: int = 1000
    server_name: str = "t3gui-lab"
    # STATUS reports the host's real load; demos and scenarios report a calm one, because their story is
    # the simulated server's, and a busy machine running them must not turn "healthy" into SERVER_OVERLOADED.
    host_load: bool = True

    @property
    def idle_timeout_s(self) -> float:
        """The spec closes a control connection silent for 3 heartbeat intervals."""
        return 3 * self.heartbeat_ms / 1000
