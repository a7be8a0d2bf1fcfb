"""The live monitor's T3 session, against real servers on loopback, past many heartbeat intervals.

The lab server closes a control connection silent for 3 heartbeat intervals; with
--heartbeat-ms 200 that is 0.6 s, so every test here outlives several of them.
A session that ends is an event (down, retry, up), never a lost probe; only
the network losing packets is loss.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from t3gui.checks.monitor import SERVER_ENDED, Monitor, SessionEvent, backoff_s
from t3gui.core.events import Sample
from t3gui.core.model import Target
from t3gui.core.options import DiagnoseOptions
from t3gui.core.secret import Secret
from t3gui.lab.heartbeat_endpoint import HeartbeatEndpoint
from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection
from tests.conftest import LabFactory
from tests.helpers.tls_t3_server import TlsT3Server

HEARTBEAT_MS = 200
IDLE_TIMEOUT_S = 3 * HEARTBEAT_MS / 1000


def options(pki: dict[str, Path], token: Callable[..., str], port: int, udp_port: int | None = None,
            timeout_s: float = 1.0) -> DiagnoseOptions:
    return DiagnoseOptions(Target("localhost", port), token=Secret(token(sub="alice")), ca_file=pki["root-ca.pem"],
                           use_system_trust=False, timeout_s=timeout_s, udp_port_override=udp_port)


class Recorder:
    """Takes everything a monitor yields, as the page does."""

    def __init__(self, monitor: Monitor) -> None:
        self.monitor = monitor
        self.samples: list[Sample] = []
        self.events: list[SessionEvent] = []
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Recorder:
        await self.monitor.start()
        self._task = asyncio.create_task(self._take())
        return self

    async def _take(self) -> None:
        async for item in self.monitor.samples():
            (self.events if isinstance(item, SessionEvent) else self.samples).append(item)  # type: ignore[arg-type]

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await self.monitor.stop()

    def of(self, series: str, after_s: float = 0.0) -> list[Sample]:
        return [s for s in self.samples if s.series == series and s.t_s > after_s]

    def lost(self, series: str) -> list[Sample]:
        return [s for s in self.of(series) if s.rtt_ms is None]

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    async def until(self, predicate: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            assert time.monotonic() < deadline, f"not reached; events {self.events}"
            await asyncio.sleep(0.02)


def test_backoff_grows_to_its_cap_with_jitter_and_honours_the_server() -> None:
    lows = [backoff_s(n, rand=lambda: 0.0) for n in range(12)]
    highs = [backoff_s(n, rand=lambda: 1.0) for n in range(12)]
    assert highs[:4] == [0.5, 1.0, 2.0, 4.0] and highs[-1] == 30.0  # doubles, then stays at the cap
    assert all(low == high / 2 for low, high in zip(lows, highs, strict=True))  # jitter: half to all of it
    assert backoff_s(10_000, rand=lambda: 1.0) == 30.0  # no overflow however long the outage
    assert backoff_s(0, retry_after_s=7.5, rand=lambda: 1.0) == 7.5  # never sooner than BUSY asked


async def test_session_outlives_many_idle_timeouts_without_loss(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="t3gui.lab")
    async with lab(heartbeat_ms=HEARTBEAT_MS) as server:
        monitor = Monitor(options(pki, token, server.port), "127.0.0.1", interval_s=0.1)
        async with Recorder(monitor) as rec:
            await asyncio.sleep(8 * IDLE_TIMEOUT_S)
            monitor.pause(True)  # pausing stops the probes, not the session
            await asyncio.sleep(4 * IDLE_TIMEOUT_S)
            paused_until = monitor.elapsed()
            monitor.pause(False)
            await asyncio.sleep(3 * IDLE_TIMEOUT_S)
            assert monitor.keeper is not None
            keepalives = monitor.keeper.keepalives
    ended = [r.getMessage() for r in caplog.records if "user=alice" in r.getMessage()]
    assert [line for line in ended if "idle-timeout" in line] == []
    assert len(ended) == 1 and ended[0].endswith("end=bye")  # the one session, closed by the monitor's stop
    assert rec.events == []
    assert len(rec.of("t3_udp")) >= 40 and rec.lost("t3_udp") == []
    assert len(rec.of("t3_udp", after_s=paused_until + 0.3)) >= 5  # heartbeats answered after the pause
    assert rec.lost("tcp_connect") == []
    assert keepalives >= 15 * IDLE_TIMEOUT_S / (HEARTBEAT_MS / 1000)  # one each interval, the pause included


async def test_server_restart_is_a_drop_event_then_probes_flow_again(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str]) -> None:
    async with lab(heartbeat_ms=HEARTBEAT_MS) as server:
        port, udp_port = server.port, server.udp_port
        monitor = Monitor(options(pki, token, port), "127.0.0.1", interval_s=0.1)
        async with contextlib.AsyncExitStack() as stack:
            rec = await stack.enter_async_context(Recorder(monitor))
            await asyncio.sleep(6 * IDLE_TIMEOUT_S)
            before = len(rec.of("t3_udp"))
            await server.stop()
            stopped_at = monitor.elapsed()
            await rec.until(lambda: "down" in rec.kinds())
            await asyncio.sleep(1.5)  # down long enough for a reconnect attempt to meet a closed port
            async with lab(heartbeat_ms=HEARTBEAT_MS, port=port, udp_port=udp_port):
                await rec.until(lambda: "up" in rec.kinds())
                up = next(e for e in rec.events if e.kind == "up")
                await rec.until(lambda: len(rec.of("t3_udp", after_s=up.t_s)) >= 15)
                await asyncio.sleep(6 * IDLE_TIMEOUT_S)  # and the new session lasts too
                await stack.aclose()  # the monitor stops while the server is still up
    down = rec.events[0]
    assert down.kind == "down" and down.cause == "closed" and down.server_ended
    assert stopped_at - 0.1 <= down.t_s <= stopped_at + 0.5
    retries = [e for e in rec.events if e.kind == "retry"]
    assert retries and all(e.cause == "refused" and e.server_ended for e in retries)
    assert rec.kinds() == ["down", *["retry"] * len(retries), "up"]
    assert up.attempt == 1 and up.wait_s == pytest.approx(up.t_s - down.t_s)
    assert before >= 20
    # The outage is an event: no probe of either series counts as lost, and none was sent without a session.
    assert rec.lost("t3_udp") == [] and rec.lost("tcp_connect") == []
    assert not [s for s in rec.of("t3_udp") if down.t_s < s.t_s < up.t_s - 0.05]
    assert monitor.state.not_measured.get("tcp_connect", 0) >= 1  # refused while down: not a network loss
    assert len(rec.of("t3_udp", after_s=up.t_s)) >= 25


class Blackhole:
    """Relays TCP and UDP to a server; ``cut`` swallows every byte both ways, as a dead link does."""

    def __init__(self, tcp: tuple[str, int], udp: tuple[str, int]) -> None:
        self.tcp_upstream, self.udp_upstream = tcp, udp
        self.cut = False
        self.port = self.udp_port = 0
        self._server: asyncio.Server | None = None
        self._udp: asyncio.DatagramTransport | None = None
        self._pumps: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        relay = self

        class Udp(asyncio.DatagramProtocol):
            def __init__(self) -> None:
                self.client: tuple[str, int] | None = None
                self.upstream: asyncio.DatagramTransport | None = None

            def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
                if relay.cut:
                    return
                if addr == relay.udp_upstream:
                    if self.client is not None and relay._udp is not None:
                        relay._udp.sendto(data, self.client)
                    return
                self.client = addr
                if relay._udp is not None:
                    relay._udp.sendto(data, relay.udp_upstream)

        transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
            Udp, local_addr=("127.0.0.1", 0))
        self._udp = transport
        self.udp_port = transport.get_extra_info("sockname")[1]

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.tcp_upstream)

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError):
                while data := await src.read(65536):
                    if not self.cut:
                        dst.write(data)
            if not self.cut:  # a dead link does not carry the far end's close either
                dst.close()

        for task in (asyncio.create_task(pump(reader, up_writer)), asyncio.create_task(pump(up_reader, writer))):
            self._pumps.add(task)
            task.add_done_callback(self._pumps.discard)

    async def stop(self) -> None:
        for task in list(self._pumps):
            task.cancel()
        await asyncio.gather(*self._pumps, return_exceptions=True)
        if self._server is not None:
            self._server.close()
        if self._udp is not None:
            self._udp.close()


async def test_a_dead_link_is_loss_and_a_lost_session_not_a_server_ending(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str]) -> None:
    """The monitor's heartbeats and keepalives both go through a relay that is cut, then restored."""
    async with lab(heartbeat_ms=HEARTBEAT_MS) as server:
        link = Blackhole(("127.0.0.1", server.port), ("127.0.0.1", server.udp_port))
        await link.start()
        # The relay learns the client's UDP address from its first datagram: one source, one client.
        monitor = Monitor(options(pki, token, link.port, udp_port=link.udp_port, timeout_s=0.5), "127.0.0.1",
                          interval_s=0.1)
        try:
            async with Recorder(monitor) as rec:
                await asyncio.sleep(5 * IDLE_TIMEOUT_S)
                link.cut, cut_at = True, monitor.elapsed()
                await rec.until(lambda: "down" in rec.kinds())
                await asyncio.sleep(1.0)
                link.cut, restored_at = False, monitor.elapsed()
                await rec.until(lambda: "up" in rec.kinds())
                up = next(e for e in rec.events if e.kind == "up")
                await rec.until(lambda: len(rec.of("t3_udp", after_s=up.t_s)) >= 10)
        finally:
            await link.stop()
    down = rec.events[0]
    assert down.kind == "down" and down.cause == "timeout" and not down.server_ended
    assert cut_at <= down.t_s <= cut_at + 0.5  # from the keepalive that went unanswered
    # Heartbeats unanswered while the session was still believed up are real loss, and only those.
    lost = rec.lost("t3_udp")
    assert lost, "a dead link must show as loss"
    assert all(cut_at - 0.05 <= s.t_s <= restored_at + 1.0 for s in lost)
    assert not [s for s in rec.of("t3_udp", after_s=up.t_s) if s.rtt_ms is None]


