"""Every demo scenario's JSON report, with what varies from run to run taken out, to compare runs.

``python -m tests.helpers.report_golden DIR`` records the normalised reports of every demo
scenario into DIR (one NAME.json each); tests/core/test_report_golden.py compares a fresh run
with them. What is taken out: times and durations, loopback ports, measured round trips and
what is computed from them, the demo PKI's fresh keys, serials, dates and PEM (it is made anew
for each run), token times. Everything else (ids, statuses, codes, the evidence's and the
data's fields and their other values) must stay exactly as recorded.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from t3gui.checks.registry import CHECKS
from t3gui.core.engine import Engine
from t3gui.core.report_json import to_json
from t3gui.lab.pki import write_demo_pki
from t3gui.lab.scenarios import SCENARIOS, Scenario, play

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]

# Keys whose values are measured (times, round trips, rates, what a clock said): only their
# presence and JSON type are compared.
MEASURED = re.compile(
    r"(^|_)(ms|s|at|rtt|rtts|jitter|offset|uncertainty|time|times|received|sent|loss|pct|seq|"
    r"not_before|not_after|days|left|serial|fingerprint|sha256|pem|chain_pem|spki|key_id|hops|"
    r"expires|issued|now|age|elapsed|samples|probes|median|p95|min|max|mean|exp|iat|nbf|port|connections)($|_)")
# Text that carries such values inside a sentence.
NUMBER_WITH_UNIT = re.compile(r"-?\d+(?:[.,]\d+)?\s?(?:ms|s|µs|%|毫秒|秒|KiB|MiB|days?|天|hours?|小时|minutes?|分钟)")
HEX_RUN = re.compile(r"\b[0-9A-Fa-f:]{16,}\b")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
HEX_NUMBER = re.compile(r"\b0x[0-9A-Fa-f]+\b")
# Which way a clock is off by a few milliseconds is chance.
CLOCK_WAY = re.compile(r"\b(ahead of|behind)\b")
ENDPOINT_PORT = re.compile(r"(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+")
TEMP_DIR = re.compile(r"/tmp/[^\s'\"]*/")
EPOCH = re.compile(r"\b1\d{9}\b")  # a Unix time, as a server's message quotes it
CONNECTIONS = re.compile(r"\d+(?=/\d+ connections)")  # the cluster's nodes are diagnosed concurrently
PEM = re.compile(r"-----BEGIN [A-Z ]+-----.*?-----END [A-Z ]+-----", re.S)


def _kind(value: JsonValue) -> str:
    return "<null>" if value is None else f"<{type(value).__name__}>"


def _text(text: str, ports: Iterable[int]) -> str:
    text = PEM.sub("<pem>", text)
    text = ISO_TIME.sub("<time>", text)
    text = HEX_RUN.sub("<hex>", text)
    text = HEX_NUMBER.sub("<hex>", text)
    text = ENDPOINT_PORT.sub(r"\1:<port>", text)
    text = TEMP_DIR.sub("<tmp>/", text)
    text = EPOCH.sub("<epoch>", text)
    text = CONNECTIONS.sub("<n>", text)
    text = CLOCK_WAY.sub("<way>", text)
    for port in sorted(ports, key=lambda p: -len(str(p))):
        text = re.sub(rf"(?<!\d){port}(?!\d)", "<port>", text)
    return NUMBER_WITH_UNIT.sub("<n>", text)


def normalise(value: JsonValue, ports: frozenset[int], key: str = "") -> JsonValue:
    """``value`` with what varies between two runs of the same scenario replaced by a placeholder."""
    if isinstance(value, dict):
        return {k: normalise(v, ports, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [normalise(v, ports, key) for v in value]
    if key and MEASURED.search(key) and isinstance(value, int | float | str) and not isinstance(value, bool):
        return _kind(value)
    if isinstance(value, int) and not isinstance(value, bool) and value in ports:
        return "<port>"
    if isinstance(value, float):
        return "<float>"  # every float t3gui reports is measured or derived from a measurement
    if isinstance(value, str):
        return _text(value, ports)
    return value


def normalised_report(doc: dict[str, JsonValue]) -> JsonValue:
    target = doc["target"]
    assert isinstance(target, dict)
    ports = frozenset(p for p in (target.get("port"), target.get("udp_port")) if isinstance(p, int))
    return normalise(doc, ports)


async def scenario_report(scenario: Scenario, pki: dict[str, Path]) -> JsonValue:
    async with play(scenario, pki) as options:
        report = await Engine(CHECKS, options).run()
    doc: dict[str, JsonValue] = json.loads(json.dumps(to_json(report), default=str))
    return normalised_report(doc)


async def all_reports(pki: dict[str, Path], concurrency: int = 6,
                      scenarios: Iterable[Scenario] = SCENARIOS) -> dict[str, JsonValue]:
    """Every scenario's normalised report, ``concurrency`` at a time (they run on loopback)."""
    gate = asyncio.Semaphore(concurrency)

    async def one(scenario: Scenario) -> tuple[str, JsonValue]:
        async with gate:
            return scenario.name, await scenario_report(scenario, pki)

    return dict(await asyncio.gather(*(one(s) for s in scenarios)))


def dump(value: JsonValue) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def record(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pki = write_demo_pki(Path(tmp), "localhost")
        reports = asyncio.run(all_reports(pki))
    for name, report in reports.items():
        (directory / f"{name}.json").write_text(dump(report), encoding="utf-8")


if __name__ == "__main__":
    record(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/core/golden"))
