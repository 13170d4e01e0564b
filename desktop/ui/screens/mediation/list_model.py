"""The mediation list: pages of 100 rows read on the DB worker (keyset paging), as the case list does.

Rows are QStandardItems so painting never calls into Python. A reload keeps the old rows on screen until
the new first page arrives, then swaps them in a few rows per event-loop turn; reloads asked for in a
burst (a save publishes a change, the list and the workspace both want a refresh) are coalesced into one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QWidget

from desktop.db.engine import Database
from desktop.db.room_queries import MediationKey, MediationRow, list_mediations
from desktop.domain.enums import MediationOutcome

from ...ops import Op
from .common import AMBER, RED, days_until

PAGE = 100
CHUNK = 50  # rows inserted per event-loop turn
COALESCE_MS = 30
ID_ROLE = Qt.ItemDataRole.UserRole
# Who and how urgent first: on a 1024-pixel screen those two columns are what the narrow list shows.
COLUMNS = ("当事人", "状态", "卷号", "调解员")
COLUMN_SAMPLES = ("王王王、王王王", "已超期 999 天", "（2026）D人调字第 00000 号", "王王王")  # widths
_RED, _AMBER = QBrush(QColor(RED)), QBrush(QColor(AMBER))
_Index = QModelIndex | QPersistentModelIndex


class MediationListModel(QStandardItemModel):
    """A new query or reload starts a new generation; pages of an older generation are dropped."""

    page_loaded = Signal(bool)  # a page is in the model; True when it was the first page of a reload
    loading_changed = Signal(bool)

    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.db = db
        self.status = "open"
        self.search = ""
        self.rows: list[MediationRow] = []
        self._next: MediationKey | None = None
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self._widget = parent
        self.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(COALESCE_MS)
        self._reload_timer.timeout.connect(self._reload_now)

    def set_query(self, status: str, search: str) -> None:
        self.status, self.search = status, search.strip()
        self.reload()

    def reload(self) -> None:
        """Ask for a fresh first page (coalesced: many calls in a burst read once)."""
        self._reload_timer.start()

    def _reload_now(self) -> None:
        self._generation += 1
        self._loading = False
        self._fetch(first=True)

    def _fetch(self, first: bool) -> None:
        if self._loading or (not first and self._exhausted):
            return
        self._loading = True
        self.loading_changed.emit(True)
        gen, db, status, search = self._generation, self.db, self.status, self.search
        after = None if first else self._next

        def work() -> tuple[list[MediationRow], MediationKey | None]:
            if gen != self._generation:
                return [], None  # superseded while it waited in the queue
            with db.read() as s:
                return list_mediations(s, status, search, after=after, limit=PAGE)

        def done(result: tuple[list[MediationRow], MediationKey | None]) -> None:
            if gen != self._generation:
                return
            rows, nxt = result
            self._next = nxt
            if first:
                self.rows = []
                self.setRowCount(0)
            self._insert_chunks(gen, rows, nxt is None, first)

        def failed(exc: BaseException) -> None:
            if gen == self._generation:
                self._loading = False
                self._exhausted = True
                self.loading_changed.emit(False)
            from ...errors import show_error

            show_error(self._widget, exc)

        Op(self._widget, work).on_success(done).on_failure(failed).run()

    def _insert_chunks(self, gen: int, rows: list[MediationRow], last_page: bool, first: bool) -> None:
        if gen != self._generation:
            return
        chunk, rest = rows[:CHUNK], rows[CHUNK:]
        if chunk:
            now = datetime.now(UTC)
            start = self.rowCount()
            self.insertRows(start, len(chunk))
            for i, r in enumerate(chunk):
                for col, item in enumerate(self._items(r, now)):
                    self.setItem(start + i, col, item)
            self.rows.extend(chunk)
        if rest:
            QTimer.singleShot(0, lambda: self._insert_chunks(gen, rest, last_page, first))
            return
        self._loading = False
        self._exhausted = last_page
        self.loading_changed.emit(False)
        self.page_loaded.emit(first)

    def _items(self, r: MediationRow, now: datetime) -> list[QStandardItem]:
        brush: QBrush | None = None
        if r.outcome:
            status = self.tr(MediationOutcome(r.outcome).label)
        elif r.deadline_at is not None:
            left = days_until(r.deadline_at, now)
            status = self.tr("剩余 %d 天") % left if left >= 0 else self.tr("已超期 %d 天") % -left
            brush = _RED if left < 0 else _AMBER if left <= 3 else None
        else:
            status = self.tr("进行中")
        tip = self.tr("案件编号：%s") % r.case_number
        items = []
        mediator = r.mediator or self.tr("待指派")
        for col, value in enumerate((r.party_names, status, r.file_number, mediator)):
            item = QStandardItem(value)
            item.setData(r.id, ID_ROLE)
            item.setToolTip(tip if col != 0 else f"{value}\n{tip}")
            if col == 1 and brush is not None:
                item.setForeground(brush)
            items.append(item)
        return items

    # paging hooks of the view
    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: _Index) -> None:
        if not parent.isValid():
            self._fetch(first=False)

    def mediation_id(self, row: int) -> str:
        return self.rows[row].id

    def row_of(self, mediation_id: str | None) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == mediation_id), -1)

    @property
    def loading(self) -> bool:
        return self._loading or self._reload_timer.isActive()

    @property
    def exhausted(self) -> bool:
        return self._exhausted
