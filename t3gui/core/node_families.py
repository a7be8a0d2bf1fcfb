"""A name with IPv4 and IPv6 addresses whose one family cannot be reached: a dual-stack slip.

Most names with both an A and an AAAA record point at one machine, not at a
cluster. When every address of one family cannot be connected to while the
other family logs in, a client that tries the dead family first falls back to
the working one (after a delay, or at once on a refusal) or fails if it never
falls back. That is a warning about the dead family's record or listener, not
"logins fail about half the time": calling it a failed cluster would send the
help desk after a node that does not exist.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import sys
from collections.abc import Sequence

from t3gui.core import catalog
from t3gui.core.codes import Code, Severity
from t3gui.core.model import CheckResult, Finding, NodeResult, Status, VerdictStatus
from t3gui.core.nodes import NodeRun

CONNECT_CODES = frozenset({Code.TCP_REFUSED, Code.TCP_FILTERED, Code.HOST_UNREACHABLE})
VARIANT = "other-family"
_WORKING = (VerdictStatus.HEALTHY, VerdictStatus.DEGRADED)


def _family(address: str) -> int:
    try:
        return ipaddress.ip_address(address).version
    except ValueError:
        return 0


def _unreachable(run: NodeRun) -> bool:
    """The node failed only because nothing could connect to it."""
    critical = [f for f in run.findings if f.severity is Severity.CRITICAL]
    return run.node.status is VerdictStatus.FAILED and bool(critical) and all(
        f.code in CONNECT_CODES for f in critical)


def dead_family(runs: Sequence[NodeRun]) -> int | None:
    """The IP version none of whose addresses can be connected to while the other one works."""
    by_family: dict[int, list[NodeRun]] = {}
    for run in runs:
        by_family.setdefault(_family(run.node.address), []).append(run)
    if set(by_family) != {4, 6}:
        return None
    for family, other in ((4, 6), (6, 4)):
        if all(_unreachable(r) for r in by_family[family]) and any(
                r.node.status in _WORKING for r in by_family[other]):
            return family
    return None


def _softened(f: Finding, family: int, language: str, platform: str) -> Finding:
    if f.code not in CONNECT_CODES or f.evidence.get("variant") == VARIANT:
        return f
    other = 10 - family  # 4 <-> 6
    evidence = {**f.evidence, "variant": VARIANT, "family": family, "other": other,
                "record": "AAAA" if family == 6 else "A", "port": f.evidence.get("port", "")}
    text = catalog.render(f.code, evidence, language, platform)
    return dataclasses.replace(f, severity=Severity.WARNING, evidence=evidence, summary=text.summary,
                               remediation=text.remediation)


def _softened_check(result: CheckResult, family: int, language: str, platform: str) -> CheckResult:
    findings = tuple(_softened(f, family, language, platform) for f in result.findings)
    status = result.status
    if status is Status.FAIL and not any(f.severity is Severity.CRITICAL for f in findings):
        status = Status.WARN
    return dataclasses.replace(result, findings=findings, status=status)


def soften_findings(findings: Sequence[Finding], family: int | None, language: str,
                    platform: str = sys.platform) -> list[Finding]:
    """``findings`` with those about the dead family's addresses told as such (the main run's too)."""
    if family is None:
        return list(findings)
    return [_softened(f, family, language, platform) if _family(str(f.evidence.get("address", ""))) == family
            else f for f in findings]


def soften_dead_family(runs: Sequence[NodeRun], language: str, platform: str = sys.platform) -> list[NodeRun]:
    """``runs`` with the dead family's connect failures turned into warnings (see the module's doc)."""
    family = dead_family(runs)
    if family is None:
        return list(runs)
    out = []
    for run in runs:
        if _family(run.node.address) != family:
            out.append(run)
            continue
        findings = tuple(_softened(f, family, language, platform) for f in run.findings)
        root = next(f for f in findings if f.code in CONNECT_CODES)
        node = NodeResult(run.node.address, VerdictStatus.DEGRADED, root.code,
                          catalog.render(root.code, root.evidence, language, platform).verdict,
                          tuple(_softened_check(c, family, language, platform) for c in run.node.checks))
        out.append(dataclasses.replace(run, node=node, findings=findings))
    return out
