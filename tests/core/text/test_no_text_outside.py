"""No English words reach a widget of the app except through its string tables.

Read from the source of every module of t3gui/gui: what is handed to a Qt call that shows text
(a label, a button, a title, a tooltip, an accessible name, a message box...) is never a string
literal or f-string with English words in it, nor one glued to others with ``+``; the words come
from the ``Translator`` (t3gui.core.text.gui), the findings catalog or the server. The checks'
summaries are held to the same rule by tests/checks/test_summaries_keyed.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import t3gui

GUI = Path(t3gui.__file__).parent / "gui"
SHOWS_TEXT = {
    "setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setAccessibleName",
    "setAccessibleDescription", "addItem", "addItems", "setHeaderLabels", "setHorizontalHeaderLabels",
    "setVerticalHeaderLabels", "setTabText", "addTab", "setTitle", "addAction", "addMenu", "setStatusTip",
    "showMessage", "setHtml", "setPlainText", "setLabelText", "setSuffix", "setPrefix", "setSpecialValueText",
    "setWhatsThis", "QLabel", "QPushButton", "QAction", "QCheckBox", "QGroupBox", "QRadioButton", "QMenu",
    "information", "warning", "critical", "question",  # QMessageBox
}
LOGGERS = {"log", "logger", "logging"}  # log lines are for support, in English on purpose
_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
_TAG = re.compile(r"<[^>]*>")


def _words(node: ast.expr) -> int:
    """English words in the literal parts of ``node`` (HTML tags are not words)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return len(_WORD.findall(_TAG.sub(" ", node.value)))
    if isinstance(node, ast.JoinedStr):
        return sum(_words(value) for value in node.values)
    return 0


def _english(node: ast.expr) -> bool:
    """``node`` builds a text with two or more English words in it, on the spot."""
    if isinstance(node, ast.Constant | ast.JoinedStr):
        return _words(node) >= 2
    if isinstance(node, ast.BinOp):
        return _english(node.left) or _english(node.right)
    if isinstance(node, ast.IfExp):
        return _english(node.body) or _english(node.orelse)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_english(item) for item in node.elts)
    return False


def english_shown(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: text`` of every English text handed straight to a call that shows it."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Name) and func.value.id in LOGGERS:
                continue
            name = func.attr
        else:
            name = func.id if isinstance(func, ast.Name) else ""
        if name in SHOWS_TEXT:
            found += [f"{filename}:{arg.lineno}: {ast.unparse(arg)[:100]}" for arg in node.args if _english(arg)]
    return found


def test_the_rule_catches_english_handed_to_a_widget() -> None:
    source = '''
def build(self, tr, n):
    self.label = QLabel("Server name")
    self.button.setText(f"Run {n} checks")
    self.setWindowTitle(tr("app.title") + " - Demo mode")
    self.box.addItems(["Basic checks", tr("tier.choice.auto")])
    self.label.setToolTip(tr("start.target"))
    self.label.setText(f"{n} ms")
    log.warning("cannot open the log folder %s", n)
'''
    found = english_shown(source)
    assert sorted(int(line.split(":")[1]) for line in found) == [3, 4, 5, 6], found


def test_no_widget_of_the_app_is_given_english_built_on_the_spot() -> None:
    modules = sorted(GUI.rglob("*.py"))
    assert len(modules) > 15
    found = [line for path in modules for line in english_shown(path.read_text(encoding="utf-8"), path.name)]
    assert not found, found
