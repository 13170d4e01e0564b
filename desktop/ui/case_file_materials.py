"""卷宗纸质材料: list a case's paper (or scanned) materials with their page counts for the 卷宗.

A small dialog reachable from the case detail's 打印 menu: the list, and a row to add one
material (name, pages, scanned or paper, note). The case file's contents list prints them with
their page ranges; the back cover says 卷内材料齐全 only when the mandatory ones are there.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db.services import case_file_materials as service
from desktop.domain.errors import DomainError

from .appstate import AppState
from .errors import show_error
from .ops import Op
from .widgets import ErrorLabel, ErrorMap, combo_value, text_combo, with_error

# Offered names; any other name may be typed.
COMMON_NAMES = ("权利义务告知书", "当事人身份证明", "授权委托书", "证据材料", "履行凭证", "司法确认材料", "送达回证")


class CaseFileMaterialsDialog(QDialog):
    def __init__(self, state: AppState, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.case_id = case_id
        self.setWindowTitle(self.tr("卷宗纸质材料"))
        self.resize(720, 480)
        lay = QVBoxLayout(self)
        hint = QLabel(self.tr("登记只有纸质原件或扫描件的材料及页数，打印卷宗时列入卷内目录并计入页码。"
                              "权利义务告知书、当事人身份证明为必备材料。"))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("materials")
        self.table.setHorizontalHeaderLabels([self.tr("材料名称"), self.tr("页数"), self.tr("类型"), self.tr("备注")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        lay.addWidget(self.table, 1)

        self.errors = ErrorMap()
        form = QFormLayout()
        self.name = text_combo(COMMON_NAMES, editable=True)
        self.name.setObjectName("materialName")
        self.pages = QSpinBox()
        self.pages.setObjectName("materialPages")
        self.pages.setRange(0, service.MAX_PAGES)
        self.pages.setValue(1)
        self.scanned = QCheckBox(self.tr("扫描件"))
        self.scanned.setObjectName("materialScanned")
        self.note = QLineEdit()
        self.note.setObjectName("materialNote")
        self.note.setMaxLength(100)
        for key, label, widget in (("name", self.tr("材料名称"), self.name), ("pages", self.tr("页数"), self.pages)):
            err = ErrorLabel()
            err.setObjectName(f"{key}Error")
            self.errors.add(key, widget, err)
            form.addRow(label, with_error(widget, err))
        form.addRow("", self.scanned)
        form.addRow(self.tr("备注"), self.note)
        lay.addLayout(form)
        self.message = ErrorLabel()
        self.errors.fallback = self.message
        lay.addWidget(self.message)

        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加"))
        self.add_button.setObjectName("addMaterial")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("删除所选"))
        self.remove_button.setObjectName("removeMaterial")
        self.remove_button.clicked.connect(self.remove)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        self.rows: list[service.MaterialRow] = []
        self.refresh()

    def refresh(self) -> None:
        ctx, case_id = self.state.ctx, self.case_id
        Op(self, lambda: service.materials_of(ctx, case_id)).on_success(self._show).run()

    def _show(self, rows: list[service.MaterialRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            kind = self.tr("扫描件") if r.scanned else self.tr("纸质")
            for j, text in enumerate((r.name, str(r.pages), kind, r.note)):
                self.table.setItem(i, j, QTableWidgetItem(text))

    def add(self) -> None:
        self.errors.clear()
        name, pages = combo_value(self.name), self.pages.value()
        try:
            service.validate(name, pages)  # shown beside the field at once, before any work
        except DomainError as exc:
            self.errors.show(exc)
            return
        ctx, actor, case_id = self.state.ctx, self.state.require_actor(), self.case_id
        scanned, note = self.scanned.isChecked(), self.note.text()

        def done(_row: service.MaterialRow) -> None:
            self.note.clear()
            self.pages.setValue(1)
            self.refresh()

        Op(self, lambda: service.add_material(ctx, actor, case_id, name, pages, scanned, note)).on_success(
            done).on_failure(self._failed).run()

    def remove(self) -> None:
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows):
            self.message.set_error(self.tr("请先在列表中选择一份材料"))
            return
        ctx, actor, material_id = self.state.ctx, self.state.require_actor(), self.rows[index].id
        Op(self, lambda: service.remove_material(ctx, actor, material_id)).on_success(
            lambda _r: self.refresh()).on_failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.errors.show(exc)
        else:
            show_error(self, exc)  # a bug: logged, the standard error dialog (never the exception's text)


def open_dialog(parent: QWidget, state: AppState, case_id: str) -> CaseFileMaterialsDialog:
    dialog = CaseFileMaterialsDialog(state, case_id, parent)
    dialog.show()
    return dialog
