"""The lab server's own load, for STATUS, from what the OS offers cheaply."""

from __future__ import annotations

import os


def cpu_load() -> float:
    try:
        load1 = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average
        return 0.0
    return round(min(1.0, load1 / (os.cpu_count() or 1)), 3)


def memory_load() -> float:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            fields = {line.split(":")[0]: int(line.split()[1]) for line in fh if line.count(":") == 1}
        return round(1.0 - fields["MemAvailable"] / fields["MemTotal"], 3)
    except (OSError, KeyError, ValueError, ZeroDivisionError, IndexError):
        return 0.0
