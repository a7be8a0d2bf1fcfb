"""Entry of the windowed build (`t3gui-app`): started from a Start menu, Dock or Finder, it has no console."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from t3gui.cli.main import main
from t3gui.core.paths import log_dir, open_private_append, private_folder

CONSOLE_LOG = "console.log"


def attach_missing_streams(directory: Path | None = None) -> Path | None:
    """Point a missing sys.stdout or sys.stderr at a file in the log directory; returns that file.

    A windowed build on Windows starts with both set to None, so any write (a
    usage error, the last-resort "internal error" line) would raise instead of
    being kept where support can find it.
    """
    if sys.stdout is not None and sys.stderr is not None:
        return None
    folder = directory or log_dir()
    try:
        path = private_folder(folder) / CONSOLE_LOG
        # Owner-only, like the other logs: what the app prints may name servers and users.
        stream = os.fdopen(open_private_append(path), "a", encoding="utf-8", buffering=1)
    except OSError:
        return None  # nowhere to write: the crash log still falls back to the temp dir
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
    return path


def app_arguments(argv: Sequence[str]) -> list[str]:
    """The arguments the app understands: Finder on older macOS adds a process serial number."""
    return [arg for arg in argv if not arg.startswith("-psn_")]


def entry() -> None:
    attach_missing_streams()
    sys.exit(main(app_arguments(sys.argv[1:])))
