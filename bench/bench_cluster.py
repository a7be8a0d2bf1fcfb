"""Several servers behind one name: time to verdict for 1 node against 3 (each diagnosed through the
login, side by side), on a lab cluster of real lab servers on 127.0.0.1-3 sharing one port.

Run: .venv/bin/python -m bench.bench_cluster [--runs 7] [--quick] [--server-process]
Figures: the median of --runs, each a fresh Engine run; "1 node" resolves the name to 127.0.0.1 only
(no sub-runs), "3 nodes" to all three (the main run plus three node sub-runs). The dead-auth rows
put a node whose sign-in service never answers behind the name: its wait (--timeout) is paid once,
not once per node. Linux and Windows only (macOS binds 127.0.0.1 alone unless aliased).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from t3gui.checks.registry import CHECKS
from t3gui.core.engine import Engine
from t3gui.core.model import Target, Tier
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.lab.cluster import LabCluster, NodeSpec
from t3gui.lab.config import LabConfig
from t3gui.lab.faults import Fault
from t3gui.lab.pki import write_demo_pki
from t3gui.lab.tokens import mint_token
from t3gui.protocol import jwt

THREE = ("127.0.0.1", "127.0.0.2", "127.0.0.3")


async def time_to_verdict(pki: dict[str, Path], nodes: list[NodeSpec], addresses: tuple[str, ...], tier: Tier,
                          timeout_s: float, runs: int, separate: bool) -> tuple[float, str, int]:
    base = LabConfig(port=0, udp_port=0, cert=pki["server-good.pem"], key=pki["server-good.key"],
                     jwt_key=pki["jwt-es256.pub.pem"], host_load=False)
    token = mint_token(jwt.load_signing_key(pki["jwt-es256.key"].read_bytes()))
    times, verdict, count = [], "", 0
    async with contextlib.AsyncExitStack() as stack:
        if separate:  # the servers' own TLS work on the other core, as a real cluster's is on its own machines
            port = stack.enter_context(cluster_process(pki, nodes))
        else:
            port = (await stack.enter_async_context(LabCluster(base, nodes, addresses=THREE))).port
        options = DiagnoseOptions(Target("localhost", port), tier=tier, token=Secret(token),
                                  ca_file=pki["root-ca.pem"], use_system_trust=False, timeout_s=timeout_s,
                                  resolve=addresses)
        for _ in range(runs):
            started = time.perf_counter()
            report = await Engine(CHECKS, options).run()
            times.append(time.perf_counter() - started)
            verdict = report.verdict.root_cause.value if report.verdict.root_cause else "healthy"
            count = len(report.nodes)
    return statistics.median(times), verdict, count


@contextlib.contextmanager
def cluster_process(pki: dict[str, Path], nodes: list[NodeSpec]) -> Iterator[int]:
    """`t3gui lab serve --nodes 3` in a process of its own; yields its port."""
    faults = [arg for i, node in enumerate(nodes, start=1) for fault in node.overrides.get("faults", ())
              for arg in ("--node-fault", f"{i}={fault.value}")]
    proc = subprocess.Popen(
        [sys.executable, "-m", "t3gui", "lab", "serve", "--nodes", str(len(nodes)), "--port", "0", "--udp-port", "0",
         "--cert", str(pki["server-good.pem"]), "--key", str(pki["server-good.key"]),
         "--jwt-key", str(pki["jwt-es256.pub.pem"]), *faults], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True)
    try:
        assert proc.stdout is not None
        heading = proc.stdout.readline()
        yield int(heading.split("tcp/")[1].split()[0])
    finally:
        proc.terminate()
        proc.wait(10)


async def main(runs: int, quick: bool, separate: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="t3gui-bench-") as tmp:
        pki = write_demo_pki(Path(tmp), "localhost")
        healthy = [NodeSpec(), NodeSpec(), NodeSpec()]
        dead = NodeSpec({"faults": frozenset({Fault.NO_AUTH_RESPONSE})})
        rows = [
            ("healthy, intermediate tier", healthy, Tier.INTERMEDIATE, 3.0),
            ("healthy, advanced tier (heartbeats on the main node)", healthy, Tier.ADVANCED, 3.0),
            ("dead sign-in service on node 1, --timeout 2", [dead, NodeSpec(), NodeSpec()], Tier.INTERMEDIATE, 2.0),
        ]
        if quick:
            rows = rows[:1]
        for label, nodes, tier, timeout_s in rows:
            for addresses in (THREE[:1], THREE):
                median, verdict, count = await time_to_verdict(pki, nodes, addresses, tier, timeout_s, runs,
                                                               separate)
                print(f"{label + f', {len(addresses)} node(s)':<72} {median:>7.3f} s  "
                      f"({verdict}; {count} node results; median of {runs})", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="one row, one run: proves the script still works")
    parser.add_argument("--server-process", action="store_true",
                        help="run the lab cluster in a process of its own (`t3gui lab serve --nodes 3`)")
    args = parser.parse_args()
    asyncio.run(main(1 if args.quick else args.runs, args.quick, args.server_process))
