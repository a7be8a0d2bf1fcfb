"""samples.t3s: exact round trips at its resolution, and hostile bytes refused in one sentence."""

from __future__ import annotations

import struct
import tracemalloc
import zlib

import numpy as np
import pytest

from t3gui.core.bundle.samples_codec import MAGIC, MAX_PROBES, SamplesFormatError, decode, encode


def day_like(n: int, seed: int = 3) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    out = {}
    for name, base in (("t3_udp", 18.0), ("icmp", 250.0)):
        t = (np.arange(n) * 0.1 + rng.gamma(1.5, 0.6, n) / 1000).astype(np.float32)
        rtt = (base + rng.gamma(2, 2, n)).astype(np.float32)
        rtt[rng.random(n) < 0.05] = np.nan
        seq = np.arange(7, 7 + n, dtype=np.int64)
        seq[n // 2:] += 1000  # a restarted counter leaves a gap
        out[name] = (t, seq, rtt)
    return out


def test_round_trip_keeps_every_probe_to_its_resolution() -> None:
    samples = day_like(20_000)
    back = decode(encode(samples))
    assert list(back) == list(samples)
    for name, (t, seq, rtt) in samples.items():
        t2, seq2, rtt2 = back[name]
        assert seq2.dtype == np.int64 and np.array_equal(seq, seq2)
        assert np.abs(t2 - t).max() <= 0.0005 + 1e-6 * float(t.max())  # 1 ms, then float32 rounding
        assert np.array_equal(np.isnan(rtt), np.isnan(rtt2))
        assert np.nanmax(np.abs(rtt2 - rtt)) <= 0.005 + 1e-6 * float(np.nanmax(rtt))  # 10 µs


def test_extremes_round_trip() -> None:
    samples = {
        "t3_tcp": (np.array([], np.float32), np.array([], np.int64), np.array([], np.float32)),
        "tcp_connect": (np.array([0.0, 1e6], np.float32), np.array([2**62, -5], np.int64),
                        np.array([np.nan, np.nan], np.float32)),
        "icmp": (np.array([5.0], np.float32), np.array([1], np.int64), np.array([119_999.99], np.float32)),
    }
    back = decode(encode(samples))
    assert len(back["t3_tcp"][0]) == 0
    assert list(back["tcp_connect"][1]) == [2**62, -5] and np.isnan(back["tcp_connect"][2]).all()
    assert back["icmp"][2][0] == pytest.approx(119_999.99, abs=0.01)


def test_a_day_at_10_hz_is_small() -> None:
    size = len(encode(day_like(36_000)))  # an hour of two series with heavy jitter
    assert size < 2 * 36_000 * 2.0  # bytes a probe, against ~7 as deflated CSV


def test_names_t3gui_does_not_write_are_refused_when_writing() -> None:
    with pytest.raises(ValueError, match="not one t3gui writes"):
        encode({"../x": (np.zeros(1, np.float32), np.ones(1, np.int64), np.ones(1, np.float32))})


def column(width: int, payload: bytes) -> bytes:
    body = zlib.compress(payload)
    return struct.pack("<BI", width, len(body)) + body


def series(name: bytes, probes: int, columns: list[bytes]) -> bytes:
    return struct.pack("<B", len(name)) + name + struct.pack("<I", probes) + b"".join(columns)


GOOD_COLUMNS = [column(1, b"\x02"), column(1, b"\x02"), column(0, b"\x00"), column(1, b"\x02")]
HOSTILE = {
    "not the format": (b"PK\x03\x04 something else", "format marker"),
    "truncated": (encode(day_like(100))[:-10], "ends in the middle"),
    "unknown series": (MAGIC + b"\x01" + series(b"evil", 1, GOOD_COLUMNS), "unknown or repeated series"),
    "repeated series": (MAGIC + b"\x02" + series(b"icmp", 1, GOOD_COLUMNS) * 2, "unknown or repeated series"),
    "too many probes": (MAGIC + b"\x01" + series(b"icmp", MAX_PROBES + 1, GOOD_COLUMNS), "more than t3gui"),
    "column bomb": (MAGIC + b"\x01" + series(b"icmp", 1, [column(1, b"\0" * (64 << 20)), *GOOD_COLUMNS[1:]]),
                    "wrong length"),
    "short column": (MAGIC + b"\x01" + series(b"icmp", 1000, GOOD_COLUMNS), "wrong length"),
    "bad width": (MAGIC + b"\x01" + series(b"icmp", 1, [column(3, b"\x02\x00\x00"), *GOOD_COLUMNS[1:]]),
                  "impossible width"),
    "lost column not a bitmap": (MAGIC + b"\x01" + series(b"icmp", 1, [*GOOD_COLUMNS[:2], column(1, b"\x00"),
                                                                        GOOD_COLUMNS[3]]), "not a bitmap"),
    "not deflate": (MAGIC + b"\x01" + series(b"icmp", 1, [struct.pack("<BI", 1, 4) + b"junk", *GOOD_COLUMNS[1:]]),
                    "not valid deflate"),
    "trailing bytes": (MAGIC + b"\x01" + series(b"icmp", 1, GOOD_COLUMNS) + b"extra", "after its last series"),
}


def test_the_hand_built_series_is_valid() -> None:
    t, seq, rtt = decode(MAGIC + b"\x01" + series(b"icmp", 1, GOOD_COLUMNS))["icmp"]
    assert list(seq) == [1] and rtt[0] == pytest.approx(0.01) and t[0] == pytest.approx(0.001)


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_samples_are_refused_in_one_sentence_with_bounded_memory(case: str) -> None:
    data, reason = HOSTILE[case]
    tracemalloc.start()
    with pytest.raises(SamplesFormatError, match=reason) as caught:
        decode(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "\n" not in str(caught.value) and peak < 8 << 20
