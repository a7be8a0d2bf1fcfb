"""The windowed entry (t3gui.cli.windowed): no console on Windows, Finder's -psn_ argument on macOS.

The child processes below start as a windowed build does (no standard streams) on every OS and
write to that OS's own log folder, pointed into the test's folder; on Windows a test also runs
pythonw.exe, which has no console for real.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from t3gui.cli.windowed import CONSOLE_LOG, app_arguments, attach_missing_streams

# A windowed build on Windows starts Python with no standard streams; this child does the same.
WINDOWED_CHILD = """
import sys
sys.stdout = None
sys.stderr = None
sys.argv = ["t3gui-app", *sys.argv[1:]]
from t3gui.cli.windowed import entry
entry()
"""


def private_home_env(folder: Path) -> dict[str, str]:
    """Environment that sends this OS's log folder into ``folder`` (paths.log_dir's own rules)."""
    if sys.platform == "win32":
        # platformdirs asks Windows for the known folder, which LOCALAPPDATA does not move; this does.
        return {**os.environ, "WIN_PD_OVERRIDE_LOCAL_APPDATA": str(folder)}
    if sys.platform == "darwin":
        return {**os.environ, "HOME": str(folder)}
    return {**os.environ, "XDG_STATE_HOME": str(folder)}


def console_log(folder: Path) -> Path:
    if sys.platform == "win32":
        return folder / "t3gui" / "Logs" / CONSOLE_LOG
    if sys.platform == "darwin":
        return folder / "Library" / "Logs" / "t3gui" / CONSOLE_LOG
    return folder / "t3gui" / "log" / CONSOLE_LOG


def run_windowed(args: list[str], state: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WINDOWED_CHILD, *args], capture_output=True, text=True,
                          timeout=60, env=private_home_env(state))


def test_a_usage_error_without_a_console_is_kept_in_the_log_folder(tmp_path: Path) -> None:
    result = run_windowed(["--no-such-option"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == "" and result.stderr == ""  # nothing went to the real streams
    log = console_log(tmp_path).read_text(encoding="utf-8")
    assert "--no-such-option" in log and "Traceback" not in log


def test_a_command_without_a_console_runs_and_prints_to_the_log(tmp_path: Path) -> None:
    result = run_windowed(["lab", "pki", str(tmp_path / "pki"), "--host", "localhost"], tmp_path)
    assert result.returncode == 0, console_log(tmp_path).read_text(encoding="utf-8")
    assert (tmp_path / "pki" / "root-ca.pem").is_file()


def test_each_start_adds_to_the_console_log(tmp_path: Path) -> None:
    for option in ("--first-bad-option", "--second-bad-option"):
        assert run_windowed([option], tmp_path).returncode == 2
    log = console_log(tmp_path).read_text(encoding="utf-8")
    assert log.index("--first-bad-option") < log.index("--second-bad-option")  # appended, never replaced


def test_streams_that_exist_are_left_alone(tmp_path: Path) -> None:
    assert attach_missing_streams(tmp_path) is None
    assert not (tmp_path / "console.log").exists()


def test_only_the_missing_stream_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdout = sys.stdout
    monkeypatch.setattr(sys, "stderr", None)
    path = attach_missing_streams(tmp_path / "logs")
    assert path == tmp_path / "logs" / CONSOLE_LOG
    assert sys.stdout is stdout and sys.stderr is not None
    print("kept for support", file=sys.stderr)
    sys.stderr.close()
    assert path.read_text(encoding="utf-8") == "kept for support\n"


def test_a_log_folder_that_cannot_be_made_leaves_the_streams_missing(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should go")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert attach_missing_streams(blocker / "logs") is None
    assert sys.stdout is None and sys.stderr is None


def test_the_process_serial_number_finder_adds_is_dropped() -> None:
    assert app_arguments(["-psn_0_12345", "--demo"]) == ["--demo"]
    assert app_arguments(["diagnose", "example.org"]) == ["diagnose", "example.org"]
    assert app_arguments(["-psn_0_1", "-psn_0_2"]) == []


def test_a_start_from_finder_with_its_process_serial_number_runs_the_command(tmp_path: Path) -> None:
    # Older macOS Finder starts an app as `t3gui-app -psn_0_NNN`: argparse alone would refuse it.
    result = run_windowed(["-psn_0_4711", "lab", "pki", str(tmp_path / "pki"), "--host", "localhost"], tmp_path)
    assert result.returncode == 0, console_log(tmp_path).read_text(encoding="utf-8")
    assert (tmp_path / "pki" / "server-good.pem").is_file()


@pytest.mark.skipif(sys.platform != "win32", reason="pythonw.exe, a process without a console, is Windows's")
def test_pythonw_without_a_console_keeps_what_it_would_print(tmp_path: Path) -> None:  # pragma: no cover
    pythonw = Path(sys.executable).with_name("pythonw.exe")
    assert pythonw.is_file(), pythonw
    code = "import sys; sys.argv = ['t3gui-app', '--no-such-option']; from t3gui.cli.windowed import entry; entry()"
    # No redirection and no console: the child's standard handles are empty, as in a started t3gui-app.exe.
    result = subprocess.run([str(pythonw), "-c", code], timeout=60, env=private_home_env(tmp_path),
                            creationflags=subprocess.DETACHED_PROCESS)  # type: ignore[attr-defined]
    assert result.returncode == 2
    assert "--no-such-option" in console_log(tmp_path).read_text(encoding="utf-8")
