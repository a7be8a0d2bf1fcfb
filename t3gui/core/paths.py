"""Per-user folders for logs and caches, as each OS expects them, and private files in them.

The folders are platformdirs' (Windows' known folders, Apple's Library, the XDG
base directories); the settings are Qt's (QSettings, t3gui.gui.settings).

Logs, crash logs, bundles and pseudonym maps name the customer's hosts and
users, so they are created readable by their owner only, in one step: a file
created world-readable and chmod'ed afterwards can be opened in between, and
an existing name (a symbolic link planted by another user) is never followed.
On Windows the per-user profile folder's ACL does what the modes do on POSIX.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import tempfile
from pathlib import Path

from platformdirs.api import PlatformDirsABC

APP = "t3gui"
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_POSIX = os.name == "posix"
# O_BINARY: Windows would otherwise translate newlines; O_CLOEXEC: a child process never inherits the file.
_CREATE = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _folders(platform: str) -> PlatformDirsABC:
    """platformdirs' answers for ``platform`` (its own class per OS, so any OS's can be asked for)."""
    folders: type[PlatformDirsABC]
    if platform == "win32":
        from platformdirs.windows import Windows as folders
    elif platform == "darwin":
        from platformdirs.macos import MacOS as folders
    else:
        from platformdirs.unix import Unix as folders
    # appauthor=False: %LOCALAPPDATA%\t3gui, not %LOCALAPPDATA%\t3gui\t3gui.
    return folders(APP, appauthor=False)


def log_dir(platform: str = sys.platform) -> Path:
    """Logs and crash reports: %LOCALAPPDATA%\\t3gui\\Logs, ~/Library/Logs/t3gui, $XDG_STATE_HOME/t3gui/log."""
    return Path(_folders(platform).user_log_dir)


def cache_dir(platform: str = sys.platform) -> Path:
    """What can be made again (the demo's certificates): ...\\t3gui\\Cache, ~/Library/Caches/t3gui, ~/.cache/t3gui."""
    return Path(_folders(platform).user_cache_dir)


def private_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) with the folder itself readable by its owner only; an
    existing folder of ours that others can read is tightened, one of someone else's left alone."""
    os.makedirs(path, mode=PRIVATE_DIR, exist_ok=True)  # the mode applies to the last folder only
    if _POSIX:
        info = os.stat(path)
        if info.st_uid == os.geteuid() and info.st_mode & 0o077:
            os.chmod(path, PRIVATE_DIR)
    return path


def create_private(path: Path, data: bytes) -> None:
    """Write a new file readable by its owner only; FileExistsError if the name is taken (by
    anything, a dangling symbolic link included), which nothing here ever overwrites."""
    fd = os.open(path, _CREATE, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def replace_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by its owner only, replacing what is there (a file or a
    symbolic link, never the link's target): written under a unique name beside it, then renamed,
    so a reader never sees half a file and Save over an earlier file works."""
    for _attempt in range(100):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            create_private(temp, data)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"no free temporary name beside {path}")
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def private_temp_file(prefix: str, suffix: str, data: bytes) -> Path:
    """The last resort for a file with nowhere else to go: a name nobody can guess in the temp folder."""
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix)  # O_EXCL, mode 0600, random name
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def open_private_append(path: Path) -> int:
    """A descriptor appending to ``path``, created readable by its owner only if it is new."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags, PRIVATE_FILE)
