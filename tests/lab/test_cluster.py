"""A lab cluster on real loopback addresses: one port pair, each node answering as configured."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import ssl
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from t3gui.checks.t3_client import T3Client, UdpHeartbeats
from t3gui.lab.cluster import LabCluster, NodeSpec, loopback_addresses
from t3gui.lab.config import LabConfig
from t3gui.lab.faults import Fault
from t3gui.protocol import messages as m
from t3gui.protocol.errors import ErrorCode

THREE = ("127.0.0.1", "127.0.0.2", "127.0.0.3")
needs_127_range = pytest.mark.skipif(sys.platform == "darwin", reason="macOS binds only 127.0.0.1 unless aliased")


def _refused(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=2):
            return False
    except ConnectionRefusedError:
        return True


async def _login(address: str, port: int, tls: ssl.SSLContext, token: str) -> tuple[T3Client, m.Message]:
    client = await T3Client.connect(address, port, ssl_context=tls, server_hostname="localhost", timeout=3)
    assert isinstance(await client.hello(), m.HelloAck)
    return client, await client.auth(token)


@needs_127_range
def test_the_addresses_of_three_nodes_are_three_loopback_addresses() -> None:
    assert loopback_addresses(3) == (THREE, "")


def test_a_cluster_has_one_to_nine_nodes(lab_config: LabConfig) -> None:
    for wanted in (0, 10):
        with pytest.raises(ValueError, match="1 to 9 nodes"):
            loopback_addresses(wanted)
    with pytest.raises(ValueError, match="at least one node that is up"):
        LabCluster(lab_config, [NodeSpec(down=True), NodeSpec(down=True)])


@needs_127_range
async def test_each_node_answers_as_configured(lab_config: LabConfig, pki: dict[str, Path],
                                               client_tls: ssl.SSLContext, token: Callable[..., str]) -> None:
    nodes = [NodeSpec(),
             NodeSpec({"cert": pki["server-expired.pem"], "key": pki["server-expired.key"]}),
             NodeSpec({"jwt_key": pki["jwt-eddsa.pub.pem"]}),
             NodeSpec({"faults": frozenset({Fault.BUSY})}),
             NodeSpec(down=True)]
    async with LabCluster(lab_config, nodes) as cluster:
        assert cluster.addresses == (*THREE, "127.0.0.4", "127.0.0.5") and not cluster.note
        port, udp_port = cluster.port, cluster.udp_port
        assert port and udp_port and sorted(cluster.servers) == sorted(cluster.addresses[:4])
        # Node 1: a full login, and heartbeats on the shared UDP port of its own address.
        client, ok = await _login("127.0.0.1", port, client_tls, token())
        assert isinstance(ok, m.AuthOk) and client.hello_ack is not None and client.udp_key is not None
        assert client.hello_ack.udp_port == udp_port
        udp = await UdpHeartbeats.open("127.0.0.1", udp_port, client.hello_ack.session_id, client.udp_key)
        assert await udp.ping(2.0) is not None
        udp.close()
        await client.close()
        # Node 2: its certificate expired.
        with pytest.raises(ssl.SSLCertVerificationError, match="expired"):
            await T3Client.connect("127.0.0.2", port, ssl_context=client_tls, server_hostname="localhost")
        # Node 3: trusts another JWT key, so the same token's signature is wrong there.
        client, refused = await _login("127.0.0.3", port, client_tls, token())
        assert isinstance(refused, m.AuthFail) and refused.code == "BAD_SIGNATURE", refused
        await client.close(bye=False)
        # Node 4: busy.
        client = await T3Client.connect("127.0.0.4", port, ssl_context=client_tls, server_hostname="localhost")
        busy = await client.hello()
        assert isinstance(busy, m.Error) and busy.code == ErrorCode.BUSY.value
        await client.close(bye=False)
        # Node 5: down.
        assert _refused("127.0.0.5", port)
        # Each node's UDP port is bound on its own address, the same number on every one.
        for address, server in cluster.servers.items():
            assert server.port == port and server.udp_port == udp_port
            assert server.config.host == address
    for address in cluster.addresses:  # stopped: nothing is left listening
        assert _refused(address, port)
    assert cluster.servers == {}


async def test_the_nodes_that_fit_are_the_faulty_ones_first(lab_config: LabConfig) -> None:
    """With fewer addresses than nodes (macOS without aliases), a faulty node is never the one left out."""
    nodes = [NodeSpec(), NodeSpec(), NodeSpec({"faults": frozenset({Fault.BUSY})})]
    async with LabCluster(lab_config, nodes, addresses=("127.0.0.1", "::1")) as cluster:
        assert cluster.nodes == (nodes[0], nodes[2])
        assert cluster.servers["::1"].config.faults == {Fault.BUSY}
        assert cluster.servers["127.0.0.1"].config.faults == frozenset()
        assert cluster.servers["::1"].port == cluster.port == cluster.servers["127.0.0.1"].port
    down_only_fits = LabCluster(lab_config, [NodeSpec(), NodeSpec(down=True)], addresses=("127.0.0.1",))
    assert down_only_fits.nodes == (NodeSpec(),)  # one node that is up, never a cluster of none


@needs_127_range
async def test_a_fixed_port_taken_on_one_node_stops_the_others(lab_config: LabConfig) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.2", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        config = dataclasses.replace(lab_config, port=port)
        cluster = LabCluster(config, [NodeSpec(), NodeSpec(), NodeSpec()], addresses=THREE)
        with pytest.raises(OSError):
            await cluster.start()
        assert cluster.servers == {}
        await asyncio.sleep(0)
        assert _refused("127.0.0.1", port)  # the first node, started before the clash, is gone
