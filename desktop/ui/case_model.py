"""The case list model: pages of 100 rows fetched on demand from SQLite (keyset paging) via the Op runner."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from desktop.db import queries
from desktop.db.engine import Database
from desktop.db.types import utcnow
from desktop.domain.deadlines import deadline_state
from desktop.domain.enums import OPEN_STATUSES, CaseStatus, Channel, RiskLevel, SyncState

from .ops import Op
from .widgets import fmt_dt

PAGE = 100
COUNT_CAP = 100_000
OPEN_VALUES = {s.value for s in OPEN_STATUSES}
OVERDUE_BG = QColor("#fde2e1")
OVERDUE_FG = QColor("#b00020")
DUE_SOON_BG = QColor("#fff1c9")
SYNC_FG = {"queued": QColor("#8a6d00"), "rejected": QColor("#b00020"), "conflict": QColor("#b00020")}

COLUMNS = ("编号", "登记时间", "当事人", "身份证号", "类别", "渠道", "村（社区）", "状态", "风险", "期限", "承办", "同步")
_Index = QModelIndex | QPersistentModelIndex


def _label(enum_cls: Any, value: str) -> str:
    try:
        return str(enum_cls(value).label)
    except ValueError:
        return value


class CaseTableModel(QAbstractTableModel):
    """Never holds more than the pages scrolled to; a new filter starts a new generation of pages."""

    loading_changed = Signal(bool)
    count_changed = Signal(int, bool)  # total (capped), capped?
    page_loaded = Signal(int)  # rows now loaded

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.filter = queries.CaseFilter()
        self.rows: list[queries.CaseRow] = []
        self._next: tuple[Any, str] | None = None
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self._widget = parent
        self.now = utcnow()

    # filter / reload
    def set_filter(self, f: queries.CaseFilter) -> None:
        self.filter = f
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self._next = None
        self._exhausted = False
        self._loading = False
        self.endResetModel()
        self.now = utcnow()
        self._fetch_page(first=True)
        self._count()

    def _count(self) -> None:
        gen, db, f = self._generation, self.db, self.filter

        def work() -> int:
            with db.read() as s:
                return queries.count_cases(s, f, cap=COUNT_CAP)

        def done(n: int) -> None:
            if gen == self._generation:
                self.count_changed.emit(min(n, COUNT_CAP), n > COUNT_CAP)

        Op(self._widget, work).on_success(done).run()

    def _fetch_page(self, first: bool = False) -> None:
        if self._loading or self._exhausted:
            return
        self._loading = True
        self.loading_changed.emit(True)
        gen, db, f, after, now = self._generation, self.db, self.filter, self._next, self.now

        def work() -> tuple[list[queries.CaseRow], tuple[Any, str] | None]:
            with db.read() as s:
                return queries.list_cases(s, f, after=after, limit=PAGE, now=now)

        def done(result: tuple[list[queries.CaseRow], tuple[Any, str] | None]) -> None:
            if gen != self._generation:
                return  # a newer filter replaced this page's list
            rows, nxt = result
            self._loading = False
            self.loading_changed.emit(False)
            self._next = nxt
            self._exhausted = nxt is None
            if rows:
                start = len(self.rows)
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self.rows.extend(rows)
                self.endInsertRows()
            self.page_loaded.emit(len(self.rows))

        def failed(exc: BaseException) -> None:
            if gen == self._generation:
                self._loading = False
                self._exhausted = True
                self.loading_changed.emit(False)
            from .errors import show_error

            show_error(self._widget, exc)

        Op(self._widget, work).on_success(done).on_failure(failed).run()

    # Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: _Index) -> None:
        if not parent.isValid():
            self._fetch_page()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def row_state(self, row: queries.CaseRow) -> str:
        return deadline_state(row.deadline_at, self.now, row.status in OPEN_VALUES)

    def case_id(self, row: int) -> str:
        return self.rows[row].id

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        if role == Qt.ItemDataRole.BackgroundRole:
            st = self.row_state(r)
            if st == "overdue":
                return QBrush(OVERDUE_BG)
            if st == "due_soon":
                return QBrush(DUE_SOON_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 11 and r.sync_state in SYNC_FG:
                return QBrush(SYNC_FG[r.sync_state])
            if self.row_state(r) == "overdue":
                return QBrush(OVERDUE_FG)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 9:
                st = self.row_state(r)
                return {"overdue": self.tr("已超期"), "due_soon": self.tr("3天内到期")}.get(st)
            if col in (2, 4):
                return r.summary
        return None

    def _display(self, r: queries.CaseRow, col: int) -> str:
        if col == 0:
            return r.number
        if col == 1:
            return fmt_dt(r.registered_at)
        if col == 2:
            return r.party_names
        if col == 3:
            return r.masked_id
        if col == 4:
            return r.category
        if col == 5:
            return _label(Channel, r.channel)
        if col == 6:
            return r.village
        if col == 7:
            return _label(CaseStatus, r.status)
        if col == 8:
            return _label(RiskLevel, r.risk_level)
        if col == 9:
            text = fmt_dt(r.deadline_at)
            st = self.row_state(r)
            if st == "overdue":
                text = self.tr("超期 ") + text
            return text
        if col == 10:
            return r.assignee
        if col == 11:
            return _label(SyncState, r.sync_state)
        return ""

    def with_sort(self, sort: str) -> None:
        self.set_filter(replace(self.filter, sort=sort))

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted


def parse_local_day(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%d").astimezone()
    except ValueError:
        return None
