"""tcp.connect: the control port on every address at once (refused, filtered, unreachable)."""

from __future__ import annotations

import asyncio
import errno
import socket
import time
from dataclasses import dataclass
from typing import Any

from t3gui.core.check import CheckSkipped, Outcome, finding
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Finding, Status
from t3gui.core.say import say

CHECK_ID = "tcp.connect"
_UNREACHABLE = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN, errno.EADDRNOTAVAIL}


@dataclass(frozen=True)
class ConnectResult:
    address: str
    outcome: str  # open, refused, filtered, unreachable, error
    ms: float
    error: str = ""


async def connect_once(address: str, port: int, timeout: float) -> ConnectResult:
    """One TCP connect with its own socket, closed before returning."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    loop = asyncio.get_running_loop()
    started = time.monotonic()
    try:
        await asyncio.wait_for(loop.sock_connect(sock, (address, port)), timeout)
        return ConnectResult(address, "open", (time.monotonic() - started) * 1000)
    except TimeoutError:
        return ConnectResult(address, "filtered", (time.monotonic() - started) * 1000)
    except ConnectionRefusedError:
        return ConnectResult(address, "refused", (time.monotonic() - started) * 1000)
    except OSError as exc:
        kind = "unreachable" if exc.errno in _UNREACHABLE else "error"
        return ConnectResult(address, kind, (time.monotonic() - started) * 1000,
                             exc.strerror or exc.__class__.__name__)
    finally:
        sock.close()


def _finding_for(result: ConnectResult, port: int, timeout: float, severity: Severity) -> Finding:
    if result.outcome == "refused":
        return finding(Code.TCP_REFUSED, severity, CHECK_ID, address=result.address, port=port)
    if result.outcome == "filtered":
        return finding(Code.TCP_FILTERED, severity, CHECK_ID, address=result.address, port=port,
                       timeout_s=timeout)
    return finding(Code.HOST_UNREACHABLE, severity, CHECK_ID, address=result.address,
                   error=result.error or result.outcome)


async def run(ctx: CheckContext) -> Outcome:
    """Connect to the control port of every address, all at once, each within the timeout."""
    addresses = ctx.facts.addresses
    if not addresses:
        raise CheckSkipped("no address to connect to")
    port, timeout = ctx.options.target.port, ctx.timeout
    results = await asyncio.gather(*(connect_once(a, port, timeout) for a in addresses))
    open_ = [r for r in results if r.outcome == "open"]
    for i, r in enumerate(open_):
        ctx.sample("tcp_connect", i + 1, r.ms)
    ctx.facts.reachable = [r.address for r in open_]
    ctx.facts.tcp_rtt_ms = [r.ms for r in open_]
    data: dict[str, Any] = {"port": port, "endpoints": [
        {"address": r.address, "outcome": r.outcome, "ms": round(r.ms, 2), **({"error": r.error} if r.error else {})}
        for r in results]}
    if not open_:
        worst = results[0]
        return Outcome(Status.FAIL, say("tcp.all_failed", port=port, outcome=worst.outcome), data,
                       (_finding_for(worst, port, timeout, Severity.CRITICAL),))
    failed = [r for r in results if r.outcome != "open"]
    findings = tuple(_finding_for(r, port, timeout, Severity.WARNING) for r in failed)
    opened = ", ".join(r.address for r in open_)
    ms = round(open_[0].ms, 1)
    summary = (say("tcp.open_partly", port=port, addresses=opened, ms=ms,
                   failed=", ".join(f"{r.address} {r.outcome}" for r in failed))
               if failed else say("tcp.open", port=port, addresses=opened, ms=ms))
    return Outcome(Status.WARN if findings else Status.PASS, summary, data, findings)
