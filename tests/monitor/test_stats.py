"""A target's numbers: what a probe and a server's STATUS turn into, hostile values dropped."""

from __future__ import annotations

import math

import pytest

from t3gui.monitor.stats import RTT_BUCKETS_S, TargetStats, finite


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**400, -0.5, 1.5, True, "0.5", None, [0.5]])
def test_a_value_that_is_not_a_number_in_range_is_dropped(value: object) -> None:
    assert finite(value, 0, 1) is None


def test_numbers_in_range_pass() -> None:
    assert finite(0, 0, 1) == 0.0 and finite(1, 0, 1) == 1.0 and finite(0.25, 0, 1) == 0.25


def test_rtts_fill_one_bucket_each_and_lost_probes_none() -> None:
    stats = TargetStats("h:1")
    for rtt_ms in (0.1, 0.9, 3.0, 700.0, 6000.0):  # 6 s: past the last bound, counted only in +Inf
        stats.probe("t3_udp", rtt_ms)
    stats.probe("t3_udp", None)
    stats.probe("t3_udp", math.nan)  # an RTT that cannot be is a lost probe, never a poisoned sum
    s = stats.snapshot().series["t3_udp"]
    assert (s.sent, s.lost, s.rtt_count) == (7, 2, 5)
    assert s.buckets[RTT_BUCKETS_S.index(0.0005)] == 1 and s.buckets[RTT_BUCKETS_S.index(0.001)] == 1
    assert s.buckets[RTT_BUCKETS_S.index(0.005)] == 1 and s.buckets[RTT_BUCKETS_S.index(1.0)] == 1
    assert sum(s.buckets) == 4 and s.rtt_sum_s == pytest.approx(6.7040)


def test_up_needs_a_session_and_an_answered_last_heartbeat() -> None:
    stats = TargetStats("h:1")
    assert not stats.up()
    stats.session(True)
    assert stats.up()  # no heartbeat yet in this session: the login worked
    stats.probe("t3_udp", 1.0)
    stats.probe("t3_udp", None)
    assert not stats.up()
    stats.probe("t3_udp", 1.0)
    assert stats.up()
    stats.session(False)
    stats.outage_probe("t3_udp")
    assert not stats.up()
    stats.session(True)  # a new session starts with a clean slate
    assert stats.up()
    s = stats.snapshot().series["t3_udp"]
    assert (s.sent, s.lost, s.outage) == (4, 2, 1)


def test_without_a_token_up_follows_the_tcp_connect() -> None:
    stats = TargetStats("h:1", uses_session=False)
    assert not stats.up()
    stats.probe("tcp_connect", 0.2)
    assert stats.up()
    stats.outage_probe("tcp_connect")  # refused: the server is away
    assert not stats.up()


def test_hostile_status_and_server_facts_never_reach_a_metric() -> None:
    token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"
    stats = TargetStats("h:1", token_expiry=math.nan, secrets=(token,))
    stats.status(math.nan, 2.0, -1, 10**30, 4294967295, 2**63 - 1, f"\x1b[31mevil\n {token} " + "x" * 5000)
    stats.server_facts(math.inf, 1e300, "\x1b]0;title\x07" + "A" * 1000)
    snap = stats.snapshot()
    assert snap.load is not None
    assert (snap.load.cpu, snap.load.memory, snap.load.disk_io, snap.load.connections) == (None, None, None, None)
    assert snap.load.max_connections == 4294967295 and snap.load.uptime_s is None
    assert snap.token_expiry is None and snap.cert_not_after is None and snap.clock_skew_s is None
    for text in (snap.version, snap.server):
        assert len(text) <= 64 and "\x1b" not in text and "\n" not in text and "\x07" not in text
    assert token not in snap.version and "c2lnbmF0dXJl" not in snap.version
