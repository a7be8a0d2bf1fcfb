"""From findings to one verdict: causal order, and the deepest cause.

Layers give the causal order (local, DNS, reachability, TLS, clock, T3,
auth, server, path). Some findings explain others across that order: a
clock hours off explains a certificate or token that is "not yet valid" or
"expired", so those are symptoms while the clock finding is present.
"""

from __future__ import annotations

from collections.abc import Iterable

from t3gui.core.codes import Code, Severity
from t3gui.core.model import ErrorReason, Finding, Unchecked, VerdictStatus

EXPLAINS: dict[Code, frozenset[Code]] = {
    Code.CLOCK_SKEW: frozenset({
        Code.TLS_CERT_EXPIRED, Code.TLS_CERT_NOT_YET_VALID, Code.TLS_CERT_EXPIRING_SOON,
        Code.AUTH_TOKEN_EXPIRED, Code.AUTH_TOKEN_NOT_YET_VALID,
    }),
    Code.UDP_BLOCKED: frozenset({Code.HIGH_LOSS}),
    # A host that is not there answers nothing: the SYN and the heartbeats vanish for that reason.
    Code.HOST_UNREACHABLE: frozenset({Code.TCP_FILTERED, Code.UDP_BLOCKED}),
    # Heavy loss stalls a handshake past its timeout (a critical loss explains a critical stall only).
    Code.HIGH_LOSS: frozenset({Code.TLS_HANDSHAKE_FAILED, Code.T3_NO_RESPONSE}),
    Code.TLS_INTERCEPTED: frozenset({Code.TLS_UNTRUSTED_ROOT, Code.TLS_HOSTNAME_MISMATCH,
                                     Code.TLS_INCOMPLETE_CHAIN}),
    Code.NO_NETWORK: frozenset(set(Code) - {Code.NO_NETWORK}),
    Code.MTU_BLACKHOLE: frozenset({Code.T3_NO_RESPONSE, Code.TLS_HANDSHAKE_FAILED, Code.HIGH_LOSS}),
    Code.ROUTE_LOOP: frozenset({Code.TCP_FILTERED, Code.HOST_UNREACHABLE, Code.UDP_BLOCKED, Code.ICMP_BLOCKED,
                                Code.T3_NO_RESPONSE, Code.TLS_HANDSHAKE_FAILED, Code.HIGH_LOSS}),
    Code.SERVER_OVERLOADED: frozenset({Code.SERVER_SLOW, Code.SERVER_BUSY}),
    Code.T3_PLAINTEXT: frozenset({Code.TLS_NOT_TLS}),  # the more precise word for the same cause
}
# Findings that say a part of a check could not be checked: as warnings they leave the run
# inconclusive, never healthy or merely degraded (an unknown revocation status vouches for nothing).
COULD_NOT_CHECK = frozenset({Code.TLS_REVOCATION_UNKNOWN})
_SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
_CODE_RANK = {code: i for i, code in enumerate(Code)}


def causal_key(f: Finding) -> tuple[int, int, int]:
    return (f.code.layer.value, _SEVERITY_RANK[f.severity], _CODE_RANK[f.code])


def causal_order(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=causal_key)


def explained(findings: Iterable[Finding]) -> set[Code]:
    """Codes present that a present finding, at least as severe, explains."""
    items = list(findings)
    out: set[Code] = set()
    for cause in items:
        for other in items:
            if (other.code in EXPLAINS.get(cause.code, frozenset()) and other.code != cause.code
                    and _SEVERITY_RANK[cause.severity] <= _SEVERITY_RANK[other.severity]):
                out.add(other.code)
    return out


def without_echoes(findings: Iterable[Finding]) -> list[Finding]:
    """Findings less a weaker echo of a stronger one: the same code about the same address, less
    severe (the token judged "expired" here as a hint, then by the server for certain). A finding
    about no address in particular echoes in one about a node (several servers behind the name)."""
    items = list(findings)

    def stronger(f: Finding, other: Finding) -> bool:
        return (other.code is f.code and _SEVERITY_RANK[other.severity] < _SEVERITY_RANK[f.severity]
                and f.evidence.get("address") in (None, other.evidence.get("address")))

    return [f for f in items if not any(stronger(f, other) for other in items)]


def unchecked_by_findings(findings: Iterable[Finding]) -> list[Unchecked]:
    out = []
    for f in findings:
        if f.code in COULD_NOT_CHECK and f.severity is Severity.WARNING:
            try:
                reason = ErrorReason(str(f.evidence.get("error_reason", ErrorReason.CONNECTIVITY.value)))
            except ValueError:  # a bundle may carry anything there
                reason = ErrorReason.CONNECTIVITY
            out.append(Unchecked(f.check, reason))
    return out


def decide(findings: Iterable[Finding], unchecked: Iterable[Unchecked] = ()) -> tuple[VerdictStatus, Finding | None]:
    """The verdict status and its root cause: the first finding in causal order,
    of the highest severity present, that nothing else explains.

    A critical finding fails the run whatever could not be checked; otherwise a
    check that could not give its answer makes the run inconclusive, never healthy."""
    ordered = causal_order(findings)
    symptoms = explained(ordered)
    critical = [f for f in ordered if f.severity is Severity.CRITICAL and f.code not in symptoms]
    if critical:
        return VerdictStatus.FAILED, critical[0]
    warnings = [f for f in ordered if f.severity is Severity.WARNING and f.code not in symptoms]
    if any(True for _ in unchecked):
        return VerdictStatus.INCONCLUSIVE, warnings[0] if warnings else None
    if warnings:
        return VerdictStatus.DEGRADED, warnings[0]
    return VerdictStatus.HEALTHY, None
