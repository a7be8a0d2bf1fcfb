"""Several servers behind one name: each address diagnosed on its own, side by side.

When the name resolves to several addresses (cluster nodes, DNS round robin),
a client reaches one of them at random; one bad node makes logins fail now
and then. The main run diagnoses the node it happens to reach, through every
tier. Beside it, each address gets a sub-run of the node-level checks
(``CheckSpec.per_node``: connect, TLS, certificate, T3 hello, clock, login),
pinned to that address through ``DiagnoseOptions.resolve`` while the target
keeps its name, so SNI and the certificate's name check stay those of the
name. Sub-runs start as soon as the addresses are known and run concurrently
with the main run, with its deadlines; cancelling the run cancels them.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Sequence

from t3gui.core.check import CheckSpec
from t3gui.core.engine import Engine
from t3gui.core.events import NodeFinished
from t3gui.core.model import CheckResult, Finding, NodeResult, Report, Unchecked
from t3gui.core.options import DiagnoseOptions

MAX_NODES = 64  # beyond this a name is not a cluster a person runs, and the report would not be read


def node_specs(specs: Sequence[CheckSpec]) -> list[CheckSpec]:
    """The node-level checks, their dependencies cut to those among them (the sub-run's addresses
    come from its options, not from a lookup; the token is read once, by the main run)."""
    ids = {s.id for s in specs if s.per_node}
    return [dataclasses.replace(s, needs=tuple(d for d in s.needs if d in ids),
                                after=tuple(d for d in s.after if d in ids))
            for s in specs if s.per_node]


def with_address(finding: Finding, address: str) -> Finding:
    """A finding about one node says which (findings that name their address already keep it)."""
    if "address" in finding.evidence:
        return finding
    return dataclasses.replace(finding, evidence={**finding.evidence, "address": address})


def tag_results(results: Sequence[CheckResult], node_checks: set[str], address: str) -> list[CheckResult]:
    """``results`` with the findings of node-level checks tagged with ``address``."""
    return [dataclasses.replace(r, findings=tuple(with_address(f, address) for f in r.findings))
            if r.id in node_checks and r.findings else r for r in results]


@dataclasses.dataclass(frozen=True)
class NodeRun:
    """What one address's sub-run gave: its result for the report, and its tagged findings."""

    node: NodeResult
    findings: tuple[Finding, ...]
    unchecked: tuple[Unchecked, ...]


def node_run(address: str, report: Report) -> NodeRun:
    findings = tuple(with_address(f, address) for f in report.findings)
    node = NodeResult(address, report.verdict.status, report.verdict.root_cause, report.verdict.summary,
                      tuple(tag_results(report.checks, {c.id for c in report.checks}, address)))
    return NodeRun(node, findings, report.verdict.unchecked)


def merge_findings(main: Sequence[Finding], nodes: Sequence[NodeRun]) -> list[Finding]:
    """The main run's findings, then each node's that the main run has not already made about the
    same address (the main run's node is diagnosed twice: once in depth, once beside the others)."""
    seen = {(f.code, f.severity, f.evidence.get("address")) for f in main}
    out = list(main)
    for run in nodes:
        for f in run.findings:
            key = (f.code, f.severity, f.evidence.get("address"))
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _unique(addresses: Sequence[str]) -> list[str]:
    """``addresses`` each once, in their order."""
    out: list[str] = []
    for address in addresses:
        if address not in out:
            out.append(address)
    return out


class NodeRuns:
    """The sub-runs of one run: started once, awaited or cancelled together."""

    def __init__(self, specs: Sequence[CheckSpec], options: DiagnoseOptions,
                 emit: Callable[[NodeFinished], None]) -> None:
        self.specs = node_specs(specs)
        self.options = options
        self._emit = emit
        self._tasks: dict[str, asyncio.Task[NodeRun]] = {}
        self.started = False

    def wanted(self, addresses: Sequence[str]) -> bool:
        return not self.started and bool(self.specs) and len(set(addresses)) > 1

    def start(self, addresses: Sequence[str]) -> None:
        self.started = True
        for address in _unique(addresses)[:MAX_NODES]:
            self._tasks[address] = asyncio.create_task(self._run(address))

    async def _run(self, address: str) -> NodeRun:
        # stop_early as in the main run: a node that refuses the connection has no TLS to look at.
        options = dataclasses.replace(self.options, resolve=(address,))
        report = await Engine(self.specs, options).run()
        run = node_run(address, report)
        self._emit(NodeFinished(run.node))
        return run

    async def settled(self) -> None:
        if self._tasks:
            await asyncio.wait(self._tasks.values())

    async def results(self) -> list[NodeRun]:
        """Every sub-run's outcome, in the order of the addresses."""
        if not self._tasks:
            return []
        await asyncio.gather(*self._tasks.values())
        return [task.result() for task in self._tasks.values()]

    async def cancel(self) -> None:
        pending = [t for t in self._tasks.values() if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
