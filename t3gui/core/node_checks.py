"""One check seen across the servers behind a name: which server's result tells the most.

The report's top-level checks describe the one server the main run reached;
with several servers behind the name, each has its own node-level results
(``NodeResult.checks``). A ticket about an expired certificate on the second
server needs that server's chain, not the healthy first one's.
"""

from __future__ import annotations

from t3gui.core.model import CheckResult, Report, Status

_TELLING = (Status.FAIL, Status.WARN)


def node_results(report: Report, check_id: str) -> list[tuple[str, CheckResult]]:
    """``check_id``'s result on each server behind the name that ran it, in the nodes' order."""
    out = []
    for node in report.nodes:
        own = next((c for c in node.checks if c.id == check_id), None)
        if own is not None:
            out.append((node.address, own))
    return out


def most_telling(report: Report, check_id: str) -> tuple[str | None, CheckResult | None]:
    """The result of ``check_id`` a ticket is about, and the server it is from (None: the main run's):
    the main run's unless it passed where a server behind the name failed (or warned)."""
    main = next((c for c in report.checks if c.id == check_id), None)
    for status in _TELLING:
        if main is not None and main.status is status:
            return None, main
        found = next(((a, c) for a, c in node_results(report, check_id) if c.status is status and c.data), None)
        if found is not None:
            return found
    return None, main


def main_address(report: Report) -> str | None:
    """The server behind the name that the main run reached (its TLS handshake's, else its first open port's)."""
    from t3gui.core.check_data import TcpConnectData, TlsHandshakeData

    handshake = TlsHandshakeData.in_report(report)
    if handshake is not None:
        return handshake.address
    connect = TcpConnectData.in_report(report)
    opened = connect.reachable if connect is not None else ()
    return opened[0] if opened else None


def elsewhere(report: Report, check: CheckResult) -> dict[Status, list[str]]:
    """The servers behind the name on which ``check`` ended otherwise than in the main run, by status."""
    out: dict[Status, list[str]] = {}
    for address, own in node_results(report, check.id):
        # A pass beside another status says nothing the verdict does not: only what went wrong elsewhere.
        if own.status is not check.status and own.status is not Status.PASS:
            out.setdefault(own.status, []).append(address)
    return out


def elsewhere_note(report: Report, check: CheckResult, language: str) -> str:
    """" [fail on 127.0.0.2]" after a check: where a server behind the name ended it otherwise than the
    main run (so the list of checks never reads "pass" beside another server's critical finding)."""
    from t3gui.core.i18n import tr
    from t3gui.core.say import localize, say

    joiner = "、" if language == "zh_CN" else ", "
    return "".join(" " + localize(say("nodes.check.elsewhere", status=tr("check." + status.value, language),
                                      addresses=joiner.join(addresses)), language)
                   for status, addresses in elsewhere(report, check).items())
