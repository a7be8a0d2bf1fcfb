from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from t3gui.cli.windowed import app_arguments

# A windowed build on Windows starts Python with no standard streams; this child does the same.
WINDOWED_CHILD = """
import sys
sys.stdout = None
sys.stderr = None
sys.argv = ["t3gui-app", *sys.argv[1:]]
from t3gui.cli.windowed import entry
entry()
"""


def run_windowed(args: list[str], state: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_STATE_HOME": str(state)}
    return subprocess.run([sys.executable, "-c", WINDOWED_CHILD, *args], capture_output=True, text=True,
                          timeout=60, env=env)


def test_a_usage_error_without_a_console_is_kept_in_the_log_folder(tmp_path: Path) -> None:
    result = run_windowed(["--no-such-option"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == "" and result.stderr == ""  # nothing went to the real streams
    log_file = tmp_path / "t3gui" / "log" / "console.log"
    log = log_file.read_text()
    assert "--no-such-option" in log and "Traceback" not in log
    assert log_file.stat().st_mode & 0o077 == 0 and log_file.parent.stat().st_mode & 0o077 == 0


def test_a_command_without_a_console_runs_and_prints_to_the_log(tmp_path: Path) -> None:
    result = run_windowed(["lab", "pki", str(tmp_path / "pki"), "--host", "localhost"], tmp_path)
    assert result.returncode == 0, (tmp_path / "t3gui" / "log" / "console.log").read_text()
    assert (tmp_path / "pki" / "root-ca.pem").is_file()


def test_streams_that_exist_are_left_alone(tmp_path: Path) -> None:
    from t3gui.cli.windowed import attach_missing_streams

    assert attach_missing_streams(tmp_path) is None
    assert not (tmp_path / "console.log").exists()


def test_the_process_serial_number_finder_adds_is_dropped() -> None:
    assert app_arguments(["-psn_0_12345", "--demo"]) == ["--demo"]
    assert app_arguments(["diagnose", "example.org"]) == ["diagnose", "example.org"]
