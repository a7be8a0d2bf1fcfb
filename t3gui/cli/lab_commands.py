"""`t3gui lab ...`: the reference server, demo PKI and demo tokens."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from t3gui.cli import argtypes
from t3gui.cli.errors import EXIT_OK, Foreign, Localized, UsageError, Words, os_reason
from t3gui.lab.config import LabConfig
from t3gui.lab.faults import Fault
from t3gui.protocol import jwt

if TYPE_CHECKING:
    from t3gui.lab.cluster import NodeSpec

NODE_DOWN = "down"  # --node-fault N=down: nothing listens on node N's address
CLUSTER_EPILOG = (
    "cluster: --nodes N plays N servers behind one name, node i on 127.0.0.i (macOS: 127.0.0.1 and ::1 "
    "unless more loopback addresses are aliased), all on the same --port and --udp-port, each as the other "
    "options say unless a --node-* option changes it. Example: --nodes 3 --node-fault 2=no-response "
    "--node-fault 3=down --node-cert 1=expired.pem --node-key 1=expired.key. Diagnose it as the servers "
    "behind one name: t3gui diagnose NAME:PORT --resolve 127.0.0.1,127.0.0.2,127.0.0.3.")


def add_parsers(sub: Any) -> None:
    lab = sub.add_parser("lab", help="the reference T3 lab server and its demo PKI and tokens")
    lab_sub = lab.add_subparsers(dest="lab_command", required=True, metavar="COMMAND")
    _add_serve(lab_sub)
    _add_pki(lab_sub)
    _add_token(lab_sub)
    _add_demo(lab_sub)


def _add_serve(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the reference T3 server (binds 127.0.0.1 unless told otherwise)",
                       description="Run the reference T3 server, optionally playing faults.",
                       epilog="faults: " + "; ".join(f"{f.value}: {f.description}" for f in Fault)
                       + ". " + CLUSTER_EPILOG)
    p.add_argument("--host", help="address to bind (default 127.0.0.1; not with --nodes)")
    p.add_argument("--port", type=argtypes.port_or_zero, default=12345, help="control (TCP) port, 0 for any")
    p.add_argument("--udp-port", type=argtypes.port_or_zero, default=12346, help="data (UDP) port, 0 for any")
    p.add_argument("--cert", type=argtypes.readable_file, help="PEM: leaf certificate, then its chain")
    p.add_argument("--key", type=argtypes.readable_file, help="PEM private key of --cert")
    p.add_argument("--jwt-key", type=argtypes.readable_file,
                   help="PEM public key (RS256, ES256, EdDSA) or a file holding an HS256 secret")
    p.add_argument("--audience", default="t3", help="required 'aud' claim (default t3)")
    p.add_argument("--issuer", help="required 'iss' claim (default: any)")
    p.add_argument("--users", type=argtypes.name_list, help="comma-separated known users (default: any)")
    p.add_argument("--revoked", type=argtypes.name_list, default=frozenset(),
                   help="comma-separated revoked users")
    p.add_argument("--client-ca", type=argtypes.readable_file,
                   help="require client certificates issued by this PEM CA")
    p.add_argument("--no-tls", action="store_true", help="plaintext control channel (a fault in itself)")
    p.add_argument("--allow-weak-tls", action="store_true", help="OpenSSL security level 0 (to serve server-weak.pem)")
    p.add_argument("--clock-offset-s", type=float, default=0.0,
                   help="pretend the server clock is off by this many seconds")
    p.add_argument("--fault", action="append", default=[], choices=[f.value for f in Fault],
                   metavar="NAME", help="play a fault (repeatable): " + ", ".join(f.value for f in Fault))
    p.add_argument("--heartbeat-ms", type=int, default=5000, help="heartbeat interval in HELLO_ACK")
    p.add_argument("--slow-handshake-ms", type=int, default=3000, help="delay of the slow-handshake fault")
    p.add_argument("--max-connections", type=int, default=1000, help="answer BUSY past this many")
    p.add_argument("--duration-s", type=float, help="stop after this many seconds (default: until Ctrl-C)")
    cluster = p.add_argument_group("cluster (several servers behind one name)")
    cluster.add_argument("--nodes", type=int, metavar="N", help="play a cluster of N nodes (2-9), one per "
                                                                 "loopback address, on the same ports")
    cluster.add_argument("--node-fault", action="append", default=[], metavar="N=NAME",
                         help=f"node N plays fault NAME, or is '{NODE_DOWN}' (nothing listens on its "
                              "address); repeatable")
    cluster.add_argument("--node-cert", action="append", default=[], metavar="N=FILE",
                         help="node N serves this certificate (PEM, leaf then chain) instead of --cert")
    cluster.add_argument("--node-key", action="append", default=[], metavar="N=FILE",
                         help="the private key of node N's --node-cert")
    cluster.add_argument("--node-jwt-key", action="append", default=[], metavar="N=FILE",
                         help="node N trusts this token key instead of --jwt-key")
    p.set_defaults(handler=run_serve)


def _add_pki(sub: Any) -> None:
    p = sub.add_parser("pki", help="write a demo CA, intermediate, server and client certificates",
                       description="Write demo PKI files: CAs, good and faulty server certificates, "
                                   "a client CA and certificate, and JWT signing keys.")
    p.add_argument("directory", type=Path, help="folder to write into (created if missing)")
    p.add_argument("--host", default="localhost", help="host name or address the server certificates name")
    p.set_defaults(handler=run_pki)


def _add_token(sub: Any) -> None:
    p = sub.add_parser("token", help="mint a JWT with chosen claims and algorithm",
                       description="Mint a JWT. Negative --lifetime-s gives an expired token.")
    p.add_argument("--key", type=argtypes.readable_file, required=True,
                   help="PEM private key, or a file holding an HS256 secret")
    p.add_argument("--alg", choices=[*list(jwt.ALGORITHMS), "none"],
                   help="algorithm (default: the one the key implies; 'none' makes an unsigned token)")
    p.add_argument("--sub", default="alice", help="user (default alice)")
    p.add_argument("--aud", default="t3", help="audience (default t3; '' for none)")
    p.add_argument("--iss", help="issuer")
    p.add_argument("--lifetime-s", type=float, default=3600, help="seconds until exp (default 3600)")
    p.add_argument("--not-before-s", type=float, help="nbf this many seconds from now")
    p.add_argument("--claim", action="append", default=[], metavar="NAME=JSON",
                   help="extra claim; the value is JSON if it parses, else a string")
    p.add_argument("--out", type=Path, help="write the token to this file (mode 600) instead of stdout")
    p.set_defaults(handler=run_token)


def _add_demo(sub: Any) -> None:
    p = sub.add_parser("demo", help="run a ready-made lab server with demo certificates and a token",
                       description="Write demo PKI and a token to the per-user cache and serve on loopback.")
    p.add_argument("--port", type=argtypes.port_or_zero, default=12345, help="control (TCP) port")
    p.add_argument("--udp-port", type=argtypes.port_or_zero, default=12346, help="data (UDP) port")
    p.add_argument("--fault", action="append", default=[], choices=[f.value for f in Fault],
                   metavar="NAME", help="play a fault (repeatable)")
    p.add_argument("--duration-s", type=float, help="stop after this many seconds")
    p.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from t3gui.core.paths import cache_dir, private_folder, replace_private
    from t3gui.lab.pki import write_demo_pki
    from t3gui.lab.tokens import mint_token

    folder = cache_dir() / "demo"
    try:
        # The folder holds private keys and a token: only its owner may look inside.
        files = _reused_demo_pki(folder) or write_demo_pki(private_folder(folder), "localhost")
        token_file = folder / "token.jwt"
        key = jwt.load_signing_key(files["jwt-es256.key"].read_bytes())
        replace_private(token_file, (mint_token(key, sub="alice", lifetime_s=8 * 3600) + "\n").encode("ascii"))
    except OSError as exc:
        raise UsageError("usage.lab.demo_unwritable", folder=folder, reason=os_reason(exc)) from None
    config = LabConfig(port=args.port, udp_port=args.udp_port, cert=files["server-good.pem"],
                       key=files["server-good.key"], jwt_key=files["jwt-es256.pub.pem"],
                       faults=frozenset(Fault(f) for f in args.fault), host_load=False)
    print("t3gui demo lab server on 127.0.0.1, host name localhost")
    print(f"  trust this CA:   {files['root-ca.pem']}")
    print(f"  log in with:     {token_file}  (user alice, valid 8 hours)")
    print(f"  more certificates, keys and faults: {folder}, `t3gui lab serve --help`")
    print("Press Ctrl-C to stop.", flush=True)
    return _run_server(config, args.duration_s)


# A restarted demo keeps the CA and token key of the last day: a monitor or client set up against it
# (docs/monitor.md's walkthrough stops and starts the server) must still trust it afterwards.
DEMO_PKI_REUSE_S = 24 * 3600
_DEMO_PKI_NEEDS = ("root-ca.pem", "server-good.pem", "server-good.key", "jwt-es256.key", "jwt-es256.pub.pem")


def _reused_demo_pki(folder: Path) -> dict[str, Path] | None:
    """The demo PKI already in ``folder`` when it is whole and less than a day old, else None."""
    import time

    try:
        if time.time() - (folder / "root-ca.pem").stat().st_mtime > DEMO_PKI_REUSE_S:
            return None
        files = {p.name: p for p in folder.iterdir() if p.is_file()}
    except OSError:
        return None
    return files if all(name in files for name in _DEMO_PKI_NEEDS) else None


def run_serve(args: argparse.Namespace) -> int:
    if (args.cert is None) != (args.key is None):
        raise UsageError("usage.lab.cert_key")
    if args.no_tls and (args.cert or args.client_ca):
        raise UsageError("usage.lab.no_tls")
    if args.heartbeat_ms < 10:
        raise UsageError("usage.lab.heartbeat", value=args.heartbeat_ms)
    config = LabConfig(
        host=args.host or "127.0.0.1", port=args.port, udp_port=args.udp_port, cert=args.cert, key=args.key,
        jwt_key=args.jwt_key, audience=args.audience or None, issuer=args.issuer, users=args.users,
        revoked=args.revoked, client_ca=args.client_ca, tls=not args.no_tls, allow_weak_tls=args.allow_weak_tls,
        clock_offset_s=args.clock_offset_s, faults=frozenset(Fault(f) for f in args.fault),
        heartbeat_ms=args.heartbeat_ms, slow_handshake_ms=args.slow_handshake_ms,
        max_connections=args.max_connections,
    )
    node_options = (args.node_fault, args.node_cert, args.node_key, args.node_jwt_key)
    if args.nodes is None:
        if any(node_options):
            raise UsageError("usage.lab.node_options")
        return _run_server(config, args.duration_s)
    if args.host is not None:
        raise UsageError("usage.lab.host_nodes")
    from t3gui.lab.cluster import MAX_NODES

    if not 2 <= args.nodes <= MAX_NODES:
        raise UsageError("usage.lab.nodes_range", nodes=args.nodes, most=MAX_NODES)
    return _run_cluster(config, _node_specs(args), args.duration_s)


def _per_node(option: str, items: list[str], nodes: int) -> dict[int, str]:
    """``N=VALUE`` items of ``option``, by node number."""
    by_node: dict[int, str] = {}
    for item in items:
        number, sep, value = item.partition("=")
        if not sep or not value or not number.strip().isdigit():
            raise UsageError("usage.lab.node_form", option=option, item=item)
        node = int(number)
        if not 1 <= node <= nodes:
            raise UsageError("usage.lab.node_number", option=option, item=item, node=node, nodes=nodes)
        if node in by_node and option != "--node-fault":
            raise UsageError("usage.lab.node_twice", option=option, node=node)
        by_node[node] = value if node not in by_node else f"{by_node[node]},{value}"
    return by_node


def _node_file(option: str, node: int, text: str) -> Path:
    try:
        return argtypes.readable_file(text)
    except argtypes.BadValue as exc:
        raise UsageError("usage.lab.node_file", option=option, node=node, problem=exc.words) from None


def _node_specs(args: argparse.Namespace) -> list[NodeSpec]:
    from t3gui.lab.cluster import NodeSpec

    faults = _per_node("--node-fault", args.node_fault, args.nodes)
    certs = _per_node("--node-cert", args.node_cert, args.nodes)
    keys = _per_node("--node-key", args.node_key, args.nodes)
    jwt_keys = _per_node("--node-jwt-key", args.node_jwt_key, args.nodes)
    if certs.keys() != keys.keys():
        raise UsageError("usage.lab.node_cert_key")
    if args.no_tls and certs:
        raise UsageError("usage.lab.no_tls_node_cert")
    known = {f.value for f in Fault} | {NODE_DOWN}
    specs = []
    for node in range(1, args.nodes + 1):
        names = faults.get(node, "").split(",") if node in faults else []
        for name in names:
            if name not in known:
                raise UsageError("usage.lab.node_fault", node=node, name=name, known=", ".join(sorted(known)))
        overrides: dict[str, Any] = {}
        if own := frozenset(Fault(n) for n in names if n != NODE_DOWN):
            overrides["faults"] = own | set(Fault(f) for f in args.fault)
        if node in certs:
            overrides["cert"] = _node_file("--node-cert", node, certs[node])
            overrides["key"] = _node_file("--node-key", node, keys[node])
        if node in jwt_keys:
            overrides["jwt_key"] = _node_file("--node-jwt-key", node, jwt_keys[node])
        specs.append(NodeSpec(overrides, down=NODE_DOWN in names))
    if all(spec.down for spec in specs):
        raise UsageError("usage.lab.all_down")
    return specs


def _run_cluster(config: LabConfig, nodes: list[NodeSpec], duration_s: float | None) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(_serve_cluster(config, nodes, duration_s))
    except KeyboardInterrupt:
        pass
    return EXIT_OK


async def _serve_cluster(config: LabConfig, nodes: list[NodeSpec], duration_s: float | None) -> None:
    import ssl

    from t3gui.lab.cluster import LabCluster

    cluster = LabCluster(config, nodes)
    try:
        await cluster.start()
    except ValueError as exc:
        raise UsageError("usage.lab.key", reason=Foreign(str(exc))) from None
    except ssl.SSLError as exc:
        raise UsageError("usage.lab.cert_or_key", reason=Foreign(str(exc))) from None
    except OSError as exc:
        raise UsageError("usage.lab.cluster_listen", port=config.port, reason=_listen_reason(exc)) from None
    print(f"lab cluster of {len(cluster.nodes)} nodes on tcp/{cluster.port} udp/{cluster.udp_port}:")
    for number, (address, node) in enumerate(zip(cluster.addresses, cluster.nodes, strict=True), start=1):
        faults = ",".join(sorted(f.value for f in node.overrides.get("faults", config.faults))) or "none"
        told = [f"faults: {faults}"]
        if "cert" in node.overrides:
            told.append(f"certificate {node.overrides['cert'].name}")
        if "jwt_key" in node.overrides:
            told.append(f"token key {node.overrides['jwt_key'].name}")
        print(f"  node {number}  {address}  " + (NODE_DOWN if node.down else "; ".join(told)))
    if cluster.note:
        print(f"  note: {cluster.note}")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        await _wait(duration_s)
    finally:
        await cluster.stop()


def _listen_reason(exc: OSError) -> Localized:
    """Why a server cannot listen: asyncio's message names every address it tried; the errno says it shorter."""
    if not exc.errno:
        return Foreign(str(exc))
    reason = os_reason(exc)
    return reason if isinstance(reason, Words) else Foreign(os.strerror(exc.errno))


