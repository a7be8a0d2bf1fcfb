"""The PyInstaller build of build.spec, frozen and run as users get it (installers/smoke_frozen.sh, .ps1 on Windows)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_frozen_folder_serves_diagnoses_and_plays_a_demo(frozen_folder: Path) -> None:
    if sys.platform == "win32":
        command = ["pwsh", "-NoProfile", "-File", str(REPO / "installers" / "smoke_frozen.ps1"),
                   "-Dist", str(frozen_folder), "-Python", sys.executable]
    else:
        command = ["bash", str(REPO / "installers" / "smoke_frozen.sh"), str(frozen_folder)]
    smoke = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300,
                           env={**os.environ, "PYTHON": sys.executable})
    assert smoke.returncode == 0, smoke.stdout[-3000:] + smoke.stderr[-3000:]
    assert smoke.stdout.splitlines()[-1] == "smoke: ok"
