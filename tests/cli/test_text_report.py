"""The progress lines of `t3gui diagnose`, in each language."""

from __future__ import annotations

import pytest

from t3gui.cli.text_report import progress_line
from t3gui.core.events import TierSkipped
from t3gui.core.model import Tier
from t3gui.core.say import say
from tests.helpers.english import english_runs


@pytest.mark.parametrize("tier", list(Tier))
def test_a_skipped_tier_is_named_in_the_readers_language(tier: Tier) -> None:
    event = TierSkipped(tier, say("engine.not_asked", tier=tier.value))
    chinese = progress_line(event, "zh_CN")
    assert chinese is not None and tier.value not in chinese and not english_runs(chinese), chinese
    english = progress_line(event, "en")
    assert english is not None and english.strip().startswith(f"{tier.value} tier skipped"), english
