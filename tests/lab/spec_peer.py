"""A T3 client and server written from shared/spec/t3-protocol.md alone.

Deliberately independent of t3gui's codec (struct, json, hmac, ssl and
sockets only), so that interop tests catch a misreading of the spec that our
codec and our server would otherwise share.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import socket
import ssl
import struct
import threading
import time
from typing import Any

MAGIC = b"STCT"


def frame(type_: int, seq: int, payload: bytes, flags: int = 0) -> bytes:
    head = MAGIC + struct.pack(">BBHIH", 1, type_, flags, seq, len(payload))
    return head + struct.pack(">H", binascii.crc_hqx(head + payload, 0xFFFF)) + payload


def mac_frame(type_: int, seq: int, body: bytes, key: bytes) -> bytes:
    head = MAGIC + struct.pack(">BBHIH", 1, type_, 0, seq, len(body) + 16)
    payload = body + hmac.new(key, head + body, hashlib.sha256).digest()[:16]
    return head + struct.pack(">H", binascii.crc_hqx(head + payload, 0xFFFF)) + payload


def parse(data: bytes) -> tuple[int, int, bytes, int]:
    """(type, seq, payload, flags) of one complete frame; asserts it is sound."""
    assert data[:4] == MAGIC and data[4] == 1
    type_, flags, seq, length, crc = struct.unpack(">BHIHH", data[5:16])
    payload = data[16:16 + length]
    assert len(payload) == length
    assert binascii.crc_hqx(data[:14] + payload, 0xFFFF) == crc
    return type_, seq, payload, flags


def mac_ok(data: bytes, key: bytes) -> bool:
    return hmac.compare_digest(hmac.new(key, data[:14] + data[16:-16], hashlib.sha256).digest()[:16],
                               data[-16:])


def recv_frame(sock: socket.socket | ssl.SSLSocket) -> bytes:
    def exactly(n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf
    head = exactly(16)
    return head + exactly(struct.unpack(">H", head[12:14])[0])


class SpecClient:
    def __init__(self, host: str, port: int, context: ssl.SSLContext, server_name: str) -> None:
        self.sock = context.wrap_socket(socket.create_connection((host, port), timeout=5),
                                        server_hostname=server_name)
        self.seq = 0
        self.expect = 1
        self.host = host

    def call(self, type_: int, obj: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.seq += 1
        self.sock.sendall(frame(type_, self.seq, json.dumps(obj).encode()))
        return self.read()

    def read(self) -> tuple[int, Any]:
        type_, seq, payload, _ = parse(recv_frame(self.sock))
        assert seq == self.expect, (seq, self.expect)
        self.expect += 1
        return type_, (json.loads(payload) if type_ < 0x80 else payload)

    def control_heartbeat(self, session: bytes, key: bytes) -> bytes:
        self.seq += 1
        self.sock.sendall(mac_frame(0x80, self.seq, session + struct.pack(">Q", 42), key))
        raw = recv_frame(self.sock)
        assert mac_ok(raw, key)
        self.expect += 1
        return raw[16:]

    def udp_heartbeats(self, port: int, session: bytes, key: bytes, count: int) -> list[float]:
        rtts = []
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.settimeout(1)
            for seq in range(1, count + 1):
                sent = time.monotonic_ns()
                udp.sendto(mac_frame(0x80, seq, session + struct.pack(">Q", sent), key), (self.host, port))
                data = udp.recv(2048)
                type_, ack_seq, payload, _ = parse(data)
                assert type_ == 0x81 and ack_seq == seq and mac_ok(data, key)
                assert payload[:16] == session and struct.unpack(">Q", payload[16:24])[0] == sent
                rtts.append((time.monotonic_ns() - sent) / 1e6)
        return rtts

    def close(self) -> None:
        self.seq += 1
        self.sock.sendall(frame(0x0F, self.seq, b"{}"))
        self.sock.close()


class SpecServer:
    """Answers HELLO, STATUS_REQ, AUTH (any token), heartbeats on both channels, BYE."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self.context = context
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp_port = self.udp.getsockname()[1]
        self.session = os.urandom(16)
        self.key = os.urandom(32)
        self.stopping = False
        self.threads = [threading.Thread(target=self._accept, daemon=True),
                        threading.Thread(target=self._udp, daemon=True)]
        for t in self.threads:
            t.start()

    def _udp(self) -> None:
        self.udp.settimeout(0.2)
        while not self.stopping:
            try:
                data, addr = self.udp.recvfrom(2048)
            except (TimeoutError, OSError):
                continue
            type_, seq, payload, _ = parse(data)
            if type_ == 0x80 and mac_ok(data, self.key) and payload[:16] == self.session:
                self.udp.sendto(mac_frame(0x81, seq, payload[:24] + struct.pack(">Q", time.time_ns()),
                                          self.key), addr)

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopping:
            try:
                sock, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, raw: socket.socket) -> None:
        seq = 0

        def send(type_: int, obj: dict[str, Any]) -> None:
            nonlocal seq
            seq += 1
            body = json.dumps(obj).encode()
            # Dribble each frame out 7 bytes a write, so the client must reassemble
            # frames from arbitrary chunks.
            data = frame(type_, seq, body)
            for i in range(0, len(data), 7):
                sock.sendall(data[i:i + 7])

        try:
            sock = self.context.wrap_socket(raw, server_side=True)
            while True:
                data = recv_frame(sock)
                type_, _, payload, _ = parse(data)
                if type_ == 0x01:
                    send(0x02, {"version": 1, "server": "spec/1", "session": self.session.hex(),
                                "time_ms": int(time.time() * 1000), "heartbeat_ms": 1000,
                                "udp_port": self.udp_port, "auth": ["jwt"], "extra": [1, 2]})
                elif type_ == 0x06:
                    send(0x07, {"cpu": 0.5, "memory": 0.25, "disk_io": 0, "connections": 1,
                                "max_connections": 10, "uptime_s": 5, "version": "spec"})
                elif type_ == 0x03:
                    send(0x04, {"user": "alice", "expires": int(time.time()) + 60,
                                "udp_key": base64.b64encode(self.key).decode()})
                elif type_ == 0x80 and mac_ok(data, self.key):
                    seq += 1
                    sock.sendall(mac_frame(0x81, seq, payload[:24] + struct.pack(">Q", time.time_ns()),
                                           self.key))
                elif type_ == 0x0F:
                    break
        except (ConnectionError, OSError, ssl.SSLError):
            pass
        finally:
            raw.close()

    def stop(self) -> None:
        self.stopping = True
        for t in self.threads:
            t.join(2)
        self.listener.close()
        self.udp.close()
