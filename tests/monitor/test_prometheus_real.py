"""A real Prometheus scraping real `t3gui monitor` processes that watch real lab servers.

What docs/monitor.md promises operators, end to end: Prometheus (Debian's package; its binary
only, on a port and in a data folder of the test's own, never the system service) loads
resources/monitoring/t3gui-alerts.yml, scrapes two monitors each second, and its HTTP API says
what an operator would see. One lab server is healthy; another is sick in every way the rules
know (certificate 5 days from expiry, clock 2 minutes behind, overloaded, a quarter of its
heartbeats lost on the way, the monitor's token a day from expiry); a third's certificate
expires while the monitor's session to it is open; one scrape target is a monitor that is not
running. Each alert must fire where it should and nothing on the healthy server; every query of
the dashboard and of the rules must return data. Then the healthy server stops and starts again,
and in network namespaces (root) nftables drops heartbeats.

The rules are the shipped file with its `for:` waits cut to nothing (T3ServerDown's to 10 s,
so the sick server's lost heartbeats cannot trip it), as an operator's test would.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import json
import os
import random
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from cryptography.x509.oid import NameOID

from t3gui.lab.config import LabConfig
from t3gui.lab.faults import Fault
from t3gui.lab.pki import Issuer, cert_pem, issue, key_pem, new_key
from t3gui.lab.server import LabServer
from tests.helpers.netlab import NetLab, can_use_netns
from tests.resources.monitoring_files import RULES, missing_prometheus_tool, panel_queries

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(missing_prometheus_tool("prometheus") is not None,
                                 reason=str(missing_prometheus_tool("prometheus")))]

ROOT = Path(__file__).resolve().parents[2]
INTERVAL_S = "0.2"  # probes a series each 0.2 s: 20 probes (the loss alerts' minimum) in 4 s
SERVER_DOWN_FOR = "10s"
RATE_INTERVAL = "10s"  # Grafana's $__rate_interval for a 1 s scrape is at least 4 scrapes
CERT_LIFETIME_S = 25  # the short-lived certificate: the monitor's session opens before it expires
Fetch = Callable[[str], str]


def rules_for_test(text: str) -> str:
    """The shipped rules with every `for:` at 0 s but T3ServerDown's, which stays long enough that
    a server losing a quarter of its heartbeats (up flickers to 0) does not look down."""
    text = re.sub(r"^(\s*for: )\S+$", r"\g<1>0s", text, flags=re.MULTILINE)
    down = re.search(r"- alert: T3ServerDown\n(?:.*\n)*?\s*for: 0s", text)
    assert down is not None
    return text[:down.start()] + down.group(0).replace("for: 0s", f"for: {SERVER_DOWN_FOR}") + text[down.end():]


def short_lived_certificate(pki: dict[str, Path], folder: Path, seconds: float) -> tuple[Path, Path]:
    """A localhost certificate from the demo intermediate that expires ``seconds`` from now: a monitor
    whose session opened before then keeps it (as T3 clients do), and only the metric says it expired."""
    inter_key = load_pem_private_key(pki["intermediate-ca.key"].read_bytes(), None)
    assert isinstance(inter_key, ec.EllipticCurvePrivateKey)
    inter = Issuer(x509.load_pem_x509_certificate(pki["intermediate-ca.pem"].read_bytes()), inter_key)
    now, key = dt.datetime.now(dt.UTC), new_key()
    leaf = issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]), key, inter,
                 not_before=now - dt.timedelta(days=1), not_after=now + dt.timedelta(seconds=seconds),
                 hosts=[x509.DNSName("localhost")])
    cert, key_file = folder / "server-short-lived.pem", folder / "server-short-lived.key"
    cert.write_bytes(cert_pem(leaf, inter.cert))
    key_file.write_bytes(key_pem(key))
    return cert, key_file


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def eventually(what: str, check: Callable[[], Any], timeout: float = 60.0,
               show: Callable[[], Any] | None = None) -> Any:
    """Poll ``check`` until it returns something true; fail naming ``what`` and the last answer
    (or what ``show`` says then)."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout:g} s; last seen {show() if show else last!r}")


