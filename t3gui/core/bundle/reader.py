"""Opening a bundle safely: limits checked while reading, no path games, nothing extracted to
disk, every member accounted for by the manifest. Any problem is one BundleError sentence, named by
a key of t3gui.core.text.bundle so the user reads it in their language."""

from __future__ import annotations

import hashlib
import io
import ipaddress
import json
import math
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from t3gui.core.bundle import format as fmt
from t3gui.core.bundle import samples_codec
from t3gui.core.bundle.html_report import Series
from t3gui.core.bundle.seal import SealError, is_sealed, unseal
from t3gui.core.model import Report
from t3gui.core.report_json import ReportFormatError, from_json, is_timestamp, printable
from t3gui.core.target import check_host
from t3gui.core.text.words import Foreign, KeyedError, os_reason


class BundleError(KeyedError, ValueError):
    """The file is not an intact t3gui bundle, or is hostile; the sentence (a key of
    t3gui.core.text.bundle) says why: ``str(exc)`` in English, ``exc.text(language)`` in the user's."""


@dataclass(frozen=True)
class Bundle:
    manifest: dict[str, Any]
    report: Report
    samples: dict[str, Series]
    timeline: dict[str, Any]
    members: dict[str, bytes]


def read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > fmt.MAX_BUNDLE_BYTES:
            raise BundleError("refused.file.too_large", name=path.name, mib=size >> 20)
        with path.open("rb") as fh:
            return fh.read(fmt.MAX_BUNDLE_BYTES + 1)
    except FileNotFoundError:
        raise BundleError("refused.file.missing", path=path) from None
    except IsADirectoryError:
        raise BundleError("refused.file.folder", path=path) from None
    except OSError as exc:
        raise BundleError("refused.file.unreadable", path=path, reason=os_reason(exc)) from None


def _quoted(name: str) -> str:
    """A name from the file, safe to put in a sentence: quoted, escaped, short."""
    return repr(name[:60] + ("…" if len(name) > 60 else ""))


