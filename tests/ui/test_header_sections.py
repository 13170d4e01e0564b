"""No screen sets the resize mode of a table column that does not exist yet.

QHeaderView.setSectionResizeMode(logicalIndex, mode) on a header without that section reads outside
Qt's section array: PySide6 6.8's aarch64 build segfaults on it (the arm64 bundle's `--smoke` under
qemu, docs/installing.md), while x86-64 happened to survive. Per-column modes belong after setModel."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QHeaderView

from desktop.ui.main_window import MainWindow

from .helpers import settle


@pytest.fixture
def out_of_range(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = QHeaderView.setSectionResizeMode

    def guarded(self: QHeaderView, *args: Any) -> None:
        if len(args) == 2 and isinstance(args[0], int) and not 0 <= args[0] < self.count():
            parent = self.parent()
            calls.append(f"{parent.objectName() if parent else '?'}: column {args[0]} of {self.count()}")
            return  # do not make the undefined call
        original(self, *args)

    monkeypatch.setattr(QHeaderView, "setSectionResizeMode", guarded)
    return calls


def test_every_screen_sets_column_modes_on_existing_columns(
    qtbot: Any, ui_state: Any, out_of_range: list[str]
) -> None:
    win = MainWindow(ui_state)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot)
    for key in win.screen_keys():
        win.show_screen(key)
        settle(qtbot)
    win.open_new_case()
    settle(qtbot)
    for dialog in list(win.open_dialogs()):
        dialog.discard_and_close()
    assert out_of_range == []
