"""samples.t3s: every probe of every series, columnar and delta-encoded (about 1.5 bytes a probe).

A day at 10 Hz on three series is 2.6 M probes; as decimal CSV that deflates to
about 7 bytes a probe, too big for a ticket. Here each series is four columns:
sequence numbers, send times in milliseconds, a lost-probe bitmap and the RTTs
of the probes that came back in units of 10 µs. Integer columns hold the first
value and then differences, zigzag-mapped to unsigned, at the narrowest width
that fits, byte-shuffled (all low bytes, then the next ...) and deflated.

Layout, little-endian::

    b"T3SAMPLES/1\\n"  u8 series-count
    per series:  u8 name-length, name (ASCII), u32 probes
                 4 columns: u8 width (0 = bitmap), u32 deflated-length, deflated bytes

Reading treats the bytes as hostile: every count and length is checked
against the member's size and the limits below before anything is allocated.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from t3gui.core import series
from t3gui.core.bundle.html_report import Series

MAGIC = b"T3SAMPLES/1\n"
SERIES = series.NAMES  # the only series t3gui writes; a series is stored by its index here
MAX_PROBES = 1_000_000  # per series; the monitor holds a day at 10 Hz (864,000), a diagnosis a few hundred
TIME_UNIT_S = 0.001
RTT_UNIT_MS = 0.01
_WIDTHS = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}
_LEVEL = 6  # the columns are small after delta coding; level 6 costs little over 1 and saves ~10 %


class SamplesFormatError(ValueError):
    """samples.t3s is damaged or hostile; the message says what is wrong."""


def _pack_ints(values: npt.NDArray[np.int64]) -> tuple[int, bytes]:
    deltas = np.diff(values, prepend=np.int64(0))
    zigzag = ((deltas << 1) ^ (deltas >> 63)).view(np.uint64)
    top = int(zigzag.max()) if len(zigzag) else 0
    width = next(w for w in (1, 2, 4, 8) if top < 1 << (8 * w))
    narrow = zigzag.astype(_WIDTHS[width])
    shuffled = narrow.view(np.uint8).reshape(-1, width).T.tobytes()
    return width, zlib.compress(shuffled, _LEVEL)


def _unpack_ints(width: int, raw: bytes, count: int) -> npt.NDArray[np.int64]:
    if width not in _WIDTHS:
        raise SamplesFormatError(f"a column has an impossible width ({width})")
    planes = np.frombuffer(raw, dtype=np.uint8)
    if planes.size != count * width:
        raise SamplesFormatError("a column does not hold as many values as the series has probes")
    zigzag = planes.reshape(width, count).T.copy().view(_WIDTHS[width]).ravel().astype(np.uint64)
    deltas = (zigzag >> np.uint64(1)).view(np.int64) ^ -(zigzag & np.uint64(1)).view(np.int64)
    return np.cumsum(deltas)


def encode(samples: Mapping[str, Series]) -> bytes:
    out = [MAGIC, struct.pack("<B", len(samples))]
    for name, (t, seq, rtt) in samples.items():
        if name not in SERIES:
            raise ValueError(f"series {name!r} is not one t3gui writes")
        if not len(t) == len(seq) == len(rtt) or len(t) > MAX_PROBES:
            raise ValueError(f"series {name} has columns of different lengths or too many probes")
        lost = np.isnan(rtt)
        times = np.round(np.asarray(t, dtype=np.float64) / TIME_UNIT_S).astype(np.int64)
        rtts = np.round(np.asarray(rtt[~lost], dtype=np.float64) / RTT_UNIT_MS).astype(np.int64)
        out += [struct.pack("<B", len(name)), name.encode("ascii"), struct.pack("<I", len(t))]
        for width, body in (_pack_ints(np.asarray(seq, dtype=np.int64)), _pack_ints(times),
                            (0, zlib.compress(np.packbits(lost).tobytes(), _LEVEL)), _pack_ints(rtts)):
            out += [struct.pack("<BI", width, len(body)), body]
    return b"".join(out)


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = memoryview(data), 0

    def take(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise SamplesFormatError("samples.t3s ends in the middle of a series")
        chunk = bytes(self.data[self.at:self.at + n])
        self.at += n
        return chunk

    def unpack(self, layout: str) -> tuple[int, ...]:
        return struct.unpack(layout, self.take(struct.calcsize(layout)))


def _inflate(body: bytes, expected: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(body, expected + 1)  # never more than the column can hold
    except zlib.error:
        raise SamplesFormatError("a column of samples.t3s is not valid deflate data") from None
    if len(raw) != expected or not inflater.eof:
        raise SamplesFormatError("a column of samples.t3s has the wrong length")
    return raw


def decode(data: bytes) -> dict[str, Series]:
    cursor = _Cursor(data)
    if cursor.take(len(MAGIC)) != MAGIC:
        raise SamplesFormatError("samples.t3s does not start with its format marker")
    (count,) = cursor.unpack("<B")
    out: dict[str, Series] = {}
    for _ in range(count):
        (name_length,) = cursor.unpack("<B")
        name = cursor.take(name_length).decode("ascii", "replace")
        if name not in SERIES or name in out:
            raise SamplesFormatError(f"samples.t3s has an unknown or repeated series {name!r}")
        (probes,) = cursor.unpack("<I")
        if probes > MAX_PROBES:
            raise SamplesFormatError(f"series {name} claims {probes} probes, more than t3gui ever keeps")
        columns = []
        for _column in range(4):
            width, length = cursor.unpack("<BI")
            columns.append((width, cursor.take(length)))
        (seq_w, seq_b), (time_w, time_b), (lost_w, lost_b), (rtt_w, rtt_b) = columns
        if lost_w != 0:
            raise SamplesFormatError("the lost-probe column of samples.t3s is not a bitmap")
        lost = np.unpackbits(np.frombuffer(_inflate(lost_b, (probes + 7) // 8), np.uint8), count=probes)
        lost_mask = lost.astype(bool)
        received = probes - int(lost_mask.sum())
        seq = _unpack_ints(seq_w, _inflate(seq_b, probes * max(seq_w, 1)), probes)
        times = _unpack_ints(time_w, _inflate(time_b, probes * max(time_w, 1)), probes)
        rtt_units = _unpack_ints(rtt_w, _inflate(rtt_b, received * max(rtt_w, 1)), received)
        rtt = np.full(probes, np.nan, dtype=np.float32)
        rtt[~lost_mask] = rtt_units * RTT_UNIT_MS
        out[name] = ((times * TIME_UNIT_S).astype(np.float32), seq, rtt)
    if cursor.at != len(cursor.data):
        raise SamplesFormatError("samples.t3s has bytes after its last series")
    return out
