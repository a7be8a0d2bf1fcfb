"""Write the app icon for the executables and installers: resources/icons/t3gui.{ico,icns,png}.

Run after changing t3gui/gui/app_icon.py:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    from t3gui.gui.app_icon import icns_bytes, ico_bytes, icon_image, png_bytes

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "t3gui.ico").write_bytes(ico_bytes())
    (ICONS / "t3gui.icns").write_bytes(icns_bytes())
    (ICONS / "t3gui.png").write_bytes(png_bytes(icon_image(512)))
    for name in ("t3gui.ico", "t3gui.icns", "t3gui.png"):
        print(f"{ICONS / name}  {(ICONS / name).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
