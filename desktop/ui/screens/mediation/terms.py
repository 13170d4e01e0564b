"""The agreement terms editor of the mediation workspace."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

RED = "#c62828"
AMBER = "#b26a00"
_ERROR_STYLE = f"color: {RED};"
MEDIATION_ENTITIES = {"mediation", "mediation_record", "agreement", "followup", "case"}

class TermsEditor(QWidget):
    """Numbered agreement terms: add, remove, move up and down; each row edited in place."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 1, self)
        self.table.setObjectName("terms")
        self.table.setHorizontalHeaderLabels([self.tr("协议内容")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        self.add_btn = QPushButton(self.tr("添加条款"))
        self.remove_btn = QPushButton(self.tr("删除条款"))
        self.up_btn = QPushButton(self.tr("上移"))
        self.down_btn = QPushButton(self.tr("下移"))
        self.add_btn.clicked.connect(lambda: self.add_term(""))
        self.remove_btn.clicked.connect(self.remove_current)
        self.up_btn.clicked.connect(lambda: self.move_current(-1))
        self.down_btn.clicked.connect(lambda: self.move_current(1))
        buttons = QHBoxLayout()
        for b in (self.add_btn, self.remove_btn, self.up_btn, self.down_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)

    def _renumber(self) -> None:
        self.table.setVerticalHeaderLabels([str(i + 1) for i in range(self.table.rowCount())])

    def add_term(self, text: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(text))
        self._renumber()
        self.table.setCurrentCell(row, 0)
        self.changed.emit()
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._renumber()
            self.changed.emit()

    def move_current(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        a, b = self.term(row), self.term(target)
        self.table.blockSignals(True)
        self.table.setItem(row, 0, QTableWidgetItem(b))
        self.table.setItem(target, 0, QTableWidgetItem(a))
        self.table.blockSignals(False)
        self.table.setCurrentCell(target, 0)
        self.changed.emit()

    def term(self, row: int) -> str:
        item = self.table.item(row, 0)
        return item.text() if item is not None else ""

    def set_term(self, row: int, text: str) -> None:
        self.table.setItem(row, 0, QTableWidgetItem(text))

    def terms(self) -> list[str]:
        return [self.term(r) for r in range(self.table.rowCount())]

    def set_terms(self, terms: list[str]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for t in terms:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(t))
        self._renumber()
        self.table.blockSignals(False)

