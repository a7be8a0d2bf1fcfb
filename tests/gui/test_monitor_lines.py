"""Where the live monitor's lines break, and its loss buckets."""

from __future__ import annotations

import numpy as np
import pytest

from t3gui.gui.monitor_lines import cut_across, loss_bucket


def test_a_break_cuts_the_line_once_and_nothing_else_moves() -> None:
    t = np.array([0.0, 1.0, 2.0, 10.0, 11.0], dtype=np.float32)
    y = np.array([5.0, 6.0, 7.0, 8.0, 9.0], dtype=np.float32)
    cut_t, cut_y = cut_across(t, y, [(2.5, 9.5)])
    assert list(cut_t) == [0.0, 1.0, 2.0, 6.0, 10.0, 11.0]
    assert np.isnan(cut_y[3]) and list(cut_y[[0, 1, 2, 4, 5]]) == [5.0, 6.0, 7.0, 8.0, 9.0]
    same_t, _ = cut_across(t, y, [(20.0, 30.0)])  # a break outside the samples
    assert same_t is t


@pytest.mark.parametrize(("span_s", "bucket_s"), [(3.0, 0.1), (300.0, 10.0), (86_400.0, 3600.0),
                                                  (30 * 86_400.0, 86_400.0)])
def test_loss_buckets_follow_the_zoom_only(span_s: float, bucket_s: float) -> None:
    assert loss_bucket(span_s) == bucket_s
