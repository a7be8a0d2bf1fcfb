"""argparse value types whose errors read as one plain sentence."""

from __future__ import annotations

import argparse
from pathlib import Path


def port(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is outside 1-65535")
    return value


def port_or_zero(text: str) -> int:
    """A port, or 0 to let the system pick a free one (tests, demos)."""
    return 0 if text.strip() == "0" else port(text)


def readable_file(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text} does not exist or is not a file")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"{text} cannot be read ({exc.strerror})") from None
    return path


def name_list(text: str) -> frozenset[str]:
    return frozenset(n.strip() for n in text.split(",") if n.strip())
