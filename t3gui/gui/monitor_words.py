"""What the live monitor's page says in words: a session event, and a series' row of the table.

Apart from the page, so its table, its session line and its notes say each thing one way.
"""

from __future__ import annotations

from t3gui.checks.monitor import SessionEvent
from t3gui.core.ring import SeriesRing
from t3gui.gui.strings import STRINGS, Translator

NEVER_OPENED = frozenset({"refused", "tls", "certificate", "auth"})  # causes that keep a session from opening
DASH = "—"


def cause_text(tr: Translator, event: SessionEvent) -> str:
    code = event.code or tr("monitor.cause.unknown-code")
    return tr(f"monitor.cause.{event.cause or 'failed'}", code=code)


def outage_text(tr: Translator, event: SessionEvent) -> str:
    """What happened, in the user's words: the server's doing or the network's, never loss."""
    why = cause_text(tr, event)
    if event.kind == "down":
        key = ("monitor.drop.unopened" if event.cause in NEVER_OPENED else
               "monitor.drop.server" if event.server_ended else "monitor.drop.lost")
        return tr(key, why=why)
    if event.kind == "retry":
        return tr("monitor.reconnect.failed", attempt=event.attempt, why=why, seconds=f"{event.wait_s:.0f}")
    if event.kind == "up":
        return tr("monitor.reconnect.done", seconds=f"{event.wait_s:.1f}")
    return tr("monitor.reconnect.gave-up", why=why)


def unmeasured_word(tr: Translator, series: str) -> str:
    """Why a probe of ``series`` could say nothing: "refused" for a connect, "no session" for a heartbeat."""
    key = f"monitor.unmeasured.{series}"
    return tr(key if key in STRINGS else "monitor.unmeasured")


def series_cells(tr: Translator, series: str, ring: SeriesRing | None,
                 unmeasured: tuple[int, float]) -> tuple[str, ...]:
    """A series' row; probes that could say nothing count as sent, not as lost, and the last cell says
    why when the latest probe was one of them (a refused port reads "refused", never blank)."""
    def ms(value: float | None) -> str:
        return DASH if value is None else f"{value:.2f}"

    count, latest_at = unmeasured
    if ring is None:
        return (tr(f"series.{series}"), str(count), DASH, unmeasured_word(tr, series), DASH, DASH, DASH, DASH, DASH)
    stats = ring.stats()
    last_time = ring.last_time()
    latest_unmeasured = count and (last_time is None or latest_at >= last_time)
    last = unmeasured_word(tr, series) if latest_unmeasured else ms(stats.last_ms)
    return (tr(f"series.{series}"), str(stats.sent + count), f"{stats.loss_pct:.1f}", last,
            ms(stats.best_ms), ms(stats.median_ms), ms(stats.p95_ms), ms(stats.worst_ms), ms(stats.jitter_ms))
