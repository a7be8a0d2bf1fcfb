"""Diagnosis figures: time to verdict (healthy, and every demo scenario), what a filtered
port costs, RTT accuracy against an injected delay, loss accuracy against injected loss.

Run: .venv/bin/python -m bench.bench_diagnosis [--runs 7] [--quick]
The filtered-port and loss figures need root (network namespaces); they are left out otherwise.
--quick runs each kind of figure once, small (one delay, one timeout, one loss rate, few probes),
to prove the script still works; its figures are not the ones in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from t3gui.checks.registry import CHECKS
from t3gui.core.engine import Engine
from t3gui.lab.pki import write_demo_pki
from t3gui.lab.scenarios import BY_NAME, SCENARIOS, play
from tests.helpers.netlab import NetLab, can_use_netns
from tests.helpers.udp_relay import UdpDelayRelay


async def time_to_verdict(pki: dict[str, Path], name: str, runs: int) -> tuple[float, str]:
    times, verdict = [], ""
    for _ in range(runs):
        async with play(BY_NAME[name], pki) as options:
            started = time.perf_counter()
            report = await Engine(CHECKS, options).run()
            times.append(time.perf_counter() - started)
            verdict = report.verdict.root_cause.value if report.verdict.root_cause else "healthy"
    return statistics.median(times), verdict


async def rtt_accuracy(pki: dict[str, Path], delay_ms: float, probes: int) -> float:
    async with play(BY_NAME["healthy"], pki) as options:
        relay = await UdpDelayRelay.start(("127.0.0.1", options.target.udp_port), delay_ms)
        try:
            report = await Engine(CHECKS, dataclasses.replace(options, udp_port_override=relay.port,
                                                               probes=probes, timeout_s=2)).run()
        finally:
            relay.close()
    median = report.measurements["t3_udp"].median_ms
    assert median is not None
    return median


def netns_figures(pki: dict[str, Path], token_file: Path, quick: bool) -> None:
    def diagnose(lab: NetLab, *extra: str) -> tuple[dict[str, object], float]:
        started = time.monotonic()
        result = lab.python(lab.client, "-m", "t3gui", "diagnose", lab.server_ip, "--json", "--server-name",
                            "localhost", "--ca-file", str(pki["root-ca.pem"]), "--token-file", str(token_file), *extra)
        return json.loads(result.stdout), time.monotonic() - started

    with NetLab() as lab:  # one server for every figure; the firewall is rewritten between them
        lab.spawn(lab.server, sys.executable, "-m", "t3gui", "lab", "serve", "--host", lab.server_ip, "--cert",
                  str(pki["server-good.pem"]), "--key", str(pki["server-good.key"]), "--jwt-key",
                  str(pki["jwt-es256.pub.pem"]), ready="listening on")
        started = time.monotonic()
        lab.python(lab.client, "-m", "t3gui", "--version")
        startup = time.monotonic() - started
        lab.firewall(lab.server, "tcp dport 12345 drop")
        for timeout in (1.0,) if quick else (1.0, 2.0, 4.0):
            doc, elapsed = diagnose(lab, "--timeout", str(timeout))
            print(f"{'filtered port, --timeout ' + str(timeout) + ' s: time to verdict':<52} "
                  f"{elapsed - startup:>8.2f} s  ({doc['verdict']['root_cause']}; 1 run, "  # type: ignore[index]
                  f"{startup:.2f} s of start-up subtracted)")
        probes = 30 if quick else 500
        for injected in (10,) if quick else (2, 10, 30):
            lab.nft(lab.server, "flush table inet t3test\n")
            lab.firewall(lab.server, f"udp dport 12346 numgen random mod 100 < {injected} drop")
            doc, _ = diagnose(lab, "--probes", str(probes), "--timeout", "0.5")
            loss = doc["measurements"]["rtt"]["t3_udp"]["loss_pct"]  # type: ignore[index]
            print(f"{f'loss over {probes} probes, injected {injected} %':<52} {loss:>8.2f} %  (1 run)")

async def main(quick: bool, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pki = write_demo_pki(Path(tmp), "localhost")
        runs = 1 if quick else runs
        median, _ = await time_to_verdict(pki, "healthy", runs)
        print(f"{'healthy target, full advanced tier: time to verdict':<52} {median:>8.3f} s  "
              f"({'1 run' if runs == 1 else f'median of {runs}'})")
        probes = 20 if quick else 100
        for delay in (20.0,) if quick else (20.0, 60.0, 150.0):
            measured = await rtt_accuracy(pki, delay, probes)
            print(f"{'RTT median with ' + str(int(delay)) + ' ms injected':<52} {measured:>8.2f} ms "
                  f"(error {measured - delay:+.2f} ms; {probes} probes through the delay relay, 1 run)")
        if not quick:
            print("\nscenario                     root cause                 time to verdict (1 run each)")
            for scenario in SCENARIOS:
                seconds, verdict = await time_to_verdict(pki, scenario.name, 1)
                print(f"{scenario.name:<28} {verdict:<26} {seconds:>8.3f} s")
        reason = can_use_netns()
        if reason is None:
            token_file = Path(tmp) / "token.jwt"
            from t3gui.lab.tokens import mint_token
            from t3gui.protocol import jwt

            token_file.write_text(mint_token(jwt.load_signing_key(pki["jwt-es256.key"].read_bytes())))
            print()
            netns_figures(pki, token_file, quick)
        else:
            print(f"\n(filtered-port and loss figures left out: {reason})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="time to verdict, timeouts, RTT and loss accuracy")
    parser.add_argument("--runs", type=int, default=7, help="diagnoses of the healthy target (median printed)")
    parser.add_argument("--quick", action="store_true", help="each kind of figure once, small")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.quick, arguments.runs))
