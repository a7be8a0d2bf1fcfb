"""The app's own log lines during one run, for the bundle's app.log (no secret is ever logged)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

MAX_LINES = 5000


class _Collector(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.INFO)
        self.lines = lines
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.lines) < MAX_LINES:
            self.lines.append(self.format(record))


@contextlib.contextmanager
def capture_log() -> Iterator[list[str]]:
    lines: list[str] = []
    handler = _Collector(lines)
    logger = logging.getLogger("t3gui")
    previous = logger.level
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
