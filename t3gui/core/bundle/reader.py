"""Opening a bundle safely: limits checked while reading, no path games, nothing extracted to
disk, every member accounted for by the manifest. Any problem is one BundleError sentence."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from t3gui.core.bundle import format as fmt
from t3gui.core.bundle import samples_codec
from t3gui.core.bundle.html_report import Series
from t3gui.core.bundle.seal import SealError, is_sealed, unseal
from t3gui.core.model import Report
from t3gui.core.report_json import ReportFormatError, from_json


class BundleError(ValueError):
    """The file is not an intact t3gui bundle, or is hostile; the message says why."""


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
            raise BundleError(f"{path.name} is {size >> 20} MiB, larger than a bundle can be")
        with path.open("rb") as fh:
            return fh.read(fmt.MAX_BUNDLE_BYTES + 1)
    except FileNotFoundError:
        raise BundleError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise BundleError(f"{path} is a folder, not a bundle") from None
    except OSError as exc:
        raise BundleError(f"cannot read {path}: {exc.strerror}") from None


def _check_name(info: zipfile.ZipInfo, seen: set[str]) -> None:
    name = info.filename
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise BundleError(f"member {name!r} has an absolute path")
    if ".." in name.replace("\\", "/").split("/") or "/" in name or "\\" in name:
        raise BundleError(f"member {name!r} tries to leave the bundle's folder")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise BundleError(f"member {name!r} is a symbolic link")
    if name in seen:
        raise BundleError(f"member {name!r} appears twice")
    if name not in fmt.MEMBERS:
        raise BundleError(f"member {name!r} does not belong in a t3gui bundle")
    seen.add(name)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    limit = fmt.MAX_MEMBER_BYTES.get(info.filename, fmt.DEFAULT_MAX_MEMBER_BYTES)
    if info.file_size > limit:
        raise BundleError(f"member {info.filename} claims {info.file_size >> 20} MiB, over its limit")
    if info.compress_size and info.file_size / info.compress_size > fmt.MAX_RATIO:
        raise BundleError(f"member {info.filename} expands {info.file_size // info.compress_size}-fold "
                          "(a compression bomb)")
    try:
        with archive.open(info) as fh:
            data = fh.read(limit + 1)  # never trust the header alone
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise BundleError(f"member {info.filename} is damaged ({exc})") from None
    if len(data) > limit:
        raise BundleError(f"member {info.filename} is larger than its limit")
    return data


def _members(data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BundleError("the file is not a zip archive (or is truncated)") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > fmt.MAX_MEMBERS:
            raise BundleError(f"the bundle has {len(infos)} members; a t3gui bundle has at most {fmt.MAX_MEMBERS}")
        declared = sum(i.file_size for i in infos)
        if declared > fmt.MAX_TOTAL_BYTES:
            raise BundleError(f"the bundle would expand to {declared >> 20} MiB")
        seen: set[str] = set()
        for info in infos:
            _check_name(info, seen)
        if archive.comment:
            raise BundleError("the bundle carries a zip comment, which t3gui never writes")
        return {info.filename: _read_member(archive, info) for info in infos}


def _manifest(members: dict[str, bytes]) -> dict[str, Any]:
    for name in fmt.REQUIRED:
        if name not in members:
            raise BundleError(f"the bundle has no {name}")
    try:
        manifest = json.loads(members[fmt.MANIFEST])
    except (ValueError, UnicodeDecodeError):
        raise BundleError("manifest.json is not JSON") from None
    if not isinstance(manifest, dict) or manifest.get("schema") not in fmt.READABLE_SCHEMAS:
        raise BundleError(f"manifest.json is not a t3gui bundle manifest this version can read (it reads "
                          f"{', '.join(sorted(fmt.READABLE_SCHEMAS))})")
    files = manifest.get("files")
    if not isinstance(files, list):
        raise BundleError("manifest.json lists no files")
    listed: dict[str, Any] = {}
    for entry in files:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise BundleError("manifest.json has a malformed file entry")
        listed[entry["name"]] = entry
    for name, data in members.items():
        if name == fmt.MANIFEST:
            continue
        entry = listed.pop(name, None)
        if entry is None:
            raise BundleError(f"{name} is in the bundle but not in its manifest")
        if entry.get("size") != len(data) or entry.get("sha256") != hashlib.sha256(data).hexdigest():
            raise BundleError(f"{name} does not match its manifest entry (altered or damaged)")
    if listed:
        raise BundleError(f"the manifest lists {', '.join(sorted(listed))}, missing from the bundle")
    return manifest


HEADER = "time_s,series,seq,rtt_ms,lost"
SERIES = samples_codec.SERIES


def _samples_csv(data: bytes | None) -> dict[str, Series]:
    """Parse samples.csv with numpy: series names become numbers, the rest is one float array."""
    if not data:
        return {}
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise BundleError("samples.csv is not plain ASCII") from None
    header, _, body = text.partition("\n")
    if header.strip() != HEADER:
        raise BundleError("samples.csv does not have the expected columns")
    body = body.strip()
    if not body:
        return {}
    rows = body.count("\n") + 1
    for code, name in enumerate(SERIES):
        body = body.replace(f",{name},", f",{code},")
    body = body.replace(",,1", ",nan,1").replace("\n", ",")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            values = np.fromstring(body, sep=",")  # C-speed; refuses anything that is not a number
    except ValueError:
        raise BundleError("samples.csv has a malformed row or an unknown series") from None
    if values.size != rows * 5:
        raise BundleError("samples.csv has a malformed row or an unknown series")
    table = values.reshape(-1, 5)
    codes = table[:, 1]
    if not np.isin(codes, np.arange(len(SERIES))).all() or not np.isin(table[:, 4], (0, 1)).all():
        raise BundleError("samples.csv has a malformed row or an unknown series")
    out: dict[str, Series] = {}
    for code, name in enumerate(SERIES):
        picked = table[codes == code]
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
    except samples_codec.SamplesFormatError as exc:
        raise BundleError(str(exc)) from None


def read_samples(bundle: Bundle) -> dict[str, Series]:
    """The raw series of a bundle opened with ``samples=False`` (the slower part, for a worker thread)."""
    return _samples(bundle.members)


def open_bundle(data: bytes, identities: Sequence[str] = (), passphrase: str | None = None,
                samples: bool = True) -> Bundle:
    """Verify and read a bundle; ``samples=False`` leaves the series for ``read_samples`` so the
    report can be shown first."""
    if len(data) > fmt.MAX_BUNDLE_BYTES:
        raise BundleError("the file is larger than a bundle can be")
    if is_sealed(data):
        try:
            data = unseal(data, identities, passphrase)
        except SealError as exc:
            raise BundleError(str(exc)) from None
    members = _members(data)
    manifest = _manifest(members)
    try:
        report = from_json(json.loads(members[fmt.REPORT_JSON]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleError(f"report.json is not a valid report ({exc})") from None
    except ReportFormatError as exc:
        raise BundleError(f"report.json is not a valid report: {exc}") from None
    timeline: dict[str, Any] = {}
    if fmt.TIMELINE in members:
        try:
            timeline = json.loads(members[fmt.TIMELINE])
        except (ValueError, UnicodeDecodeError):
            raise BundleError("timeline.json is not JSON") from None
    return Bundle(manifest, report, _samples(members) if samples else {}, timeline, members)
