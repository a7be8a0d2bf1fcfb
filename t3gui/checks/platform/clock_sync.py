"""Is this computer's clock synchronised with a time server? Each OS's own tool, read without privileges.

When two clocks disagree, the one that is synchronised is likely right: that
decides whether the fix is on this computer or on the server. Every answer we
cannot read is "unknown", never a guess.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Sequence

Runner = Callable[[Sequence[str], float], str | None]


def run_tool(argv: Sequence[str], timeout: float) -> str | None:
    """The tool's output, or None when it is missing, refused or too slow."""
    try:
        result = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, check=False,
                                stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return None
    return result.stdout if result.returncode == 0 else None


def parse_timedatectl(text: str) -> bool | None:
    """``timedatectl show -p NTPSynchronized --value``: "yes" or "no"."""
    value = text.strip().lower()
    return {"yes": True, "no": False}.get(value)


# w32tm speaks the user's language; the source names and the leap indicator's number do not change.
_FREE_RUNNING = re.compile(r"Local CMOS Clock|Free-running System Clock", re.IGNORECASE)
_LEAP_UNSYNCHRONISED = re.compile(r"^\s*Leap[^:]*:\s*3\b", re.IGNORECASE | re.MULTILINE)
_SOURCE = re.compile(r"^\s*Source\s*:\s*(\S.*)$", re.IGNORECASE | re.MULTILINE)


def parse_w32tm(text: str) -> bool | None:
    """``w32tm /query /status`` on Windows."""
    if _FREE_RUNNING.search(text) or _LEAP_UNSYNCHRONISED.search(text):
        return False
    return True if _SOURCE.search(text) else None


def parse_systemsetup(text: str) -> bool | None:
    """``systemsetup -getusingnetworktime`` on macOS: "Network Time: On"."""
    match = re.search(r"Network Time:\s*(On|Off)", text, re.IGNORECASE)
    return None if match is None else match.group(1).lower() == "on"


def clock_synchronised(platform: str = sys.platform, run: Runner = run_tool, timeout: float = 2.0) -> bool | None:
    if platform == "win32":
        text = run(["w32tm", "/query", "/status"], timeout)
        return None if text is None else parse_w32tm(text)
    if platform == "darwin":
        text = run(["/usr/sbin/systemsetup", "-getusingnetworktime"], timeout)
        return None if text is None else parse_systemsetup(text)
    text = run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"], timeout)
    return None if text is None else parse_timedatectl(text)
