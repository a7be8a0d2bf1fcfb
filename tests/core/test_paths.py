"""Per-user folders, and files only their owner can read, created in one step, never through a planted link."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path, PureWindowsPath

import pytest

from t3gui.core import paths

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows has the profile's ACL")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


# Asked for another OS's folders, platformdirs reads what it reads there: on Windows the known
# folder (or its documented WIN_PD_OVERRIDE_LOCAL_APPDATA), on macOS the home folder, elsewhere XDG.
@pytest.fixture
def ana(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    home = tmp_path / "home" / "ana"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"C:\Users\ana\AppData\Local")
    for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    return home


def test_windows_keeps_logs_and_cache_in_local_app_data(ana: Path) -> None:
    """docs/install.md: %LOCALAPPDATA%\\t3gui\\Logs (the folder the uninstaller's /PURGE removes)."""
    local = PureWindowsPath(r"C:\Users\ana\AppData\Local")
    assert PureWindowsPath(str(paths.log_dir("win32"))) == local / "t3gui" / "Logs"
    assert PureWindowsPath(str(paths.cache_dir("win32"))) == local / "t3gui" / "Cache"


def test_macos_keeps_logs_and_cache_in_the_user_s_library(ana: Path) -> None:
    """docs/install.md: ~/Library/Logs/t3gui."""
    assert paths.log_dir("darwin") == ana / "Library" / "Logs" / "t3gui"
    assert paths.cache_dir("darwin") == ana / "Library" / "Caches" / "t3gui"


def test_linux_keeps_logs_in_the_xdg_state_folder(ana: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/install.md: ~/.local/state/t3gui/log, or under $XDG_STATE_HOME when it is set."""
    assert paths.log_dir("linux") == ana / ".local" / "state" / "t3gui" / "log"
    assert paths.cache_dir("linux") == ana / ".cache" / "t3gui"
    monkeypatch.setenv("XDG_STATE_HOME", "/srv/ana/state")
    monkeypatch.setenv("XDG_CACHE_HOME", "/srv/ana/cache")
    assert paths.log_dir("linux") == Path("/srv/ana/state/t3gui/log")
    assert paths.cache_dir("linux") == Path("/srv/ana/cache/t3gui")


def test_this_computer_s_answer_is_its_own_os_s(ana: Path) -> None:
    assert paths.log_dir() == paths.log_dir(sys.platform)
    assert paths.log_dir().parts[-1] in ("Logs", "t3gui", "log") and "t3gui" in paths.log_dir().parts


def test_asking_creates_nothing(ana: Path) -> None:
    paths.log_dir("linux"), paths.log_dir("darwin"), paths.cache_dir("linux")
    assert not ana.exists()  # the folder is made, private, when something is written (private_folder)


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
