"""案件: the case list — filters, debounced search, sort, paging model, overdue highlighting."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.db import queries
from desktop.domain.enums import CaseStatus, Channel, RiskLevel

from ..appstate import AppState
from ..case_model import CaseTableModel
from ..widgets import combo_value, enum_combo, header_label, set_combo_value, text_combo

SEARCH_DEBOUNCE_MS = 300
SORTS = (("registered_desc", "登记时间（新→旧）"), ("registered_asc", "登记时间（旧→新）"), ("deadline_asc", "期限（近→远）"))
OPEN_KEY = "__open__"


class CasesScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._loaded = False
        self._stale = False
        self._applying = False
        self._explicit_ids: tuple[str, ...] = ()
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(header_label(self.tr("案件")))
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("搜索：姓名、编号、事项内容、身份证号或电话（Ctrl+F）"))
        top.addWidget(self.search, 1)
        self.new_button = QPushButton(self.tr("新案件 (Ctrl+N)"))
        top.addWidget(self.new_button)
        lay.addLayout(top)

        grid = QGridLayout()
        s = state.settings
        self.status = QComboBox()
        self.status.addItem(self.tr("全部状态"), "")
        self.status.addItem(self.tr("未办结"), OPEN_KEY)
        for st in CaseStatus:
            self.status.addItem(st.label, st.value)
        self.category = text_combo(s.categories, blank=self.tr("全部类别"))
        self.channel = enum_combo(Channel, blank=self.tr("全部渠道"))
        self.village = text_combo(s.villages, blank=self.tr("全部村（社区）"))
        self.risk = enum_combo(RiskLevel, blank=self.tr("全部风险"))
        self.date_from = self._date_edit()
        self.date_to = self._date_edit()
        self.overdue = QCheckBox(self.tr("只看超期"))
        self.due_soon = QCheckBox(self.tr("3天内到期"))
        self.sort = QComboBox()
        for key, label in SORTS:
            self.sort.addItem(self.tr(label), key)
        self.reset_button = QPushButton(self.tr("清除条件"))
        for obj, name in ((self.status, "statusFilter"), (self.category, "categoryFilter"), (self.channel, "channelFilter"),
                          (self.village, "villageFilter"), (self.risk, "riskFilter"), (self.overdue, "overdueFilter"),
                          (self.due_soon, "dueSoonFilter"), (self.sort, "sortCombo")):
            obj.setObjectName(name)
        grid.addWidget(self.status, 0, 0)
        grid.addWidget(self.category, 0, 1)
        grid.addWidget(self.channel, 0, 2)
        grid.addWidget(self.village, 0, 3)
        grid.addWidget(self.risk, 0, 4)
        grid.addWidget(QLabel(self.tr("登记日期")), 1, 0, Qt.AlignmentFlag.AlignRight)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("至")))
        dates.addWidget(self.date_to)
        grid.addLayout(dates, 1, 1, 1, 2)
        grid.addWidget(self.overdue, 1, 3)
        grid.addWidget(self.due_soon, 1, 4)
        grid.addWidget(self.sort, 0, 5)
        grid.addWidget(self.reset_button, 1, 5)
        lay.addLayout(grid)

        self.model = CaseTableModel(state.db, self)
        self.view = QTableView()
        self.view.setObjectName("caseTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = (190, 140, 160, 160, 90, 80, 90, 90, 50, 150, 80, 70)
        for i, w in enumerate(widths):
            header.resizeSection(i, w)
        header.setStretchLastSection(True)
        lay.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")
        self.loading_label = QLabel()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.loading_label)
        lay.addLayout(bottom)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self.debounce.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self.debounce.start())
        self.search.returnPressed.connect(self.apply)
        for combo in (self.status, self.category, self.channel, self.village, self.risk, self.sort):
            combo.currentIndexChanged.connect(self._filters_changed)
        for box in (self.overdue, self.due_soon):
            box.toggled.connect(self._filters_changed)
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(self._filters_changed)
        self.reset_button.clicked.connect(self.reset_filters)
        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)
        self.new_button.clicked.connect(self._new_case)
        self.model.count_changed.connect(self._show_count)
        self.model.loading_changed.connect(lambda on: self.loading_label.setText(self.tr("正在读取…") if on else ""))
        state.bus.changed.connect(self._on_changed)
        self._restore_filters()

    def _date_edit(self) -> QDateEdit:
        d = QDateEdit()
        d.setCalendarPopup(True)
        d.setDisplayFormat("yyyy-MM-dd")
        d.setMinimumDate(QDate(2000, 1, 1))
        d.setSpecialValueText(self.tr("不限"))
        d.setDate(d.minimumDate())
        return d

    # filter
    def current_filter(self) -> queries.CaseFilter:
        status = combo_value(self.status)
        tz = datetime.now().astimezone().tzinfo

        def day(edit: QDateEdit, plus: int = 0) -> datetime | None:
            if edit.date() == edit.minimumDate():
                return None
            return datetime.combine(edit.date().toPython(), time(), tz) + timedelta(days=plus)  # type: ignore[arg-type]

        return queries.CaseFilter(
            statuses=(status,) if status and status != OPEN_KEY else (),
            open_only=status == OPEN_KEY,
            category=combo_value(self.category),
            channel=combo_value(self.channel),
            village=combo_value(self.village),
            risk_level=combo_value(self.risk),
            date_from=day(self.date_from),
            date_to=day(self.date_to, 1),
            overdue=self.overdue.isChecked(),
            due_soon=self.due_soon.isChecked(),
            search=self.search.text().strip(),
            ids=self._explicit_ids,
            sort=combo_value(self.sort) or "registered_desc",
        )

    def _filters_changed(self, *_: object) -> None:
        if not self._applying:
            self.apply()

    def apply(self) -> None:
        self.debounce.stop()
        self._loaded = True
        self._stale = False
        self.model.set_filter(self.current_filter())

    def apply_filter(self, f: queries.CaseFilter) -> None:
        """Show the list for a given filter (dashboard and statistics drill-downs, repeat-visit link)."""
        self._applying = True
        try:
            self._reset_widgets()
            if f.open_only:
                set_combo_value(self.status, OPEN_KEY)
            elif f.statuses:
                set_combo_value(self.status, f.statuses[0])
            set_combo_value(self.category, f.category)
            set_combo_value(self.channel, f.channel)
            set_combo_value(self.village, f.village)
            set_combo_value(self.risk, f.risk_level)
            if f.date_from is not None:
                self.date_from.setDate(QDate(f.date_from.astimezone().date()))
            if f.date_to is not None:
                self.date_to.setDate(QDate((f.date_to - timedelta(seconds=1)).astimezone().date()))
            self.overdue.setChecked(f.overdue)
            self.due_soon.setChecked(f.due_soon)
            set_combo_value(self.sort, f.sort)
            self.search.blockSignals(True)
            self.search.setText(f.search)
            self.search.blockSignals(False)
            self._explicit_ids = f.ids
        finally:
            self._applying = False
        self._loaded = True
        self._stale = False
        self.debounce.stop()
        self.model.set_filter(replace(self.current_filter(), assignee=f.assignee))

    def _reset_widgets(self) -> None:
        for combo in (self.status, self.category, self.channel, self.village, self.risk, self.sort):
            combo.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.due_soon.setChecked(False)
        for d in (self.date_from, self.date_to):
            d.setDate(d.minimumDate())
        self._explicit_ids = ()

    def reset_filters(self) -> None:
        self._applying = True
        try:
            self._reset_widgets()
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        finally:
            self._applying = False
        self.apply()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # screen contract
    def activate(self) -> None:
        if not self._loaded or self._stale:
            self.apply()

    def _on_changed(self, entities: set[str], ids: set[str]) -> None:
        if entities & {"case", "case_event", "outbox", "mediation"}:
            if self.isVisible():
                self.model.reload()
            else:
                self._stale = True

    def _show_count(self, n: int, capped: bool) -> None:
        self.count_label.setText(self.tr("共 {0} 件").format(f"{n}+" if capped else n))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.state.show_case(self.model.case_id(index.row()))

    def _new_case(self) -> None:
        opener = getattr(self.window(), "open_new_case", None)
        if opener is not None:
            opener()

    # remembered filters
    def save_state(self, qs: QSettings) -> None:
        qs.setValue("cases/status", combo_value(self.status))
        qs.setValue("cases/category", combo_value(self.category))
        qs.setValue("cases/channel", combo_value(self.channel))
        qs.setValue("cases/village", combo_value(self.village))
        qs.setValue("cases/risk", combo_value(self.risk))
        qs.setValue("cases/sort", combo_value(self.sort))
        qs.setValue("cases/overdue", self.overdue.isChecked())
        qs.setValue("cases/due_soon", self.due_soon.isChecked())

    def _restore_filters(self) -> None:
        qs = QSettings()
        self._applying = True
        try:
            for combo, key in ((self.status, "status"), (self.category, "category"), (self.channel, "channel"),
                               (self.village, "village"), (self.risk, "risk"), (self.sort, "sort")):
                value: Any = qs.value(f"cases/{key}", "")
                if value:
                    set_combo_value(combo, str(value))
            self.overdue.setChecked(str(qs.value("cases/overdue", "false")).lower() == "true")
            self.due_soon.setChecked(str(qs.value("cases/due_soon", "false")).lower() == "true")
        finally:
            self._applying = False

