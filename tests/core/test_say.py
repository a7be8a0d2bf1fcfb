"""A ``Said`` keeps its key while it is itself; any string operation makes it plain English."""

from __future__ import annotations

import copy
import pickle
from dataclasses import replace

import pytest

from t3gui.core.model import CheckResult, Status, Tier
from t3gui.core.say import Said, localize, say


def test_a_said_reads_as_english_and_renders_in_chinese() -> None:
    said = say("hb.ok", received=19, sent=20)
    assert said == "19/20 UDP heartbeats answered" and said.key == "hb.ok"
    assert localize(said, "zh_CN") == "20 个 UDP 心跳中 19 个有应答"
    assert localize(said, "fr") == "19/20 UDP heartbeats answered"  # a language t3gui does not speak


def test_a_said_inside_a_said_renders_in_the_same_language() -> None:
    said = say("clock.offset", offset=say("duration.h_min", h=2, min=0), direction="behind")
    assert said == "this clock is 2 h 0 min behind the server's"
    assert "2 小时 0 分钟" in localize(said, "zh_CN")


@pytest.mark.parametrize("clone", [copy.copy, copy.deepcopy, lambda s: pickle.loads(pickle.dumps(s))],
                         ids=["copy", "deepcopy", "pickle"])
def test_copying_a_said_keeps_its_key(clone: object) -> None:
    said = say("clock.offset", offset=say("duration.min_s", min=3, s=4), direction="ahead of")
    again = clone(said)  # type: ignore[operator]
    assert isinstance(again, Said) and again.key == said.key and again == said
    assert localize(again, "zh_CN") == localize(said, "zh_CN")


def test_a_result_holding_a_said_can_be_deep_copied() -> None:
    result = CheckResult("t3.heartbeat", Tier.ADVANCED, Status.PASS, 1.0, say("hb.ok", received=1, sent=2))
    assert copy.deepcopy(replace(result, duration_ms=2.0)).summary.key == "hb.ok"  # type: ignore[attr-defined]


def test_text_built_from_a_said_is_plain_english() -> None:
    said = say("hb.ok", received=19, sent=20)
    for built in (said + ".", f"{said}", said.strip(), said[:], str(said), said.upper()):
        assert type(built) is str, built
    # One whole summary is read back into its key; a summary glued to other text is not, and stays English.
    assert localize(str(said), "zh_CN") == "20 个 UDP 心跳中 19 个有应答"
    assert localize(said + "; and more", "zh_CN") == "19/20 UDP heartbeats answered; and more"
