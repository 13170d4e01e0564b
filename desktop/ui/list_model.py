"""The model behind every list other than the case list (today's visits, county items, sync problems):
pages of rows fetched via the Op runner as the view scrolls, items built a chunk per event-loop turn,
and the selected row kept, by its key, across refreshes. It is the case list's machinery
(desktop/ui/case_model.py: QStandardItems, so painting never calls into Python) for lists whose
queries take an offset; never a QTableWidget refilled cell by cell on the GUI thread.

    model = RowListModel(headers, fetch=lambda offset, limit: [...], cells=row_to_texts, key=lambda r: r.id,
                         widget=screen)
    view.setModel(model); model.attach(view); model.reload()

With `cursor`, pages are keyset pages as in the case list: `fetch` gets the cursor of the last row
loaded (None for the first page) instead of an offset, so page 500 costs what page 1 does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .case_model import CHUNK, PAGE
from .ops import Op

R = TypeVar("R")
_Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole
STATE_ROLE = Qt.ItemDataRole.UserRole + 1  # a row's deadline state ("overdue", "due_soon"), for tests and styles


class Cell:
    """One cell: text, and optionally a tooltip, a foreground brush and a state value."""

    __slots__ = ("foreground", "state", "text", "tooltip")

    def __init__(self, text: str, tooltip: str = "", foreground: QBrush | None = None, state: str | None = None) -> None:
        self.text = text
        self.tooltip = tooltip
        self.foreground = foreground
        self.state = state


class RowListModel(QStandardItemModel, Generic[R]):
    """`fetch(offset, limit)` runs on the database worker; `cells(row)` and `key(row)` on the GUI thread."""

    loaded = Signal()  # the first page of a reload is in (and the selection restored)
    page_loaded = Signal(bool)  # any page is in; True for the first page of a reload
    selection_restored = Signal(str)  # the key re-selected after a refresh

    def __init__(self, headers: Sequence[str], fetch: Callable[[Any, int], list[R]],
                 cells: Callable[[R], Sequence[Cell | str]], key: Callable[[R], str], widget: QWidget,
                 page: int = PAGE, cursor: Callable[[R], Any] | None = None) -> None:
        super().__init__(0, len(headers), widget)
        self.setHorizontalHeaderLabels(list(headers))
        self.fetch: Callable[[Any, int], list[R]] = fetch
        self.cursor = cursor
        self.cells = cells
        self.key = key
        self.page = page
        self.rows: list[R] = []
        self._widget = widget
        self._view: QAbstractItemView | None = None
        self._generation = 0
        self._loading = False
        self._exhausted = True
        self._keep: str | None = None

    # --- view ------------------------------------------------------------------------------------
    def attach(self, view: QAbstractItemView) -> None:
        """The view whose selected row is kept across refreshes."""
        self._view = view

    def selected_key(self) -> str | None:
        if self._view is None:
            return None
        rows = self._view.selectionModel().selectedRows() if self._view.selectionModel() else []
        if not rows:
            return None
        r = rows[0].row()
        return self.key(self.rows[r]) if 0 <= r < len(self.rows) else None

    def row_of(self, key: str) -> int:
        for i, r in enumerate(self.rows):
            if self.key(r) == key:
                return i
        return -1

    # --- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch from the first page again; the selected row is selected again if it is still listed."""
        self._keep = self.selected_key() or self._keep
        self._generation += 1
        self._loading = False
        self._exhausted = False
        self._fetch(reset=True)

    def _fetch(self, reset: bool = False) -> None:
        if self._loading or self._exhausted:
            return
        self._loading = True
        gen, fetch, limit = self._generation, self.fetch, self.page
        position: Any = 0 if reset else len(self.rows)
        if self.cursor is not None:
            position = None if reset or not self.rows else self.cursor(self.rows[-1])

        def work() -> list[R]:
            return [] if gen != self._generation else fetch(position, limit + 1)

        def done(rows: list[R]) -> None:
            if gen != self._generation:
                return
            if reset:
                self.rows = []
                self.setRowCount(0)
            self._insert(gen, rows[:limit], len(rows) <= limit, first=reset)

        def failed(exc: BaseException) -> None:
            if gen == self._generation:
                self._loading = False
                self._exhausted = True
            from .errors import show_error

            show_error(self._widget, exc)

        Op(self._widget, work).on_success(done).on_failure(failed).run()

    def _insert(self, gen: int, rows: list[R], last: bool, first: bool) -> None:
        if gen != self._generation:
            return
        chunk, rest = rows[:CHUNK], rows[CHUNK:]
        if chunk:
            start = self.rowCount()
            self.insertRows(start, len(chunk))
            for i, r in enumerate(chunk):
                key = self.key(r)
                for col, cell in enumerate(self.cells(r)):
                    self.setItem(start + i, col, _item(cell, key))
            self.rows.extend(chunk)
            self._restore_selection()
        if rest:
            QTimer.singleShot(0, lambda: self._insert(gen, rest, last, first))
            return
        self._loading = False
        self._exhausted = last
        if first:
            self.loaded.emit()
        self.page_loaded.emit(first)

    def _restore_selection(self) -> None:
        if self._view is None or self._keep is None or self.selected_key() == self._keep:
            return
        row = self.row_of(self._keep)
        if row >= 0:
            self._view.selectionModel().select(
                self.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self._view.selectionModel().setCurrentIndex(self.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.selection_restored.emit(self._keep)

    def forget_selection(self) -> None:
        self._keep = None

    # --- paging hooks of the view ----------------------------------------------------------------
    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: _Index) -> None:
        if not parent.isValid():
            self._fetch()

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text() if item is not None else ""

    def data_at(self, row: int, col: int, role: int) -> Any:
        item = self.item(row, col)
        return item.data(role) if item is not None else None


def _item(cell: Cell | str, key: str) -> QStandardItem:
    if isinstance(cell, str):
        cell = Cell(cell)
    item = QStandardItem(cell.text)
    item.setData(key, KEY_ROLE)
    if cell.tooltip:
        item.setToolTip(cell.tooltip)
    if cell.foreground is not None:
        item.setForeground(cell.foreground)
    if cell.state is not None:
        item.setData(cell.state, STATE_ROLE)
    item.setEditable(False)
    return item


def list_view(name: str, stretch: int | None = None) -> QTableView:
    """A read-only, row-selecting table view for a RowListModel."""
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(stretch is None)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
