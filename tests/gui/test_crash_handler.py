"""An unhandled error writes a crash log, is logged, and the user is shown the file's path."""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

import pytest

from t3gui.gui import crash_handler


def test_excepthook_writes_a_crash_log_and_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Path] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    crash_handler.install(shown.append, directory=tmp_path)
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())  # what Qt calls for an exception escaping a slot
    assert len(shown) == 1 and shown[0].parent == tmp_path
    assert "boom in a slot" in shown[0].read_text() and "Traceback" in shown[0].read_text()
    assert (tmp_path / "faulthandler.log").exists()
    if os.name == "posix":  # readable by the user only: they name the customer's hosts
        assert {stat.S_IMODE(p.stat().st_mode) for p in (shown[0], tmp_path / "faulthandler.log")} == {0o600}
        assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700


def test_rotating_log_file(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)  # a log folder an earlier version left readable by everyone
    path = crash_handler.setup_logging(tmp_path)
    logging.getLogger("t3gui.test").info("hello from the app")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert path.parent == tmp_path and "hello from the app" in path.read_text()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(tmp_path.stat().st_mode) == 0o700
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "baseFilename", "").startswith(str(tmp_path))]:
        root.removeHandler(handler)
        handler.close()
