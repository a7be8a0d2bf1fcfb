"""Everything a diagnosis run is told: from the CLI, the GUI form or a profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from t3gui.core.model import Target, Tier
from t3gui.core.secret import Secret
from t3gui.core.thresholds import Thresholds


@dataclass(frozen=True)
class DiagnoseOptions:
    target: Target
    tier: Tier = Tier.ADVANCED
    stop_early: bool = True  # skip higher tiers once a lower one found a critical cause
    token: Secret | None = None
    ca_file: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    dns_server: str | None = None
    timeout_s: float = 3.0
    language: str = "en"
    thresholds: Thresholds = field(default_factory=Thresholds)
    expected_issuer: str | None = None  # the CA name a help desk expects on the server certificate
    token_audience: str | None = "t3"  # checked locally on the token, as the spec's default server does
    token_issuer: str | None = None
    server_name: str | None = None  # SNI and certificate name, when it differs from the host
    probes: int = 20  # heartbeats and pings per series
    udp_port_override: int | None = None  # --udp-port given: use it even if HELLO_ACK names another
    probe_interval_s: float = 0.02
    use_system_trust: bool = True
    # Addresses to use for the target instead of asking DNS (curl's --resolve): to test one node
    # of a cluster, or a name DNS does not know yet.
    resolve: tuple[str, ...] = ()

    @property
    def sni(self) -> str:
        return self.server_name or self.target.host
