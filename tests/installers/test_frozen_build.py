"""The PyInstaller build of build.spec, frozen and run as users get it (installers/smoke_frozen.sh)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PYINSTALLER = Path(sys.executable).parent / "pyinstaller"


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.skipif(not PYINSTALLER.exists(), reason="PyInstaller is not installed (pip install -e '.[build]')")
def test_the_frozen_folder_serves_diagnoses_and_plays_a_demo(tmp_path: Path) -> None:
    build = subprocess.run([str(PYINSTALLER), "build.spec", "--noconfirm", "--log-level", "WARN",
                            "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "work")],
                           cwd=REPO, capture_output=True, text=True, timeout=800)
    assert build.returncode == 0, build.stderr[-4000:]
    folder = tmp_path / "dist" / "t3gui"
    assert (folder / "t3gui").is_file() and (folder / "t3gui-app").is_file()
    smoke = subprocess.run(["bash", str(REPO / "installers" / "smoke_frozen.sh"), str(folder)],
                           cwd=REPO, capture_output=True, text=True, timeout=300)
    assert smoke.returncode == 0, smoke.stdout[-3000:] + smoke.stderr[-3000:]
    assert smoke.stdout.splitlines()[-1] == "smoke: ok"
    for part in ("work", "dist"):  # about 400 MB that pytest would otherwise keep for three runs
        shutil.rmtree(tmp_path / part, ignore_errors=True)
