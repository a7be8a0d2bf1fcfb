"""Every fuzz target by name (see docs/fuzzing.md)."""

from __future__ import annotations

from tests.fuzz import file_targets, protocol_targets
from tests.fuzz.contract import Target

TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("frame", protocol_targets.frame_stream, "t3gui.protocol.connection / frame: stream and datagram decoding",
           "ProtocolError"),
    Target("message", protocol_targets.message, "t3gui.protocol.messages.decode_message", "ProtocolError",
           dictionary="json.dict", json_aware=True),
    Target("jwt", protocol_targets.token, "t3gui.protocol.jwt: decode, verify_signature, check_claims",
           "TokenError", dictionary="json.dict", json_aware=True),
    Target("cert", file_targets.certificate_chain,
           "t3gui.checks.tls_chain: load_chain, describe, analyze, crl_urls", "none (it never raises)",
           max_len=16384),
    Target("bundle", file_targets.bundle, "t3gui.core.bundle.reader.open_bundle on zip bytes", "BundleError",
           max_len=32768),
    Target("bundle_member", file_targets.bundle_member,
           "t3gui.core.bundle.reader.open_bundle, one member replaced, manifest re-signed", "BundleError",
           max_len=16384, dictionary="json.dict", json_aware=True),
    Target("report_json", file_targets.report_json, "t3gui.core.report_json.from_json (and to_json back)",
           "ReportFormatError", max_len=16384, dictionary="json.dict", json_aware=True),
)}