class ScriptedServer(TlsT3Server):
    """A T3 server that ends each session the way its script says, after 3 answered keepalives.

    Actions, one per connection: serve, close, bye, error:<CODE>, busy (ERROR BUSY to HELLO), revoked (AUTH_FAIL).
    Its UDP port answers heartbeats of live sessions, as the spec's servers do.
    """

    def __init__(self, pki: dict[str, Path], script: list[str]) -> None:
        super().__init__(pki, HeartbeatEndpoint())
        self.script = script
        self.connections = 0

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        action = self.script.pop(0) if self.script else "serve"
        conn, session = Connection(), os.urandom(16)

        async def take() -> object:
            while (received := conn.next_message()) is None:
                data = await reader.read(65536)
                if not data:
                    raise EOFError
                conn.feed(data)
            return received.message

        def say(message: m.ControlMessage) -> None:
            writer.write(conn.send(message))

        try:
            await take()
            if action == "busy":
                return say(m.Error("BUSY", "the server is at capacity", 1500))
            say(m.HelloAck(1, "scripted/1", session.hex(), int(time.time() * 1000), HEARTBEAT_MS, self.udp_port))
            await take()
            if action == "revoked":
                return say(m.AuthFail("REVOKED", "this token was revoked"))
            key = os.urandom(32)
            self.endpoint.sessions[session] = key
            say(m.AuthOk("alice", int(time.time()) + 3600, base64.b64encode(key).decode()))
            answered = 0
            while True:
                if isinstance(await take(), m.StatusReq):
                    if answered == 3 and action != "serve":
                        # Forgetting the key a moment before the close: heartbeats in flight then go
                        # unanswered because the session ended, which is not loss.
                        self.endpoint.sessions.pop(session, None)
                        await asyncio.sleep(0.3)
                        if action == "bye":
                            say(m.Bye())
                        elif action.startswith("error:"):
                            say(m.Error(action.removeprefix("error:"), "going away"))
                        return None
                    say(m.Status(0.1, 0.2, 0.0, 1, 100, 5, "1"))
                    answered += 1
        except (EOFError, OSError):
            return None
        finally:
            self.endpoint.sessions.pop(session, None)
            with contextlib.suppress(OSError):
                await writer.drain()
            writer.close()