def _check_name(info: zipfile.ZipInfo, seen: set[str]) -> None:
    name = info.filename
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise BundleError("refused.member.absolute", member=_quoted(name))
    if ".." in name.replace("\\", "/").split("/") or "/" in name or "\\" in name:
        raise BundleError("refused.member.escapes", member=_quoted(name))
    if stat.S_ISLNK(info.external_attr >> 16):
        raise BundleError("refused.member.symlink", member=_quoted(name))
    if name in seen:
        raise BundleError("refused.member.twice", member=_quoted(name))
    if name not in fmt.MEMBERS:
        raise BundleError("refused.member.foreign", member=_quoted(name))
    if info.flag_bits & 0x1:
        raise BundleError("refused.member.encrypted", name=name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise BundleError("refused.member.compression", name=name)
    seen.add(name)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    limit = fmt.MAX_MEMBER_BYTES.get(info.filename, fmt.DEFAULT_MAX_MEMBER_BYTES)
    if info.file_size > limit:
        raise BundleError("refused.member.claims", name=info.filename, mib=info.file_size >> 20)
    if info.compress_size and info.file_size / info.compress_size > fmt.MAX_RATIO:
        raise BundleError("refused.member.bomb", name=info.filename, ratio=info.file_size // info.compress_size)
    try:
        with archive.open(info) as fh:
            data = fh.read(limit + 1)  # never trust the header alone
    except DAMAGED as exc:
        raise BundleError("refused.member.damaged", name=info.filename, why=Foreign(_why(exc))) from None
    if len(data) > limit:
        raise BundleError("refused.member.over", name=info.filename)
    return data


# What zipfile and zlib raise on a damaged or hostile archive (a bad CRC, a bad deflate stream, a
# truncated header, a negative or 64-bit offset, a name that is not UTF-8): each is the file's fault.
DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
           RuntimeError, OSError, OverflowError, struct.error)


def _why(exc: BaseException) -> str:
    return printable(str(exc), 120) or exc.__class__.__name__


def _members(data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except DAMAGED:
        raise BundleError("refused.not_zip") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > fmt.MAX_MEMBERS:
            raise BundleError("refused.members.too_many", count=len(infos), most=fmt.MAX_MEMBERS)
        declared = sum(i.file_size for i in infos)
        if declared > fmt.MAX_TOTAL_BYTES:
            raise BundleError("refused.members.too_big", mib=declared >> 20)
        seen: set[str] = set()
        for info in infos:
            _check_name(info, seen)
        if archive.comment:
            raise BundleError("refused.comment")
        return {info.filename: _read_member(archive, info) for info in infos}


class _Refused(Exception):
    """A JSON value no t3gui file holds: the key of the sentence that names it, and its fields."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields


def _no_constant(name: str) -> Any:
    raise _Refused("refused.json.constant", constant=name)


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 19:  # past 64 bits; and Python refuses to even read ints past 4300 digits
        raise _Refused("refused.json.huge_int")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("refused.json.infinite", text=text[:20])
    return value


def load_json(data: bytes, name: str) -> Any:
    """A JSON member, strictly: UTF-8, no NaN or Infinity, numbers that fit, nesting the parser survives."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleError("refused.json.not_utf8", name=name) from None
    try:
        return json.loads(text, parse_constant=_no_constant, parse_int=_int, parse_float=_float)
    except _Refused as exc:
        raise BundleError(exc.key, name=name, **exc.fields) from None
    except RecursionError:
        raise BundleError("refused.json.deep", name=name) from None
    except json.JSONDecodeError as exc:
        raise BundleError("refused.json.syntax", name=name, why=Foreign(exc.msg), line=exc.lineno) from None
    except ValueError:
        raise BundleError("refused.json.not_json", name=name) from None


def _file_entry(entry: Any) -> tuple[str, int, str]:
    if not isinstance(entry, dict):
        raise BundleError("refused.manifest.entry")
    name, size, digest = entry.get("name"), entry.get("size"), entry.get("sha256")
    if not isinstance(name, str) or name not in fmt.MEMBERS or name == fmt.MANIFEST:
        raise BundleError("refused.manifest.foreign")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0 or not isinstance(digest, str):
        raise BundleError("refused.manifest.entry_of", name=name)
    return name, size, digest


def _manifest(members: dict[str, bytes]) -> dict[str, Any]:
    for name in fmt.REQUIRED:
        if name not in members:
            raise BundleError("refused.required", name=name)
    manifest = load_json(members[fmt.MANIFEST], "manifest.json")
    if not isinstance(manifest, dict) or manifest.get("schema") not in tuple(fmt.READABLE_SCHEMAS):  # [] is unhashable
        raise BundleError("refused.manifest.schema", schemas=", ".join(sorted(fmt.READABLE_SCHEMAS)))
    if not is_timestamp(manifest.get("created_at")):
        raise BundleError("refused.manifest.created")
    version = manifest.get("app_version")
    if not isinstance(version, str) or len(version) > 40 or printable(version) != version:
        raise BundleError("refused.manifest.version")
    for flag in ("pseudonymized", "samples_csv_complete"):
        if not isinstance(manifest.get(flag, False), bool):
            raise BundleError("refused.manifest.flag", flag=flag)
    files = manifest.get("files")
    if not isinstance(files, list):
        raise BundleError("refused.manifest.no_files")
    if len(files) > fmt.MAX_MEMBERS:
        raise BundleError("refused.manifest.too_many", count=len(files), most=fmt.MAX_MEMBERS)
    listed: dict[str, Any] = {}
    for entry in files:
        name, size, digest = _file_entry(entry)
        if name in listed:
            raise BundleError("refused.manifest.twice", name=name)
        listed[name] = {"size": size, "sha256": digest}
    for name, data in members.items():
        if name == fmt.MANIFEST:
            continue
        entry = listed.pop(name, None)
        if entry is None:
            raise BundleError("refused.unlisted", name=name)
        if entry.get("size") != len(data) or entry.get("sha256") != hashlib.sha256(data).hexdigest():
            raise BundleError("refused.altered", name=name)
    if listed:
        raise BundleError("refused.absent", names=", ".join(sorted(listed)))
    return manifest


HEADER = "time_s,series,seq,rtt_ms,lost"
SERIES = samples_codec.SERIES
# A schema-1 samples.csv holds every probe, as samples.t3s does now, under the same cap: counted
# before anything is parsed, so a hostile file costs one pass over its newlines.
MAX_CSV_ROWS = samples_codec.MAX_PROBES * len(SERIES)
MAX_TIME_S = 1e9
MAX_RTT_MS = 86_400_000.0


def _check_csv_values(table: np.ndarray[Any, np.dtype[np.float64]]) -> None:
    """Numbers the plots and the monitor can hold: finite times, whole sequence numbers, an RTT for
    every probe that came back and none for a lost one."""
    times, seq, rtt, lost = table[:, 0], table[:, 2], table[:, 3], table[:, 4] == 1
    with np.errstate(invalid="ignore"):
        bad = (~np.isfinite(times) | (np.abs(times) > MAX_TIME_S) | ~np.isfinite(seq) | (np.abs(seq) > 2.0**53)
               | (seq != np.round(seq)) | (lost != np.isnan(rtt)) | (~lost & ~((rtt >= 0) & (rtt <= MAX_RTT_MS))))
    if bad.any():
        row = int(np.argmax(bad)) + 2  # the header is line 1
        raise BundleError("refused.csv.values", row=row)


def _samples_csv(data: bytes | None) -> dict[str, Series]:
    """Parse samples.csv with numpy: series names become numbers, the rest is one float array."""
    if not data:
        return {}
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise BundleError("refused.csv.not_ascii") from None
    header, _, body = text.partition("\n")
    if header.strip() != HEADER:
        raise BundleError("refused.csv.columns")
    body = body.strip()
    if not body:
        return {}
    rows = body.count("\n") + 1
    if rows > MAX_CSV_ROWS:
        raise BundleError("refused.csv.rows", rows=rows, most=samples_codec.MAX_PROBES)
    for code, name in enumerate(SERIES):
        body = body.replace(f",{name},", f",{code},")
    body = body.replace(",,1", ",nan,1").replace("\n", ",")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            values = np.fromstring(body, sep=",")  # C-speed; refuses anything that is not a number
    except ValueError:
        raise BundleError("refused.csv.malformed") from None
    if values.size != rows * 5:
        raise BundleError("refused.csv.malformed")
    table = values.reshape(-1, 5)
    codes = table[:, 1]
    if not np.isin(codes, np.arange(len(SERIES))).all() or not np.isin(table[:, 4], (0, 1)).all():
        raise BundleError("refused.csv.malformed")
    _check_csv_values(table)
    out: dict[str, Series] = {}
    for code, name in enumerate(SERIES):
        picked = table[codes == code]
        if len(picked) > samples_codec.MAX_PROBES:
            raise BundleError("refused.csv.probes", count=len(picked), series=name, most=samples_codec.MAX_PROBES)
        if len(picked):
            out[name] = (picked[:, 0].astype(np.float32), picked[:, 2].astype(np.int64),
                         picked[:, 3].astype(np.float32))
    return out


def _samples(members: dict[str, bytes]) -> dict[str, Series]:
    """Every probe: from samples.t3s (schema 2), else from samples.csv (schema 1 holds them all there)."""
    if fmt.SAMPLES not in members:
        return _samples_csv(members.get(fmt.SAMPLES_CSV))
    try:
        return samples_codec.decode(members[fmt.SAMPLES])
    except samples_codec.SamplesFormatError as exc:  # a technical locator: quoted inside a sentence
        raise BundleError("refused.samples", detail=Foreign(str(exc))) from None


def read_samples(bundle: Bundle) -> dict[str, Series]:
    """The raw series of a bundle opened with ``samples=False`` (the slower part, for a worker thread)."""
    return _samples(bundle.members)


MAX_MARKS = 10_000
MAX_HOST = 253  # characters of a DNS name; an IPv6 address is shorter


def _watched(value: Any) -> str:
    """The server a monitor's probes went to: an IP address without a zone, or a host name, as the
    monitor was given it; anything else is not from t3gui, and refused without being quoted."""
    bracketed = isinstance(value, str) and value[:1] == "[" and value[-1:] == "]"
    text = value[1:-1] if bracketed else value
    try:
        if not isinstance(text, str) or len(text) > MAX_HOST:
            raise ValueError(text)
        host = check_host(text)
        if bracketed and ipaddress.ip_address(host).version != 6:
            raise ValueError(text)  # brackets hold an IPv6 address
    except ValueError:
        host = ""
    if not host or "%" in host or printable(host, MAX_HOST) != host:
        raise BundleError("refused.timeline.watched")
    return host


def _timeline(members: dict[str, bytes]) -> dict[str, Any]:
    """timeline.json: the marks set in the monitor, the customer's notes, text cleaned, and the server
    the monitor watched (``watched``: absent from a diagnosis's bundle and from bundles made before)."""
    if fmt.TIMELINE not in members:
        return {}
    doc = load_json(members[fmt.TIMELINE], "timeline.json")
    marks, notes = (doc.get("marks", []), doc.get("notes", "")) if isinstance(doc, dict) else (None, None)
    if not isinstance(marks, list) or not isinstance(notes, str) or len(marks) > MAX_MARKS:
        raise BundleError("refused.timeline.bad")
    clean = []
    for mark in marks:
        t_s = mark.get("t_s") if isinstance(mark, dict) else None
        wall, note = (mark.get("wall", ""), mark.get("note", "")) if isinstance(mark, dict) else (None, None)
        if (not isinstance(t_s, int | float) or isinstance(t_s, bool) or not isinstance(wall, str)
                or not isinstance(note, str)):
            raise BundleError("refused.timeline.mark")
        clean.append({"t_s": t_s, "wall": printable(wall, 40), "note": printable(note, 1000)})
    timeline: dict[str, Any] = {"marks": clean, "notes": printable(notes)}
    if "watched" in doc:
        timeline["watched"] = _watched(doc["watched"])
    return timeline


def open_bundle(data: bytes, identities: Sequence[str] = (), passphrase: str | None = None,
                samples: bool = True, known_checks: Collection[str] | None = None) -> Bundle:
    """Verify and read a bundle; ``samples=False`` leaves the series for ``read_samples`` so the
    report can be shown first. ``known_checks``: the check ids of this version's registry (core
    cannot import it), which every check a report names must be one of."""
    if len(data) > fmt.MAX_BUNDLE_BYTES:
        raise BundleError("refused.too_large")
    if is_sealed(data):
        try:
            data = unseal(data, identities, passphrase)
        except SealError as exc:
            raise BundleError("refused.sealed", problem=exc) from None
    members = _members(data)
    manifest = _manifest(members)
    try:
        report = from_json(load_json(members[fmt.REPORT_JSON], "report.json"), known_checks)
    except ReportFormatError as exc:  # a technical locator ("checks[0].duration_ms ..."): quoted inside a sentence
        raise BundleError("refused.report", detail=Foreign(str(exc))) from None
    timeline = _timeline(members)
    return Bundle(manifest, report, _samples(members) if samples else {}, timeline, members)
