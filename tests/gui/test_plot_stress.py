"""Guards the PySide6 pin: repaint a live plot 100 000 times offscreen.

PySide6 6.12.0 on Python 3.11 drops a reference to None in void QPainter
calls and aborts the process (Fatal Python error: none_dealloc) within
seconds of live plotting. The repaints run in a child process so that an
abort shows as a failed test, not as a dead test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

REPAINTS = 100_000

CHILD = textwrap.dedent(
    """
    import sys
    import numpy as np
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication([])
    plot = pg.PlotWidget()
    plot.resize(320, 200)
    curve = plot.plot(pen="y")
    plot.show()
    x = np.arange(600, dtype=float)
    rng = np.random.default_rng(1)
    n = int(sys.argv[1])
    for i in range(n):
        curve.setData(x, rng.random(600) * 50 + (i % 100))
        plot.viewport().repaint()
        if i % 500 == 0:
            app.processEvents()
    print("repaints", n)
    """
)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_live_plot_survives_many_repaints() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", CHILD, str(REPAINTS)], capture_output=True, text=True,
                            timeout=880, env=env)
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-2000:]}"
    assert f"repaints {REPAINTS}" in result.stdout