async def _wait(duration_s: float | None) -> None:
    """Until Ctrl-C, or for ``duration_s`` seconds."""
    if duration_s is None:
        await asyncio.Event().wait()
    else:
        await asyncio.sleep(duration_s)


def _run_server(config: LabConfig, duration_s: float | None) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(_serve(config, duration_s))
    except KeyboardInterrupt:
        pass
    return EXIT_OK


async def _serve(config: LabConfig, duration_s: float | None) -> None:
    from t3gui.lab.server import LabServer

    try:
        server = LabServer(config)
    except ValueError as exc:
        raise UsageError("usage.lab.key", reason=Foreign(str(exc))) from None
    except OSError as exc:  # ssl.SSLError is an OSError
        raise UsageError("usage.lab.the_cert_or_key", reason=Foreign(str(exc))) from None
    try:
        await server.start()
    except OSError as exc:
        raise UsageError("usage.lab.listen", host=config.host, port=config.port, reason=_listen_reason(exc)) from None
    try:
        await _wait(duration_s)
    finally:
        await server.stop()


def run_pki(args: argparse.Namespace) -> int:
    from t3gui.lab.pki import SERVER_CERTS, write_demo_pki

    try:
        files = write_demo_pki(args.directory, args.host)
    except OSError as exc:
        raise UsageError("usage.path.unwritable", path=args.directory, reason=os_reason(exc)) from None
    print(f"wrote {len(files)} files to {args.directory} for host {args.host}:")
    for name, what in SERVER_CERTS.items():
        print(f"  server-{name}.pem/.key  {what}")
    print("  root-ca.pem, intermediate-ca.pem  the CA to trust and the intermediate")
    print("  client-ca.pem, client.pem/.key, client-untrusted.pem/.key  for mutual TLS")
    print("  jwt-hs256.secret, jwt-{rs256,es256,eddsa}.key/.pub.pem  token signing keys")
    return EXIT_OK


def _claim_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def run_token(args: argparse.Namespace) -> int:
    from t3gui.lab.tokens import mint_token

    try:
        key = jwt.load_signing_key(args.key.read_bytes())
    except ValueError as exc:
        raise UsageError("usage.lab.signing_key", path=args.key, reason=Foreign(str(exc))) from None
    extra = {}
    for item in args.claim:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError("usage.lab.claim", item=item)
        extra[name] = _claim_value(value)
    try:
        token = mint_token(key, sub=args.sub, audience=args.aud or None, issuer=args.iss,
                           lifetime_s=args.lifetime_s, not_before_in_s=args.not_before_s,
                           alg=args.alg, extra=extra)
    except ValueError as exc:
        raise UsageError("usage.lab.token", problem=Foreign(str(exc))) from None
    if args.out is None:
        print(token)
    else:
        args.out.write_text(token + "\n", encoding="ascii")
        args.out.chmod(0o600)
        print(f"wrote a token for {args.sub} to {args.out}")
    return EXIT_OK
