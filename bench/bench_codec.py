"""Frames encoded and decoded per second by the sans-IO codec.

Run: .venv/bin/python -m bench.bench_codec [--quick]
Each figure is one timed run of the number of calls printed beside it.
"""

from __future__ import annotations

import argparse
import time

from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection
from t3gui.protocol.frame import decode_frame, encode_frame
from t3gui.protocol.heartbeat import Heartbeat, encode_heartbeat, mac_is_valid

KEY = bytes(32)
SESSION = bytes(16)


def rate(label: str, fn: object, n: int) -> None:
    assert callable(fn)
    started = time.perf_counter()
    fn(n)
    elapsed = time.perf_counter() - started
    print(f"{label:<48} {n / elapsed:>12,.0f} /s  ({n:,} calls, 1 run)")


def encode_hello(n: int) -> None:
    conn = Connection()
    hello = m.Hello((1,), "t3gui/0.1.0", "AAAAAAAAAAAAAAAAAAAAAA==", 1_800_000_000_000)
    for _ in range(n):
        conn.send(hello)


def decode_stream(n: int) -> None:
    sender, receiver = Connection(), Connection()
    data = b"".join(sender.send(m.StatusReq()) for _ in range(n))
    for start in range(0, len(data), 65536):
        receiver.feed(data[start:start + 65536])
        while receiver.next_message() is not None:
            pass


def encode_frames(n: int) -> None:
    for seq in range(n):
        encode_frame(0x06, seq, b"{}")


def decode_frames(n: int) -> None:
    frame = encode_frame(0x06, 1, b"{}")
    for _ in range(n):
        decode_frame(frame)


def heartbeat_round(n: int) -> None:
    for seq in range(n):
        frame = decode_frame(encode_heartbeat(Heartbeat(SESSION, seq), seq, KEY))
        assert mac_is_valid(frame, KEY)


def big_messages(n: int) -> None:
    sender, receiver = Connection(), Connection()
    auth = m.Auth("x" * 200_000)
    for _ in range(n):
        receiver.feed(sender.send(auth))
        assert receiver.next_message() is not None


def main() -> None:
    parser = argparse.ArgumentParser(description="frames encoded and decoded per second")
    parser.add_argument("--quick", action="store_true", help="a hundredth of the calls")
    scale = 100 if parser.parse_args().quick else 1
    rate("raw frame encode (2-byte payload)", encode_frames, 300_000 // scale)
    rate("raw frame decode + CRC check", decode_frames, 300_000 // scale)
    rate("HELLO message encode (JSON + frame)", encode_hello, 100_000 // scale)
    rate("STATUS_REQ stream decode (64 KiB chunks)", decode_stream, 100_000 // scale)
    rate("heartbeat seal + decode + MAC verify", heartbeat_round, 100_000 // scale)
    rate("200 kB message fragment + reassemble", big_messages, 500 // scale)


if __name__ == "__main__":
    main()
