"""Settings in the platform's place (registry, plist, ini): never a token or a key."""

from __future__ import annotations

import dataclasses
import json

from PySide6.QtCore import QByteArray, QSettings

from t3gui.core.thresholds import Thresholds

MAX_RECENT = 10
# Settings may hold only these keys; a test checks that nothing secret is ever written.
ALLOWED_KEYS = frozenset({"recent_targets", "language", "geometry", "tier", "ca_file", "client_cert",
                          "client_key", "monitor_interval_s", "thresholds", "theme"})


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.qs = settings or QSettings("t3gui", "t3gui")

    def _set(self, key: str, value: object) -> None:
        assert key in ALLOWED_KEYS, key
        self.qs.setValue(key, value)

    @property
    def recent_targets(self) -> list[str]:
        value = self.qs.value("recent_targets", [])
        return [str(v) for v in (value if isinstance(value, list) else [value] if value else [])]

    def remember_target(self, target: str) -> None:
        recent = [target] + [t for t in self.recent_targets if t != target]
        self._set("recent_targets", recent[:MAX_RECENT])

    @property
    def language(self) -> str | None:
        value = self.qs.value("language")
        return str(value) if value else None

    @language.setter
    def language(self, value: str) -> None:
        self._set("language", value)

    @property
    def theme(self) -> str:
        """"system", "light" or "dark"; anything else (a damaged setting) follows the system."""
        value = str(self.qs.value("theme", "") or "")
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("theme", value)

    @property
    def geometry(self) -> QByteArray | None:
        value = self.qs.value("geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("geometry", value)

    @property
    def thresholds(self) -> Thresholds:
        raw = self.qs.value("thresholds", "")
        try:
            values = json.loads(str(raw)) if raw else {}
            known = {f.name for f in dataclasses.fields(Thresholds)}
            return Thresholds(**{k: float(v) for k, v in values.items() if k in known})
        except (ValueError, TypeError, AttributeError):
            return Thresholds()  # a damaged setting falls back to the contract's defaults

    @thresholds.setter
    def thresholds(self, value: Thresholds) -> None:
        self._set("thresholds", json.dumps(dataclasses.asdict(value)))

    def text(self, key: str) -> str:
        value = self.qs.value(key, "")
        return str(value) if value else ""

    def set_text(self, key: str, value: str) -> None:
        self._set(key, value)

    def sync(self) -> None:
        self.qs.sync()
