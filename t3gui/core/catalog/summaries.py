"""Where the check summaries used to live: they are in t3gui.core.text.summaries now (one table shape)."""

from __future__ import annotations

from t3gui.core.text.summaries import SUMMARIES

__all__ = ["SUMMARIES"]
