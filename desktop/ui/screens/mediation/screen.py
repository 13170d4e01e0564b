"""人民调解: the list of mediations and the workspace of the selected one (one class per tab)."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.db.room_queries import (
    MediationRow,
    MediationWorkspace,
    list_mediations,
    mediation_of_case,
    mediation_workspace,
)
from desktop.domain.enums import (
    MediationOutcome,
)
from desktop.domain.errors import DomainError

from ...appstate import AppState
from ...ops import Op
from ...printing import notify
from .agreement_tab import AgreementTab
from .common import AMBER, MEDIATION_ENTITIES, RED, FieldErrors, days_until, local
from .direct_dialog import DirectMediationDialog
from .followup_tab import FollowupTab
from .overview_tab import OverviewTab
from .print_tab import PrintTab
from .records_tab import RecordsTab


class MediationScreen(QWidget):
    """人民调解 screen: list on the left, the selected mediation's workspace on the right."""

    loaded = Signal()  # the workspace finished (re)loading: tests wait on it

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[MediationRow] = []
        self.ws: MediationWorkspace | None = None
        self.current_id: str | None = None
        self._pending_select: str | None = None
        self.dirty: set[str] = set()  # editors with unsaved changes: "record", "agreement", "followup"
        self._build()
        self._track_edits()
        self._shortcuts()
        state.bus.changed.connect(self._on_changed)


    def _build(self) -> None:
        self.filter = QComboBox()
        self.filter.setObjectName("filter")
        for key, label in (("open", self.tr("进行中")), ("concluded", self.tr("已结束")), ("all", self.tr("全部"))):
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh_list())
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("卷号、案件编号或当事人姓名"))
        self.search.returnPressed.connect(self.refresh_list)
        self.new_btn = QPushButton(self.tr("新建调解"))
        self.new_btn.setObjectName("newMediation")
        self.new_btn.clicked.connect(self.new_mediation)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("mediations")
        self.table.setHorizontalHeaderLabels([self.tr("卷号"), self.tr("当事人"), self.tr("调解员"), self.tr("状态")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selection)
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addWidget(self.search, 1)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addLayout(top)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.new_btn)

        self.placeholder = QLabel(self.tr("请在左侧选择一件调解，或点击“新建调解”。"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs = QTabWidget()
        self.overview_tab = OverviewTab(self)
        self.records_tab = RecordsTab(self)
        self.agreement_tab = AgreementTab(self)
        self.followup_tab = FollowupTab(self)
        self.print_tab = PrintTab(self)
        self.print_buttons = self.print_tab.print_buttons
        self.tabs.addTab(self.overview_tab, self.tr("概况与结果"))
        self.tabs.addTab(self.records_tab, self.tr("调查/调解记录"))
        self.tabs.addTab(self.agreement_tab, self.tr("调解协议"))
        self.tabs.addTab(self.followup_tab, self.tr("回访"))
        self.tabs.addTab(self.print_tab, self.tr("文书打印"))
        right = QWidget()
        rl = QVBoxLayout(right)
        self.header = QLabel()
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        rl.addWidget(self.placeholder)
        rl.addWidget(self.header)
        rl.addWidget(self.tabs, 1)
        self.header.hide()
        self.tabs.hide()
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([560, 900])
        lay = QVBoxLayout(self)
        lay.addWidget(splitter)


    def _track_edits(self) -> None:
        def mark(editor: str) -> Any:
            return lambda *_a: self.dirty.add(editor)

        rec, agr, fu = self.records_tab, self.agreement_tab, self.followup_tab
        for w in (rec.record_content, rec.record_risk, rec.record_result):
            w.textChanged.connect(mark("record"))
        for w2 in (rec.record_place, rec.record_participants):
            w2.textChanged.connect(mark("record"))
        for w in (agr.agr_facts, agr.agr_performance):
            w.textChanged.connect(mark("agreement"))
        agr.terms.changed.connect(mark("agreement"))
        agr.agr_oral.toggled.connect(mark("agreement"))
        agr.agr_copies.valueChanged.connect(mark("agreement"))
        agr.agr_has_deadline.toggled.connect(mark("agreement"))
        for w in (fu.fu_performance, fu.fu_signs, fu.fu_notes):
            w.textChanged.connect(mark("followup"))

    def _shortcuts(self) -> None:
        for key, slot in (("Ctrl+S", self.save_current), ("Ctrl+N", self.new_mediation), ("F5", self.refresh_list)):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    def save_current(self) -> None:
        """Ctrl+S: save the editor of the tab in front."""
        index = self.tabs.currentIndex()
        if index == 0:
            self.overview_tab.save_staff()
        elif index == 1:
            self.records_tab.save_record()
        elif index == 2:
            self.agreement_tab.save_agreement()
        elif index == 3 and self.followup_tab.save_fu_btn.isEnabled():
            self.followup_tab.save_followup()

    def has_unsaved(self) -> bool:
        return bool(self.dirty)

    def _confirm_discard(self, proceed: Any) -> None:
        """Unsaved edits: ask (non-blocking) before throwing them away."""
        if not self.dirty:
            proceed()
            return
        names = {"record": self.tr("记录"), "agreement": self.tr("协议"), "followup": self.tr("回访")}
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("有未保存的修改"),
                          self.tr("%s有未保存的修改，要放弃这些修改吗？") % "、".join(names[d] for d in sorted(self.dirty)),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("discardChanges")
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("放弃修改"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("继续编辑"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Discard:
                self.dirty.clear()
                proceed()

        box.buttonClicked.connect(answered)
        box.open()

    # ---- screen contract -------------------------------------------------------------------------
    def activate(self) -> None:
        self.refresh_list()

    def _on_changed(self, entities: set[str], _ids: set[str]) -> None:
        if entities & MEDIATION_ENTITIES and self.isVisible():
            self.refresh_list()

    def refresh_list(self) -> None:
        which = str(self.filter.currentData())
        query = self.search.text()
        db = self.state.db

        def work() -> list[MediationRow]:
            with db.read() as s:
                return list_mediations(s, which, query)

        Op(self, work).on_success(self._show_rows).run()

    def _show_rows(self, rows: list[MediationRow]) -> None:
        self.rows = rows
        now = datetime.now(UTC)
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        select_row = -1
        for i, r in enumerate(rows):
            if r.outcome:
                status = MediationOutcome(r.outcome).label
                color = None
            elif r.deadline_at is not None:
                left = days_until(r.deadline_at, now)
                status = self.tr("剩余 %d 天") % left if left >= 0 else self.tr("已超期 %d 天") % -left
                color = RED if left < 0 else AMBER if left <= 3 else None
            else:
                status, color = self.tr("进行中"), None
            for col, value in enumerate((r.file_number, r.party_names, r.mediator, status)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                item.setToolTip(self.tr("案件编号：%s") % r.case_number)
                if col == 3 and color:
                    item.setForeground(Qt.GlobalColor.red if color == RED else Qt.GlobalColor.darkYellow)
                self.table.setItem(i, col, item)
            if r.id == (self._pending_select or self.current_id):
                select_row = i
        self.table.blockSignals(False)
        if select_row >= 0:
            self.table.selectRow(select_row)
            self._pending_select = None
        elif self.current_id is None and self._pending_select is None and rows:
            self.table.selectRow(0)  # the room opens on the first (most urgent open) mediation
            return
        if self.current_id is not None:
            self.load_workspace(self.current_id, editors=False)

    def _on_selection(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        mid = items[0].data(Qt.ItemDataRole.UserRole)
        if mid == self.current_id:
            return
        if self.dirty:
            self._reselect_current()

            def switch() -> None:
                self.current_id = mid
                self._reselect_current()
                self.load_workspace(mid, editors=True)

            self._confirm_discard(switch)
            return
        self.current_id = mid
        self.load_workspace(mid, editors=True)

    def _reselect_current(self) -> None:
        self.table.blockSignals(True)
        self.table.clearSelection()
        for row, r in enumerate(self.rows):
            if r.id == self.current_id:
                self.table.selectRow(row)
        self.table.blockSignals(False)

    def select_mediation(self, mediation_id: str) -> None:
        """Show one mediation (from a case detail or after creating one); asks first if edits are unsaved."""
        if mediation_id != self.current_id:
            self._confirm_discard(lambda: self._select(mediation_id))
        else:
            self._select(mediation_id)

    def _select(self, mediation_id: str) -> None:
        self.current_id = mediation_id
        self._pending_select = mediation_id
        self.filter.setCurrentIndex(self.filter.findData("all"))  # refreshes the list
        self.refresh_list()
        self.load_workspace(mediation_id, editors=True)

    def select_case(self, case_id: str) -> None:
        db = self.state.db

        def work() -> str | None:
            with db.read() as s:
                return mediation_of_case(s, case_id)

        Op(self, work).on_success(lambda mid: self.select_mediation(mid) if mid else None).run()

    # ---- loading ---------------------------------------------------------------------------------
    def load_workspace(self, mediation_id: str, editors: bool) -> None:
        db = self.state.db

        def work() -> MediationWorkspace | None:
            with db.read() as s:
                return mediation_workspace(s, mediation_id)

        def done(ws: MediationWorkspace | None) -> None:
            if ws is None or ws.mediation.id != self.current_id:
                return
            self.show_workspace(ws, editors)
            self.loaded.emit()

        Op(self, work).on_success(done).run()

    def show_workspace(self, ws: MediationWorkspace, editors: bool) -> None:
        if editors and self.dirty and self.ws is not None and self.ws.mediation.id == ws.mediation.id:
            editors = False  # a late reload of the same mediation never wipes what is being typed
        self.ws = ws
        m, c = ws.mediation, ws.case
        now = datetime.now(UTC)
        self.placeholder.hide()
        self.header.show()
        self.tabs.show()
        if m.outcome:
            countdown = self.tr("已结束：%s") % MediationOutcome(m.outcome).label
        elif m.deadline_at is not None:
            left = days_until(m.deadline_at, now)
            text = self.tr("调解期限剩余 %d 天") % left if left >= 0 else self.tr("已超过调解期限 %d 天") % -left
            color = RED if left < 0 else AMBER if left <= 3 else "inherit"
            countdown = f'<span style="color:{color}">{text}</span>'
        else:
            countdown = ""
        self.header.setText(
            self.tr("卷号：%s　案件编号：%s<br>调解员：%s　记录人：%s　地点：%s<br>开始：%s　期限：%s　%s") % (
                m.file_number, c.number, m.mediator or "—", m.recorder or "—", m.place or "—",
                local(m.started_at), local(m.deadline_at, "%Y-%m-%d"), countdown,
            )
        )
        self.overview_tab.show_workspace(ws, editors)
        self.records_tab.show_records(ws, editors)
        self.agreement_tab.show_agreement(ws, editors, now)
        self.followup_tab.show_followups(ws)
        if editors:
            self.dirty.clear()

    def write(self, fn: Any, errors: FieldErrors | None, entities: set[str], after: Any = None,
               editors: bool = False, editor: str = "") -> None:
        """Run a service call via Op; show domain errors beside their fields; refresh on success."""
        actor = self.state.require_actor()
        ctx = self.state.ctx

        def failed(exc: BaseException) -> None:
            if errors is None or not errors.show(exc):
                if isinstance(exc, DomainError):
                    notify(self, self.tr("人民调解"), exc.message)
                else:
                    from ... import ops

                    if ops.error_handler is not None:
                        ops.error_handler(self, exc, "")
                    else:
                        notify(self, self.tr("人民调解"), self.tr("操作失败：%s") % type(exc).__name__)

        def done(result: Any) -> None:
            if errors is not None:
                errors.clear()
            if editor:
                self.dirty.discard(editor)
            if after is not None:
                after(result)
            self.state.bus.publish(entities=entities)
            if self.current_id:
                self.load_workspace(self.current_id, editors=editors)

        Op(self, lambda: fn(ctx, actor)).on_success(done).on_failure(failed).run()

    def confirm(self, title: str, text: str, proceed: Any) -> QMessageBox:
        """Ask before an irreversible step (non-blocking: window-modal, no nested event loop)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmAction")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("确定"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(proceed)
        box.open()
        return box

    def print_document(self, kind: str) -> None:
        self.print_tab.print_document(kind)

    def new_mediation(self) -> None:
        dialog = DirectMediationDialog(self.state, self)
        dialog.setObjectName("directMediationDialog")
        dialog.accepted.connect(lambda: self.select_mediation(dialog.created_id) if dialog.created_id else None)
        dialog.open()
