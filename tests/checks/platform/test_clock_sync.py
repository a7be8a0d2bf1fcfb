"""Is this computer's clock synchronised? Each OS's tool, read from its recorded answers."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from t3gui.checks.platform.clock_sync import (
    clock_synchronised,
    parse_systemsetup,
    parse_timedatectl,
    parse_w32tm,
    run_tool,
)

W32TM_SYNCED = """Leap Indicator: 0(no warning)
Stratum: 4 (secondary reference - syncd by (S)NTP)
Precision: -23 (119.209ns per tick)
Root Delay: 0.0312042s
Root Dispersion: 7.8002511s
ReferenceId: 0x14650039 (source IP:  20.101.57.9)
Last Successful Sync Time: 30/11/2026 09:12:44
Source: time.windows.com,0x9
Poll Interval: 10 (1024s)
"""
W32TM_FREE_RUNNING = """Leap Indicator: 3(not synchronized)
Stratum: 0 (unspecified)
Precision: -23 (119.209ns per tick)
Root Delay: 0.0000000s
Root Dispersion: 0.0000000s
ReferenceId: 0x00000000 (unspecified)
Last Successful Sync Time: unspecified
Source: Local CMOS Clock
Poll Interval: 10 (1024s)
"""
# A German Windows: labels translated, values not.
W32TM_GERMAN_SYNCED = """Sprungindikator: 0(keine Warnung)
Stratum: 3 (Sekundärreferenz - synchr. über (S)NTP)
Letzte erfolgreiche Synchronisierungszeit: 30.11.2026 09:12:44
Quelle: dc01.corp.example
"""


@pytest.mark.parametrize(("text", "expected"), [
    (W32TM_SYNCED, True), (W32TM_FREE_RUNNING, False), ("The service has not been started.\n", None),
    (W32TM_GERMAN_SYNCED, None),  # labels we cannot read: unknown, never a guess
    (W32TM_GERMAN_SYNCED.replace("dc01.corp.example", "Free-running System Clock"), False),
])
def test_windows_w32tm(text: str, expected: bool | None) -> None:
    assert parse_w32tm(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Network Time: On\n", True), ("Network Time: Off\n", False),
    ("You need administrator access to run this tool... exiting!\n", None),
])
def test_macos_systemsetup(text: str, expected: bool | None) -> None:
    assert parse_systemsetup(text) is expected


@pytest.mark.parametrize(("text", "expected"), [("yes\n", True), ("no\n", False), ("", None)])
def test_linux_timedatectl(text: str, expected: bool | None) -> None:
    assert parse_timedatectl(text) is expected


@pytest.mark.parametrize(("platform", "tool"), [("win32", "w32tm"), ("darwin", "/usr/sbin/systemsetup"),
                                                 ("linux", "timedatectl")])
def test_each_os_asks_its_own_tool_and_a_missing_tool_is_unknown(platform: str, tool: str) -> None:
    asked: list[str] = []

    def run(argv: Sequence[str], timeout: float) -> str | None:
        asked.append(argv[0])
        assert timeout <= 2.0
        return None

    assert clock_synchronised(platform, run) is None and asked == [tool]


def test_a_tool_that_is_not_there_is_none() -> None:
    assert run_tool(["/nonexistent/w32tm", "/query"], 1.0) is None
    assert run_tool(["false"], 1.0) is None
