"""The reference T3 lab server: TLS control channel, UDP heartbeats, faults."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import ssl
import tempfile
import time
from pathlib import Path

from t3gui import __version__
from t3gui.lab import host_load
from t3gui.lab.authenticator import Authenticator
from t3gui.lab.config import LabConfig
from t3gui.lab.control_session import ControlSession, SessionRecord
from t3gui.lab.faults import Fault
from t3gui.lab.heartbeat_endpoint import HeartbeatEndpoint
from t3gui.lab.streams import ByteStream, PlainStream, TlsServerStream
from t3gui.protocol import jwt
from t3gui.protocol.messages import Status

log = logging.getLogger("t3gui.lab")


CALM_LOAD = (0.12, 0.35)  # cpu and memory a simulated server reports when not the host's

class LabServer:
    def __init__(self, config: LabConfig) -> None:
        self.config = config
        self.version = __version__
        self.started_monotonic = time.monotonic()
        self.authenticator = Authenticator(
            key=self._load_jwt_key(), audience=config.audience, issuer=config.issuer,
            users=config.users, revoked=config.revoked,
        )
        self.ssl_context = self._make_ssl_context() if config.tls else None
        self.endpoint = HeartbeatEndpoint(self.now_ns, blocked=Fault.UDP_BLOCKED in config.faults)
        self.active_connections = 0
        self.total_connections = 0
        self.port = config.port
        self.udp_port = config.udp_port
        self._tasks: set[asyncio.Task[None]] = set()
        self._tcp: asyncio.base_events.Server | None = None
        self._udp: asyncio.DatagramTransport | None = None

    # -- clocks (the server's may be told to be off, to play CLOCK_SKEW) --
    def now_ms(self) -> int:
        return int((time.time() + self.config.clock_offset_s) * 1000)

    def now_ns(self) -> int:
        return time.time_ns() + int(self.config.clock_offset_s * 1e9)

    # -- set-up --
    def _load_jwt_key(self) -> jwt.VerifyKey:
        if self.config.jwt_key is None:
            log.warning("no --jwt-key given: every AUTH will fail with BAD_SIGNATURE")
            return secrets.token_bytes(32)
        return jwt.load_verify_key(self.config.jwt_key.read_bytes())

    def _make_ssl_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if self.config.allow_weak_tls:
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
        cert, key = self.config.cert, self.config.key
        if cert is None:
            from t3gui.lab.pki import self_signed_pem

            cert_pem, key_pem = self_signed_pem(self.config.host)
            with tempfile.TemporaryDirectory() as tmp:
                cert, key = Path(tmp, "cert.pem"), Path(tmp, "key.pem")
                cert.write_bytes(cert_pem)
                key.write_bytes(key_pem)
                context.load_cert_chain(cert, key)
            log.info("no --cert given: using a throwaway self-signed certificate")
        else:
            context.load_cert_chain(cert, key)
        if self.config.client_ca is not None:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(cafile=str(self.config.client_ca))
        return context

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tcp = await asyncio.start_server(
            self._accept, self.config.host, self.config.port, limit=1 << 16, backlog=512)
        self.port = self._tcp.sockets[0].getsockname()[1]
        transport, _ = await loop.create_datagram_endpoint(
            lambda: self.endpoint, local_addr=(self.config.host, self.config.udp_port))
        self._udp = transport
        self.udp_port = transport.get_extra_info("sockname")[1]
        faults = ",".join(sorted(f.value for f in self.config.faults)) or "none"
        log.info("listening on %s tcp/%d (%s) udp/%d, faults: %s", self.config.host, self.port,
                 "tls" if self.ssl_context else "plaintext", self.udp_port, faults)

    async def stop(self) -> None:
        if self._tcp is not None:
            self._tcp.close()
        # A connection accepted just before the close registers its task on its first step.
        await asyncio.sleep(0)
        while self._tasks:
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await asyncio.sleep(0)
        if self._tcp is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._tcp.wait_closed(), 2.0)
        if self._udp is not None:
            self._udp.close()

    async def __aenter__(self) -> LabServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def open_tasks(self) -> int:
        return len(self._tasks)

    # -- connections --
    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.active_connections += 1
        self.total_connections += 1
        peer = writer.get_extra_info("peername")
        record = SessionRecord(peer=f"{peer[0]}:{peer[1]}" if peer else "?")
        started = time.monotonic()
        stream: ByteStream | None = None
        try:
            stream = await self._open(reader, writer, record)
            if stream is not None:
                await ControlSession(self, stream, record).run()
        except asyncio.CancelledError:
            record.end = "server-stopping"
        except (OSError, ssl.SSLError) as exc:
            record.end = f"io-error:{exc.__class__.__name__}"
        except Exception as exc:  # a bug must cost one connection, never the server
            record.end = f"internal-error:{exc.__class__.__name__}"
            log.exception("internal error on %s", record.peer)
        finally:
            self.active_connections -= 1
            if stream is not None:
                with contextlib.suppress(Exception):
                    await stream.close()
            writer.close()
            self._tasks.discard(task)
            log.info("conn peer=%s tls=%s user=%s msgs=%d ms=%.1f end=%s", record.peer,
                     record.tls, record.user, record.messages,
                     (time.monotonic() - started) * 1000, record.end)

    async def _open(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    record: SessionRecord) -> ByteStream | None:
        if self.ssl_context is None:
            record.tls = "plaintext"
            return PlainStream(reader, writer)
        stream = TlsServerStream(reader, writer, self.ssl_context)
        try:
            async with asyncio.timeout(self.config.tls_handshake_timeout_s):
                await stream.handshake()
        except TimeoutError:
            record.end = "tls-handshake-timeout"
            return None
        except ssl.SSLError as exc:
            record.end = f"tls-failed:{exc.reason or exc.__class__.__name__}"
            return None
        except ConnectionError:
            record.end = "tls-peer-closed"
            return None
        record.tls = stream.tls_version or "tls"
        return stream

    def status(self) -> Status:
        cfg = self.config
        if Fault.OVERLOADED in cfg.faults:
            return Status(0.97, 0.93, 0.88, int(cfg.max_connections * 0.96), cfg.max_connections,
                          self.uptime_s(), self.version)
        cpu, memory = (host_load.cpu_load(), host_load.memory_load()) if cfg.host_load else CALM_LOAD
        return Status(cpu, memory, 0.0, self.active_connections, cfg.max_connections, self.uptime_s(),
                      self.version)

    def uptime_s(self) -> int:
        return int(time.monotonic() - self.started_monotonic)
