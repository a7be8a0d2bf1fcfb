"""Qt's own words (the file dialog's "Cancel", a message box's "OK", a line edit's menu) in the
language the window speaks, from the translations PySide6 ships (the frozen app keeps the zh_CN ones:
installers/bundle_trim.py KEPT_TRANSLATIONS). English needs none."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

CATALOGS = {"zh_CN": ("qtbase_zh_CN",)}


class QtLanguage:
    """The translators installed for the window's language; a new language replaces them."""

    def __init__(self) -> None:
        self.installed: list[QTranslator] = []
        self.language = "en"

    def use(self, language: str) -> bool:
        """Qt speaks ``language`` from now on; False when its catalog is not where Qt keeps them."""
        app = QCoreApplication.instance()
        if app is None:
            return False
        for translator in self.installed:
            app.removeTranslator(translator)
        self.installed.clear()
        self.language = language
        found = True
        for catalog in CATALOGS.get(language, ()):
            translator = QTranslator(app)
            if any(translator.load(catalog, folder) for folder in _folders()):
                app.installTranslator(translator)
                self.installed.append(translator)
            else:
                found = False
        return found


def _folders() -> list[str]:
    """Where Qt says its translations are, then where the PySide6 wheel (and the frozen app) keeps them."""
    import PySide6

    return [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            str(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")]


QT_LANGUAGE = QtLanguage()  # one per process, as the QApplication is
