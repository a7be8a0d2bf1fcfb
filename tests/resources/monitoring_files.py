"""The operator files of resources/monitoring/, read the way Grafana and Prometheus read them.

Shared by the checks of the files themselves (test_monitoring.py) and by the test that runs
them against a real Prometheus (tests/monitor/test_prometheus_real.py).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "resources" / "monitoring"
RULES = MONITORING / "t3gui-alerts.yml"
RULES_TEST = MONITORING / "t3gui-alerts.test.yml"
DASHBOARD = MONITORING / "t3gui-dashboard.json"
PROMETHEUS_EXAMPLE = MONITORING / "prometheus.example.yml"
SYSTEMD_UNIT = MONITORING / "t3gui-monitor.service"

# The metrics of ../shared/spec/diagnosis.md, "Monitor": the dashboard shows every one.
SPEC_METRICS = (
    "t3gui_probes_sent_total", "t3gui_probes_lost_total", "t3gui_rtt_seconds", "t3gui_up",
    "t3gui_tls_cert_not_after_timestamp_seconds", "t3gui_token_expiry_timestamp_seconds",
    "t3gui_clock_skew_seconds", "t3gui_server_cpu_ratio", "t3gui_server_connections",
)
_VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)")


def missing_prometheus_tool(name: str) -> str | None:
    """None when ``name`` (prometheus, promtool) is on PATH, else a skip message."""
    if shutil.which(name) is None:
        return f"{name} is not installed (scripts/setup.sh installs Debian's prometheus package)"
    return None


def dashboard() -> dict[str, Any]:
    document = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


@dataclass(frozen=True)
class PanelQuery:
    panel: str
    ref_id: str
    expr: str  # as written, with Grafana's variables

    def promql(self, rate_interval: str = "1m", target: str = ".+") -> str:
        """The query Grafana sends: ``target`` as its "All" value (allValue) unless given."""
        values = {"__rate_interval": rate_interval, "target": target}

        def value(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2)
            if name not in values:
                raise AssertionError(f"panel {self.panel!r} uses ${name}, which no test substitutes")
            return values[name]

        return _VARIABLE.sub(value, self.expr)


def panel_queries() -> list[PanelQuery]:
    return [PanelQuery(panel["title"], target["refId"], target["expr"])
            for panel in dashboard()["panels"] for target in panel.get("targets", [])]


def alert_names(text: str | None = None) -> list[str]:
    """The alerts of t3gui-alerts.yml (a YAML reader is no dependency of t3gui; these lines are ours)."""
    return re.findall(r"^\s*- alert: (\w+)\s*$", text if text is not None else RULES.read_text(), re.MULTILINE)


def recording_rule_names() -> list[str]:
    return re.findall(r"^\s*- record: ([\w:]+)\s*$", RULES.read_text(), re.MULTILINE)


def alerts_under_test() -> set[str]:
    return set(re.findall(r"^\s*alertname: (\w+)\s*$", RULES_TEST.read_text(), re.MULTILINE))
