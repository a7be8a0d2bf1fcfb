"""Writing a bundle: every member built from allowlisted fields, then a manifest of hashes.

A last safety net refuses to write if a secret the caller knows (the token, a
passphrase) appears in any member in any common encoding: that would be a
t3gui bug, and a bundle must never carry it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import math
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import numpy as np

from t3gui import __version__
from t3gui.core.bundle import format as fmt
from t3gui.core.bundle import html_report, samples_codec
from t3gui.core.bundle.pseudonyms import Pseudonymizer, identifying_values
from t3gui.core.check_data import CertificateData, TraceData
from t3gui.core.model import Report
from t3gui.core.node_checks import most_telling
from t3gui.core.paths import replace_private
from t3gui.core.report_json import dumps, from_json

Series = html_report.Series
# Check data that identifies a machine in ways pseudonyms cannot rewrite (DER certificates, raw bytes).
OPAQUE_DATA = ("chain_pem", "first_bytes")


class SecretLeak(RuntimeError):
    """A known secret was about to be written into a bundle (a t3gui bug)."""


@dataclass
class BundleContent:
    report: Report
    samples: Mapping[str, Series] = field(default_factory=dict)
    marks: list[dict[str, Any]] = field(default_factory=list)  # {"t_s", "wall", "note"}
    notes: str = ""
    log_text: str = ""
    environment: dict[str, Any] | None = None
    watched: str = ""  # the server the live monitor's probes went to, when exported from the monitor


def samples_from_events(events: Iterable[tuple[str, int, float, float | None]]) -> dict[str, Series]:
    """(series, seq, t_s, rtt_ms or None) rows to per-series arrays."""
    grouped: dict[str, list[tuple[float, int, float]]] = {}
    for series, seq, t_s, rtt in events:
        grouped.setdefault(series, []).append((t_s, seq, float("nan") if rtt is None else rtt))
    out: dict[str, Series] = {}
    for series, rows in grouped.items():
        arr = np.array(rows, dtype=np.float64)
        out[series] = (arr[:, 0].astype(np.float32), arr[:, 1].astype(np.int64), arr[:, 2].astype(np.float32))
    return out


def samples_csv(samples: Mapping[str, Series]) -> bytes:
    """time_s,series,seq,rtt_ms,lost — one row a probe; rtt empty when lost; RTTs to 10 µs."""
    parts = ["time_s,series,seq,rtt_ms,lost\n"]
    for series, (t, seq, rtt) in samples.items():
        if not series.replace("_", "").isalnum():
            raise ValueError(f"series name {series!r} is not a plain word")
        row = "{:.3f}," + series + ",{},{:.2f},0"
        # str.format through map runs in C; a lost probe formats as 'nan' and is rewritten once.
        text = "\n".join(map(row.format, t.tolist(), seq.tolist(), rtt.tolist())).replace(",nan,0", ",,1")
        parts.append(text + "\n" if text else "")
    return "".join(parts).encode("utf-8")


def newest(samples: Mapping[str, Series], span_s: float) -> tuple[dict[str, Series], bool]:
    """The probes of the newest ``span_s`` seconds of each series, and whether that is all of them."""
    out: dict[str, Series] = {}
    complete = True
    for series, (t, seq, rtt) in samples.items():
        if not len(t):
            out[series] = (t, seq, rtt)
            continue
        kept = t >= float(np.nanmax(t)) - span_s
        complete = complete and bool(kept.all())
        out[series] = (t[kept], seq[kept], rtt[kept])
    return out, complete


def encodings(secret: str) -> set[bytes]:
    """A secret as it could appear: plain, base64 (any alignment), hex, URL-encoded."""
    raw = secret.encode()
    forms = {raw, raw.hex().encode(), raw.hex().upper().encode(), quote(secret, safe="").encode(),
             quote_plus(secret).encode()}
    for shift in range(3):  # base64 of the secret inside a longer text starts at any of 3 alignments
        padded = b"\0" * shift + raw
        for encoder in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encoder(padded).rstrip(b"=")
            skip = (shift * 4 + 2) // 3  # characters that depend on the padding
            inner = encoded[skip:-2] if len(encoded) > skip + 4 else b""
            if len(inner) >= 8:
                forms.add(inner)
    return {f for f in forms if len(f) >= 6}


def _strict(obj: Any) -> Any:
    """JSON values only: a NaN or Infinity becomes null (no JSON parser, t3gui's reader included,
    accepts them), tuples become lists."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, Mapping):
        return {str(k): _strict(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_strict(v) for v in obj]
    return obj


def _json(obj: Any) -> bytes:
    return json.dumps(_strict(obj), ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False).encode("utf-8")


def write_bundle(content: BundleContent, *, pseudonymize: bool = False, secrets: Iterable[str] = (),
                 now: dt.datetime | None = None) -> tuple[bytes, dict[str, str]]:
    """The bundle's bytes, and the pseudonym mapping (to keep on this machine; empty without pseudonyms)."""
    created = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds").replace("+00:00", "Z")
    # The document as it will be read back: strict JSON (non-finite numbers as null, other values as text).
    report_doc = json.loads(dumps(content.report, indent=None))
    # Collected by the caller (t3gui.checks.environment): core reads no machine state itself.
    environment = content.environment if content.environment is not None else {}
    members: dict[str, bytes] = {}
    pseudo = Pseudonymizer()
    if pseudonymize:
        # Each node of a cluster has checks of its own: their names, addresses and users are hidden too.
        node_checks = [c for node in report_doc.get("nodes", []) for c in node["checks"]]
        every_check = {**report_doc, "checks": report_doc["checks"] + node_checks}
        for kind, values in identifying_values(every_check, environment).items():
            pseudo.add_all(values, kind)
        for check in report_doc["checks"] + node_checks:
            for key in OPAQUE_DATA:
                check["data"].pop(key, None)
        report_doc = pseudo.value(report_doc)
        environment = pseudo.value(environment)
    # Read back from the document as written: what the bundle's report says, pseudonyms and all.
    report = from_json(report_doc)
    # Certificates name hosts in DER, which pseudonyms cannot rewrite: a pseudonymised report has none.
    certificate = None if pseudonymize else CertificateData.of(most_telling(report, CertificateData.CHECK_ID)[1])
    trace = TraceData.in_report(report)
    timeline: dict[str, Any] = {"marks": content.marks, "notes": content.notes}
    if content.watched:
        timeline["watched"] = content.watched
    if pseudonymize:
        pseudo.add(content.watched, "address")  # most likely one of the report's addresses already
        timeline = pseudo.value(timeline)
    members[fmt.REPORT_JSON] = _json(report_doc)
    members[fmt.REPORT_HTML] = html_report.render(report, content.samples, timeline["marks"], created,
                                                  timeline.get("watched", "")).encode("utf-8")
    recent, csv_complete = newest(content.samples, fmt.CSV_SPAN_S)
    if any(len(t) for t, _, _ in content.samples.values()):
        members[fmt.SAMPLES] = samples_codec.encode(content.samples)
        members[fmt.SAMPLES_CSV] = samples_csv(recent)
    members[fmt.ENVIRONMENT] = _json(environment)
    if certificate is not None and certificate.chain_pem:
        members[fmt.CHAIN] = "".join(certificate.chain_pem).encode("ascii")
    if trace is not None and trace.hops:
        members[fmt.TRACEROUTE] = _json(trace.to_json())
    members[fmt.TIMELINE] = _json(timeline)
    if content.log_text:
        members[fmt.APP_LOG] = (pseudo.text(content.log_text) if pseudonymize else content.log_text).encode("utf-8")
    manifest = {
        "schema": fmt.SCHEMA, "app_version": __version__, "created_at": created, "language": report.language,
        "pseudonymized": pseudonymize, "samples_csv_complete": csv_complete,
        "files": [{"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                  for name, data in members.items()],
    }
    members = {fmt.MANIFEST: _json(manifest), **members}
    _refuse_secrets(members, secrets)
    buffer = io.BytesIO()
    stamp = (now or dt.datetime.now()).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            # samples.t3s is deflated column by column already; a second pass would only cost time.
            info.compress_type = zipfile.ZIP_STORED if name == fmt.SAMPLES else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue(), dict(pseudo.mapping)


def _refuse_secrets(members: Mapping[str, bytes], secrets: Iterable[str]) -> None:
    for secret in secrets:
        if not secret:
            continue
        for form in encodings(secret):
            for name, data in members.items():
                if form in data or form in name.encode():
                    raise SecretLeak(f"a secret would have been written into {name}; the bundle was not written")


def pseudonym_map_path(bundle: Path) -> Path:
    return bundle.with_name(bundle.name + ".pseudonyms.json")


def save_bundle(path: Path, data: bytes, mapping: Mapping[str, str]) -> None:
    """Write the bundle, and its pseudonym map beside it (kept on this machine, never inside the
    bundle), each readable by its owner only and replacing any earlier file of that name."""
    replace_private(path, data)
    if mapping:
        replace_private(pseudonym_map_path(path), _json(dict(mapping)))
