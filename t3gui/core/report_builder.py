"""Assembles the Report from check results: texts, causal order, verdict, measurements."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping, Sequence
from fractions import Fraction

from t3gui import __version__
from t3gui.core import catalog, node_families, verdict
from t3gui.core.catalog.summaries import SUMMARIES
from t3gui.core.codes import Severity
from t3gui.core.i18n import check_title, tr
from t3gui.core.model import CheckResult, Finding, NodeResult, Report, Unchecked, Verdict, VerdictStatus
from t3gui.core.nodes import NodeRun, merge_findings
from t3gui.core.options import DiagnoseOptions
from t3gui.core.say import localize, say
from t3gui.core.stats import summarize


def render_finding(f: Finding, language: str, platform: str = sys.platform) -> Finding:
    text = catalog.render(f.code, f.evidence, language, platform)
    return dataclasses.replace(f, summary=text.summary, remediation=text.remediation)


def inconclusive_summary(unchecked: Sequence[Unchecked], language: str) -> str:
    """Could not check X because Y; try Z: about the first check that broke (the others followed it)."""
    first = next((u for u in unchecked if u.because is None), unchecked[0])
    reason = first.reason.value
    text = tr("inconclusive", language, check=check_title(first.check, language),
              reason=tr("reason." + reason, language), advice=tr("advice." + reason, language))
    more = len(unchecked) - 1
    return text + (tr("inconclusive.more", language, count=more) if more else "")


def build_report(options: DiagnoseOptions, results: Sequence[CheckResult], series: Mapping[str, list[float]],
                 started_at: str, finished_at: str, unchecked: Sequence[Unchecked] = (),
                 platform: str = sys.platform, node_runs: Sequence[NodeRun] = ()) -> Report:
    language = options.language
    findings = [render_finding(f, language, platform) for r in results for f in r.findings]
    if node_runs:  # each node's findings, rendered by its own sub-run in the same language
        family = node_families.dead_family(node_runs)
        node_runs = node_families.soften_dead_family(node_runs, language, platform)
        findings = merge_findings(node_families.soften_findings(findings, family, language, platform), node_runs)
    ordered = verdict.causal_order(verdict.without_echoes(findings))
    known = {u.check for u in unchecked}
    unchecked = [*unchecked, *(u for u in verdict.unchecked_by_findings(ordered) if u.check not in known)]
    for run in node_runs:  # a node whose check could not answer leaves the run unchecked too
        known = {u.check for u in unchecked}
        unchecked += [u for u in run.unchecked if u.check not in known]
    status, root = verdict.decide(ordered, unchecked)
    if status is VerdictStatus.INCONCLUSIVE:
        summary = inconclusive_summary(unchecked, language)
    elif root is not None:
        summary = catalog.render(root.code, root.evidence, language, platform).verdict
    else:
        summary = tr("healthy", language)
    nodes = tuple(run.node for run in node_runs)
    if status is VerdictStatus.FAILED and nodes:
        summary = cluster_summary(summary, root, node_runs, options.target.host, language, platform)
        ordered = for_the_cluster(ordered, nodes, options.target.host, language, platform)
    elif status is VerdictStatus.DEGRADED and nodes:
        summary = _on_some(summary, nodes, options.target.host, language)
    return Report(
        tool_version=__version__, started_at=started_at, finished_at=finished_at, target=options.target,
        checks=tuple(results), findings=tuple(ordered),
        verdict=Verdict(status, root.code if root else None, summary, tuple(unchecked)),
        measurements={name: summarize(probes) for name, probes in series.items() if probes},
        language=language, platform=platform, nodes=nodes,
    )


_LIST_JOINERS = {"zh_CN": "、"}


def _share(count: int, total: int, language: str) -> str:
    part = Fraction(count, total)
    key = f"nodes.share.{part.numerator}/{part.denominator}"
    if key in SUMMARIES:
        return localize(say(key), language)
    return localize(say("nodes.share.pct", pct=round(100 * count / total)), language)


def _problem(node: NodeResult, run: NodeRun, language: str, platform: str) -> str:
    """What is wrong with one node, in a few words (the title of its root cause)."""
    found = next((f for f in run.findings if f.code is node.root_cause), None)
    if found is None:
        return node.summary
    title = catalog.render(found.code, found.evidence, language, platform).title
    # "The server certificate has expired" reads on inside a sentence; "TLS ..." keeps its capitals.
    return title[0].lower() + title[1:] if language == "en" and title[1:2].islower() else title


def cluster_summary(summary: str, root: Finding | None, node_runs: Sequence[NodeRun], host: str, language: str,
                    platform: str) -> str:
    """The verdict when several servers stand behind the name: which fail, why, and how often a
    login then fails (the share of servers a client may reach)."""
    bad = [(run.node, run) for run in node_runs if run.node.status is VerdictStatus.FAILED]
    total = len(node_runs)
    if not bad:  # what failed is not about any one server (the token, the name)
        return summary
    named = _LIST_JOINERS.get(language, ", ").join(localize(say("nodes.node", address=node.address,
                                   problem=_problem(node, run, language, platform)), language)
                      for node, run in bad)
    if len(bad) == total:
        if len({node.root_cause for node, _ in bad}) == 1:
            return localize(say("nodes.all", summary=summary, total=total, host=host), language)
        return localize(say("nodes.all.different", total=total, host=host, nodes=named), language)
    key = "nodes.failing.one" if len(bad) == 1 else "nodes.failing.many"
    text = localize(say(key, count=len(bad), total=total, host=host, nodes=named,
                        share=_share(len(bad), total, language)), language)
    on_a_node = root is not None and root.evidence.get("address") in {node.address for node, _ in bad}
    return text if on_a_node else f"{summary} {text}"


def _on_some(summary: str, nodes: Sequence[NodeResult], host: str, language: str) -> str:
    """A warning that only some servers behind the name show says which."""
    some = [n.address for n in nodes if n.status is VerdictStatus.DEGRADED]
    if not some or len(some) == len(nodes):
        return summary
    return localize(say("nodes.some", summary=summary, count=len(some), total=len(nodes), host=host,
                        addresses=_LIST_JOINERS.get(language, ", ").join(some)), language)


def for_the_cluster(findings: Sequence[Finding], nodes: Sequence[NodeResult], host: str,
                    language: str, platform: str = sys.platform) -> list[Finding]:
    """Fixes aimed at whoever runs the cluster, for the findings about a server the others do not share."""
    failed = {n.address for n in nodes if n.status is VerdictStatus.FAILED}
    if len(failed) == len(nodes):
        return list(findings)
    out = []
    for f in findings:
        address = f.evidence.get("address")
        if f.severity is Severity.CRITICAL and address in failed:
            fix = f.remediation
            if f.code in node_families.CONNECT_CODES and "variant" not in f.evidence:
                # The others answer on the same port: "check the port in your settings" would mislead.
                fix = catalog.render(f.code, {**f.evidence, "variant": "one-node"}, language, platform).remediation
            f = dataclasses.replace(f, remediation=localize(say(
                "nodes.fix", fix=fix, address=address, failing=len(failed), total=len(nodes), host=host),
                language))
        out.append(f)
    return out