@pytest.mark.parametrize(("script", "expected"), [
    (["close"], [("down", "closed", "")]),
    (["bye"], [("down", "bye", "")]),
    (["error:INTERNAL"], [("down", "error", "INTERNAL")]),
    (["error:\x1b[31mrm -rf ~"], [("down", "error", "")]),  # a code the spec does not define is not repeated
    (["close", "busy"], [("down", "closed", ""), ("retry", "error", "BUSY")]),
])
async def test_the_server_ending_a_session_is_said_as_such_and_a_new_one_opens(
        pki: dict[str, Path], token: Callable[..., str], script: list[str],
        expected: list[tuple[str, str, str]]) -> None:
    async with ScriptedServer(pki, list(script)) as server:
        monitor = Monitor(options(pki, token, server.port), "127.0.0.1", interval_s=0.1)
        async with Recorder(monitor) as rec:
            await rec.until(lambda: "up" in rec.kinds())
            up = rec.events[-1]
            await rec.until(lambda: len(rec.of("t3_udp", after_s=up.t_s)) >= 5)
    assert [(e.kind, e.cause, e.code) for e in rec.events[:-1]] == expected
    assert all(e.server_ended for e in rec.events[:-1])
    assert server.connections == len(script) + 1
    retry = [e for e in rec.events if e.kind == "retry"]
    if retry:  # BUSY's retry_after_ms sets the next attempt, later than the backoff would
        assert retry[0].wait_s >= 1.5 and up.t_s - retry[0].t_s >= 1.45
    assert rec.lost("t3_udp") == []


