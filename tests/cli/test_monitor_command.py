"""`t3gui monitor` as a user runs it: a subprocess against lab servers on loopback, stopped by signals.

The lab servers here close a control connection silent for 3 heartbeat intervals (0.6 s), and
each run outlives many of them, so the monitor's keep-alive is what holds its session open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import LabFactory

HEARTBEAT_MS = 200
T3GUI = [sys.executable, "-m", "t3gui", "monitor"]
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def free_ports() -> tuple[int, int]:
    with socket.socket() as tcp, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        tcp.bind(("127.0.0.1", 0))
        udp.bind(("127.0.0.1", 0))
        return tcp.getsockname()[1], udp.getsockname()[1]


@pytest.fixture
def token_file(token: Callable[..., str], tmp_path: Path) -> Path:
    path = tmp_path / "token.jwt"
    path.write_text(token(sub="alice") + "\n")
    return path


class Running:
    """A `t3gui monitor` subprocess: its stderr lines as they come, its /metrics parsed."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self.address = ""
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            line = raw.decode().rstrip("\n")
            self.lines.append(line)
            if match := re.search(r"http://(\S+)/metrics", line):
                self.address = match.group(1)

    def text(self) -> str:
        with urllib.request.urlopen(f"http://{self.address}/metrics", timeout=5) as response:
            return str(response.read().decode())

    async def scrape(self) -> Samples:
        text = await asyncio.to_thread(self.text)
        return {(s.name, tuple(sorted(s.labels.items()))): s.value
                for f in text_string_to_metric_families(text) for s in f.samples}

    async def until(self, predicate: Callable[[Samples], bool], timeout: float = 20.0) -> Samples:
        deadline = time.monotonic() + timeout
        while True:
            assert self.process.returncode is None, self.lines
            if self.address:
                samples = await self.scrape()
                if predicate(samples):
                    return samples
            assert time.monotonic() < deadline, self.lines
            await asyncio.sleep(0.1)

    async def stop(self, sig: int, within_s: float = 5.0) -> tuple[int, float, str]:
        started = time.monotonic()
        self.process.send_signal(sig)
        status = await asyncio.wait_for(self.process.wait(), within_s)
        took = time.monotonic() - started
        assert self.process.stdout is not None
        stdout = await self.process.stdout.read()
        await self._reader
        return status, took, stdout.decode()


