"""Crash logs: an unhandled error is written to a file whose path we can name."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import traceback
from pathlib import Path

from t3gui import __version__
from t3gui.core.paths import create_private, log_dir, private_folder, private_temp_file


def write_crash_log(exc: BaseException, directory: Path | None = None) -> Path:
    """Write the traceback and versions to a new private file in the log folder; when that folder
    cannot be written, to a name nobody can guess in the temp folder."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (
        f"t3gui {__version__} crashed at {dt.datetime.now().isoformat()}\n"
        f"python {sys.version.split()[0]} on {platform.platform()}\n"
        f"argv: {' '.join(sys.argv[:1])} (arguments left out: they may hold paths to secrets)\n\n"
        + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    ).encode("utf-8", "replace")
    try:
        folder = private_folder(directory or log_dir())
        for n in range(100):  # two crashes in one second of one process, or a name already taken
            path = folder / f"crash-{stamp}-{os.getpid()}{f'-{n}' if n else ''}.log"
            try:
                create_private(path, text)
                return path
            except FileExistsError:
                continue
    except OSError:
        pass
    return private_temp_file("t3gui-crash-", ".log", text)
