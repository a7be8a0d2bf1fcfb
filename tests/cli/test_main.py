from __future__ import annotations

from pathlib import Path

import pytest

from t3gui.cli import lab_commands, main


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main.main(["--help"])
    out = capsys.readouterr().out
    assert "diagnose" in out and "lab" in out and "--demo" in out


def test_internal_error_writes_a_crash_log_and_exits_3(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))

    def broken(_: object) -> int:
        raise RuntimeError("a bug in t3gui")

    monkeypatch.setattr(lab_commands, "run_pki", broken)
    assert main.main(["lab", "pki", str(tmp_path / "x")]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "internal error (RuntimeError)" in err
    log = Path(err.rsplit(" ", 1)[1])
    assert log.parent == tmp_path / "t3gui" / "log"
    assert "a bug in t3gui" in log.read_text()


def test_internal_error_line_in_the_system_language(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")

    def broken(_: object) -> int:
        raise RuntimeError("a bug in t3gui")

    monkeypatch.setattr(lab_commands, "run_pki", broken)
    assert main.main(["lab", "pki", str(tmp_path / "x")]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("t3gui: 内部错误（RuntimeError）；详细信息已写入 "), err
    assert "a bug in t3gui" in Path(err[0].rsplit(" ", 1)[1]).read_text()


def test_a_usage_line_stderr_cannot_show_is_said_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Windows console redirected to a file in a Western code page cannot hold Chinese: English, not a crash."""
    import io
    import sys

    narrow = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr(sys, "stderr", narrow)
    assert main.main(["diagnose", "bad_host!.example", "--lang", "zh_CN"]) == 2
    narrow.seek(0)
    assert narrow.read() == "t3gui: 'bad_host!.example' is not a valid host name (bad label 'bad_host!')\n"


def test_no_display_is_one_sentence_not_a_qt_abort() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "t3gui"], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "t3gui: no display to open the window on (set DISPLAY, run under Xvfb as scripts/demo.sh does, "
        "or use `t3gui diagnose` on the command line)"]
    chinese = subprocess.run([sys.executable, "-m", "t3gui"], capture_output=True, text=True, timeout=60,
                             env={**env, "LC_MESSAGES": "zh_CN.UTF-8"})
    assert chinese.returncode == 2 and chinese.stderr.startswith("t3gui: 没有可以打开窗口的显示器"), chinese.stderr
    assert len(chinese.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("argv", "message"), [
    (["--scenario", "cert-expired"], "--scenario plays a demo scenario; add --demo"),
    (["--demo", "--scenario", "no-such"], "unknown scenario 'no-such'"),
])
def test_a_demo_scenario_needs_demo_and_a_known_name(argv: list[str], message: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
