"""The memory benchmark's way into the app: diagnose a profile's target, then load and feed a history."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from t3gui.gui import bench_monitor
from t3gui.gui.main_window import MainWindow
from tests.conftest import LabFactory
from tests.gui.conftest import run_until

PROBES = bench_monitor.HOUR_AT_10HZ + 500  # more than one hour: loaded in two pieces


def write_history(folder: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    history = {}
    for k, series in enumerate(("t3_udp", "icmp")):
        t = np.arange(PROBES, dtype=np.float32) / 10
        rtt = (20 + k + (np.arange(PROBES) % 7)).astype(np.float32)
        rtt[::50] = np.nan  # lost probes
        np.save(folder / f"{series}.t.npy", t)
        np.save(folder / f"{series}.rtt.npy", rtt)
        history[series] = (t, rtt)
    return history


def test_the_app_diagnoses_the_profile_then_follows_the_loaded_day_and_feeds_it(
        window: MainWindow, loop: asyncio.AbstractEventLoop, lab: LabFactory, pki: dict[str, Path],
        token: Callable[..., str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history = write_history(tmp_path)
    (tmp_path / "token.jwt").write_text(token(sub="alice") + "\n")

    async def scenario() -> None:
        async with lab(host_load=False) as server:  # the machine's own load would make the verdict "degraded"
            (tmp_path / "profile.toml").write_text(
                f'[target]\nhost = "localhost"\nport = {server.port}\nudp_port = {server.udp_port}\n'
                f'[tls]\nca_file = "{pki["root-ca.pem"]}"\n[auth]\ntoken_file = "token.jwt"\n')
            bench_monitor.start(window, tmp_path)
            page = window.monitor_page
            deadline = loop.time() + 60
            while not (page.rings.keys() == history.keys() and all(r.count > PROBES for r in page.rings.values())):
                assert loop.time() < deadline, "the history was not loaded and fed in time"
                await asyncio.sleep(0.05)

    loop.run_until_complete(scenario())
    assert window.report is not None and window.report.verdict.status.value == "healthy", window.report.verdict
    page = window.monitor_page
    assert window.stack.currentWidget() is page and page.follow and page.redraw_timer.isActive()
    for series, (t, rtt) in history.items():
        times, rtts = page.rings[series].ordered()
        assert np.allclose(times[:PROBES], t, atol=2e-3)  # the ring keeps times to the millisecond
        assert np.array_equal(np.isnan(rtts[:PROBES]), np.isnan(rtt))
        assert np.allclose(rtts[:PROBES][~np.isnan(rtt)], rtt[~np.isnan(rtt)], rtol=1e-3)
        assert times[PROBES] > t[-1]  # fed after the history, on its clock
    run_until(loop, lambda: page.redraws > 0)
    assert capsys.readouterr().out.splitlines()[:2] == ["diagnosed healthy", "monitor loaded 2 series"]


def test_without_a_profile_the_history_is_loaded_at_once(
        window: MainWindow, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    write_history(tmp_path)
    bench_monitor.start(window, tmp_path)
    run_until(loop, lambda: window.stack.currentWidget() is window.monitor_page)
    assert window.report is None
    assert {s: r.count >= PROBES for s, r in window.monitor_page.rings.items()} == {"t3_udp": True, "icmp": True}
