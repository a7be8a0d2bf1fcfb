"""Crash logs: an unhandled error is written to a file whose path we can name."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

from t3gui import __version__
from t3gui.core.paths import log_dir


def write_crash_log(exc: BaseException, directory: Path | None = None) -> Path:
    """Write the traceback and versions; falls back to the temp dir if need be."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (
        f"t3gui {__version__} crashed at {dt.datetime.now().isoformat()}\n"
        f"python {sys.version.split()[0]} on {platform.platform()}\n"
        f"argv: {' '.join(sys.argv[:1])} (arguments left out: they may hold paths to secrets)\n\n"
        + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    )
    for folder in (directory or log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    raise OSError("no writable place for a crash log")
