"""Per-user places for logs, caches and settings, as each OS expects them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "t3gui"


def _home() -> Path:
    return Path(os.path.expanduser("~"))


def log_dir(platform: str = sys.platform, env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    if platform == "win32":
        base = env.get("LOCALAPPDATA") or str(_home() / "AppData" / "Local")
        return Path(base) / APP / "Logs"
    if platform == "darwin":
        return _home() / "Library" / "Logs" / APP
    return Path(env.get("XDG_STATE_HOME") or _home() / ".local" / "state") / APP / "log"


def cache_dir(platform: str = sys.platform, env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    if platform == "win32":
        base = env.get("LOCALAPPDATA") or str(_home() / "AppData" / "Local")
        return Path(base) / APP / "Cache"
    if platform == "darwin":
        return _home() / "Library" / "Caches" / APP
    return Path(env.get("XDG_CACHE_HOME") or _home() / ".cache") / APP
