"""Pseudonyms keep the kind of what they replace, so the sentences around them stay true."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from t3gui.core.bundle.pseudonyms import Pseudonymizer, identifying_values
from t3gui.core.check_data import (
    AuthServerData,
    CertificateData,
    DataFormatError,
    DnsData,
    Endpoint,
    TcpConnectData,
    TlsHandshakeData,
    TokenData,
    TraceData,
)
from t3gui.core.model import JsonObject


def test_a_target_typed_as_an_address_gets_an_address() -> None:
    p = Pseudonymizer()
    p.add("127.0.0.1", "host")  # the target as the user typed it
    p.add("t3.example.com", "host")
    p.add("2001:db8:1::7", "host")
    assert ipaddress.ip_address(p.mapping["127.0.0.1"]).version == 4
    assert ipaddress.ip_address(p.mapping["2001:db8:1::7"]).version == 6
    assert p.mapping["t3.example.com"].endswith(".invalid")
    said = p.text("127.0.0.1 is an address; no lookup needed")
    assert said == f"{p.mapping['127.0.0.1']} is an address; no lookup needed" and "invalid" not in said


def _doc(*checks: tuple[str, JsonObject]) -> dict[str, Any]:
    return {"target": {"host": "t3.example.com"}, "findings": [],
            "checks": [{"id": check_id, "data": data} for check_id, data in checks]}


def test_what_to_hide_is_read_through_each_checks_data_type() -> None:
    doc = _doc(
        ("dns.resolve", DnsData(("192.0.2.1",), resolvers=({"resolver": "system", "A": ["192.0.2.1"],
                                                            "AAAA": ["2001:db8::1"]},)).to_json()),
        ("tcp.connect", TcpConnectData(4711, (Endpoint("192.0.2.2", "open", 1.0),)).to_json()),
        ("path.traceroute", TraceData("192.0.2.1", False, ({"ttl": 1, "address": "192.0.2.254"},
                                                          {"ttl": 2, "address": None})).to_json()),
        ("tls.handshake", TlsHandshakeData("192.0.2.2", "t3-sni.example.com", {}, {}).to_json()),
        ("tls.certificate", CertificateData(({"sans": ["t3.example.com", "alt.example.com", "192.0.2.9"]},),
                                            None).to_json()),
        ("auth.token", TokenData({"alg": "RS256"}, {"sub": "alice"}, "ab").to_json()),
        ("auth.server", AuthServerData("alice@corp", 1800000000).to_json()),
        ("icmp.echo", {}),  # skipped: no data
    )
    found = identifying_values(doc, {})
    assert {"t3.example.com", "t3-sni.example.com", "alt.example.com"} <= found["host"]
    assert "192.0.2.9" not in found["host"]  # an address among the names is not a host name
    assert {"192.0.2.1", "2001:db8::1", "192.0.2.2", "192.0.2.254"} <= found["address"]
    assert {"alice", "alice@corp"} <= found["user"]


def test_data_without_its_checks_shape_stops_the_bundle_rather_than_leak() -> None:
    doc = _doc(("tcp.connect", {"port": 4711, "endpoints": [{"address": ["192.0.2.2"], "outcome": "open",
                                                             "ms": 1.0}]}))
    with pytest.raises(DataFormatError, match=r"tcp\.connect\.endpoints\[0\]\.address is not a str"):
        identifying_values(doc, {})
