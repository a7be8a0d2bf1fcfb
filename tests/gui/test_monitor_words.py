"""The live monitor's words for a session event and a series' row."""

from __future__ import annotations

import pytest

from t3gui.checks.monitor import SessionEvent
from t3gui.core.ring import SeriesRing
from t3gui.gui.monitor_words import outage_text, series_cells
from t3gui.gui.strings import Translator


@pytest.mark.parametrize(("cause", "lead"), [
    ("refused", "no T3 session could be opened"), ("certificate", "no T3 session could be opened"),
    ("bye", "the server ended the T3 session"), ("timeout", "the T3 session was lost")])
def test_a_drop_says_whose_doing_it_was(cause: str, lead: str) -> None:
    assert outage_text(Translator("en"), SessionEvent("down", 1.0, cause)).startswith(lead)


def test_a_series_of_refusals_only_is_a_row_that_says_so() -> None:
    tr = Translator("zh_CN")
    assert series_cells(tr, "tcp_connect", None, (4, 3.0))[1:4] == ("4", "—", "被拒绝")
    ring = SeriesRing(16)
    ring.add(1.0, 2.5)
    assert series_cells(tr, "tcp_connect", ring, (4, 3.0))[1:4] == ("5", "0.0", "被拒绝")  # refused after it
    ring.add(4.0, 3.5)
    assert series_cells(tr, "tcp_connect", ring, (4, 3.0))[3] == "3.50"  # answered since
    assert series_cells(tr, "t3_udp", None, (1, 0.0))[3] == "无会话"
