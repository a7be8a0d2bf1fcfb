"""build.spec builds a one-folder app here, and the frozen app serves."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_pyinstaller_build_and_frozen_smoke(tmp_path: Path) -> None:
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    if not pyinstaller.exists():
        pytest.skip("PyInstaller is not installed (the 'build' extra)")
    build = subprocess.run(
        [str(pyinstaller), "build.spec", "--noconfirm", "--distpath", str(tmp_path / "dist"),
         "--workpath", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=540)
    assert build.returncode == 0, build.stderr[-3000:]
    smoke = subprocess.run(["bash", "installers/smoke_frozen.sh", str(tmp_path / "dist" / "t3gui")],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert "smoke: ok" in smoke.stdout
    shutil.rmtree(tmp_path / "work", ignore_errors=True)