@contextlib.asynccontextmanager
async def monitor(*args: str) -> AsyncIterator[Running]:
    process = await asyncio.create_subprocess_exec(*T3GUI, *args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    running = Running(process)
    try:
        yield running
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def tls_args(pki: dict[str, Path], token_file: Path, udp_port: int) -> list[str]:
    return ["--udp-port", str(udp_port), "--token-file", str(token_file), "--ca-file", str(pki["root-ca.pem"]),
            "--timeout", "0.5"]


async def test_a_server_restart_is_an_outage_of_lost_probes_and_the_monitor_rides_it_out(
        lab: LabFactory, pki: dict[str, Path], token_file: Path, tmp_path: Path) -> None:
    port, udp_port = free_ports()
    jsonl = tmp_path / "probes.jsonl"
    key = (("target", f"localhost:{port}"),)
    udp = (("series", "t3_udp"), *key)
    async with lab(heartbeat_ms=HEARTBEAT_MS, port=port, udp_port=udp_port) as server, monitor(
            f"localhost:{port}", *tls_args(pki, token_file, udp_port), "--interval", "0.2",
            "--prometheus", "0", "--jsonl", str(jsonl)) as mon:
        before = await mon.until(lambda s: s.get(("t3gui_probes_sent_total", udp), 0) >= 10
                                 and s[("t3gui_up", key)] == 1)
        await asyncio.sleep(5 * HEARTBEAT_MS / 1000)  # past the idle timeout, twice over
        assert (await mon.scrape())[("t3gui_up", key)] == 1
        await server.stop()
        down = await mon.until(lambda s: s[("t3gui_up", key)] == 0
                               and s[("t3gui_probes_lost_total", udp)] >= before[("t3gui_probes_lost_total", udp)] + 3)
        async with lab(heartbeat_ms=HEARTBEAT_MS, port=port, udp_port=udp_port):
            after = await mon.until(lambda s: s[("t3gui_up", key)] == 1 and s[("t3gui_reconnects_total", key)] == 1)
            await asyncio.sleep(5 * HEARTBEAT_MS / 1000)
            last = await mon.until(lambda s: s[("t3gui_probes_sent_total", udp)] > after[("t3gui_probes_sent_total",
                                                                                            udp)] + 5)
            scrape = await asyncio.to_thread(mon.text)
            status, took, stdout = await mon.stop(signal.SIGTERM)
    assert status == 0 and took < 3.0 and stdout == ""
    assert before[("t3gui_probes_lost_total", udp)] == 0
    assert down[("t3gui_session_drops_total", key)] == 1
    assert down[("t3gui_probes_outage_total", udp)] >= 3  # the outage counted as lost, and said to be one
    assert last[("t3gui_up", key)] == 1 and last[("t3gui_session_drops_total", key)] == 1
    assert last[("t3gui_probes_lost_total", udp)] == after[("t3gui_probes_lost_total", udp)]  # none since
    assert all(math.isfinite(v) for v in last.values())
    said = "\n".join(mon.lines)
    assert "the server ended the session (connection closed)" in said and "reconnected after" in said
    records = [json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} in a JSON line"))
               for line in jsonl.read_text().splitlines()]
    assert next(r["event"] for r in records if "event" in r) == "down"
    assert records[-1]["target"] == f"localhost:{port}"
    assert len([r for r in records if "series" in r]) >= last[("t3gui_probes_sent_total", udp)]
    secret = token_file.read_text().strip()
    for text in (stdout, said, jsonl.read_text(), scrape):
        assert secret not in text and secret.split(".")[2] not in text
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed (Debian: apt-get install prometheus); the rest passed")
    checked = subprocess.run([promtool, "check", "metrics"], input=scrape, capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0 and not (checked.stdout + checked.stderr).strip(), checked


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_a_stop_signal_exits_0_promptly_and_releases_everything(
        lab: LabFactory, pki: dict[str, Path], token_file: Path, tmp_path: Path, sig: int) -> None:
    async with lab(heartbeat_ms=HEARTBEAT_MS) as server, monitor(
            f"localhost:{server.port}", *tls_args(pki, token_file, server.udp_port), "--prometheus", "0",
            "--jsonl", str(tmp_path / "p.jsonl"), "--lang", "zh_CN") as mon:
        key = (("target", f"localhost:{server.port}"),)
        await mon.until(lambda s: s.get(("t3gui_probes_sent_total", (("series", "t3_udp"), *key)), 0) >= 4)
        await asyncio.sleep(3 * HEARTBEAT_MS / 1000)
        status, took, _ = await mon.stop(sig)
        assert server.active_connections == 0  # the session closed, not left to time out
    assert status == 0 and took < 3.0, mon.lines
    assert "停止" in mon.lines[-1]  # the closing line, in the language asked for
    host, port = mon.address.rsplit(":", 1)
    with pytest.raises(ConnectionRefusedError):  # nothing serves metrics any more
        socket.create_connection((host, int(port)), timeout=2).close()
    lines = (tmp_path / "p.jsonl").read_text().splitlines()
    assert len(lines) >= 4 and all(json.loads(line)["target"] == f"localhost:{server.port}" for line in lines)


async def test_duration_is_honoured(lab: LabFactory, pki: dict[str, Path], token_file: Path) -> None:
    async with lab(heartbeat_ms=HEARTBEAT_MS) as server:
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            *T3GUI, f"127.0.0.1:{server.port}", *tls_args(pki, token_file, server.udp_port), "--duration", "2",
            "--interval", "0.5", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
        took = time.monotonic() - started
    assert process.returncode == 0 and stdout == b""
    assert 2.0 <= took < 6.0  # the interpreter's start, then 2 s of monitoring
    assert re.search(r"stopped after 2 s: \d+ probes sent, 0 lost", stderr.decode()), stderr


@pytest.mark.parametrize(("args", "expected"), [
    (["a b"], "spaces"),
    ([], "no target given"),
    (["h.example", "h.example:12345"], "given twice"),
    (["h.example", "--interval", "0"], "--interval 0 is outside 0.1-10"),
    (["h.example", "--duration", "soon"], "is not a number"),
    (["h.example", "--prometheus", "host:port"], "--prometheus 'host:port'"),
    (["h.example", "--jsonl", "/nonexistent/dir/p.jsonl"], "cannot write to /nonexistent/dir/p.jsonl"),
    (["h.example", "--token-file", "/nonexistent.jwt"], "--token-file"),
])
def test_bad_usage_is_one_sentence_and_status_2(args: list[str], expected: str) -> None:
    result = subprocess.run([*T3GUI, *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_metrics_port_in_use_is_bad_usage() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([*T3GUI, "127.0.0.1:9", "--prometheus", str(port)], capture_output=True, text=True,
                                timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"t3gui: cannot serve metrics on 127.0.0.1:{port}: ")
    assert len(result.stderr.splitlines()) == 1


async def test_resolve_pins_the_address_and_the_label_keeps_the_name(
        lab: LabFactory, pki: dict[str, Path], token_file: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "p.jsonl"
    async with lab(heartbeat_ms=HEARTBEAT_MS) as server:
        process = await asyncio.create_subprocess_exec(
            *T3GUI, f"t3.invalid:{server.port}", "--resolve", "127.0.0.1", "--server-name", "localhost",
            *tls_args(pki, token_file, server.udp_port), "--duration", "2", "--interval", "0.2", "--jsonl", str(jsonl),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0, stderr
    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    heartbeats = [r for r in records if r.get("series") == "t3_udp"]
    assert len(heartbeats) >= 5 and not any(r["lost"] for r in heartbeats)
    assert {r["target"] for r in records} == {f"t3.invalid:{server.port}"}


async def test_the_started_line_names_the_address_resolve_gave(lab: LabFactory, pki: dict[str, Path],
                                                              token_file: Path) -> None:
    async with lab(heartbeat_ms=HEARTBEAT_MS) as server:
        process = await asyncio.create_subprocess_exec(
            *T3GUI, f"localhost:{server.port}", "--resolve", "127.0.0.1", *tls_args(pki, token_file, server.udp_port),
            "--duration", "1", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0
    assert stderr.decode().splitlines()[0].startswith(f"monitoring localhost:{server.port} (127.0.0.1) every"), stderr
