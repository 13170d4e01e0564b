"""工作台: today's figures, my open items, overdue, due soon, today's appointments, records not yet sent."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.db import queries
from desktop.db.dashboard import (
    AppointmentItem,
    CaseItem,
    DashboardData,
    appointments_page,
    case_list,
    dashboard,
)
from desktop.domain.enums import CaseStatus, CountyItemStatus

from ..appstate import AppState
from ..list_model import KEY_ROLE, RowListModel, list_view
from ..ops import Op
from ..widgets import ERROR_STYLE, fmt_dt, header_label

RELEVANT = {"case", "case_event", "reception", "county_item", "outbox", "mediation", "followup"}


class Figure(QPushButton):
    """A big clickable number with its caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.setMinimumHeight(84)
        self.set_value(None)

    def set_value(self, value: int | None, warn: bool = False) -> None:
        self.value = value
        shown = "…" if value is None else str(value)
        self.setText(f"{shown}\n{self.caption}")
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        color = ERROR_STYLE if warn else ""
        self.setStyleSheet(f"QPushButton {{ padding: 8px; font-size: 130%; {color} }}")


class DashboardScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.data: DashboardData | None = None
        self._stale = True
        lay = QVBoxLayout(self)
        who = state.actor.display_name if state.actor else ""
        lay.addWidget(header_label(self.tr("工作台") + (f" · {who}" if who else "")))
        figures = QHBoxLayout()
        self.people = Figure(self.tr("今日接待（人）"))
        self.cases_today = Figure(self.tr("今日登记案件（件）"))
        self.mine = Figure(self.tr("我的待办（件）"))
        self.overdue = Figure(self.tr("已超期（件）"))
        self.due_soon = Figure(self.tr("3天内到期（件）"))
        self.unsent = Figure(self.tr("待发送记录（条）"))
        for name, f in (("people", self.people), ("casesToday", self.cases_today), ("mine", self.mine),
                        ("overdue", self.overdue), ("dueSoon", self.due_soon), ("unsent", self.unsent)):
            f.setObjectName(f"figure_{name}")
            figures.addWidget(f)
        lay.addLayout(figures)
        grid = QGridLayout()
        # The case lists page through all their cases as they scroll (RowListModel), not just the first 20.
        self.lists: dict[str, RowListModel[CaseItem]] = {}
        self.mine_list = self._case_list("mineList", "mine")
        self.overdue_list = self._case_list("overdueList", "overdue")
        self.due_list = self._case_list("dueSoonList", "due_soon")
        self.appointments = self._appointment_list()
        grid.addWidget(self._box(self.tr("我的待办（首问或承办）"), self.mine_list), 0, 0)
        grid.addWidget(self._box(self.tr("已超期"), self.overdue_list), 0, 1)
        grid.addWidget(self._box(self.tr("3天内到期"), self.due_list), 1, 0)
        self.no_appointments = QLabel(self.tr("今日没有网上预约"))
        self.no_appointments.setObjectName("noAppointments")
        self.no_appointments.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.no_appointments.hide()
        grid.addWidget(self._box(self.tr("今日网上预约"), self.appointments, self.no_appointments), 1, 1)
        lay.addLayout(grid, 1)
        self.sync_line = QLabel()
        self.sync_line.setObjectName("syncLine")
        self.sync_line.setFrameShape(QFrame.Shape.StyledPanel)
        self.sync_line.setTextFormat(Qt.TextFormat.RichText)
        self.sync_line.linkActivated.connect(lambda _l: state.show_screen("sync"))
        lay.addWidget(self.sync_line)

        self.cases_today.clicked.connect(self._cases_today)
        self.overdue.clicked.connect(lambda: self._list_filter(queries.CaseFilter(overdue=True, sort="deadline_asc")))
        self.due_soon.clicked.connect(lambda: self._list_filter(queries.CaseFilter(due_soon=True, sort="deadline_asc")))
        self.mine.clicked.connect(lambda: self._list_filter(queries.CaseFilter(open_only=True)))
        self.people.clicked.connect(lambda: state.show_screen("reception"))
        self.unsent.clicked.connect(lambda: state.show_screen("sync"))
        for view in (self.mine_list, self.overdue_list, self.due_list):
            view.activated.connect(self._open_index)
            view.doubleClicked.connect(self._open_index)
        self.appointments.activated.connect(lambda _i: state.show_screen("appointment"))
        self.appointments.doubleClicked.connect(lambda _i: state.show_screen("appointment"))
        state.bus.changed.connect(self._on_changed)

    def _case_list(self, name: str, which: str) -> QTableView:
        view = list_view(name, stretch=0)
        view.horizontalHeader().hide()
        view.setShowGrid(False)
        me = self.state.actor.display_name if self.state.actor else ""
        db = self.state.db

        def fetch(offset: int, limit: int) -> list[CaseItem]:
            with db.read() as s:
                return case_list(s, which, me, offset, limit)

        model: RowListModel[CaseItem] = RowListModel([""], fetch=fetch, cells=self._case_cells,
                                                     key=lambda c: c.id, widget=self)
        view.setModel(model)
        model.attach(view)
        self.lists[which] = model
        return view

    def _case_cells(self, c: CaseItem) -> list[str]:
        return [f"{c.number}  {c.party_names}  {c.category}  {CaseStatus(c.status).label}  "
                f"{self.tr('期限')} {fmt_dt(c.deadline_at)}"]

    def _open_index(self, index: QModelIndex) -> None:
        case_id = index.data(KEY_ROLE)
        if case_id:
            self.state.show_case(str(case_id))

    def _appointment_list(self) -> QTableView:
        """Today's 网上预约 on the shared paged model (as the case lists), by appointment time."""
        view = list_view("appointmentList", stretch=0)
        view.horizontalHeader().hide()
        view.setShowGrid(False)
        db = self.state.db

        def fetch(offset: int, limit: int) -> list[AppointmentItem]:
            tz = datetime.now().astimezone().tzinfo
            start = datetime.combine(datetime.now().date(), time(), tz)  # "today" as of this read
            with db.read() as s:
                return appointments_page(s, start, start + timedelta(days=1), offset, limit)

        model: RowListModel[AppointmentItem] = RowListModel([""], fetch=fetch, cells=self._appointment_cells,
                                                            key=lambda a: a.id, widget=self)
        view.setModel(model)
        model.attach(view)
        model.loaded.connect(self._appointments_loaded)
        self.appointment_model = model
        return view

    def _appointments_loaded(self) -> None:
        """None today: the note in the list's place (not an empty table)."""
        none = self.appointment_model.rowCount() == 0
        self.no_appointments.setVisible(none)
        self.appointments.setVisible(not none)

    def _appointment_cells(self, a: AppointmentItem) -> list[str]:
        return [f"{fmt_dt(a.appointment_at)[11:]}  {a.reporter}  {a.title}  [{CountyItemStatus(a.status).label}]"]

    def _box(self, title: str, *content: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        lay = QVBoxLayout(box)
        for w in content:
            lay.addWidget(w)
        return box

    def activate(self) -> None:
        self.refresh()

    def _on_changed(self, entities: set[str], ids: set[str]) -> None:
        if entities & RELEVANT:
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def refresh(self) -> None:
        db = self.state.db
        me = self.state.actor.display_name if self.state.actor else ""
        tz = datetime.now().astimezone().tzinfo
        start = datetime.combine(datetime.now().date(), time(), tz)

        def work() -> DashboardData:
            with db.read() as s:
                return dashboard(s, me, start, start + timedelta(days=1), with_lists=False)

        Op(self, work).on_success(self._show).run()

    def _show(self, d: DashboardData) -> None:
        self.data = d
        self._stale = False
        self.people.set_value(d.people_today)
        self.cases_today.set_value(d.cases_today)
        self.mine.set_value(d.my_open_count)
        self.overdue.set_value(d.overdue_count, warn=d.overdue_count > 0)
        self.due_soon.set_value(d.due_soon_count)
        queued = d.outbox.get("queued", 0) + d.outbox.get("sending", 0)
        bad = d.outbox.get("rejected", 0) + d.outbox.get("conflict", 0)
        self.unsent.set_value(queued + bad, warn=bad > 0)
        for model in self.lists.values():
            model.reload()
        self.appointment_model.reload()
        text = self.tr("待发送到县平台：{0} 条").format(queued)
        if bad:
            text += "　" + self.tr("被退回或冲突：{0} 条，").format(bad) + '<a href="sync">' + self.tr("去处理") + "</a>"
        self.sync_line.setText(text)


    def _list_filter(self, f: queries.CaseFilter) -> None:
        if self.state.open_case_list is not None:
            self.state.open_case_list(f)

    def _cases_today(self) -> None:
        tz = datetime.now().astimezone().tzinfo
        start = datetime.combine(datetime.now().date(), time(), tz)
        self._list_filter(queries.CaseFilter(date_from=start, date_to=start + timedelta(days=1)))