class LabThread:
    """Lab servers on an event loop of their own thread, so the test can stop one and start it again."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.servers: list[LabServer] = []

    def start(self, config: LabConfig) -> LabServer:
        server = LabServer(config)
        asyncio.run_coroutine_threadsafe(server.start(), self.loop).result(10)
        self.servers.append(server)
        return server

    def stop(self, server: LabServer) -> None:
        asyncio.run_coroutine_threadsafe(server.stop(), self.loop).result(10)
        self.servers.remove(server)

    def close(self) -> None:
        for server in list(self.servers):
            self.stop(server)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


class LossyUdpRelay:
    """Between a monitor and a lab server's UDP port, it drops a share of the heartbeats on their
    way out, as a lossy path would: network loss without root (the namespace test uses nftables)."""

    def __init__(self, upstream: tuple[str, int], loss: float, seed: int = 3) -> None:
        self.loss, self.random = loss, random.Random(seed)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.listener.bind(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.upstream.connect(upstream)
        self.client: tuple[str, int] | None = None
        self.dropped = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            readable, _, _ = select.select([self.listener, self.upstream], [], [], 0.1)
            for sock in readable:
                with contextlib.suppress(OSError):  # the server's port closed: its ICMP error lands here
                    if sock is self.listener:
                        data, self.client = self.listener.recvfrom(65536)
                        if self.random.random() < self.loss:
                            self.dropped += 1
                        else:
                            self.upstream.send(data)
                    elif self.client is not None:
                        self.listener.sendto(self.upstream.recv(65536), self.client)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.listener.close()
        self.upstream.close()


def fetch_here(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return str(answer.read().decode("utf-8"))


class Prometheus:
    """A prometheus process of the test's own, and the parts of its HTTP API an operator uses."""

    def __init__(self, folder: Path, scrape: list[str], rules: str, port: int, fetch: Fetch = fetch_here,
                 namespace: str | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "rules.yml").write_text(rules)
        targets = ", ".join(f"'{t}'" for t in scrape)
        (folder / "prometheus.yml").write_text(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
            "rule_files: ['rules.yml']\n"
            f"scrape_configs:\n  - job_name: t3gui\n    static_configs:\n      - targets: [{targets}]\n")
        self.base = f"http://127.0.0.1:{port}"
        self.fetch = fetch
        self.log = folder / "prometheus.log"
        prefix = ["ip", "netns", "exec", namespace] if namespace else []
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                [*prefix, "prometheus", f"--config.file={folder / 'prometheus.yml'}",
                 f"--storage.tsdb.path={folder / 'data'}", f"--web.listen-address=127.0.0.1:{port}",
                 "--log.level=warn"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        eventually("Prometheus ready", self._ready, timeout=30)

    def _ready(self) -> bool:
        assert self.proc.poll() is None, f"prometheus exited: {self.log.read_text()[-2000:]}"
        try:
            return "Ready" in self.fetch(f"{self.base}/-/ready")
        except (OSError, RuntimeError):
            return False

    def api(self, path: str, **params: str) -> Any:
        answer = json.loads(self.fetch(f"{self.base}/api/v1/{path}?{urllib.parse.urlencode(params)}"))
        assert answer["status"] == "success", answer
        return answer["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        data = self.api("query", query=expr)
        assert data["resultType"] == "vector", (expr, data)
        return list(data["result"])

    def value(self, expr: str) -> float | None:
        result = self.query(expr)
        assert len(result) <= 1, (expr, result)
        return float(result[0]["value"][1]) if result else None

    def alerts(self, state: str = "firing") -> set[tuple[str, str]]:
        """(alert name, target or instance) of the alerts in ``state``."""
        return {(a["labels"]["alertname"], a["labels"].get("target") or a["labels"].get("instance", ""))
                for a in self.api("alerts")["alerts"] if a["state"] == state}

    def rules(self) -> list[dict[str, Any]]:
        return [rule for group in self.api("rules")["groups"] for rule in group["rules"]]

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


class MonitorProcess:
    """`t3gui monitor` as an operator starts it, with /metrics on a port it picks itself."""

    def __init__(self, log: Path, *args: str) -> None:
        self.log = log
        with log.open("w") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "t3gui", "monitor", *args, "--prometheus", "0",
                                          "--interval", INTERVAL_S], stdout=out, stderr=subprocess.STDOUT,
                                         cwd=ROOT, start_new_session=True)
        self.address = eventually(f"{log.name} serving /metrics", self._address, timeout=30)

    def _address(self) -> str | None:
        assert self.proc.poll() is None, f"t3gui monitor exited: {self.log.read_text()}"
        found = re.search(r"metrics on http://([\d.]+:\d+)/metrics", self.log.read_text())
        return found.group(1) if found else None

    def close(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        return self.proc.returncode


class Stack:
    def __init__(self, prometheus: Prometheus, lab: LabThread, healthy: LabServer, healthy_config: LabConfig,
                 healthy_target: str, sick_target: str, expired_target: str, dead_monitor: str) -> None:
        self.prometheus, self.lab = prometheus, lab
        self.healthy, self.healthy_config = healthy, healthy_config
        self.healthy_target, self.sick_target, self.expired_target = healthy_target, sick_target, expired_target
        self.dead_monitor = dead_monitor


@pytest.fixture(scope="module")
def stack(pki: dict[str, Path], token: Callable[..., str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("prometheus-real")
    long_token, short_token = folder / "long.jwt", folder / "short.jwt"
    long_token.write_text(token(sub="alice", lifetime_s=30 * 86400))
    short_token.write_text(token(sub="alice", lifetime_s=86400))  # T3TokenExpiringSoon: within 3 days
    base = LabConfig(port=0, udp_port=0, cert=pki["server-good.pem"], key=pki["server-good.key"],
                     jwt_key=pki["jwt-es256.pub.pem"], heartbeat_ms=1000, host_load=False)
    healthy_config = dataclasses.replace(base, port=free_port(), udp_port=free_port(socket.SOCK_DGRAM))
    sick_config = dataclasses.replace(base, cert=pki["server-expiring-soon.pem"], key=pki["server-expiring-soon.key"],
                                      clock_offset_s=-120.0, faults=frozenset({Fault.OVERLOADED}))
    cert, key = short_lived_certificate(pki, folder, CERT_LIFETIME_S)
    expiring_config = dataclasses.replace(base, cert=cert, key=key)
    lab = LabThread()
    monitors: list[MonitorProcess] = []
    relay: LossyUdpRelay | None = None
    prometheus: Prometheus | None = None
    try:
        healthy = lab.start(healthy_config)
        sick = lab.start(sick_config)
        expiring = lab.start(expiring_config)
        relay = LossyUdpRelay(("127.0.0.1", sick.udp_port), loss=0.25)
        common = ["--ca-file", str(pki["root-ca.pem"])]
        monitors.append(MonitorProcess(folder / "monitor-healthy.log", f"localhost:{healthy.port}",
                                       f"localhost:{expiring.port}", "--token-file", str(long_token), *common))
        monitors.append(MonitorProcess(folder / "monitor-sick.log", f"localhost:{sick.port}",
                                       "--udp-port", str(relay.port), "--token-file", str(short_token), *common))
        dead_monitor = f"127.0.0.1:{free_port()}"  # nothing listens: a monitor that is not running
        prometheus = Prometheus(folder / "prometheus", [m.address for m in monitors] + [dead_monitor],
                                rules_for_test(RULES.read_text()), free_port())
        yield Stack(prometheus, lab, healthy, healthy_config, f"localhost:{healthy.port}",
                    f"localhost:{sick.port}", f"localhost:{expiring.port}", dead_monitor)
    finally:
        if prometheus is not None:
            prometheus.close()
        exits = [monitor.close() for monitor in monitors]
        if relay is not None:
            relay.close()
        lab.close()
    assert exits == [0] * len(monitors), f"t3gui monitor did not stop cleanly on SIGTERM: {exits}"


SICK_ALERTS = {"T3CertificateExpiringSoon", "T3TokenExpiringSoon", "T3ClockSkew", "T3ServerOverloaded",
               "T3PacketLossCritical", "T3PacketLossWarning"}


@pytest.mark.timeout(180)
def test_each_alert_fires_for_the_sick_server_only_and_every_query_returns_data(stack: Stack) -> None:
    prom, healthy, sick = stack.prometheus, stack.healthy_target, stack.sick_target
    eventually("both servers up", lambda: len(prom.query("t3gui_up == 1")) == 2)
    expected = ({(name, sick) for name in SICK_ALERTS} | {("T3MonitorDown", stack.dead_monitor)}
                | {("T3CertificateExpired", stack.expired_target)})
    eventually("every alert of the sick server firing", lambda: expected <= prom.alerts(), timeout=90,
               show=lambda: f"missing {expected - prom.alerts()}")

    firing = prom.alerts()
    assert firing - {("T3ServerDown", sick)} == expected  # nothing for the healthy server, nothing else
    assert not {a for a in prom.alerts("pending") | firing if a[1] == healthy}
    # What the alerts saw is what the lab servers play.
    assert 115 < (prom.value(f't3gui_clock_skew_seconds{{target="{sick}"}}') or 0) < 125
    assert abs(prom.value(f't3gui_clock_skew_seconds{{target="{healthy}"}}') or 99) < 5
    days = prom.value(f'(t3gui_tls_cert_not_after_timestamp_seconds{{target="{sick}"}} - time()) / 86400')
    assert days is not None and 4 < days < 6
    assert prom.value(f't3gui_server_cpu_ratio{{target="{sick}"}}') == pytest.approx(0.97)
    assert prom.value(f'sum(t3gui_probes_lost_total{{target="{healthy}"}})') == 0

    # Every rule evaluates cleanly, and each expression but T3ServerDown's (next test) returns data.
    rules = prom.rules()
    assert {r["name"] for r in rules if r["type"] == "alerting"} >= SICK_ALERTS | {"T3ServerDown", "T3MonitorDown"}
    for rule in rules:
        assert rule["health"] == "ok", rule
        if rule["name"] != "T3ServerDown":
            assert prom.query(rule["query"]), f"{rule['name']}: {rule['query']} returned no data"
    # Every panel's query, as Grafana sends it with "All" servers chosen, and the server variable.
    for query in panel_queries():
        for target in (".+", re.escape(healthy)):
            assert prom.query(query.promql(RATE_INTERVAL, target)), f"{query.panel} ({target}) returned no data"
    assert {healthy, sick} <= set(prom.api("label/target/values", **{"match[]": "t3gui_up"}))


@pytest.mark.timeout(180)
def test_server_down_fires_then_clears_when_it_comes_back(stack: Stack) -> None:
    prom, healthy = stack.prometheus, stack.healthy_target
    up = f't3gui_up{{target="{healthy}"}}'
    eventually("healthy server up", lambda: prom.value(up) == 1)
    stack.lab.stop(stack.healthy)
    eventually("t3gui_up 0 once the server stopped", lambda: prom.value(up) == 0, timeout=20)
    eventually("T3ServerDown firing", lambda: ("T3ServerDown", healthy) in prom.alerts(), timeout=40)
    down_rule = next(r for r in prom.rules() if r["name"] == "T3ServerDown")
    assert {s["metric"]["target"] for s in prom.query(down_rule["query"])} >= {healthy}
    # The probes due meanwhile are lost, and counted as the outage's, not as network loss.
    assert (prom.value(f'sum(increase(t3gui_probes_outage_total{{target="{healthy}"}}[1m]))') or 0) > 0
    assert not {a for a in prom.alerts() | prom.alerts("pending")
                if a[0].startswith("T3PacketLoss") and a[1] == healthy}

    stack.healthy = stack.lab.start(stack.healthy_config)  # the same ports, as a restarted server
    eventually("t3gui_up back to 1", lambda: prom.value(up) == 1, timeout=60)
    eventually("T3ServerDown cleared", lambda: ("T3ServerDown", healthy) not in prom.alerts() | prom.alerts("pending"),
               timeout=20)
    assert (prom.value(f't3gui_reconnects_total{{target="{healthy}"}}') or 0) >= 1


FETCH_IN_NAMESPACE = ("import sys, urllib.request; "
                      "sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())")


@pytest.mark.netns
@pytest.mark.timeout(180)
@pytest.mark.skipif(can_use_netns() is not None, reason=f"the nftables loss part: {can_use_netns()}")
def test_nftables_loss_in_a_namespace_raises_the_lost_counter_and_the_loss_alert(
        pki: dict[str, Path], token: Callable[..., str], tmp_path: Path) -> None:
    """The lab server in one namespace, the monitor and Prometheus in the other, and nftables on
    the server's side dropping 30 % of the heartbeats: a real lossy path."""
    token_file = tmp_path / "token.jwt"
    token_file.write_text(token(sub="alice", lifetime_s=30 * 86400))
    with NetLab() as net:
        net.spawn(net.server, sys.executable, "-m", "tests.helpers.netlab", "--host", net.server_ip,
                  "--cert", str(pki["server-good.pem"]), "--key", str(pki["server-good.key"]),
                  "--jwt-key", str(pki["jwt-es256.pub.pem"]), ready="listening on")
        # Ports inside the client namespace are its own: fixed ones cannot collide with the host's.
        with (tmp_path / "monitor.log").open("w") as log:
            monitor = subprocess.Popen(
                ["ip", "netns", "exec", net.client, sys.executable, "-m", "t3gui", "monitor", net.server_ip,
                 "--server-name", "localhost", "--ca-file", str(pki["root-ca.pem"]), "--token-file", str(token_file),
                 "--prometheus", "127.0.0.1:9464", "--interval", INTERVAL_S],
                stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
        net.procs.append(monitor)  # type: ignore[arg-type]  # NetLab.close stops it with the rest

        def fetch(url: str) -> str:
            result = net.exec(net.client, sys.executable, "-c", FETCH_IN_NAMESPACE, url, check=False, timeout=15)
            if result.returncode != 0:
                raise RuntimeError(result.stderr.strip().splitlines()[-1:])
            return result.stdout

        prom = Prometheus(tmp_path / "prometheus", ["127.0.0.1:9464"], rules_for_test(RULES.read_text()), 9090,
                          fetch=fetch, namespace=net.client)
        net.procs.append(prom.proc)  # type: ignore[arg-type]
        try:
            target = f"{net.server_ip}:12345"
            lost = f't3gui_probes_lost_total{{target="{target}", series="t3_udp"}}'
            eventually("the server up across the namespaces", lambda: prom.value("t3gui_up == 1"), timeout=40)
            time.sleep(3)
            assert prom.value(lost) == 0  # a clean veth loses nothing
            net.firewall(net.server, "udp dport 12346 numgen random mod 100 < 30 drop")
            eventually("heartbeats lost", lambda: (prom.value(lost) or 0) >= 10, timeout=40)
            eventually("T3PacketLossCritical firing", lambda: ("T3PacketLossCritical", target) in prom.alerts(),
                       timeout=40)
            ratio = prom.value('target_series:t3gui_probes_network_lost:increase5m{series="t3_udp"} '
                               '/ target_series:t3gui_probes_network_sent:increase5m')
            assert ratio is not None and 0.1 < ratio < 0.5, ratio
            # Only the heartbeats were dropped: the TCP connects (and ping, where allowed) lose nothing.
            assert prom.value(f't3gui_probes_lost_total{{target="{target}", series="tcp_connect"}}') == 0
            icmp_lost = prom.value(f't3gui_probes_lost_total{{target="{target}", series="icmp"}}')
            assert icmp_lost in (None, 0)
        finally:
            prom.close()
