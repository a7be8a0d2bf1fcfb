"""One PyInstaller build of build.spec for every installer test of a session.

CI builds the folder before the tests and names it in T3GUI_FROZEN_DIST, so the
suite freezes nothing twice; without it the first test that asks builds it here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = Path(sys.executable).parent
PYINSTALLER = SCRIPTS / ("pyinstaller.exe" if sys.platform == "win32" else "pyinstaller")
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def has_both_executables(folder: Path) -> bool:
    return all((folder / f"{name}{EXE_SUFFIX}").is_file() for name in ("t3gui", "t3gui-app"))


@pytest.fixture(scope="session")
def frozen_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    given = os.environ.get("T3GUI_FROZEN_DIST")
    if given:
        folder = (REPO / given).resolve()
        if not has_both_executables(folder):
            pytest.fail(f"T3GUI_FROZEN_DIST={given} holds no frozen t3gui and t3gui-app")
        yield folder
        return
    if not PYINSTALLER.exists():
        pytest.skip("PyInstaller is not installed (pip install -e '.[build]')")
    root = tmp_path_factory.mktemp("frozen")
    build = subprocess.run([str(PYINSTALLER), "build.spec", "--noconfirm", "--log-level", "WARN",
                            "--distpath", str(root / "dist"), "--workpath", str(root / "work")],
                           cwd=REPO, capture_output=True, text=True, timeout=800)
    assert build.returncode == 0, build.stderr[-4000:]
    folder = root / "dist" / "t3gui"
    assert has_both_executables(folder)
    yield folder
    shutil.rmtree(root, ignore_errors=True)  # about 400 MB that pytest would otherwise keep for three runs
