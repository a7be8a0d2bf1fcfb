"""The typed data of the checks others read: their JSON is the report's, and hostile JSON is refused."""

from __future__ import annotations

import json

import pytest

from t3gui.core.check_data import (
    MAX_CHAIN,
    MAX_ENDPOINTS,
    MAX_ITEMS,
    AuthServerData,
    CertificateData,
    CheckData,
    ClockData,
    DataFormatError,
    DnsData,
    Endpoint,
    HeartbeatData,
    HelloAckData,
    IcmpEchoData,
    IcmpNote,
    LocalNetworkData,
    LocalProxyData,
    MtuData,
    NetworkInterface,
    PathQualityData,
    ServerError,
    ServerLoad,
    StatusData,
    T3HandshakeData,
    TcpConnectData,
    TlsHandshakeData,
    TokenData,
    TraceData,
)
from t3gui.core.model import CheckResult, JsonObject, SeriesStats, Status, Tier
from t3gui.core.run_state import Proxy


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


STATS = SeriesStats(10, 9, 10.0, 0.21, 0.33, 1.5, 2.25, 0.12)
NEW_DATA: tuple[CheckData, ...] = (
    T3HandshakeData("192.0.2.1", True, True, ack=HelloAckData("t3d 2.1", 1, 5000, 4712, ("jwt",), 3.14)),
    T3HandshakeData("192.0.2.1", None, False, first_bytes="485454502f312e31"),
    T3HandshakeData("192.0.2.1", False, False, error=ServerError("VERSION_UNSUPPORTED", "only v2")),
    StatusData(ServerLoad(0.25, 0.5, 0.1, 12, 100, 86400, "t3d 2.1"), 4.0, 0.5),
    StatusData(ServerLoad(1.0, 0.0, 0.0, 0, 0, 0, "")),
    StatusData(error=ServerError("INTERNAL", "try later")),
    HeartbeatData("192.0.2.1", 4712, 5, 5),
    HeartbeatData("192.0.2.1", 4712, 5, 0, 4),
    TokenData({"alg": "RS256", "typ": "JWT"}, {"sub": "alice", "aud": ["t3", "ops"], "exp": 1800000000},
              "ab" * 32),
    AuthServerData("alice", 1800000000),
    AuthServerData(code="TOKEN_EXPIRED"),
    AuthServerData(error=ServerError("BUSY", "later")),
    LocalNetworkData((NetworkInterface("eth0", True, False), NetworkInterface("lo", None, True)),
                     (("192.0.2.1", "192.0.2.10"), ("2001:db8::1", None))),
    LocalProxyData((Proxy("http://proxy.example:3128", "HTTPS_PROXY"), Proxy("socks5://127.0.0.1:1080", "OS"))),
    LocalProxyData(()),
    MtuData("192.0.2.1", ((576, "ok"), (1500, "lost")), None),
    MtuData("192.0.2.1", ((576, "ok"), (1500, "too-big")), 1480),
    PathQualityData("t3_udp", (("t3_udp", STATS), ("icmp", SeriesStats(3, 0, 100.0, None, None, None, None, None)))),
    IcmpEchoData("192.0.2.1", 5, 5),
    IcmpEchoData("192.0.2.1", 5, 0, ("host-unreachable from 192.0.2.254",)),
)


@pytest.mark.parametrize("data", NEW_DATA, ids=lambda d: type(d).__name__)
def test_every_check_data_reads_back_what_it_writes(data: CheckData) -> None:
    doc = through_json(data.to_json())
    assert doc == data.to_json()  # plain JSON, nothing lost on the way
    assert type(data).of(result(data.CHECK_ID, doc)) == data


def test_the_typed_readers_answer_what_the_json_says() -> None:
    quality = PathQualityData.from_json(through_json(NEW_DATA[17].to_json()))
    assert quality.stats("t3_udp") == STATS and quality.stats("tcp_connect") is None
    token = TokenData.from_json(through_json(NEW_DATA[8].to_json()))
    assert token.user == "alice" and token.claims["aud"] == ["t3", "ops"]
    assert TokenData({}, {"sub": 7}, "x").user is None  # a subject that is not text names nobody
    handshake = T3HandshakeData.from_json(through_json(NEW_DATA[0].to_json()))
    assert handshake.ack is not None and handshake.ack.auth == ("jwt",) and handshake.error is None
    mtu = MtuData.from_json({"address": "192.0.2.1", "probes": {"576": "ok", "1500": "lost"}})
    assert mtu.probes == ((576, "ok"), (1500, "lost")) and mtu.path_mtu is None


