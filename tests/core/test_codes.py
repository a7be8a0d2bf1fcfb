"""Every finding code has the layer the contract's table gives it (shared/spec/diagnosis.md, "Finding codes")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from t3gui.core.codes import LAYERS, Code, Layer

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "diagnosis.md"
# The contract's table as of this test, for a checkout without the spec beside it; while the spec
# is there, a test keeps this copy equal to it.
TABLE = """\
| local | `NO_NETWORK`, `PROXY_CONFIGURED`, `VPN_ACTIVE` |
| DNS | `DNS_NXDOMAIN`, `DNS_NO_ADDRESS`, `DNS_TIMEOUT`, `DNS_SERVFAIL`, `DNS_MISMATCH` |
| reachability | `HOST_UNREACHABLE`, `TCP_REFUSED`, `TCP_FILTERED`, `UDP_BLOCKED`, `ICMP_BLOCKED` |
| path quality | `HIGH_LATENCY`, `HIGH_LOSS`, `HIGH_JITTER`, `MTU_BLACKHOLE`, `ROUTE_LOOP` |
| TLS | `TLS_NOT_TLS`, `TLS_HANDSHAKE_FAILED`, `TLS_CERT_EXPIRED`, `TLS_CERT_NOT_YET_VALID`, `TLS_CERT_EXPIRING_SOON`, \
`TLS_HOSTNAME_MISMATCH`, `TLS_UNTRUSTED_ROOT`, `TLS_INCOMPLETE_CHAIN`, `TLS_CERT_REVOKED`, `TLS_INTERCEPTED`, \
`TLS_CLIENT_CERT_REQUIRED`, `TLS_CLIENT_CERT_REJECTED`, `TLS_WEAK` |
| clock | `CLOCK_SKEW` |
| T3 protocol | `T3_NOT_T3`, `T3_PLAINTEXT`, `T3_VERSION_UNSUPPORTED`, `T3_BAD_FRAME`, `T3_NO_RESPONSE`, \
`T3_CONNECTION_CLOSED` |
| authentication | `AUTH_TOKEN_MISSING`, `AUTH_TOKEN_MALFORMED`, `AUTH_TOKEN_EXPIRED`, `AUTH_TOKEN_NOT_YET_VALID`, \
`AUTH_BAD_SIGNATURE`, `AUTH_BAD_AUDIENCE`, `AUTH_BAD_ISSUER`, `AUTH_UNKNOWN_USER`, `AUTH_REVOKED` |
| server | `SERVER_BUSY`, `SERVER_OVERLOADED`, `SERVER_SLOW` |
"""
SPEC_LAYERS = {"local": Layer.LOCAL, "DNS": Layer.DNS, "reachability": Layer.REACHABILITY,
               "path quality": Layer.PATH, "TLS": Layer.TLS, "clock": Layer.CLOCK, "T3 protocol": Layer.T3,
               "authentication": Layer.AUTH, "server": Layer.SERVER}
# Codes t3gui adds to the contract (the contract may be added to, never broken), with their layer.
ADDED = {Code.TLS_REVOCATION_UNKNOWN: Layer.TLS}


def table_rows(markdown: str) -> dict[str, list[str]]:
    """The "Finding codes" table of the spec: layer name -> its codes."""
    section = markdown.split("## Finding codes", 1)[1].split("\n\n", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and "`" in cells[1]:
            rows[cells[0]] = re.findall(r"`([A-Z0-9_]+)`", cells[1])
    return rows


def test_the_copy_of_the_table_is_the_spec_s() -> None:
    if not SPEC.is_file():
        pytest.skip(f"the spec is not beside this checkout ({SPEC})")
    assert table_rows(SPEC.read_text(encoding="utf-8")) == table_rows("## Finding codes\n" + TABLE)


def test_every_code_of_the_contract_has_the_contract_s_layer() -> None:
    text = SPEC.read_text(encoding="utf-8") if SPEC.is_file() else "## Finding codes\n" + TABLE
    rows = table_rows(text)
    assert set(rows) == set(SPEC_LAYERS)  # every layer of the table read, none unknown
    expected = {Code(code): SPEC_LAYERS[layer] for layer, codes in rows.items() for code in codes}
    wrong = {code: (code.layer, layer) for code, layer in expected.items() if code.layer is not layer}
    assert not wrong, wrong
    assert set(Code) == set(expected) | set(ADDED)  # nothing beyond the contract but what is declared here
    assert all(code.layer is layer for code, layer in ADDED.items())


def test_the_layer_is_stated_for_every_code_not_read_from_its_name() -> None:
    assert set(LAYERS) == set(Code)
    # Same first word, different layers: a rule on the name would put these together.
    assert Code.HOST_UNREACHABLE.layer is Layer.REACHABILITY and Code.HIGH_LATENCY.layer is Layer.PATH
    assert (Code.TLS_CERT_EXPIRED.layer, Code.CLOCK_SKEW.layer) == (Layer.TLS, Layer.CLOCK)


def test_the_table_reader_sees_a_wrong_layer() -> None:
    moved = TABLE.replace("`HIGH_LATENCY`, ", "").replace("| local | `NO_NETWORK`",
                                                          "| local | `HIGH_LATENCY`, `NO_NETWORK`")
    rows = table_rows("## Finding codes\n" + moved)
    assert "HIGH_LATENCY" in rows["local"] and Code.HIGH_LATENCY.layer is not SPEC_LAYERS["local"]
