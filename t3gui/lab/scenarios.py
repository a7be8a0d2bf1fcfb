"""Named demo scenarios: the lab server playing one fault, and what t3gui must find.

`t3gui diagnose --demo --scenario NAME` and the desktop app's demo mode run
them in-process on loopback; the tests run every one and check the verdict.
A cluster scenario plays several servers behind one name, one per loopback
address (see cluster.py), and diagnoses them through ``resolve``.
"""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from t3gui.core.codes import Code
from t3gui.core.model import Target
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.lab.cluster import LabCluster, NodeSpec
from t3gui.lab.config import LabConfig
from t3gui.lab.crl_server import CrlServer
from t3gui.lab.delay_relay import DelayRelay
from t3gui.lab.faults import Fault
from t3gui.lab.filtered_port import FilteredPort
from t3gui.lab.pki import revoked_server
from t3gui.lab.server import LabServer
from t3gui.lab.tokens import mint_token
from t3gui.protocol import jwt

CLUSTER_NAME = "t3-cluster.demo"  # the name the cluster's nodes stand behind (never asked of DNS)


@dataclass(frozen=True)
class Node:
    """One node of a cluster scenario, as it differs from the scenario's server."""

    lab: dict[str, Any] = field(default_factory=dict)  # LabConfig overrides; file names are of the demo PKI
    cert: str | None = None  # server-NAME.pem of the demo PKI; None: the scenario's
    down: bool = False  # nothing listens on this node's address


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    expect: Code | None  # the root cause t3gui must name; None: healthy
    lab: dict[str, Any] = field(default_factory=dict)  # LabConfig overrides
    cert: str = "good"  # server-NAME.pem of the demo PKI
    token: dict[str, Any] | None = field(default_factory=dict)  # mint_token arguments; None: no token
    raw_token: str | None = None
    options: dict[str, Any] = field(default_factory=dict)  # DiagnoseOptions overrides
    client_cert: str | None = None  # client / client-untrusted
    closed_port: bool = False
    filtered_port: bool = False  # the control port drops connects (see filtered_port.py)
    latency_ms: float = 0.0  # round trip added by a relay in front of the server (see delay_relay.py)
    symptoms: frozenset[Code] = frozenset()  # other critical findings the cause explains
    cluster: tuple[Node, ...] = ()  # several servers behind one name; empty: one server


