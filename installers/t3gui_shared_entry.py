"""Entry script of the Linux build's one executable, `t3gui`; `t3gui-app` is a link to it (build.spec).

Each PyInstaller executable carries its own archive of every Python module (7.7 MB). On
Linux the console and the windowed build are the same program, so one executable serves
both, choosing by the name it was started as: t3gui.cli.windowed.entry for the desktop
app (as installers/t3gui_app_entry.py), t3gui.cli.main.entry otherwise (t3gui_entry.py).
"""

import os
import sys

APP_NAME = "t3gui-app"


def started_as_app(argv0: str) -> bool:
    return os.path.basename(argv0) == APP_NAME


if __name__ == "__main__":
    if started_as_app(sys.argv[0] if sys.argv else ""):
        from t3gui.cli.windowed import entry
    else:
        from t3gui.cli.main import entry
    entry()
