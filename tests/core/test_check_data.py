"""The typed data of the checks others read: their JSON is the report's, and hostile JSON is refused."""

from __future__ import annotations

import json

import pytest

from t3gui.core.check_data import (
    MAX_CHAIN,
    MAX_ENDPOINTS,
    CertificateData,
    CheckData,
    ClockData,
    DataFormatError,
    DnsData,
    Endpoint,
    IcmpNote,
    TcpConnectData,
    TlsHandshakeData,
    TraceData,
)
from t3gui.core.model import CheckResult, JsonObject, Status, Tier


def result(check_id: str, data: JsonObject) -> CheckResult:
    return CheckResult(check_id, Tier.BASIC, Status.PASS, 1.0, "", data)


def through_json(data: JsonObject) -> JsonObject:
    loaded: JsonObject = json.loads(json.dumps(data))
    return loaded


def test_tcp_connect_data_reads_back_what_it_writes() -> None:
    data = TcpConnectData(4711, (Endpoint("192.0.2.1", "refused", 1.234),
                                 Endpoint("192.0.2.2", "open", 0.5),
                                 Endpoint("192.0.2.3", "unreachable", 9.0, "No route to host: host-unreachable from "
                                          "192.0.2.254", IcmpNote("host-unreachable", "192.0.2.254"))))
    doc = through_json(data.to_json())
    endpoints = doc["endpoints"]
    assert isinstance(endpoints, list) and endpoints[1] == {"address": "192.0.2.2", "outcome": "open", "ms": 0.5}
    again = TcpConnectData.of(result("tcp.connect", doc))
    assert again is not None
    assert again.reachable == ("192.0.2.2",)
    assert again.answered("192.0.2.1") and not again.answered("192.0.2.3")
    assert again.endpoints[2].icmp == IcmpNote("host-unreachable", "192.0.2.254")
    assert again.endpoints[0].ms == 1.23  # rounded as the report holds it


@pytest.mark.parametrize("data", [
    {"port": "4711", "endpoints": []},
    {"port": 4711, "endpoints": "192.0.2.1"},
    {"port": 4711, "endpoints": [["192.0.2.1", "open"]]},
    {"port": 4711, "endpoints": [{"address": "192.0.2.1", "outcome": "open", "ms": "fast"}]},
    {"port": 4711, "endpoints": [{"address": 1, "outcome": "open", "ms": 1.0}]},
    {"port": 4711, "endpoints": [{"address": "192.0.2.1", "outcome": "open", "ms": 1.0, "icmp": "x"}]},
    {"port": True, "endpoints": []},
    {"port": 4711, "endpoints": [{"address": "192.0.2.1", "outcome": "open", "ms": 1.0}] * (MAX_ENDPOINTS + 1)},
])
def test_hostile_tcp_connect_data_is_refused(data: JsonObject) -> None:
    with pytest.raises(DataFormatError):
        TcpConnectData.parse(result("tcp.connect", data))
    assert TcpConnectData.of(result("tcp.connect", data)) is None


def test_an_accessor_reads_only_its_own_check() -> None:
    data = TcpConnectData(1, (Endpoint("192.0.2.2", "open", 0.5),)).to_json()
    assert TcpConnectData.of(result("icmp.echo", data)) is None
    assert TcpConnectData.of(None) is None
    assert TcpConnectData.of(result("tcp.connect", {})) is None  # skipped: no data


def test_certificate_data_with_and_without_its_pem() -> None:
    full = CertificateData(({"subject": "CN=a"},), ("-----BEGIN CERTIFICATE-----\n",), {"checked": False})
    assert CertificateData.from_json(through_json(full.to_json())) == full
    pseudonymised = {"chain": [{"subject": "CN=a"}]}  # the bundle writer takes chain_pem out
    read = CertificateData.from_json(pseudonymised)
    assert read.chain_pem is None and read.revocation is None
    assert "chain_pem" not in read.to_json()


@pytest.mark.parametrize("data", [
    {"chain": [], "chain_pem": {"a": 1}},
    {"chain": [], "chain_pem": ["-----BEGIN", 7]},
    {"chain": ["CN=a"], "chain_pem": []},
    {"chain": [], "chain_pem": ["x"] * (MAX_CHAIN + 1)},
    {"chain": [], "chain_pem": [], "revocation": "checked"},
])
def test_hostile_certificate_data_is_refused(data: JsonObject) -> None:
    with pytest.raises(DataFormatError):
        CertificateData.from_json(data)


def test_trace_data_reads_back_what_it_writes() -> None:
    hops: tuple[JsonObject, ...] = ({"ttl": 1, "address": "192.0.2.254", "reached": False},
                                    {"ttl": 2, "address": None, "reached": False})
    trace = TraceData("192.0.2.1", False, hops)
    assert TraceData.of(result("path.traceroute", through_json(trace.to_json()))) == trace
    with pytest.raises(DataFormatError):
        TraceData.from_json({"destination": "192.0.2.1", "reached": "no", "hops": []})


@pytest.mark.parametrize("data", [
    DnsData(("192.0.2.1", "2001:db8::1"), getaddrinfo=("192.0.2.1", "2001:db8::1"),
            resolvers=({"resolver": "system", "status": "ok", "A": ["192.0.2.1"], "AAAA": [], "ms": 1.5},)),
    DnsData(("192.0.2.1",), given=True),
    DnsData((), getaddrinfo="nxdomain", resolvers=()),
    TlsHandshakeData("192.0.2.1", "t3.example", {"ok": True, "ms": 3.1}, {"ok": True, "chain_length": 2}),
    TlsHandshakeData("192.0.2.1", "t3.example", {"ok": False}, {"ok": False, "not_tls": True}, "plaintext T3"),
    ClockData(-7199.613, 0.001),
    ClockData(7200.0, 0.002, "synchronised", True),
])
def test_check_data_reads_back_what_it_writes(data: CheckData) -> None:
    assert type(data).of(result(data.CHECK_ID, through_json(data.to_json()))) == data


@pytest.mark.parametrize(("data_type", "data"), [
    (DnsData, {"addresses": "192.0.2.1"}),
    (DnsData, {"addresses": [1]}),
    (DnsData, {"addresses": [], "given": "yes"}),
    (DnsData, {"addresses": [], "resolvers": ["system"]}),
    (TlsHandshakeData, {"address": "192.0.2.1", "server_name": "a", "verified": [], "captured": {}}),
    (ClockData, {"offset_s": "2 h", "uncertainty_s": 0.1}),
    (ClockData, {"offset_s": 1.0, "uncertainty_s": 0.1, "login_worked": "yes"}),
])
def test_hostile_check_data_is_refused(data_type: type[CheckData], data: JsonObject) -> None:
    with pytest.raises(DataFormatError):
        data_type.from_json(data)
