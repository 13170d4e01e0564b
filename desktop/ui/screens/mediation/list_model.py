"""The mediation list: the shared paged list model (desktop/ui/list_model.py) with keyset pages of
`list_mediations` (open first, newest first), read on the DB worker as the view scrolls.

Reloads asked for in a burst (a save publishes a change, and the room refreshes too) are coalesced into
one read; the old rows stay on screen until the new first page arrives.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from desktop.db.engine import Database
from desktop.db.room_queries import MediationKey, MediationRow, list_mediations, mediation_key
from desktop.domain.enums import MediationOutcome

from ...list_model import Cell, RowListModel
from ...widgets import AMBER, RED
from .common import days_until

COALESCE_MS = 30
# Who and how urgent first: on a 1024-pixel screen those two columns are what the narrow list shows.
COLUMNS = ("当事人", "状态", "卷号", "调解员")
PARTIES, STATUS, FILE_NUMBER, MEDIATOR = range(len(COLUMNS))
# Width samples, never measured row by row (that costs time on every page): the narrowest party names
# (a name and the ellipsis: the column stretches and elides), the widest status, a mediator's name. The
# 卷号's sample is the committee's own number format (MediationScreen): a number is always shown whole.
WIDTH_SAMPLES = {PARTIES: "张三、…", STATUS: "已超期 999 天", MEDIATOR: "王王王"}
_RED, _AMBER = QBrush(QColor(RED)), QBrush(QColor(AMBER))


class MediationListModel(RowListModel[MediationRow]):
    def __init__(self, db: Database, parent: QWidget) -> None:
        self.db = db
        self.status = "open"
        self.search = ""
        self._now = datetime.now(UTC)
        super().__init__([QCoreApplication.translate("MediationListModel", c) for c in COLUMNS], fetch=self._fetch_page, cells=self._cells,
                         key=lambda r: r.id, widget=parent, cursor=mediation_key)
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
        self._now = datetime.now(UTC)
        super().reload()

    def _fetch_page(self, after: Any, limit: int) -> list[MediationRow]:
        """On the DB worker: one keyset page after `after` (None: the first page)."""
        status, search = self.status, self.search
        cursor: MediationKey | None = after
        with self.db.read() as s:
            rows, _next = list_mediations(s, status, search, after=cursor, limit=limit)
        return rows

    def _cells(self, r: MediationRow) -> list[Cell | str]:
        brush: QBrush | None = None
        if r.outcome:
            status = self.tr(MediationOutcome(r.outcome).label)
        elif r.deadline_at is not None:
            left = days_until(r.deadline_at, self._now)
            status = self.tr("剩余 %d 天") % left if left >= 0 else self.tr("已超期 %d 天") % -left
            brush = _RED if left < 0 else _AMBER if left <= 3 else None
        else:
            status = self.tr("进行中")
        tip = self.tr("案件编号：%s") % r.case_number
        if r.mediator:  # the 调解员 column gives way on a narrow list
            tip += "\n" + self.tr("调解员：%s") % r.mediator
        return [Cell(r.party_names, f"{r.party_names}\n{tip}"), Cell(status, tip, brush),
                Cell(r.file_number, tip), Cell(r.mediator or self.tr("待指派"), tip)]

    def mediation_id(self, row: int) -> str:
        return self.rows[row].id

    def row_of(self, key: str | None) -> int:  # None: nothing selected
        return -1 if key is None else super().row_of(key)

    @property
    def loading(self) -> bool:
        return self._loading or self._reload_timer.isActive()
