"""`t3gui monitor`: the live monitor without a window, for Prometheus and JSON lines (spec: diagnosis.md).

The target, TLS and token options are diagnose's, read by diagnose's own ``build_options`` (so a
profile works the same); the probes are the app's monitor engine. Exit status 0 after
--duration or a stop signal, 2 with one sentence for bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from pathlib import Path
from typing import Any

from t3gui.checks.monitor import MAX_INTERVAL_S, MIN_INTERVAL_S
from t3gui.cli import argtypes, diagnose_command
from t3gui.cli.connection_options import add_login_options
from t3gui.cli.diagnose_command import _number, build_options, load_profile_or_say
from t3gui.cli.errors import EXIT_OK, Foreign, UsageError, os_reason
from t3gui.core.catalog import LANGUAGES

DEFAULT_TIMEOUT_S = 2.0  # as the app's monitor: a probe is lost after this, so the plot and loss stay current
MAX_TARGETS = 1000


def add_parser(sub: Any) -> None:
    p = sub.add_parser("monitor", help="probe one or more servers continuously; Prometheus metrics, JSON lines",
                       description="Watch T3 servers without a window: T3 heartbeats, TCP connects and pings at "
                                   "an interval, as the app's live monitor does, with /metrics for Prometheus and "
                                   "a JSON line a probe. Reconnects after outages; stops on Ctrl-C or SIGTERM "
                                   "(exit 0). Exit status 2: bad usage.")
    p.add_argument("targets", nargs="*", metavar="TARGET", help="HOST, HOST:PORT or [IPv6]:PORT (several allowed, "
                   "each labelled host:port in the metrics)")
    p.add_argument("--interval", metavar="S", help=f"seconds between probes of a series (default 1, "
                   f"{MIN_INTERVAL_S:g}-{MAX_INTERVAL_S:g})")
    p.add_argument("--duration", metavar="S", help="stop after this many seconds (default: until stopped)")
    p.add_argument("--prometheus", metavar="[HOST:]PORT", help="serve /metrics on this port (127.0.0.1 unless a "
                   "host is given; port 0 picks a free one)")
    p.add_argument("--jsonl", type=Path, metavar="FILE", help="append one JSON line a probe and a session event")
    p.add_argument("--port", help="control (TCP) port, default 12345")
    p.add_argument("--udp-port", help="data (UDP) port (default: the one the server names when logging in)")
    add_login_options(p, "a file holding the user's JWT (without it: TCP connects and pings only)")
    p.add_argument("--resolve", action="append", metavar="ADDR",
                   help="probe this address instead of asking DNS (curl's --resolve; one a run)")
    p.add_argument("--timeout", help=f"per-probe timeout in seconds (default {DEFAULT_TIMEOUT_S:g})")
    p.add_argument("--lang", choices=list(LANGUAGES), help="language of the progress lines (default en)")
    p.add_argument("--profile", help="TOML profile with target, CA and token location")
    p.set_defaults(handler=run)


def _diagnose_defaults() -> dict[str, Any]:
    """Every option of `t3gui diagnose` at its default: what build_options reads beside the monitor's own
    options, so an option diagnose gains later never finds the monitor's arguments without it."""
    parser = argparse.ArgumentParser(add_help=False)
    diagnose_command.add_parser(parser.add_subparsers(dest="command"))
    return vars(parser.parse_args(["diagnose"]))


def listen_address(text: str) -> tuple[str, int]:
    """[HOST:]PORT, HOST an IPv6 address in brackets; the host is 127.0.0.1 unless given."""
    host, port = "127.0.0.1", text.strip()
    if port.startswith("["):
        inner, sep, rest = port[1:].partition("]")
        if not sep or not rest.startswith(":"):
            raise UsageError("usage.prometheus.form", text=text)
        host, port = inner, rest[1:]
    elif ":" in port:
        host, _, port = port.rpartition(":")
    try:
        return host or "127.0.0.1", argtypes.port_or_zero(port)
    except argtypes.BadValue as exc:
        raise UsageError("usage.prometheus.port", text=text, problem=exc.words) from None


def _targets(args: argparse.Namespace) -> list[Any]:
    from t3gui.monitor.runner import MonitorTarget

    profile = load_profile_or_say(args.profile)
    texts = args.targets or [None]  # none given: the profile's, or build_options says what is missing
    if len(texts) > MAX_TARGETS:
        raise UsageError("usage.targets.too_many", count=len(texts), most=MAX_TARGETS)
    if getattr(args, "resolve", None) and len(texts) > 1:  # one address cannot stand for several targets
        raise UsageError("usage.monitor.resolve_one_target")
    timeout = None if args.timeout is not None else DEFAULT_TIMEOUT_S
    targets, labels = [], set()
    defaults = _diagnose_defaults()
    for text in texts:
        options = build_options(argparse.Namespace(**{**defaults, **vars(args), "target": text}), profile)
        if timeout is not None:
            options = dataclasses.replace(options, timeout_s=timeout)
        if len(getattr(options, "resolve", ())) > 1:
            raise UsageError("usage.monitor.resolve_once")
        label = options.target.display()
        if label in labels:
            raise UsageError("usage.targets.twice", label=label)
        labels.add(label)
        targets.append(MonitorTarget(label, options))
    return targets


def _shown(target: Any) -> str:
    """A target as the started line names it: with the address --resolve gave, which is what is probed."""
    given = tuple(getattr(target.options, "resolve", ()))
    return f"{target.label} ({given[0]})" if given and given[0] != target.options.target.host else target.label


def run(args: argparse.Namespace) -> int:
    from t3gui.monitor.jsonl import JsonlWriter
    from t3gui.monitor.messages import message
    from t3gui.monitor.metrics import MetricsServer, serve
    from t3gui.monitor.runner import MonitorRun

    interval = _number(args.interval, "--interval", MIN_INTERVAL_S, MAX_INTERVAL_S, 1.0)
    duration = _number(args.duration, "--duration", 0.1, 10 * 365 * 86400, 0) if args.duration is not None else None
    listen = listen_address(args.prometheus) if args.prometheus is not None else None
    targets = _targets(args)
    language = targets[0].options.language

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    writer = None
    if args.jsonl is not None:
        try:
            writer = JsonlWriter(args.jsonl, lambda error: say(message("write-failed", language, path=args.jsonl,
                                                                        error=error)))
        except OSError as exc:
            raise UsageError("usage.path.unwritable", path=args.jsonl, reason=os_reason(exc)) from None
    monitor_run = MonitorRun(targets, interval, language, writer, say)
    server: MetricsServer | None = None
    try:
        if listen is not None:
            try:
                server = serve(monitor_run.registry, *listen)
            except (OSError, ValueError) as exc:
                host, port = listen
                reason = os_reason(exc) if isinstance(exc, OSError) else Foreign(str(exc))
                raise UsageError("usage.prometheus.bind", host=host, port=port, reason=reason) from None
            say(message("metrics", language, address=server.address))
        if writer is not None:
            say(message("jsonl", language, path=args.jsonl))
        say(message("started", language, targets=", ".join(_shown(t) for t in targets), interval=f"{interval:g}"))
        asyncio.run(monitor_run.run(duration))
    finally:
        if server is not None:
            server.close()
        if writer is not None:
            writer.close()
    return EXIT_OK
