"""--jsonl: strict JSON a line; a disk that fails costs lines and one message, never the monitor."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from t3gui.monitor.jsonl import JsonlWriter


def test_lines_are_strict_json_and_appended(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"earlier":true}\n')
    writer = JsonlWriter(path, pytest.fail)
    writer.probe("h:1", "t3_udp", 1, 0.1234, 1.23456)
    writer.probe("h:1", "t3_udp", 2, 1.1, None, outage=True)
    writer.probe("h:1", "t3_udp", 3, math.nan, math.inf)  # not strict JSON: left out, never "NaN"
    writer.event("h:1", "down", 2.0, "closed", "", 0.75, 0)
    writer.close()
    lines = path.read_text().splitlines()
    assert len(lines) == 4 and "NaN" not in path.read_text() and "Infinity" not in path.read_text()
    probe, outage, event = (json.loads(line) for line in lines[1:])
    assert probe["rtt_ms"] == 1.235 and probe["lost"] is False and probe["t_s"] == 0.123
    assert outage["lost"] is True and outage["outage"] is True and outage["rtt_ms"] is None
    assert event["event"] == "down" and event["cause"] == "closed" and probe["time"].endswith("Z")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (a disk that is always full)")
def test_a_full_disk_is_said_once_and_nothing_raises() -> None:
    said: list[str] = []
    writer = JsonlWriter(Path("/dev/full"), said.append)
    for seq in range(5000):  # more than the buffer holds: the write itself fails too
        writer.probe("h:1", "t3_udp", seq, 0.0, 1.0)
        writer.flush()
    writer.close()
    assert said == ["No space left on device"]
