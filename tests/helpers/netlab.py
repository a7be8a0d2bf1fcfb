"""Network namespaces for tests: a client and a server host joined by a veth pair.

Everything it creates is named with a random suffix and removed by ``close``:
namespaces, /etc/netns files, nftables rules (they die with the namespace) and
every process it started. Traffic stays between the two namespaces.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def can_use_netns() -> str | None:
    """None when namespaces can be made here, else why not (for a skip message)."""
    if sys.platform != "linux":
        return "network namespaces are Linux-only"
    if os.geteuid() != 0:
        return "needs root to create network namespaces"
    for tool in ("ip", "nft"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (scripts/setup.sh installs it)"
    return None


class NetLab:
    def __init__(self, subnet: int | None = None) -> None:
        self.tag = secrets.token_hex(3)
        self.client, self.server = f"t3c-{self.tag}", f"t3s-{self.tag}"
        n = subnet if subnet is not None else 100 + secrets.randbelow(150)
        self.prefix = f"10.{77}.{n}"
        self.server_ip, self.client_ip = f"{self.prefix}.1", f"{self.prefix}.2"
        self.procs: list[subprocess.Popen[str]] = []
        self.namespaces: list[str] = []

    def sh(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(list(args), capture_output=True, text=True, timeout=30)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: {result.stderr.strip()}")
        return result

    def add_namespace(self, name: str) -> None:
        self.sh("ip", "netns", "add", name)
        self.namespaces.append(name)
        self.sh("ip", "-n", name, "link", "set", "lo", "up")

    def link(self, a: str, a_ip: str, b: str, b_ip: str, prefix_len: int = 24) -> tuple[str, str]:
        end_a, end_b = f"v{secrets.token_hex(3)}", f"v{secrets.token_hex(3)}"
        self.sh("ip", "link", "add", end_a, "type", "veth", "peer", "name", end_b)
        self.sh("ip", "link", "set", end_a, "netns", a)
        self.sh("ip", "link", "set", end_b, "netns", b)
        self.sh("ip", "-n", a, "addr", "add", f"{a_ip}/{prefix_len}", "dev", end_a)
        self.sh("ip", "-n", b, "addr", "add", f"{b_ip}/{prefix_len}", "dev", end_b)
        self.sh("ip", "-n", a, "link", "set", end_a, "up")
        self.sh("ip", "-n", b, "link", "set", end_b, "up")
        return end_a, end_b

    def open(self, connect: bool = True) -> NetLab:
        self.add_namespace(self.client)
        self.add_namespace(self.server)
        if connect:
            self.client_if, self.server_if = self.link(self.client, self.client_ip, self.server, self.server_ip)
        # Unprivileged ICMP echo for every group inside the client namespace.
        self.exec(self.client, "sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647")
        return self

    def exec(self, ns: str, *args: str, check: bool = True, timeout: float = 120,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(["ip", "netns", "exec", ns, *args], capture_output=True, text=True,
                                timeout=timeout, env=env)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} in {ns}: {result.stderr.strip()}")
        return result

    def spawn(self, ns: str, *args: str, ready: str | None = None, timeout: float = 20) -> subprocess.Popen[str]:
        proc = subprocess.Popen(["ip", "netns", "exec", ns, *args], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, cwd=ROOT, start_new_session=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.procs.append(proc)
        if ready is not None:
            deadline = time.monotonic() + timeout
            assert proc.stdout is not None
            while time.monotonic() < deadline:
                line = proc.stdout.readline()
                if ready in line:
                    return proc
                if not line and proc.poll() is not None:
                    break
            raise RuntimeError(f"{' '.join(args)} did not become ready in {ns}")
        return proc

    def nft(self, ns: str, ruleset: str) -> None:
        result = subprocess.run(["ip", "netns", "exec", ns, "nft", "-f", "-"], input=ruleset, capture_output=True,
                                text=True, timeout=30)
        if result.returncode != 0:
            raise RuntimeError(f"nft in {ns}: {result.stderr.strip()}")

    def firewall(self, ns: str, *rules: str, hook: str = "input") -> None:
        """nftables rules on one hook of ``ns`` (they vanish with the namespace)."""
        body = "\n".join(f"    {rule}" for rule in rules)
        self.nft(ns, f"table inet t3test {{\n  chain {hook} {{\n    type filter hook {hook} priority 0;\n"
                     f"{body}\n  }}\n}}\n")

    def lan_behind_server(self) -> str:
        """Make the server namespace a router to a second LAN and return an address there that
        no host holds: the router has to ARP for it, and only after its ARP retries (about 3 s)
        answers ICMP "host unreachable", as for a server powered off on its LAN."""
        lan = f"t3l-{self.tag}"
        self.add_namespace(lan)
        lan_prefix = self.prefix.replace("10.77.", "10.80.")
        self.link(self.server, f"{lan_prefix}.1", lan, f"{lan_prefix}.10")
        self.exec(self.server, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1")
        self.exec(self.client, "ip", "route", "add", f"{lan_prefix}.0/24", "via", self.server_ip)
        return f"{lan_prefix}.50"

    def resolv_conf(self, ns: str, nameserver: str, options: str | None = "timeout:1 attempts:1") -> None:
        """``ip netns exec`` bind-mounts this file over /etc/resolv.conf; ``options=None`` keeps
        the C library's own resolver timeouts (5 s, two attempts)."""
        folder = Path("/etc/netns") / ns
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "resolv.conf").write_text(f"nameserver {nameserver}\n"
                                            + (f"options {options}\n" if options else ""))

    def python(self, ns: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return self.exec(ns, sys.executable, *args, check=False, timeout=timeout,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(5)
            if proc.stdout:
                proc.stdout.close()
        for ns in self.namespaces:
            self.sh("ip", "netns", "del", ns, check=False)
            shutil.rmtree(Path("/etc/netns") / ns, ignore_errors=True)

    def __enter__(self) -> NetLab:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()


async def _serve_calm(args: argparse.Namespace) -> None:
    from t3gui.lab.config import LabConfig
    from t3gui.lab.faults import Fault
    from t3gui.lab.server import LabServer

    # host_load=False: the STATUS load is the simulated server's, so a busy test machine does not
    # turn a healthy run into SERVER_OVERLOADED (what `t3gui lab serve` would report).
    config = LabConfig(host=args.host, cert=Path(args.cert), key=Path(args.key), jwt_key=Path(args.jwt_key),
                       faults=frozenset(Fault(f) for f in args.fault), host_load=False)
    server = LabServer(config)
    await server.start()
    print(f"listening on {args.host}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


def main() -> None:
    """python -m tests.helpers.netlab --host IP --cert F --key F --jwt-key F [--fault NAME]..."""
    parser = argparse.ArgumentParser()
    for option in ("--host", "--cert", "--key", "--jwt-key"):
        parser.add_argument(option, required=True)
    parser.add_argument("--fault", action="append", default=[])
    asyncio.run(_serve_calm(parser.parse_args()))


if __name__ == "__main__":
    main()
