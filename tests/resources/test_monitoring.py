"""The operator files in resources/monitoring/: Prometheus's own tools pass them, and the
dashboard is one Grafana imports, asking only for a data source and the servers to show.

Whether every query returns data from a real Prometheus scraping `t3gui monitor` is
tests/monitor/test_prometheus_real.py's part.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.resources.monitoring_files import (
    MONITORING,
    PROMETHEUS_EXAMPLE,
    RULES,
    RULES_TEST,
    SPEC_METRICS,
    SYSTEMD_UNIT,
    PanelQuery,
    alert_names,
    alerts_under_test,
    dashboard,
    missing_prometheus_tool,
    panel_queries,
    recording_rule_names,
)

needs_promtool = pytest.mark.skipif(missing_prometheus_tool("promtool") is not None,
                                    reason=str(missing_prometheus_tool("promtool")))


def promtool(*args: str, cwd: Path = MONITORING) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["promtool", *args], capture_output=True, text=True, timeout=60, cwd=cwd)


@needs_promtool
def test_rules_pass_promtool_check() -> None:
    result = promtool("check", "rules", str(RULES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(alert_names()) + len(recording_rule_names())} rules found" in result.stdout


@needs_promtool
def test_rules_unit_tests_pass() -> None:
    """Each alert fires on the sick series and not on the healthy ones (t3gui-alerts.test.yml)."""
    result = promtool("test", "rules", str(RULES_TEST))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


@needs_promtool
def test_rules_unit_tests_can_fail(tmp_path: Path) -> None:
    """The unit tests notice a broken rule: with ICMP no longer left out of the loss alert, the
    healthy server's filtered ping would page someone, and promtool must say so."""
    broken = RULES.read_text().replace('{series!="icmp"}', "")
    assert broken != RULES.read_text()
    (tmp_path / RULES.name).write_text(broken)
    shutil.copy(RULES_TEST, tmp_path / RULES_TEST.name)
    result = promtool("test", "rules", RULES_TEST.name, cwd=tmp_path)
    assert result.returncode != 0
    assert "T3PacketLossCritical" in result.stdout + result.stderr


def test_every_alert_has_a_unit_test_and_the_issue_s_alerts_exist() -> None:
    names = alert_names()
    assert len(names) == len(set(names))
    assert set(names) == alerts_under_test()
    rules = RULES.read_text()
    # server down, loss over threshold, certificate within 14 days, clock skew beyond 60 s
    assert "t3gui_up == 0" in rules
    assert "t3gui_probes_lost_total" in rules and "> 0.05" in rules and len(recording_rule_names()) == 2
    assert "t3gui_tls_cert_not_after_timestamp_seconds - time() < 14 * 86400" in rules
    assert "abs(t3gui_clock_skew_seconds) > 60" in rules


@needs_promtool
def test_example_prometheus_config_passes_promtool() -> None:
    result = promtool("check", "config", str(PROMETHEUS_EXAMPLE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_dashboard_asks_for_a_data_source_and_the_servers() -> None:
    variables = {v["name"]: v for v in dashboard()["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"
    target = variables["target"]
    assert target["type"] == "query" and target["datasource"]["uid"] == "${datasource}"
    assert target["query"]["query"] == target["definition"] == "label_values(t3gui_up, target)"
    assert target["multi"] and target["includeAll"] and target["allValue"] == ".+"


def test_dashboard_is_importable_grafana_json() -> None:
    """What Grafana's import needs: no fixed id, a stable uid, a schema version, panels on a 24-wide grid
    that do not overlap, and no data source fixed to someone else's Prometheus."""
    doc = dashboard()
    assert doc["id"] is None and doc["uid"] == "t3gui-monitor" and isinstance(doc["schemaVersion"], int)
    panels = doc["panels"]
    assert len({p["id"] for p in panels}) == len(panels)
    cells: set[tuple[int, int]] = set()
    for panel in panels:
        assert panel["type"] in {"stat", "timeseries", "state-timeline"}, panel["title"]
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, panel["title"]
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        mine = {(grid["x"] + dx, grid["y"] + dy) for dx in range(grid["w"]) for dy in range(grid["h"])}
        assert not cells & mine, f"{panel['title']} overlaps another panel"
        cells |= mine
        assert panel["targets"], f"{panel['title']} has no query"
        for target in panel["targets"]:
            assert target["expr"].strip() and target["datasource"]["uid"] == "${datasource}"


def test_dashboard_shows_every_metric_and_filters_by_the_chosen_servers() -> None:
    queries = panel_queries()
    text = "\n".join(q.expr for q in queries)
    for metric in SPEC_METRICS:
        assert metric in text, f"no panel shows {metric}"
    titles = " ".join(p["title"].lower() for p in dashboard()["panels"])
    for shown in ("round-trip", "loss", "up", "certificate", "token", "clock skew", "cpu", "connections"):
        assert shown in titles
    for query in queries:
        selectors = re.findall(r"(t3gui_\w+)(\{[^}]*\})?", query.expr)
        assert selectors, query.panel
        for metric, labels in selectors:
            assert 'target=~"$target"' in labels, f"{query.panel}: {metric} is not filtered by $target"


@needs_promtool
def test_every_dashboard_query_parses(tmp_path: Path) -> None:
    """promtool parses each query as it checks a recording rule (no server needed)."""
    queries = panel_queries()
    rules = ["groups:", "  - name: dashboard", "    rules:"]
    for n, query in enumerate(queries):
        rules += [f"      - record: dashboard:query_{n}", f"        expr: '{query.promql()}'"]
    path = tmp_path / "dashboard-queries.yml"
    path.write_text("\n".join(rules) + "\n")
    result = promtool("check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(queries)} rules found" in result.stdout


def test_every_panel_query_uses_only_variables_the_dashboard_defines() -> None:
    with pytest.raises(AssertionError, match=r"\$unknown"):
        PanelQuery("p", "A", 'up{x=~"$unknown"}').promql()
    for query in panel_queries():
        assert "$" not in query.promql()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_unit_verifies(tmp_path: Path) -> None:
    """systemd-analyze finds no unknown option and no missing program (the unit's /usr/bin/t3gui,
    from the .deb, is this checkout's t3gui here)."""
    t3gui = shutil.which("t3gui") or str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "t3gui")
    unit = SYSTEMD_UNIT.read_text()
    assert "ExecStart=/usr/bin/t3gui monitor " in unit
    for hardening in ("DynamicUser=yes", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict",
                      "CapabilityBoundingSet=\n", "LoadCredential=token:"):
        assert hardening in unit
    copy = tmp_path / SYSTEMD_UNIT.name
    copy.write_text(unit.replace("/usr/bin/t3gui", t3gui))
    result = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout + result.stderr
