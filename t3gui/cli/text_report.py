"""The text report a technician pastes into a ticket, and the progress lines."""

from __future__ import annotations

import datetime as dt
import unicodedata

from t3gui.core import catalog, node_checks
from t3gui.core.events import CheckFinished, Event, NodeFinished, TierSkipped
from t3gui.core.i18n import check_title, tr
from t3gui.core.model import Report, VerdictStatus
from t3gui.core.sanitize import for_display
from t3gui.core.say import localize, say


def _duration_s(report: Report) -> float:
    def parse(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))

    return (parse(report.finished_at) - parse(report.started_at)).total_seconds()


def _pad(text: str, width: int) -> str:
    """Left-justified in terminal columns: a Chinese character takes two."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - columns) if columns >= width else text + " " * (width - columns)


def render(report: Report) -> str:
    lang = report.language
    v = report.verdict
    lines = [f"t3gui {report.tool_version} — {tr('target', lang)} {report.target.display()} "
             f"(udp {report.target.udp_port}) — {report.started_at} — {_duration_s(report):.2f} "
             f"{tr('unit.s', lang)}", ""]
    lines.append(f"{tr('status.' + v.status.value, lang)}: {v.summary}")
    root = next((f for f in report.findings if f.code is v.root_cause), None)
    if root is not None:
        lines.append(f"{tr('root_cause', lang)}: {root.code.value} — {root.summary}")
        lines.append(f"{tr('fix', lang)}: {root.remediation}")
    for u in v.unchecked:
        because = f" ({u.because})" if u.because else ""
        lines.append(f"{tr('unchecked', lang)}: {check_title(u.check, lang)} [{u.check}] — "
                     f"{tr('reason.' + u.reason.value, lang)}{because}")
    if report.nodes:  # several servers behind the name: one line each, the failing ones named
        lines += ["", localize(say("nodes.heading", host=report.target.host), lang)]
        width = max(len(n.address) for n in report.nodes)
        for n in report.nodes:
            lines.append(f"  {n.address:<{width}}  {_pad(tr('status.' + n.status.value, lang), 13)}"
                         f"{(n.root_cause.value if n.root_cause else '-'):<24} {n.summary}")
    lines += ["", f"{tr('findings', lang)}:"]
    if not report.findings:
        lines.append(f"  {tr('no_findings', lang)}")
    for f in report.findings:
        title = catalog.entry(f.code, lang, f.evidence.get("variant")).title
        lines.append(f"  [{tr('severity.' + f.severity.value, lang)}] {f.code.value} ({f.check}): {title}")
        lines.append(f"      {f.summary}")
        if f.severity.value != "info":
            lines.append(f"      {tr('fix', lang)}: {f.remediation}")
    main = node_checks.main_address(report) if report.nodes else None
    lines += ["", localize(say("nodes.checks.heading", address=main, host=report.target.host), lang)
              if main else f"{tr('checks', lang)}:"]
    for c in report.checks:
        lines.append(f"  {_pad(tr('tier.' + c.tier.value, lang), 13)}{c.id:<17}"
                     f"{_pad(tr('check.' + c.status.value, lang), 6)}{c.duration_ms:>9.1f} {tr('unit.ms', lang)}  "
                     f"{localize(c.summary, lang)}{node_checks.elsewhere_note(report, c, lang)}")
    if report.measurements:
        lines += ["", f"{tr('measurements', lang)}:", "  " + tr("series.header", lang)]
        for name, s in report.measurements.items():
            def ms(value: float | None) -> str:
                return "-" if value is None else f"{value:.2f}"
            lines.append(f"  {name:<15}{s.sent:>5}{s.loss_pct:>7.1f}{ms(s.min_ms):>7}{ms(s.median_ms):>7}"
                         f"{ms(s.p95_ms):>7}{ms(s.max_ms):>7}{ms(s.jitter_ms):>8}")
    # A report may come from a hostile server or bundle: nothing in it may drive the terminal.
    return for_display("\n".join(lines)) + "\n"


def progress_line(event: Event, language: str) -> str | None:
    if isinstance(event, CheckFinished):
        r = event.result
        return for_display(f"  {_pad(tr('check.' + r.status.value, language), 5)} {r.id:<16} "
                           f"{r.duration_ms:>8.1f} {tr('unit.ms', language)}  {localize(r.summary, language)}")
    if isinstance(event, TierSkipped):
        return "  " + for_display(tr("tier.skipped", language, tier=tr("tier." + event.tier.value, language),
                                     reason=localize(event.reason, language)))
    if isinstance(event, NodeFinished):
        node = event.node
        status = tr("status." + node.status.value, language)
        cause = f" {node.root_cause.value}" if node.root_cause else ""
        return "  " + for_display(localize(say("nodes.progress", address=node.address, status=status), language)
                                  + cause)
    return None


EXIT_STATUS = {VerdictStatus.HEALTHY: 0, VerdictStatus.DEGRADED: 0, VerdictStatus.FAILED: 1,
               VerdictStatus.INCONCLUSIVE: 4}


def exit_status(report: Report) -> int:
    """The contract's exit status: 4 when something could not be checked and nothing failed."""
    return EXIT_STATUS[report.verdict.status]
