"""The dialog shown at start-up instead of a traceback when the database file is damaged, empty or foreign:
one sentence saying what is wrong, the backups with date and case count, and a button to restore one.

The damaged file is never overwritten: restoring moves it aside (docs/recovery.md).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.config import Paths
from desktop.db.health import KINDS, BackupInfo, DamagedDatabase

from .ops import Op


def damage_message(exc: BaseException) -> str:
    return exc.message if isinstance(exc, DamagedDatabase) else KINDS["damaged"]


class DamagedDatabaseDialog(QDialog):
    """Lists the backups (newest first, each checked) and restores the chosen good one."""

    def __init__(self, paths: Paths, message: str, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("damaged_database_dialog")
        self.paths = paths
        self.backups = backups
        self.restored: Path | None = None
        self.setWindowTitle(self.tr("数据库文件无法使用"))
        lay = QVBoxLayout(self)
        text = QLabel(message)
        text.setWordWrap(True)
        lay.addWidget(text)
        good = [b for b in backups if b.ok]
        hint = QLabel(self.tr("请选择一份完好的备份恢复（最新的在最上面）。原来的文件会另存在数据文件夹中，不会删除。")
                      if good else self.tr("没有找到完好的备份。请不要删除数据文件夹，联系技术人员。"))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.table = QTableWidget(len(backups), 3)
        self.table.setHorizontalHeaderLabels([self.tr("备份时间"), self.tr("案件数"), self.tr("状态")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, b in enumerate(backups):
            cells = [b.taken_at.strftime("%Y-%m-%d %H:%M"), "" if b.cases is None else str(b.cases),
                     self.tr("完好") if b.ok else self.tr("已损坏")]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if not b.ok:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, col, item)
        lay.addWidget(self.table)
        self.status = QLabel("")
        lay.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("恢复所选备份"))
        self.restore_button.setObjectName("restore_button")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        quit_button = buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.clicked.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        lay.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update)
        if good:
            self.table.selectRow(backups.index(good[0]))
        self._update()
        self.resize(680, 420)  # fits 1024×768 with the window frame

    def selected(self) -> BackupInfo | None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return None
        chosen = self.backups[rows.pop()]
        return chosen if chosen.ok else None

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def restore_selected(self) -> None:
        from desktop.db.backup import restore_database

        chosen = self.selected()
        if chosen is None:
            return
        self.restore_button.setEnabled(False)
        self.status.setText(self.tr("正在恢复…"))
        paths = self.paths

        def done(_saved: Path | None) -> None:
            self.restored = chosen.path
            self.accept()

        def failed(exc: BaseException) -> None:
            from .errors import show_error

            self.status.setText("")
            self._update()
            show_error(self, exc)

        Op(self, lambda: restore_database(chosen.path, paths.database, paths.backups)).on_success(done).on_failure(
            failed).run()