NAN = float("nan")
HOSTILE: tuple[tuple[type[CheckData], JsonObject], ...] = (
    (T3HandshakeData, {"address": "192.0.2.1", "tls": "yes", "verified": True}),
    (T3HandshakeData, {"address": "192.0.2.1", "tls": True, "verified": True, "error": "BUSY"}),
    (T3HandshakeData, {"address": "192.0.2.1", "tls": True, "verified": True, "server": "t3d", "version": 1,
                       "heartbeat_ms": 5000, "udp_port": 4712, "auth": ["jwt"] * 17, "handshake_ms": 1.0}),
    (T3HandshakeData, {"address": "192.0.2.1", "tls": True, "verified": True, "server": "t3d", "version": 1,
                       "heartbeat_ms": 5000, "udp_port": 4712, "auth": ["jwt"], "handshake_ms": NAN}),
    (StatusData, {"cpu": NAN, "memory": 0.1, "disk_io": 0, "connections": 1, "max_connections": 2,
                  "uptime_s": 3, "version": "v"}),
    (StatusData, {"cpu": 0.1, "memory": 0.1, "disk_io": 0, "connections": 1.5, "max_connections": 2,
                  "uptime_s": 3, "version": "v"}),
    (StatusData, {"error": {"code": 7, "message": "x"}}),
    (HeartbeatData, {"address": "192.0.2.1", "udp_port": "4712", "probes": 5, "udp_received": 5}),
    (HeartbeatData, {"address": "192.0.2.1", "udp_port": 4712, "probes": 5, "udp_received": True}),
    (HeartbeatData, {"address": "192.0.2.1", "udp_port": 4712, "probes": 5, "udp_received": 0, "tcp_received": NAN}),
    (TokenData, {"header": {}, "claims": {"sub": "a", "password": "x"}, "token_sha256": "x", "verified": False}),
    (TokenData, {"header": ["RS256"], "claims": {}, "token_sha256": "x", "verified": False}),
    (TokenData, {"header": {}, "claims": {}, "token_sha256": "x", "verified": "no"}),
    (AuthServerData, {"user": ["alice"], "expires": 1}),
    (AuthServerData, {"user": "alice", "expires": NAN}),
    (LocalNetworkData, {"interfaces": [{"name": "eth0", "up": "yes", "loopback": False}], "routes": {}}),
    (LocalNetworkData, {"interfaces": [], "routes": {"192.0.2.1": 7}}),
    (LocalNetworkData, {"interfaces": [{"name": "e", "up": True, "loopback": False}] * (MAX_ENDPOINTS + 1),
                        "routes": {}}),
    (LocalNetworkData, {"interfaces": [], "routes": {f"192.0.2.{i}": None for i in range(MAX_ENDPOINTS + 1)}}),
    (LocalProxyData, {"proxies": [{"proxy": "http://p:1"}]}),
    (LocalProxyData, {"proxies": [{"proxy": "http://p:1", "source": "OS"}] * (MAX_ITEMS + 1)}),
    (LocalProxyData, {"proxies": "http://p:1"}),
    (MtuData, {"address": "192.0.2.1", "probes": {"576": "maybe"}}),
    (MtuData, {"address": "192.0.2.1", "probes": {"-1": "ok"}}),
    (MtuData, {"address": "192.0.2.1", "probes": {"1" * 400: "ok"}}),
    (MtuData, {"address": "192.0.2.1", "probes": {str(i): "ok" for i in range(MAX_ITEMS + 1)}}),
    (MtuData, {"address": "192.0.2.1", "probes": {}, "path_mtu": NAN}),
    (PathQualityData, {"judged": "icmp", "series": {"icmp": {"sent": 3, "received": 3, "loss_pct": NAN}}}),
    (PathQualityData, {"judged": "icmp", "series": {"icmp": [3, 3, 0.0]}}),
    (PathQualityData, {"judged": "icmp", "series": {f"s{i}": {} for i in range(MAX_ITEMS + 1)}}),
    (PathQualityData, {"judged": "icmp", "series": {"icmp": {"sent": 3, "received": 3, "loss_pct": 0.0,
                                                             "median_ms": "fast"}}}),
    (IcmpEchoData, {"address": "192.0.2.1", "sent": 5, "received": "5"}),
    (IcmpEchoData, {"address": "192.0.2.1", "sent": 5, "received": 0, "icmp_errors": [1]}),
    (IcmpEchoData, {"address": "192.0.2.1", "sent": 5, "received": 0, "icmp_errors": ["x"] * (MAX_ITEMS + 1)}),
    (IcmpEchoData, {"address": "192.0.2.1", "sent": NAN, "received": 0}),
)


@pytest.mark.parametrize(("data_type", "data"), HOSTILE, ids=lambda v: v.__name__ if isinstance(v, type) else "")
def test_hostile_data_of_every_check_is_refused(data_type: type[CheckData], data: JsonObject) -> None:
    with pytest.raises(DataFormatError):
        data_type.from_json(data)
    assert data_type.of(result(data_type.CHECK_ID, data)) is None  # read as a check that did not run
