"""An unhandled error writes a crash log, is logged, and the user is shown the file's path."""

from __future__ import annotations

import logging
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


def test_rotating_log_file(tmp_path: Path) -> None:
    path = crash_handler.setup_logging(tmp_path)
    logging.getLogger("t3gui.test").info("hello from the app")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert path.parent == tmp_path and "hello from the app" in path.read_text()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "baseFilename", "").startswith(str(tmp_path))]:
        root.removeHandler(handler)
        handler.close()
