"""Linux: one frozen executable serves `t3gui` and, through a link, `t3gui-app` (build.spec, t3gui_shared_entry.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "installers"))
import t3gui_shared_entry  # noqa: E402

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shared executable is Linux's")


def test_the_name_started_as_picks_the_entry() -> None:
    assert t3gui_shared_entry.started_as_app("/usr/bin/t3gui-app")
    assert t3gui_shared_entry.started_as_app("t3gui-app")
    assert not t3gui_shared_entry.started_as_app("/opt/t3gui/t3gui")
    assert not t3gui_shared_entry.started_as_app("t3gui-app-old")
    assert not t3gui_shared_entry.started_as_app("")


def run_without_streams(program: Path, home: Path) -> subprocess.CompletedProcess[bytes]:
    """``program --help`` with stdout and stderr closed, as a desktop launcher may start the app."""
    env = {**os.environ, "HOME": str(home), "XDG_STATE_HOME": str(home / "state")}
    return subprocess.run(["sh", "-c", '"$0" --help >&- 2>&-', str(program)], env=env, timeout=120)


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_app_link_runs_the_windowed_entry(frozen_folder: Path, tmp_path: Path) -> None:
    app = frozen_folder / "t3gui-app"
    assert app.is_symlink() and os.readlink(app) == "t3gui"  # relative: the folder can move (/opt/t3gui)
    # Only the windowed entry keeps what it would have printed, in the log folder's console.log.
    assert run_without_streams(app, tmp_path / "app").returncode == 0
    (kept,) = (tmp_path / "app").rglob("console.log")
    assert kept.read_text(encoding="utf-8").startswith("usage: t3gui")
    assert run_without_streams(frozen_folder / "t3gui", tmp_path / "cli").returncode == 0
    assert not list((tmp_path / "cli").rglob("console.log"))
