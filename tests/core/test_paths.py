"""Per-user folders, and files only their owner can read, created in one step, never through a planted link."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from t3gui.core import paths

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows has the profile's ACL")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_every_platform_keeps_logs_under_the_user_s_own_folder() -> None:
    env = {"LOCALAPPDATA": r"C:\Users\ana\AppData\Local", "XDG_STATE_HOME": "/home/ana/.state"}
    assert paths.log_dir("win32", env) == Path(r"C:\Users\ana\AppData\Local") / "t3gui" / "Logs"
    assert paths.cache_dir("win32", env) == Path(r"C:\Users\ana\AppData\Local") / "t3gui" / "Cache"
    assert paths.log_dir("linux", env) == Path("/home/ana/.state/t3gui/log")
    assert paths.log_dir("darwin", env).parts[-3:] == ("Library", "Logs", "t3gui")
    home = Path(os.path.expanduser("~"))
    assert paths.log_dir("win32", {}) == home / "AppData" / "Local" / "t3gui" / "Logs"


@posix_only
def test_a_new_folder_is_private_and_a_loose_one_of_ours_is_tightened(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        made = paths.private_folder(tmp_path / "state" / "t3gui" / "log")
    finally:
        os.umask(old)
    assert made.is_dir() and mode(made) == 0o700
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    os.chmod(loose, 0o755)
    paths.private_folder(loose)
    assert mode(loose) == 0o700


@posix_only
def test_someone_else_s_folder_is_left_alone(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a folder another user owns needs root")
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    os.chown(shared, 65534, 65534)
    paths.private_folder(shared)
    assert mode(shared) == 0o755


@posix_only
def test_create_private_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "map.json"
    old = os.umask(0)
    try:
        paths.create_private(target, b"{}")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"{}" and mode(target) == 0o600


def test_create_private_never_opens_an_existing_name(tmp_path: Path) -> None:
    target = tmp_path / "crash.log"
    target.write_bytes(b"earlier")
    with pytest.raises(FileExistsError):
        paths.create_private(target, b"new")
    assert target.read_bytes() == b"earlier"


@posix_only
def test_a_planted_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    planted = tmp_path / "crash.log"
    planted.symlink_to(victim)
    with pytest.raises(FileExistsError):
        paths.create_private(planted, b"overwritten?")
    dangling = tmp_path / "dangling.log"
    dangling.symlink_to(tmp_path / "would-be-created")
    with pytest.raises(FileExistsError):
        paths.create_private(dangling, b"created?")
    assert victim.read_bytes() == b"precious" and not (tmp_path / "would-be-created").exists()


@posix_only
def test_replace_private_saves_over_a_file_and_replaces_a_link_not_its_target(tmp_path: Path) -> None:
    bundle = tmp_path / "ticket.zip"
    bundle.write_bytes(b"old")
    os.chmod(bundle, 0o644)
    paths.replace_private(bundle, b"new")
    assert bundle.read_bytes() == b"new" and mode(bundle) == 0o600
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    link = tmp_path / "linked.zip"
    link.symlink_to(victim)
    paths.replace_private(link, b"bundle")
    assert not link.is_symlink() and link.read_bytes() == b"bundle" and mode(link) == 0o600
    assert victim.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["linked.zip", "ticket.zip", "victim"]  # no temp left


def test_replace_private_leaves_nothing_behind_when_it_cannot_write(tmp_path: Path) -> None:
    folder = tmp_path / "a-file-not-a-folder"
    folder.write_bytes(b"")
    with pytest.raises(OSError):
        paths.replace_private(folder / "ticket.zip", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["a-file-not-a-folder"]


@posix_only
def test_private_temp_file_has_a_name_nobody_can_guess(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first = paths.private_temp_file("t3gui-crash-", ".log", b"one")
    second = paths.private_temp_file("t3gui-crash-", ".log", b"two")
    assert first != second and first.parent == tmp_path and mode(first) == 0o600
    assert first.name.startswith("t3gui-crash-") and len(first.name) > len("t3gui-crash-.log") + 6
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")


@posix_only
def test_open_private_append_creates_0600_and_appends(tmp_path: Path) -> None:
    target = tmp_path / "faulthandler.log"
    for text in (b"one\n", b"two\n"):
        fd = paths.open_private_append(target)
        os.write(fd, text)
        os.close(fd)
    assert target.read_bytes() == b"one\ntwo\n" and mode(target) == 0o600
    link = tmp_path / "link.log"
    link.symlink_to(target)
    with pytest.raises(OSError):
        paths.open_private_append(link)
