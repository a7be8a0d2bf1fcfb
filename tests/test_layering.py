"""The core runs without Qt: only t3gui.gui may import PySide6, qasync or pyqtgraph."""

import subprocess
import sys


def test_core_checks_cli_and_lab_load_no_qt() -> None:
    code = (
        "import sys, t3gui.protocol, t3gui.core, t3gui.checks.t3_client, t3gui.cli.main, t3gui.lab.server;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync', 'pyqtgraph')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
