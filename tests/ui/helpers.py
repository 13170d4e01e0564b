"""Helpers for driving real widgets: Chinese text goes in as input-method commits (keyClicks with
non-ASCII aborts the interpreter), and waiting for the Op worker."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from desktop.ui import ops


def type_text(widget: QWidget, text: str, replace: bool = True) -> None:
    """Type `text` into a line edit, text edit or editable combo as an input method would commit it."""
    target = widget.lineEdit() if isinstance(widget, QComboBox) and widget.isEditable() else widget
    assert target is not None
    target.setFocus()
    if replace:
        select_all = getattr(target, "selectAll", None)
        if select_all is not None:
            select_all()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


def settle(qtbot: object, rounds: int = 4) -> None:
    """Let queued DB work finish and its callbacks run (and the change bus flush)."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(rounds):
        ops.wait_idle()
        app.processEvents()
