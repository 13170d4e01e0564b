"""The case list model: pages of 100 rows fetched on demand from SQLite (keyset paging) via the Op runner.

Rows are stored as QStandardItems so that painting never calls into Python: a Python `data()` is asked
~8 roles per visible cell on every repaint, which costs tens of milliseconds per frame. Only the pages
scrolled to are ever held.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QWidget

from desktop.db import queries
from desktop.db.engine import Database
from desktop.db.types import utcnow
from desktop.domain.deadlines import deadline_state
from desktop.domain.enums import OPEN_STATUSES, CaseStatus, Channel, RiskLevel, SyncState

from .ops import Op
from .widgets import AMBER, RED, fmt_dt

PAGE = 100
CHUNK = 50  # rows inserted per event-loop turn
COUNT_CAP = 100_000
OPEN_VALUES = {s.value for s in OPEN_STATUSES}
OVERDUE_BG = QColor("#fde2e1")
OVERDUE_FG = QColor(RED)
DUE_SOON_BG = QColor("#fff1c9")
SYNC_FG = {"queued": QColor(AMBER), "rejected": QColor(RED), "conflict": QColor(RED)}
_BG = {"overdue": QBrush(OVERDUE_BG), "due_soon": QBrush(DUE_SOON_BG)}
_OVERDUE_FG = QBrush(OVERDUE_FG)
_SYNC_FG = {k: QBrush(v) for k, v in SYNC_FG.items()}

# (key, header): the columns a clerk scans first come first (deadline before the masked ID number).
COLUMN_KEYS = (("number", "编号"), ("registered", "登记时间"), ("parties", "当事人"), ("category", "类别"),
               ("status", "状态"), ("deadline", "期限"), ("risk", "风险"), ("channel", "渠道"), ("village", "村（社区）"),
               ("id", "身份证号"), ("assignee", "承办"), ("sync", "同步"))
COLUMNS = tuple(h for _, h in COLUMN_KEYS)
COL = {k: i for i, (k, _) in enumerate(COLUMN_KEYS)}
SYNC_COLUMN = COL["sync"]
DEADLINE_COLUMN = COL["deadline"]
_Index = QModelIndex | QPersistentModelIndex


def _label(enum_cls: Any, value: str) -> str:
    try:
        return str(enum_cls(value).label)
    except ValueError:
        return value


class CaseTableModel(QStandardItemModel):
    """A new filter starts a new generation of pages; results of an older generation are dropped."""

    loading_changed = Signal(bool)
    count_changed = Signal(int, bool)  # total (capped), capped?
    page_loaded = Signal(int)  # rows now loaded

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.db = db
        self.filter = queries.CaseFilter()
        self.rows: list[queries.CaseRow] = []
        self._next: tuple[Any, str] | None = None
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self._widget = parent
        self.now = utcnow()
        self.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])

    # filter / reload
    def set_filter(self, f: queries.CaseFilter) -> None:
        self.filter = f
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.rows = []
        self.setRowCount(0)
        self._next = None
        self._exhausted = False
        self._loading = False
        self.now = utcnow()
        self._fetch_page()
        self._count()

    def _count(self) -> None:
        gen, db, f = self._generation, self.db, self.filter

        def work() -> int:
            if gen != self._generation:
                return -1  # the filter changed while this waited in the queue: skip the query
            with db.read() as s:
                return queries.count_cases(s, f, cap=COUNT_CAP)

        def done(n: int) -> None:
            if gen == self._generation:
                self.count_changed.emit(min(n, COUNT_CAP), n > COUNT_CAP)

        Op(self._widget, work).on_success(done).run()

    def _fetch_page(self) -> None:
        if self._loading or self._exhausted:
            return
        self._loading = True
        self.loading_changed.emit(True)
        gen, db, f, after, now = self._generation, self.db, self.filter, self._next, self.now

        def work() -> tuple[list[queries.CaseRow], tuple[Any, str] | None]:
            if gen != self._generation:
                return [], None  # superseded before it started (fast typing, several filter clicks)
            with db.read() as s:
                return queries.list_cases(s, f, after=after, limit=PAGE, now=now)

        def done(result: tuple[list[queries.CaseRow], tuple[Any, str] | None]) -> None:
            if gen != self._generation:
                return  # a newer filter replaced this list
            rows, nxt = result
            self._next = nxt
            self._insert_chunks(gen, rows, nxt is None)

        def failed(exc: BaseException) -> None:
            if gen == self._generation:
                self._loading = False
                self._exhausted = True
                self.loading_changed.emit(False)
            from .errors import show_error

            show_error(self._widget, exc)

        Op(self._widget, work).on_success(done).on_failure(failed).run()

    def _insert_chunks(self, gen: int, rows: list[queries.CaseRow], last_page: bool) -> None:
        """Insert a page a few rows per event-loop turn so the GUI thread never stalls on item creation."""
        if gen != self._generation:
            return
        chunk, rest = rows[:CHUNK], rows[CHUNK:]
        if chunk:
            start = self.rowCount()
            self.insertRows(start, len(chunk))  # one rowsInserted per chunk, not one per row
            for i, r in enumerate(chunk):
                for col, item in enumerate(self._items(r)):
                    self.setItem(start + i, col, item)
            self.rows.extend(chunk)
        if rest:
            QTimer.singleShot(0, lambda: self._insert_chunks(gen, rest, last_page))
            return
        self._loading = False
        self._exhausted = last_page
        self.loading_changed.emit(False)
        self.page_loaded.emit(len(self.rows))

    def _items(self, r: queries.CaseRow) -> list[QStandardItem]:
        state = self.row_state(r)
        items = []
        for col in range(len(COLUMNS)):
            item = QStandardItem(self._display(r, col, state))
            if state in _BG:
                item.setBackground(_BG[state])
            if col == SYNC_COLUMN and r.sync_state in _SYNC_FG:
                item.setForeground(_SYNC_FG[r.sync_state])
            elif state == "overdue":
                item.setForeground(_OVERDUE_FG)
            if col == DEADLINE_COLUMN and state != "ok":
                item.setToolTip(self.tr("已超期") if state == "overdue" else self.tr("3天内到期"))
            elif col in (COL["parties"], COL["category"]) and r.summary:
                item.setToolTip(r.summary)
            items.append(item)
        return items

    # paging hooks of the view
    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: _Index) -> None:
        if not parent.isValid():
            self._fetch_page()

    def row_state(self, row: queries.CaseRow) -> str:
        return deadline_state(row.deadline_at, self.now, row.status in OPEN_VALUES)

    def case_id(self, row: int) -> str:
        return self.rows[row].id

    def _display(self, r: queries.CaseRow, col: int, state: str) -> str:
        key = COLUMN_KEYS[col][0]
        if key == "number":
            return r.number
        if key == "registered":
            return fmt_dt(r.registered_at)
        if key == "parties":
            return r.party_names
        if key == "id":
            return r.masked_id
        if key == "category":
            return r.category
        if key == "channel":
            return _label(Channel, r.channel)
        if key == "village":
            return r.village
        if key == "status":
            return _label(CaseStatus, r.status)
        if key == "risk":
            return _label(RiskLevel, r.risk_level)
        if key == "deadline":
            text = fmt_dt(r.deadline_at)
            return self.tr("超期 ") + text if state == "overdue" else text
        if key == "assignee":
            return r.assignee
        if key == "sync":
            return _label(SyncState, r.sync_state)
        return ""

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
