"""The desktop app: the only package that imports PySide6, qasync and pyqtgraph."""

from __future__ import annotations

import sys

import PySide6.QtCore  # noqa: F401  (loads shibokensupport, tuned below before anything else imports)


def _skip_feature_source_scan() -> None:
    """Stop PySide6 reading the source of every module imported after it.

    To support ``from __feature__ import ...`` PySide6 reads each newly imported
    module's whole source through linecache, which keeps it for good: about
    150,000 lines and 13 MiB when running from source (a frozen build ships no
    sources). t3gui selects no feature, so every module is declared feature-free.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: False  # type: ignore[attr-defined]


_skip_feature_source_scan()
