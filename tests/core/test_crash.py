"""Crash logs: private files in the log folder, never through a planted name, never a guessable temp file."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
from pathlib import Path

import pytest

from t3gui.core.crash import write_crash_log

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows has the profile's ACL")


def crash() -> BaseException:
    try:
        raise ValueError("boom")
    except ValueError as exc:
        return exc


@posix_only
def test_the_crash_log_is_private_in_a_private_folder(tmp_path: Path) -> None:
    folder = tmp_path / "state" / "t3gui" / "log"
    path = write_crash_log(crash(), folder)
    assert path.parent == folder and path.name.startswith("crash-") and "ValueError: boom" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(folder.stat().st_mode) == 0o700


@posix_only
def test_a_link_planted_at_the_crash_log_s_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    folder = tmp_path / "log"
    folder.mkdir()
    # The name is the time and the process id: plant a link at every name this second and the next can have.
    now = dt.datetime.now()
    for stamp in {(now + dt.timedelta(seconds=s)).strftime("%Y%m%d-%H%M%S") for s in (0, 1)}:
        (folder / f"crash-{stamp}-{os.getpid()}.log").symlink_to(victim)
    path = write_crash_log(crash(), folder)
    assert not path.is_symlink() and "ValueError: boom" in path.read_text() and victim.read_text() == "precious"
    assert path.name.endswith("-1.log")


@posix_only
def test_with_no_writable_log_folder_it_falls_back_to_an_unguessable_private_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    path = write_crash_log(crash(), blocked / "log")  # a folder cannot be made under a file
    assert path.parent == temp and path.name.startswith("t3gui-crash-") and path.suffix == ".log"
    assert path.name != f"crash-{os.getpid()}.log" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "ValueError: boom" in path.read_text()
