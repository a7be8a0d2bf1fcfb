"""RSS added by each step of the desktop app's start-up, in one process, in the app's order.

Not run by hand: ``bench/bench_imports.py`` starts it as a script by path, so
that the first figure is the bare interpreter (``-m`` would import runpy and the
bench package first). Prints one JSON object a line, then a summary line.

The order follows ``python -X importtime -m t3gui``: t3gui's command line pulls
numpy, asyncio and ssl, then cryptography; the app then imports PySide6, qasync
and the rest of t3gui, dnspython included. pyqtgraph comes with the first page that
draws a plot (the monitor's, here), not with the start page. A library imported by
an earlier step is counted in that step.
"""

from __future__ import annotations

import sys
from collections.abc import Callable


def rss_mib(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as status:  # no import: the first figure is the bare interpreter
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def python_heap_mib() -> tuple[float, float]:
    """(pymalloc arenas, C heap in use by malloc), both in MiB: where Python's own objects live."""
    import ctypes
    import os
    import re
    import tempfile

    with tempfile.TemporaryFile() as out:  # _debugmallocstats writes to the C stderr
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode(errors="replace")
    arenas = re.search(r"(\d+) arenas \* (\d+) bytes/arena", text.replace(",", ""))
    pymalloc = int(arenas[1]) * int(arenas[2]) / 2**20 if arenas else float("nan")

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
            "keepcost")]

    libc = ctypes.CDLL(None)
    if not hasattr(libc, "mallinfo2"):
        return pymalloc, float("nan")
    libc.mallinfo2.restype = MallInfo2
    info = libc.mallinfo2()
    return pymalloc, (info.uordblks + info.hblkhd) / 2**20


def main() -> None:
    figures: list[tuple[str, float]] = [("the interpreter", rss_mib())]
    state: dict[str, object] = {}

    def step(label: str, action: Callable[[], object]) -> None:
        before = rss_mib()
        action()
        figures.append((label, rss_mib() - before))

    def imports(*names: str) -> Callable[[], object]:
        return lambda: [__import__(name) for name in names]

    step("numpy", imports("numpy"))
    step("asyncio and ssl", imports("asyncio", "ssl"))
    step("cryptography (x509, keys, hashes)", imports(
        "cryptography.x509", "cryptography.hazmat.primitives.hashes", "cryptography.hazmat.primitives.serialization",
        "cryptography.hazmat.primitives.asymmetric.ec", "cryptography.hazmat.primitives.asymmetric.rsa",
        "cryptography.hazmat.primitives.asymmetric.ed25519", "cryptography.hazmat.primitives.asymmetric.padding"))
    step("t3gui's command line (the rest of it)", imports("t3gui.cli.main"))
    step("PySide6.QtCore", imports("PySide6.QtCore"))
    step("PySide6.QtGui and QtWidgets", imports("PySide6.QtGui", "PySide6.QtWidgets"))
    step("qasync", imports("qasync"))
    step("t3gui's app modules with dnspython", imports("t3gui.gui.app", "t3gui.gui.main_window"))

    def application() -> None:
        from PySide6.QtWidgets import QApplication  # noqa: TID251 - the app's own start-up, measured

        from t3gui.gui import theme

        app = QApplication([])
        theme.apply(app)
        state["app"] = app

    def build() -> None:
        import tempfile
        from pathlib import Path

        from PySide6.QtCore import QSettings  # noqa: TID251

        from t3gui.gui.main_window import MainWindow
        from t3gui.gui.settings import AppSettings

        settings = AppSettings(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, "en")
        window.resize(1200, 800)
        state["window"] = window

    def show() -> None:
        window: object = state["window"]
        window.show()  # type: ignore[attr-defined]
        state["app"].processEvents()  # type: ignore[attr-defined]
        state["shown_mib"] = rss_mib()

    def monitor_page() -> None:
        window: object = state["window"]
        window.stack.setCurrentWidget(window.monitor_page)  # type: ignore[attr-defined]
        state["app"].processEvents()  # type: ignore[attr-defined]

    step("the QApplication (theme applied)", application)
    step("building the main window", build)
    step("showing it", show)
    step("the monitor page shown (pyqtgraph loaded for it)", monitor_page)
    import json

    for label, mib in figures:
        print(json.dumps({"step": label, "mib": round(mib, 2)}))
    pymalloc, c_heap = python_heap_mib()
    print(json.dumps({"shown_mib": round(float(state["shown_mib"]), 2),  # type: ignore[arg-type]
                      "total_mib": round(rss_mib(), 2), "anonymous_mib": round(rss_mib("RssAnon"), 2),
                      "files_mib": round(rss_mib("RssFile"), 2), "pymalloc_mib": round(pymalloc, 2),
                      "malloc_in_use_mib": round(c_heap, 2), "modules": len(sys.modules)}), flush=True)
    import os

    os._exit(0)  # the figures are out; Qt's teardown of a window built outside run_app is not what is measured


if __name__ == "__main__":
    main()
