"""The Debian package (installers/build_deb.sh) from the frozen folder: installed for real with dpkg -i,
run from /usr/bin as users run it (installers/deb_smoke.sh), then removed without a trace."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from t3gui import __version__

REPO = Path(__file__).resolve().parents[2]


def t3gui_package_installed() -> bool:
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "t3gui"], capture_output=True, text=True)
    return "installed" in status.stdout and "not-installed" not in status.stdout


def cannot_run() -> str | None:
    if not sys.platform.startswith("linux"):
        return "the .deb is built and installed on Debian or Ubuntu only"
    missing = [tool for tool in ("dpkg", "dpkg-deb", "dpkg-shlibdeps", "dpkg-query") if shutil.which(tool) is None]
    if missing:
        return f"needs {', '.join(missing)} (Debian: apt-get install dpkg-dev)"
    if os.geteuid() != 0:
        return "dpkg -i needs root"
    if t3gui_package_installed():
        return "a t3gui package is installed on this machine; the test will not replace it"
    return None


pytestmark = [pytest.mark.slow, pytest.mark.skipif(cannot_run() is not None, reason=str(cannot_run()))]


def field(deb: Path, name: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.timeout(900)
def test_the_deb_installs_runs_from_usr_bin_and_leaves_nothing_when_removed(frozen_folder: Path,
                                                                             tmp_path: Path) -> None:
    build = subprocess.run(["bash", "installers/build_deb.sh", "--dist", str(frozen_folder), "--out", str(tmp_path),
                            "--fast"], cwd=REPO, capture_output=True, text=True, timeout=400)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-4000:]
    (deb,) = tmp_path.glob("t3gui_*.deb")
    assert field(deb, "Package") == "t3gui"
    assert field(deb, "Version") == __version__.replace("rc", "~rc")
    depends = {entry.split()[0] for entry in field(deb, "Depends").split(", ")}
    # What the folder links from the system instead of carrying it: C and C++ runtimes, X11, OpenSSL.
    assert {"libc6", "libxcb-cursor0", "libxkbcommon-x11-0", "libfontconfig1"} <= depends, depends
    assert any(name.startswith("libssl3") for name in depends), depends
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    for entry in ("./opt/t3gui/t3gui", "./opt/t3gui/t3gui-app", "./usr/bin/t3gui -> /opt/t3gui/t3gui",
                  "./usr/bin/t3gui-app -> /opt/t3gui/t3gui-app", "./usr/share/applications/t3gui.desktop",
                  "./usr/share/icons/hicolor/512x512/apps/t3gui.png"):
        assert entry in listing, entry
    try:
        smoke = subprocess.run(["bash", "installers/deb_smoke.sh", str(deb)], cwd=REPO, capture_output=True,
                               text=True, timeout=400)
        assert smoke.returncode == 0, smoke.stdout[-3000:] + smoke.stderr[-3000:]
        assert smoke.stdout.splitlines()[-1] == "deb_smoke: ok"
    finally:
        if t3gui_package_installed():  # deb_smoke.sh removes it even when it fails; this covers a kill
            subprocess.run(["dpkg", "-r", "t3gui"], capture_output=True, timeout=120)
    assert not Path("/opt/t3gui").exists() and not Path("/usr/bin/t3gui").is_symlink()
