"""--jsonl: one strict JSON object a line, a probe or a session event, appended and flushed.

A line holds what a probe measured and when, never a token or key (they are not in what is
written at all). A write that fails (disk full, a removed network share) costs those lines and
one message, never the monitor.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonlWriter:
    def __init__(self, path: Path, complain: Callable[[str], None]) -> None:
        """Open ``path`` for appending; OSError when it cannot be (the caller says so and stops)."""
        self.path = path
        self._file: IO[str] | None = path.open("a", encoding="utf-8", newline="\n")
        self._complain = complain
        self._failing = False
        self.lines = 0

    def probe(self, target: str, series: str, seq: int, t_s: float, rtt_ms: float | None,
              outage: bool = False) -> None:
        line: dict[str, Any] = {"time": _now(), "target": target, "series": series, "seq": seq,
                                "t_s": round(t_s, 3), "rtt_ms": None if rtt_ms is None else round(rtt_ms, 3),
                                "lost": rtt_ms is None}
        if outage:
            line["outage"] = True
        self._write(line)

    def event(self, target: str, kind: str, t_s: float, cause: str, code: str, wait_s: float,
              attempt: int) -> None:
        self._write({"time": _now(), "target": target, "event": kind, "t_s": round(t_s, 3), "cause": cause,
                     "code": code, "wait_s": round(wait_s, 3), "attempt": attempt})

    def _write(self, line: dict[str, Any]) -> None:
        if self._file is None:
            return
        try:
            text = json.dumps(line, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
        except ValueError:  # a number that is not finite: not strict JSON, so not written
            return
        try:
            self._file.write(text + "\n")
            self.lines += 1
        except OSError as exc:
            self._failed(exc)

    def flush(self) -> None:
        if self._file is None:
            return
        try:
            self._file.flush()
        except OSError as exc:
            self._failed(exc)
        else:
            self._failing = False

    def _failed(self, exc: OSError) -> None:
        if not self._failing:
            self._failing = True
            self._complain(exc.strerror or exc.__class__.__name__)

    def close(self) -> None:
        if self._file is not None:
            self.flush()
            try:
                self._file.close()
            except OSError as exc:
                self._failed(exc)
            self._file = None
