"""Help-desk profiles (TOML): target, ports, CA, expected issuer, token location, thresholds.

Paths in a profile are relative to the profile's own folder. Unknown keys are
refused by name, so a typo never silently does nothing.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from t3gui.core.text.words import Foreign, KeyedError, os_reason
from t3gui.core.thresholds import Thresholds


class ProfileError(KeyedError, ValueError):
    """The profile cannot be used; the sentence (a ``profile.`` key of t3gui.core.text.profile) names
    the file and the problem."""


SECTIONS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "target": {"host": str, "port": int, "udp_port": int, "server_name": str, "resolve": list},
    "tls": {"ca_file": str, "expected_issuer": str, "client_cert": str, "client_key": str},
    "auth": {"token_file": str, "audience": str, "issuer": str},
    "diagnosis": {"tier": str, "timeout_s": (int, float), "dns_server": str, "language": str,
                  "probes": int, "stop_early": bool},
    "thresholds": {f.name: (int, float) for f in dataclasses.fields(Thresholds)},
    "bundle": {"recipient": str, "pseudonymize": bool},
}


@dataclass(frozen=True)
class Profile:
    path: Path
    values: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, section: str, key: str) -> Any:
        return self.values.get(section, {}).get(key)

    def path_value(self, section: str, key: str) -> Path | None:
        value = self.get(section, key)
        if value is None:
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.path.parent / path

    def thresholds(self) -> Thresholds:
        return Thresholds(**{k: float(v) for k, v in self.values.get("thresholds", {}).items()})


def load_profile(path: Path) -> Profile:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError("profile.unreadable", path=path, reason=os_reason(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError("profile.not_toml", path=path, detail=Foreign(str(exc))) from None
    values: dict[str, dict[str, Any]] = {}
    for section, table in doc.items():
        if section not in SECTIONS or not isinstance(table, dict):
            raise ProfileError("profile.section", path=path, section=section)
        for key, value in table.items():
            kind = SECTIONS[section].get(key)
            if kind is None:
                raise ProfileError("profile.key", path=path, section=section, key=key)
            if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
                raise ProfileError("profile.type", path=path, section=section, key=key)
        values[section] = dict(table)
    return Profile(path, values)