async def test_a_refused_login_stops_the_reconnects(pki: dict[str, Path], token: Callable[..., str]) -> None:
    async with ScriptedServer(pki, ["close", "revoked"]) as server:
        monitor = Monitor(options(pki, token, server.port), "127.0.0.1", interval_s=0.1)
        async with Recorder(monitor) as rec:
            await rec.until(lambda: "gave-up" in rec.kinds())
            await asyncio.sleep(2.0)  # longer than the backoff: no new attempt comes
            assert monitor.keeper is not None and monitor.keeper.session is None
    assert [(e.kind, e.cause, e.code) for e in rec.events] == [("down", "closed", ""), ("gave-up", "auth", "REVOKED")]
    assert server.connections == 2
    assert rec.lost("t3_udp") == []
    assert {"closed", "bye", "error", "auth", "refused"} <= SERVER_ENDED and "timeout" not in SERVER_ENDED


def _free_ports() -> tuple[int, int]:
    import socket

    with socket.socket() as tcp, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        tcp.bind(("127.0.0.1", 0))
        udp.bind(("127.0.0.1", 0))
        return tcp.getsockname()[1], udp.getsockname()[1]


async def test_a_server_down_at_the_start_is_an_outage_and_the_monitor_keeps_trying(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str]) -> None:
    """Nothing listens when the monitor starts: a "down" event, retries with backoff, then "up" once it does."""
    port, udp_port = _free_ports()
    monitor = Monitor(options(pki, token, port, udp_port=udp_port), "127.0.0.1", interval_s=0.1)
    async with Recorder(monitor) as rec:
        await rec.until(lambda: rec.kinds()[:2] == ["down", "retry"])
        assert not [n for n in monitor.state.notes if not n[0].startswith("no-ping")]
        assert "t3_udp" in monitor.state.series
        assert monitor.keeper is not None and monitor.keeper.session is None
        async with lab(heartbeat_ms=HEARTBEAT_MS, port=port, udp_port=udp_port):
            await rec.until(lambda: "up" in rec.kinds())
            up = next(e for e in rec.events if e.kind == "up")
            await rec.until(lambda: len(rec.of("t3_udp", after_s=up.t_s)) >= 10)
            await asyncio.sleep(4 * IDLE_TIMEOUT_S)  # the late session outlives idle timeouts like any other
            keeper = monitor.keeper
            assert keeper.session is not None and keeper.status is not None
            status, skew, cert_not_after = keeper.status, keeper.clock_offset_s, keeper.session.cert_not_after
            events = list(rec.events)  # before the server stops, which is a drop of its own
    down = events[0]
    assert down.cause == "refused" and down.t_s < 1.0
    assert all(e.kind == "retry" and e.cause == "refused" for e in events[1:-1]), events
    assert events[-1] == up and up.wait_s == pytest.approx(up.t_s - down.t_s)
    assert rec.lost("t3_udp") == [] and monitor.state.not_measured["t3_udp"] >= 5  # the outage: not loss
    assert status.max_connections > 0 and status.connections >= 1
    assert skew is not None and abs(skew) < 1.0  # lab and monitor share this computer's clock
    assert cert_not_after is not None and cert_not_after > time.time() + 86400


async def test_the_clock_offset_follows_the_server_clock(
        lab: LabFactory, pki: dict[str, Path], token: Callable[..., str]) -> None:
    async with lab(heartbeat_ms=HEARTBEAT_MS, clock_offset_s=-7200.0) as server:
        monitor = Monitor(options(pki, token, server.port), "127.0.0.1", interval_s=0.1)
        async with Recorder(monitor) as rec:
            await rec.until(lambda: len(rec.of("t3_udp")) >= 5)
            assert monitor.keeper is not None
            offset = monitor.keeper.clock_offset_s
    assert offset == pytest.approx(7200.0, abs=1.0)  # this computer is 2 h ahead of the server


@pytest.mark.parametrize("cert", ["expired", "self-signed"])
async def test_a_certificate_this_computer_refuses_is_a_tls_failure_not_bad_t3(
        cert: str, lab: LabFactory, pki: dict[str, Path], token: Callable[..., str]) -> None:
    """An expired or untrusted certificate (ssl.SSLCertVerificationError, a ValueError too) reads as a refused
    certificate, not as a server that does not speak T3."""
    async with lab(heartbeat_ms=HEARTBEAT_MS, cert=pki[f"server-{cert}.pem"], key=pki[f"server-{cert}.key"]) as server:
        monitor = Monitor(options(pki, token, server.port, server.udp_port), "127.0.0.1", interval_s=0.1)
        async with Recorder(monitor) as rec:
            await rec.until(lambda: len(rec.events) >= 2)
    assert [(e.kind, e.cause) for e in rec.events[:2]] == [("down", "certificate"), ("retry", "certificate")]
    assert rec.events[0].server_ended
