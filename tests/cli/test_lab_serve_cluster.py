"""`t3gui lab serve --nodes N` as a user runs it: a real process playing a cluster on loopback."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from t3gui.checks.t3_client import T3Client
from t3gui.protocol import messages as m
from tests.cli.test_lab_commands import T3GUI, run

pytestmark = pytest.mark.skipif(sys.platform == "darwin", reason="macOS binds only 127.0.0.1 unless aliased")


async def test_four_nodes_each_as_told(pki: dict[str, Path], client_tls: ssl.SSLContext,
                                      token: Callable[..., str]) -> None:
    proc = subprocess.Popen(
        [*T3GUI, "lab", "serve", "--nodes", "4", "--port", "0", "--udp-port", "0",
         "--cert", str(pki["server-good.pem"]), "--key", str(pki["server-good.key"]),
         "--jwt-key", str(pki["jwt-es256.pub.pem"]), "--node-jwt-key", f"1={pki['jwt-eddsa.pub.pem']}",
         "--node-fault", "2=busy", "--node-fault", "3=down",
         "--node-cert", f"4={pki['server-expired.pem']}", "--node-key", f"4={pki['server-expired.key']}",
         "--duration-s", "20"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        heading = proc.stdout.readline()
        nodes = [proc.stdout.readline().split() for _ in range(4)]
        assert heading.startswith("lab cluster of 4 nodes on tcp/"), heading
        port = int(heading.split("tcp/")[1].split()[0])
        assert nodes == [["node", "1", "127.0.0.1", "faults:", "none;", "token", "key", "jwt-eddsa.pub.pem"],
                         ["node", "2", "127.0.0.2", "faults:", "busy"], ["node", "3", "127.0.0.3", "down"],
                         ["node", "4", "127.0.0.4", "faults:", "none;", "certificate", "server-expired.pem"]]
        # Node 1 trusts another token key: the login is refused there.
        client = await T3Client.connect("127.0.0.1", port, ssl_context=client_tls, server_hostname="localhost")
        assert isinstance(await client.hello(), m.HelloAck)
        refused = await client.auth(token())
        assert isinstance(refused, m.AuthFail) and refused.code == "BAD_SIGNATURE", refused
        await client.close(bye=False)
        # Node 2 is busy.
        client = await T3Client.connect("127.0.0.2", port, ssl_context=client_tls, server_hostname="localhost")
        busy = await client.hello()
        assert isinstance(busy, m.Error) and busy.code == "BUSY"
        await client.close(bye=False)
        # Node 3 is down.
        with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.3", port), timeout=2):
            pass
        # Node 4 serves an expired certificate.
        with pytest.raises(ssl.SSLCertVerificationError, match="expired"):
            await T3Client.connect("127.0.0.4", port, ssl_context=client_tls, server_hostname="localhost")
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--node-fault", "2=busy"], "need --nodes"),
        (["--nodes", "3", "--host", "127.0.0.1"], "--host cannot be combined with --nodes"),
        (["--nodes", "12"], "--nodes 12 is outside 2-9"),
        (["--nodes", "3", "--node-fault", "4=busy"], "node 4 is not one of 1-3"),
        (["--nodes", "3", "--node-fault", "two=busy"], "is not N=VALUE"),
        (["--nodes", "3", "--node-fault", "2=meteor"], "no such fault"),
        (["--nodes", "2", "--node-fault", "1=down", "--node-fault", "2=down"], "every node is down"),
        (["--nodes", "3", "--node-cert", "1=/etc/hostname"], "--node-cert and --node-key go together"),
        (["--nodes", "3", "--node-jwt-key", "2=/nonexistent.pem"], "--node-jwt-key 2: /nonexistent.pem does not"),
    ],
)
def test_bad_cluster_input_is_one_line_and_exit_2(args: list[str], needle: str) -> None:
    result = run("lab", "serve", "--port", "0", "--udp-port", "0", "--duration-s", "1", *args)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
