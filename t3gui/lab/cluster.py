"""Several lab servers behind one name: a cluster, one node per loopback address.

Every node listens on the same control and UDP ports, each on its own address
(127.0.0.1, 127.0.0.2, ...), as the nodes of a real cluster share a port
behind a DNS name. Each node may differ from the others (its certificate, the
JWT key it trusts, its faults), or be down: nothing listens on its address.

Linux and Windows route all of 127.0.0.0/8 to loopback; macOS has only
127.0.0.1 unless more are aliased. `loopback_addresses` finds out which can be
bound and falls back to ::1, then to fewer nodes, saying why in `notes`.
"""

from __future__ import annotations

import dataclasses
import errno
import logging
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from t3gui.lab.config import LabConfig
from t3gui.lab.server import LabServer

log = logging.getLogger("t3gui.lab")

MAX_NODES = 9
PORT_ATTEMPTS = 8  # a free port on one address may be taken on another: pick again this many times


@dataclass(frozen=True)
class NodeSpec:
    """How one node differs from the cluster's base configuration."""

    overrides: dict[str, Any] = field(default_factory=dict)  # LabConfig fields: cert, key, jwt_key, faults...
    down: bool = False  # nothing listens on this node's address


def _can_bind(address: str) -> bool:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.bind((address, 0))
    except OSError:
        return False
    return True


def loopback_addresses(wanted: int) -> tuple[tuple[str, ...], str]:
    """Up to ``wanted`` loopback addresses this computer lets a program bind, and a note when fewer."""
    if not 1 <= wanted <= MAX_NODES:
        raise ValueError(f"a lab cluster has 1 to {MAX_NODES} nodes, not {wanted}")
    candidates = [f"127.0.0.{i}" for i in range(1, wanted + 1)]
    usable = [a for a in candidates if _can_bind(a)]
    note = ""
    if len(usable) < wanted:
        missing = ", ".join(a for a in candidates if a not in usable)
        note = f"cannot bind {missing} (only 127.0.0.1 is loopback here unless more addresses are aliased)"
        if _can_bind("::1"):
            usable.append("::1")
            note += "; using ::1"
        if len(usable) < wanted:
            note += f"; playing {len(usable)} nodes instead of {wanted}"
    return tuple(usable[:wanted]), note


class LabCluster:
    """``async with LabCluster(base, nodes)``: one lab server per node, on one shared port pair."""

    def __init__(self, base: LabConfig, nodes: Sequence[NodeSpec],
                 addresses: Sequence[str] | None = None) -> None:
        if not nodes:
            raise ValueError("a lab cluster needs at least one node")
        if all(n.down for n in nodes):
            raise ValueError("a lab cluster needs at least one node that is up")
        self.base = base
        if addresses is None:
            addresses, self.note = loopback_addresses(len(nodes))
        else:
            self.note = ""
        self.addresses: tuple[str, ...] = tuple(addresses)
        # With fewer addresses than asked for, the nodes that did not fit are left out, the faulty
        # ones last: a cluster that dropped its one faulty node would play nothing.
        kept = sorted(range(len(nodes)), key=lambda i: (not nodes[i].down and not nodes[i].overrides, i))
        keep = kept[:len(self.addresses)]
        if all(nodes[i].down for i in keep):
            keep[-1] = next(i for i in kept if not nodes[i].down)
        keep.sort()
        self.nodes: tuple[NodeSpec, ...] = tuple(nodes[i] for i in keep)
        self.servers: dict[str, LabServer] = {}  # address -> the node's server, for the nodes that are up
        self.port = base.port
        self.udp_port = base.udp_port

    def config_of(self, index: int, port: int, udp_port: int) -> LabConfig:
        node = self.nodes[index]
        return dataclasses.replace(self.base, host=self.addresses[index], port=port, udp_port=udp_port,
                                   **node.overrides)

    async def start(self) -> None:
        for attempt in range(PORT_ATTEMPTS):
            try:
                await self._start_once()
                break
            except OSError as exc:
                await self.stop()
                picked = self.base.port == 0 and self.base.udp_port == 0  # else the same clash again
                if exc.errno != errno.EADDRINUSE or not picked or attempt == PORT_ATTEMPTS - 1:
                    raise
        log.info("cluster of %d nodes on tcp/%d udp/%d: %s", len(self.nodes), self.port, self.udp_port,
                 ", ".join(f"{a}{' (down)' if n.down else ''}" for a, n in zip(self.addresses, self.nodes,
                                                                            strict=True)))
        if self.note:
            log.warning("%s", self.note)

    async def _start_once(self) -> None:
        port, udp_port = self.base.port, self.base.udp_port
        for index, node in enumerate(self.nodes):
            if node.down:
                continue
            server = LabServer(self.config_of(index, port, udp_port))
            await server.start()
            self.servers[self.addresses[index]] = server
            port, udp_port = server.port, server.udp_port  # the first node's choice, when the base says 0
        self.port, self.udp_port = port, udp_port
        for index, node in enumerate(self.nodes):
            if node.down:
                _check_free(self.addresses[index], port)

    async def stop(self) -> None:
        servers, self.servers = list(self.servers.values()), {}
        for server in servers:
            await server.stop()

    async def __aenter__(self) -> LabCluster:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


def _check_free(address: str, port: int) -> None:
    """A node that is down must refuse: something else on its address and port would answer for it."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((address, port))  # EADDRINUSE when taken
