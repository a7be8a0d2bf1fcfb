import pytest

from t3gui.core.stats import IN_FLIGHT, LOST, jitter, percentile, summarize


def test_summary_of_a_clean_series() -> None:
    s = summarize([10.0, 12.0, 11.0, 13.0])
    assert (s.sent, s.received, s.loss_pct) == (4, 4, 0.0)
    assert (s.min_ms, s.median_ms, s.max_ms) == (10.0, 11.5, 13.0)
    assert s.jitter_ms == pytest.approx((2 + 1 + 2) / 3, abs=1e-3)


def test_loss_counts_lost_but_not_in_flight_probes() -> None:
    s = summarize([10.0, LOST, 10.0, LOST, IN_FLIGHT, IN_FLIGHT])
    assert (s.sent, s.received, s.loss_pct) == (4, 2, 50.0)


def test_series_with_no_reply_has_null_times() -> None:
    s = summarize([LOST, LOST])
    assert s.loss_pct == 100.0 and s.min_ms is None and s.median_ms is None and s.jitter_ms is None


def test_percentile_matches_linear_interpolation() -> None:
    values = sorted(float(v) for v in range(1, 101))
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile([5.0], 95) == 5.0


def test_jitter_is_mean_absolute_difference_of_consecutive_rtts() -> None:
    assert jitter([10, 20, 10, 20]) == 10
    assert jitter([10]) is None