S = Scenario
SCENARIOS: tuple[Scenario, ...] = (
    S("healthy", "a healthy server and a valid token", None),
    S("busy", "the server answers HELLO with BUSY", Code.SERVER_BUSY, {"faults": {Fault.BUSY}}),
    S("overloaded", "STATUS reports cpu and memory near their limits", Code.SERVER_OVERLOADED,
      {"faults": {Fault.OVERLOADED}}),
    S("slow-handshake", "the server takes 1.5 s to answer HELLO", Code.SERVER_SLOW,
      {"faults": {Fault.SLOW_HANDSHAKE}, "slow_handshake_ms": 1500}),
    S("no-response", "the server accepts but never answers", Code.T3_NO_RESPONSE, {"faults": {Fault.NO_RESPONSE}},
      options={"timeout_s": 1.0}),
    S("not-t3", "a web server on the T3 port", Code.T3_NOT_T3, {"faults": {Fault.NOT_T3}}),
    S("version-unsupported", "the server refuses T3 version 1", Code.T3_VERSION_UNSUPPORTED,
      {"faults": {Fault.VERSION_UNSUPPORTED}}),
    S("bad-frame", "the server's answer has a broken checksum", Code.T3_BAD_FRAME, {"faults": {Fault.BAD_FRAME}}),
    S("udp-blocked", "UDP heartbeats are dropped", Code.UDP_BLOCKED, {"faults": {Fault.UDP_BLOCKED}},
      options={"timeout_s": 0.5}),
    S("plaintext", "T3 without TLS", Code.T3_PLAINTEXT, {"tls": False}, symptoms=frozenset({Code.TLS_NOT_TLS})),
    S("port-closed", "nothing listens on the control port", Code.TCP_REFUSED, closed_port=True),
    S("port-filtered", "a firewall drops every connect to the control port", Code.TCP_FILTERED,
      filtered_port=True, options={"timeout_s": 1.0}),
    # 300 ms: well past the 150 ms warning, short of the 400 ms critical line, and short of the 500 ms
    # a handshake may take before the server itself is called slow.
    S("high-latency", "the network path adds 300 ms to every round trip", Code.HIGH_LATENCY,
      latency_ms=300.0),
    S("cert-expired", "the server certificate expired 3 days ago", Code.TLS_CERT_EXPIRED, cert="expired"),
    S("cert-not-yet-valid", "the server certificate is valid from 2 days from now", Code.TLS_CERT_NOT_YET_VALID,
      cert="not-yet-valid"),
    S("cert-expiring-soon", "the server certificate expires in 5 days", Code.TLS_CERT_EXPIRING_SOON,
      cert="expiring-soon"),
    S("cert-wrong-host", "the certificate names another host", Code.TLS_HOSTNAME_MISMATCH, cert="wrong-host"),
    S("cert-self-signed", "a self-signed server certificate", Code.TLS_UNTRUSTED_ROOT, cert="self-signed"),
    S("cert-revoked", "the server certificate is on its CA's revocation list", Code.TLS_CERT_REVOKED,
      cert="revoked"),
    S("cert-missing-intermediate", "the server does not send its intermediate", Code.TLS_INCOMPLETE_CHAIN,
      cert="missing-intermediate"),
    S("weak-key", "the server certificate has a 1024-bit RSA key", Code.TLS_WEAK, {"allow_weak_tls": True},
      cert="weak"),
    S("intercepted", "the certificate is not from the CA the help desk expects", Code.TLS_INTERCEPTED,
      options={"expected_issuer": "Example Corp Issuing CA"}),
    S("client-cert-required", "the server requires a client certificate", Code.TLS_CLIENT_CERT_REQUIRED,
      {"client_ca": "client-ca.pem"}),
    S("client-cert-rejected", "the server rejects the client certificate", Code.TLS_CLIENT_CERT_REJECTED,
      {"client_ca": "client-ca.pem"}, client_cert="client-untrusted"),
    # The token's "not before" is now: the server, 2 h behind, refuses it as not yet valid.
    S("clock-skew", "the server's clock is 2 hours behind, so it refuses the token", Code.CLOCK_SKEW,
      {"clock_offset_s": -7200.0}, token={"not_before_in_s": 0},
      symptoms=frozenset({Code.AUTH_TOKEN_NOT_YET_VALID})),
    S("clock-skew-tolerated", "the server's clock is 2 hours behind, but the login still works", Code.CLOCK_SKEW,
      {"clock_offset_s": -7200.0}),
    S("no-token", "no token given", Code.AUTH_TOKEN_MISSING, token=None),
    S("token-malformed", "a token without an expiry", Code.AUTH_TOKEN_MALFORMED,
      raw_token="no-exp"),
    S("token-expired", "the token expired an hour ago", Code.AUTH_TOKEN_EXPIRED, token={"lifetime_s": -3600}),
    S("token-not-yet-valid", "the token is valid from an hour from now", Code.AUTH_TOKEN_NOT_YET_VALID,
      token={"not_before_in_s": 3600}),
    S("bad-signature", "the token is signed with another key", Code.AUTH_BAD_SIGNATURE,
      token={"key": "jwt-eddsa.key"}),
    S("bad-audience", "the token is for another service", Code.AUTH_BAD_AUDIENCE,
      token={"audience": "billing"}, options={"token_audience": None}),
    S("bad-issuer", "the token comes from another issuer", Code.AUTH_BAD_ISSUER, {"issuer": "https://idp.corp"},
      token={"issuer": "https://evil.example"}),
    S("unknown-user", "the server does not know the user", Code.AUTH_UNKNOWN_USER,
      {"users": frozenset({"alice"})}, token={"sub": "mallory"}),
    S("revoked", "the user's access was revoked", Code.AUTH_REVOKED, {"revoked": frozenset({"alice"})}),
    S("cluster-healthy", "three healthy servers behind one name", None, cluster=(Node(), Node(), Node())),
    S("cluster-cert-expired", "three servers behind one name; the second one's certificate expired",
      Code.TLS_CERT_EXPIRED, cluster=(Node(), Node(cert="expired"), Node())),
    S("cluster-bad-key", "three servers behind one name; the second one trusts another token key",
      Code.AUTH_BAD_SIGNATURE, cluster=(Node(), Node({"jwt_key": "jwt-eddsa.pub.pem"}), Node())),
    S("cluster-auth-down", "three servers behind one name; the second one's sign-in service never answers",
      Code.T3_NO_RESPONSE, cluster=(Node(), Node({"faults": {Fault.NO_AUTH_RESPONSE}}), Node()),
      options={"timeout_s": 1.0}),
    S("cluster-node-down", "three servers behind one name; nothing listens on the third one",
      Code.TCP_REFUSED, cluster=(Node(), Node(), Node(down=True))),
)
BY_NAME = {s.name: s for s in SCENARIOS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def scenario_token(scenario: Scenario, pki: dict[str, Path]) -> Secret | None:
    if scenario.raw_token == "no-exp":
        key = jwt.load_signing_key(pki["jwt-es256.key"].read_bytes())
        return Secret(jwt.sign({"sub": "alice", "aud": "t3"}, key))
    if scenario.token is None:
        return None
    args = dict(scenario.token)
    key = jwt.load_signing_key(pki[args.pop("key", "jwt-es256.key")].read_bytes())
    return Secret(mint_token(key, **args))


def _lab_overrides(lab: dict[str, Any], pki: dict[str, Path]) -> dict[str, Any]:
    """LabConfig overrides with the demo PKI's file names made paths."""
    lab = dict(lab)
    for name in ("client_ca", "jwt_key"):
        if name in lab:
            lab[name] = pki[lab[name]]
    if "faults" in lab:
        lab["faults"] = frozenset(lab["faults"])
    return lab


def _node_spec(node: Node, pki: dict[str, Path]) -> NodeSpec:
    overrides = _lab_overrides(node.lab, pki)
    if node.cert is not None:
        overrides |= {"cert": pki[f"server-{node.cert}.pem"], "key": pki[f"server-{node.cert}.key"]}
    return NodeSpec(overrides, node.down)


def _lab_config(scenario: Scenario, pki: dict[str, Path]) -> LabConfig:
    lab = _lab_overrides(scenario.lab, pki)
    cert = "good" if scenario.cert == "revoked" else scenario.cert  # the revoked one is made in serve()
    config = LabConfig(port=0, udp_port=0, cert=pki[f"server-{cert}.pem"],
                       key=pki[f"server-{cert}.key"], jwt_key=pki["jwt-es256.pub.pem"],
                       heartbeat_ms=5000, host_load=False, **lab)
    if config.tls is False:
        config = dataclasses.replace(config, cert=None, key=None)
    return config


@dataclass(frozen=True)
class Served:
    """Where a scenario is played: its address, and for a cluster the addresses behind the name."""

    target: Target
    resolve: tuple[str, ...] = ()  # the nodes' addresses, used for target.host instead of DNS
    note: str = ""  # why the cluster has other addresses or fewer nodes than the scenario says


@asynccontextmanager
async def serve(scenario: Scenario, pki: dict[str, Path]) -> AsyncIterator[Served]:
    """Run what ``scenario`` needs on loopback (a lab server, a relay, a dead port) and yield its address.

    The server keeps running until the context ends, for as many diagnoses and monitors as wanted."""
    if scenario.cluster:
        nodes = [_node_spec(node, pki) for node in scenario.cluster]
        async with LabCluster(_lab_config(scenario, pki), nodes) as cluster:
            yield Served(Target(CLUSTER_NAME, cluster.port, cluster.udp_port), cluster.addresses, cluster.note)
    else:
        async with _serve_one(scenario, pki) as target:
            yield Served(target)


@asynccontextmanager
async def _serve_one(scenario: Scenario, pki: dict[str, Path]) -> AsyncIterator[Target]:
    config = _lab_config(scenario, pki)
    if scenario.closed_port:
        yield Target("127.0.0.1", _free_port(), _free_port())
    elif scenario.filtered_port:
        async with FilteredPort() as dead:
            yield Target("127.0.0.1", dead.port, _free_port())
    elif scenario.cert == "revoked":
        async with CrlServer(b"") as crl_server:
            files = revoked_server(pki["root-ca.pem"].parent, "localhost", crl_server.url)
            crl_server.crl = files["intermediate.crl"].read_bytes()
            config = dataclasses.replace(config, cert=files["server-revoked.pem"], key=files["server-revoked.key"])
            async with LabServer(config) as server:
                yield Target("127.0.0.1", server.port, server.udp_port)
    elif scenario.latency_ms:
        async with LabServer(config) as server, DelayRelay(
                ("127.0.0.1", server.port), ("127.0.0.1", server.udp_port), scenario.latency_ms / 2) as relay:
            yield Target("127.0.0.1", relay.port, relay.udp_port)
    else:
        async with LabServer(config) as server:
            yield Target("127.0.0.1", server.port, server.udp_port)


def options_for(scenario: Scenario, pki: dict[str, Path], served: Served,
                base: DiagnoseOptions | None = None) -> DiagnoseOptions:
    """The options that diagnose ``scenario`` served at ``served`` (a fresh token each time)."""
    target = served.target
    # The demo PKI names localhost: the certificate is checked for that name, whatever the target's.
    overrides: dict[str, Any] = {"ca_file": pki["root-ca.pem"], "server_name": "localhost",
                                 "token": scenario_token(scenario, pki), "use_system_trust": False,
                                 "resolve": served.resolve, **scenario.options}
    if scenario.client_cert:
        overrides["client_cert"] = pki[f"{scenario.client_cert}.pem"]
        overrides["client_key"] = pki[f"{scenario.client_cert}.key"]
    if scenario.latency_ms:
        # HELLO_ACK names the server's own UDP port; the heartbeats must take the slow path too,
        # as `--udp-port` would make them.
        overrides["udp_port_override"] = target.udp_port
    return dataclasses.replace(base or DiagnoseOptions(target), target=target, **overrides)


@asynccontextmanager
async def play(scenario: Scenario, pki: dict[str, Path], base: DiagnoseOptions | None = None
               ) -> AsyncIterator[DiagnoseOptions]:
    """Run the lab server for ``scenario`` and yield the options that diagnose it."""
    async with serve(scenario, pki) as served:
        yield options_for(scenario, pki, served, base)
