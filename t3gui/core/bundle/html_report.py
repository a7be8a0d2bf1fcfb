"""report.html: one self-contained file (no scripts, no external links) with inline SVG plots."""

from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from t3gui.core import catalog, node_checks, series
from t3gui.core.i18n import check_title, tr
from t3gui.core.model import Report
from t3gui.core.ring import peak_downsample
from t3gui.core.sanitize import for_display
from t3gui.core.say import localize, say

Series = tuple[npt.NDArray[np.float32], npt.NDArray[np.int64], npt.NDArray[np.float32]]
STATUS_COLOURS = {"healthy": "#1e7d32", "degraded": "#a05a00", "failed": "#b71c1c", "inconclusive": "#4a3aa8"}
W, H, PAD = 900, 260, 40


def svg_plot(samples: Mapping[str, Series]) -> str:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
             'role="img" aria-label="RTT">', f'<rect width="{W}" height="{H}" fill="#fff" stroke="#ccc"/>']
    finite = [r[~np.isnan(r)] for _, _, r in samples.values() if len(r)]
    times = [t for t, _, _ in samples.values() if len(t)]
    if not finite or not any(len(f) for f in finite):
        return "".join(parts) + "</svg>"
    t0, t1 = min(float(t[0]) for t in times), max(float(t[-1]) for t in times)
    y1 = max(float(np.max(f)) for f in finite if len(f)) * 1.1 or 1.0
    sx = (W - 2 * PAD) / max(t1 - t0, 1e-9)
    sy = (H - 2 * PAD) / y1
    for tick in np.linspace(0, y1, 5):
        y = H - PAD - tick * sy
        parts.append(f'<line x1="{PAD}" y1="{y:.1f}" x2="{W - PAD}" y2="{y:.1f}" stroke="#eee"/>'
                     f'<text x="4" y="{y + 4:.1f}" font-size="10">{tick:.1f}</text>')
    for i, (name, (t, _, rtt)) in enumerate(samples.items()):
        x, y = peak_downsample(t, rtt, W - 2 * PAD)
        colour = series.colour(name)
        segments: list[list[str]] = []
        current: list[str] = []
        for xv, yv in zip(x.tolist(), y.tolist(), strict=True):
            if yv != yv:  # a lost probe breaks the line
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(f"{PAD + (xv - t0) * sx:.1f},{H - PAD - yv * sy:.1f}")
        if current:
            segments.append(current)
        for seg in segments:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1" points="{" ".join(seg)}"/>')
        parts.append(f'<text x="{PAD + 10 + 140 * i}" y="14" font-size="11" fill="{colour}">{html.escape(name)}</text>')
    return "".join(parts) + "</svg>"


def render(report: Report, samples: Mapping[str, Series], marks: list[dict[str, object]], created_at: str,
           watched: str = "") -> str:
    """The page; ``watched``: the server the live monitor's probes went to, when they are a monitor's."""
    lang = report.language
    v = report.verdict
    colour = STATUS_COLOURS.get(v.status.value, "#444")
    out = [f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh_CN" else "en"}"><head><meta charset="utf-8">',
           f"<title>t3gui — {html.escape(report.target.display())}</title>",
           "<style>body{font-family:system-ui,sans-serif;max-width:980px;margin:1em auto;color:#222}"
           "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 6px;font-size:13px}"
           ".banner{color:#fff;padding:12px;border-radius:6px}code{font-size:12px}</style></head><body>",
           f"<h1>t3gui {html.escape(report.tool_version)} — {html.escape(report.target.display())}</h1>",
           f"<p>{html.escape(tr('started', lang))}: {html.escape(report.started_at)} · {html.escape(created_at)}</p>",
           f'<div class="banner" style="background:{colour}"><b>{html.escape(tr("status." + v.status.value, lang))}'
           f"</b>: {html.escape(v.summary)}</div>"]
    if v.unchecked:
        out.append(f"<h2>{html.escape(tr('unchecked', lang))}</h2><ul>" + "".join(
            f"<li>{html.escape(check_title(u.check, lang))} <code>{html.escape(u.check)}</code>: "
            f"{html.escape(tr('reason.' + u.reason.value, lang))}</li>" for u in v.unchecked) + "</ul>")
    if report.nodes:  # several servers behind the name: one row each, as the app and the text report show
        out.append(f"<h2>{html.escape(localize(say('nodes.heading', host=report.target.host), lang))}</h2><table>")
        for n in report.nodes:
            cause = f"<code>{html.escape(n.root_cause.value)}</code> " if n.root_cause else ""
            out.append(f'<tr><td><code>{html.escape(n.address)}</code></td><td style="color:'
                       f'{STATUS_COLOURS.get(n.status.value, "#444")}"><b>'
                       f"{html.escape(tr('status.' + n.status.value, lang))}</b></td>"
                       f"<td>{cause}{html.escape(localize(n.summary, lang))}</td></tr>")
        out.append("</table>")
    out.append(f"<h2>{html.escape(tr('findings', lang))}</h2>")
    if not report.findings:
        out.append(f"<p>{html.escape(tr('no_findings', lang))}</p>")
    for f in report.findings:
        title = catalog.entry(f.code, lang, f.evidence.get("variant")).title
        out.append(f"<h3>{html.escape(title)} <small><code>{html.escape(f.code.value)}</code> "
                   f"[{html.escape(f.severity.value)}]</small></h3>"
                   f"<p>{html.escape(f.summary)}</p><p><b>{html.escape(tr('fix', lang))}:</b> "
                   f"{html.escape(f.remediation)}</p>")
    if samples:
        out.append(f"<h2>{html.escape(tr('measurements', lang))}</h2>")
        if watched:
            out.append(f"<p>{html.escape(tr('probes_to', lang, address=for_display(watched[:253])))}</p>")
        out.append(svg_plot(samples))
    if report.measurements:
        out.append("<table><tr><th></th><th>sent</th><th>loss %</th><th>min</th><th>median</th><th>p95</th>"
                   "<th>max</th><th>jitter</th></tr>")
        for name, s in report.measurements.items():
            cells = [s.sent, s.loss_pct, s.min_ms, s.median_ms, s.p95_ms, s.max_ms, s.jitter_ms]
            out.append(f"<tr><td>{html.escape(name)}</td>" + "".join(
                f"<td>{'—' if c is None else html.escape(str(c))}</td>" for c in cells) + "</tr>")
        out.append("</table>")
    if marks:
        out.append(f"<h2>{html.escape(tr('timeline', lang))}</h2><ul>" + "".join(
            f"<li>{html.escape(str(m.get('wall', '')))} — {html.escape(str(m.get('note', '')))}</li>" for m in marks)
            + "</ul>")
    main = node_checks.main_address(report) if report.nodes else None
    heading = (localize(say("nodes.checks.heading", address=main, host=report.target.host), lang).rstrip(":\uff1a")
               if main else tr("checks", lang))
    out.append(f"<h2>{html.escape(heading)}</h2><table>")
    for c in report.checks:
        out.append(f"<tr><td>{html.escape(c.tier.value)}</td><td><code>{html.escape(c.id)}</code></td>"
                   f"<td>{html.escape(c.status.value)}</td>"
                   f"<td>{c.duration_ms:.0f} ms</td><td>{html.escape(localize(c.summary, lang))}"
                   f"<b>{html.escape(node_checks.elsewhere_note(report, c, lang))}</b></td></tr>")
    out.append("</table></body></html>")
    return "".join(out)
