"""Crashes and logs: a windowed build has no stderr, so both go to files we can name."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from t3gui.core.crash import write_crash_log
from t3gui.core.paths import log_dir, open_private_append, private_folder

_FAULT_FILE: IO[str] | None = None


def setup_logging(directory: Path | None = None) -> Path:
    folder = private_folder(directory or log_dir())
    path = folder / "t3gui.log"
    os.close(open_private_append(path))  # the handler then appends to a file only its owner reads
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install(show: Callable[[Path], None], directory: Path | None = None) -> None:
    """sys.excepthook writes a crash log and shows its path; faulthandler covers hard crashes."""
    global _FAULT_FILE
    folder = private_folder(directory or log_dir())
    _FAULT_FILE = open(open_private_append(folder / "faulthandler.log"), "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the app
    faulthandler.enable(_FAULT_FILE)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        path = write_crash_log(exc.with_traceback(tb), folder)
        logging.getLogger("t3gui").error("unhandled %s; crash log %s", kind.__name__, path)
        show(path)

    sys.excepthook = hook
