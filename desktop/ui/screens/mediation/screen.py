"""人民调解: the list of mediations and the workspace of the selected one (one class per tab)."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from PySide6.QtCore import QEvent, QMargins, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.db.room_queries import (
    MediationWorkspace,
    mediation_of_case,
    mediation_workspace,
)
from desktop.db.services.cases import number_format
from desktop.domain.accounts import Permission, denied_reason
from desktop.domain.enums import (
    MediationOutcome,
)
from desktop.domain.errors import DomainError

from ...appstate import AppState
from ...errors import show_error
from ...list_model import list_view
from ...ops import Op
from ...printing import notify
from ...widgets import AMBER, RED, WARN_STYLE, ErrorMap, fmt_date, fmt_dt
from .agreement_tab import AgreementTab
from .common import MEDIATION_ENTITIES, days_until
from .direct_dialog import DirectMediationDialog
from .followup_tab import FollowupTab
from .list_model import (
    COALESCE_MS,
    FILE_NUMBER,
    MEDIATOR,
    PARTIES,
    STATUS,
    WIDTH_SAMPLES,
    MediationListModel,
)
from .overview_tab import OverviewTab
from .print_tab import PrintTab
from .records_tab import RecordsTab

FOLLOW_SELECTION_ROWS = 1000  # how far the list reads on to keep the selected mediation in it


class MediationScreen(QWidget):
    """人民调解 screen: list on the left, the selected mediation's workspace on the right."""

    loaded = Signal()  # the workspace finished (re)loading: tests wait on it

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.ws: MediationWorkspace | None = None
        self.current_id: str | None = None
        self._pending_select: str | None = None
        self._hunting = False  # reading pages on to find the selected mediation
        self.dirty: set[str] = set()  # editors with unsaved changes: "record", "agreement", "followup"
        self._build()
        self._shortcuts()
        self.apply_permissions()
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
        self.model = MediationListModel(self.state.db, self)
        self.model.page_loaded.connect(self._page_loaded)
        self.view = list_view("mediations")
        self.view.setModel(self.model)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_list_columns_once()
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self._ws_timer = QTimer(self)
        self._ws_timer.setSingleShot(True)
        self._ws_timer.setInterval(COALESCE_MS)
        self._ws_timer.timeout.connect(self._reload_workspace)
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addWidget(self.search, 1)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addLayout(top)
        ll.addWidget(self.view, 1)
        ll.addWidget(self.new_btn)

        self.placeholder = QLabel(self.tr("请在左侧选择一件调解，或点击“新建调解”。"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(False)  # every tab in sight on a narrow workspace, labels elided
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        # The workspace tabs are built one per event-loop turn after the list (each costs 10–50 ms on a
        # busy machine; all at once stalled opening the room), or at once when something needs one.
        self._built: dict[str, QWidget] = {}
        QTimer.singleShot(0, self, self._build_next_tab)  # dropped if the room is gone
        right = QWidget()
        rl = QVBoxLayout(right)
        self.header = QLabel()
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.permission_note = QLabel()
        self.permission_note.setObjectName("permissionNote")
        self.permission_note.setWordWrap(True)
        self.permission_note.setStyleSheet(WARN_STYLE)
        self.permission_note.hide()
        rl.addWidget(self.permission_note)
        rl.addWidget(self.placeholder)
        rl.addWidget(self.header)
        rl.addWidget(self.tabs, 1)
        self.header.hide()
        self.tabs.hide()
        splitter = self.splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self._split_by_hand = False  # once the user drags the handle, the split is theirs
        splitter.splitterMoved.connect(lambda *_: setattr(self, "_split_by_hand", True))
        splitter.setSizes([420, 580])  # until the room has its size (resizeEvent: _split)
        lay = QVBoxLayout(self)
        lay.addWidget(splitter)


    # ---- list columns -------------------------------------------------------------------------------
    CELL_PADDING = 10  # the style's text margins in a cell (6 px), with room to spare

    def _fit_list_columns_once(self) -> None:
        """The list fits its pane without a horizontal scroll bar: 卷号 and 状态 keep widths that show
        them whole, 当事人 takes the rest (eliding long names), and 调解员 gives way when the pane is too
        narrow for it (the row's tooltip and the workspace header still name the mediator). The list
        is never narrower than 卷号, 状态 and a short pair of names."""
        view, fm = self.view, self.view.fontMetrics()
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(PARTIES, QHeaderView.ResizeMode.Stretch)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        number = number_format(self.state.ctx).file_number(datetime.now().year, 9999)
        samples = {**WIDTH_SAMPLES, FILE_NUMBER: number}
        self._widths = {col: fm.horizontalAdvance(text) + self.CELL_PADDING for col, text in samples.items()}
        for col in (STATUS, FILE_NUMBER, MEDIATOR):
            header.resizeSection(col, self._widths[col])
        chrome = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
        self._list_need = self._widths[PARTIES] + self._widths[STATUS] + self._widths[FILE_NUMBER] + chrome
        view.viewport().installEventFilter(self)  # resized by the window and by the scroll bar

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._split_by_hand:
            self._split()

    def _split(self) -> None:
        """About 2:3, the list never narrower than its whole 卷号 and 状态 and a short name need, as long
        as the workspace keeps its minimum: at 1366 px the list shows all four columns and the workspace
        keeps ~690 px; at 1024 px the list's need rules and the workspace keeps ~450 px. (No minimum
        width on the list: a large font must not push the room past the screen; then the list scrolls.)"""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total <= 0:
            return
        pane, workspace = self.splitter.widget(0), self.splitter.widget(1)
        layout = pane.layout()
        margins = layout.contentsMargins() if layout is not None else QMargins()
        need = self._list_need + margins.left() + margins.right()
        room = total - workspace.minimumSizeHint().width()
        left = max(min(max(need, round(total * 0.42)), room), pane.minimumSizeHint().width())
        if sizes[0] != left:
            self.splitter.setSizes([left, total - left])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self._fit_mediator_column)  # once the header has its new width
        return super().eventFilter(watched, event)

    def _fit_mediator_column(self) -> None:
        w = self._widths
        room = self.view.viewport().width() - w[STATUS] - w[FILE_NUMBER] - w[PARTIES]
        hide = room < w[MEDIATOR]
        if hide != self.view.isColumnHidden(MEDIATOR):
            self.view.setColumnHidden(MEDIATOR, hide)
            self.view.horizontalHeader().resizeSections()  # 当事人 stretches over what is there now

    # ---- workspace tabs, built lazily ---------------------------------------------------------------
    _TAB_ORDER = ("overview_tab", "records_tab", "agreement_tab", "followup_tab", "print_tab")

    def _build_tab(self, name: str) -> QWidget:
        tab: QWidget
        if name == "overview_tab":
            tab, label = OverviewTab(self), self.tr("概况与结果")
        elif name == "records_tab":
            tab, label = RecordsTab(self), self.tr("调查/调解记录")
        elif name == "agreement_tab":
            tab, label = AgreementTab(self), self.tr("调解协议")
        elif name == "followup_tab":
            tab, label = FollowupTab(self), self.tr("回访")
        else:
            tab, label = PrintTab(self), self.tr("文书打印")
        self._built[name] = tab
        self.tabs.addTab(tab, label)
        self._track_edits(tab)
        self.apply_permissions()
        return tab

    def _build_next_tab(self) -> None:
        pending = [n for n in self._TAB_ORDER if n not in self._built]
        if pending:
            self._build_tab(pending[0])
        if len(pending) > 1:
            QTimer.singleShot(0, self, self._build_next_tab)  # dropped if the room is gone

    def _tab(self, name: str) -> QWidget:
        for n in self._TAB_ORDER:  # in order, so the tab bar keeps its order
            if n not in self._built:
                self._build_tab(n)
            if n == name:
                break
        return self._built[name]

    @property
    def overview_tab(self) -> OverviewTab:
        return cast(OverviewTab, self._tab("overview_tab"))

    @property
    def records_tab(self) -> RecordsTab:
        return cast(RecordsTab, self._tab("records_tab"))

    @property
    def agreement_tab(self) -> AgreementTab:
        return cast(AgreementTab, self._tab("agreement_tab"))

    @property
    def followup_tab(self) -> FollowupTab:
        return cast(FollowupTab, self._tab("followup_tab"))

    @property
    def print_tab(self) -> PrintTab:
        return cast(PrintTab, self._tab("print_tab"))

    @property
    def print_buttons(self) -> dict[str, QPushButton]:
        return self.print_tab.print_buttons

    def _track_edits(self, tab: QWidget) -> None:
        """Edits in the record, agreement and follow-up editors are unsaved until their save succeeds."""
        def mark(editor: str) -> Any:
            return lambda *_a: self.dirty.add(editor)

        if isinstance(tab, RecordsTab):
            for w in (tab.record_content, tab.record_risk, tab.record_result):
                w.textChanged.connect(mark("record"))
            for w2 in (tab.record_place, tab.record_participants):
                w2.textChanged.connect(mark("record"))
        elif isinstance(tab, AgreementTab):
            for w in (tab.agr_facts, tab.agr_performance):
                w.textChanged.connect(mark("agreement"))
            tab.terms.changed.connect(mark("agreement"))
            tab.agr_oral.toggled.connect(mark("agreement"))
            tab.agr_copies.valueChanged.connect(mark("agreement"))
            tab.agr_has_deadline.toggled.connect(mark("agreement"))
        elif isinstance(tab, FollowupTab):
            for w in (tab.fu_performance, tab.fu_signs, tab.fu_notes):
                w.textChanged.connect(mark("followup"))
            tab.fu_purpose.textChanged.connect(mark("followup"))
            person = tab.fu_person.lineEdit()  # typed or picked by the user (refilling the names is not a change)
            assert person is not None
            person.textEdited.connect(mark("followup"))
            tab.fu_person.activated.connect(mark("followup"))

    def _shortcuts(self) -> None:
        """Ctrl+S (帮助→快捷键: 保存当前表单) saves the tab in front. F5 and Ctrl+N belong to the main window
        (刷新 calls activate(); 新案件): a second binding here would make both ambiguous, so neither worked."""
        sc = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(self.save_current)

    def save_current(self) -> None:
        """Ctrl+S: save the editor of the tab in front (when its save button is usable)."""
        o, r, a, f = self.overview_tab, self.records_tab, self.agreement_tab, self.followup_tab
        button, save = {
            0: (o.save_staff_btn, o.save_staff), 1: (r.save_record_btn, r.save_record),
            2: (a.save_agr_btn, a.save_agreement), 3: (f.save_fu_btn, f.save_followup),
        }.get(self.tabs.currentIndex(), (None, None))
        if button is None or save is None or self.ws is None:
            return
        if button.isEnabled():
            save()
        elif button.toolTip():
            notify(self, self.tr("人民调解"), button.toolTip())  # say why nothing was saved

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
        self.refresh()

    def _on_changed(self, entities: set[str], _ids: set[str]) -> None:
        if entities & MEDIATION_ENTITIES and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """The list and the workspace in front, read again (coalesced)."""
        self.refresh_list()
        self._ws_timer.start()

    def _reload_workspace(self) -> None:
        if self.current_id is not None:
            self.load_workspace(self.current_id, editors=False)

    def refresh_list(self) -> None:
        self.model.set_query(str(self.filter.currentData()), self.search.text())

    def _page_loaded(self, first: bool) -> None:
        """Keep the selection on the same mediation (by id) across reloads and pages. When it moved beyond
        the pages loaded (concluded: it joins the 已结束 group below the open ones), read on until it shows."""
        target = self._pending_select or self.current_id
        row = self.model.row_of(target)
        if row >= 0:
            self._pending_select = None
            self._select_row(row)
            if self._hunting:
                self.view.scrollTo(self.model.index(row, 0))
            self._hunting = False
        elif first and self.current_id is None and self._pending_select is None and self.model.rows:
            self.view.selectRow(0)  # the room opens on the first (most urgent open) mediation
        elif target is not None and not self.model.exhausted and self.model.rowCount() < FOLLOW_SELECTION_ROWS:
            self._hunting = True
            self.model.fetchMore(QModelIndex())
        else:
            self._hunting = False

    def _select_row(self, row: int) -> None:
        """Select a row without treating it as the user's choice."""
        selection = self.view.selectionModel()
        if selection.isRowSelected(row, QModelIndex()):
            return
        selection.blockSignals(True)
        self.view.selectRow(row)
        selection.blockSignals(False)
        self.view.viewport().update()

    def _on_selection(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        mid = self.model.mediation_id(rows[0].row())
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
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        selection.clearSelection()
        row = self.model.row_of(self.current_id)
        if row >= 0:
            self.view.selectRow(row)
        selection.blockSignals(False)
        self.view.viewport().update()

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
                fmt_dt(m.started_at), fmt_date(m.deadline_at), countdown,
            )
        )
        self.overview_tab.show_workspace(ws, editors)
        self.records_tab.show_records(ws, editors)
        self.agreement_tab.show_agreement(ws, editors, now)
        self.followup_tab.show_followups(ws)
        if editors:
            self.dirty.clear()
        self.apply_permissions()

    # ---- permissions -----------------------------------------------------------------------------
    def _gated(self) -> list[tuple[QWidget, Permission]]:
        """The actions (and their editors) of the room built so far, with the permission each needs."""
        mediate: list[QWidget] = [self.new_btn]
        route: list[QWidget] = []
        for tab in self._built.values():
            if isinstance(tab, OverviewTab):
                mediate += [tab.mediator, tab.co_mediators, tab.recorder, tab.place, tab.save_staff_btn,
                            *tab.outcome_buttons.values(), tab.failure_note, tab.conclude_btn]
            elif isinstance(tab, RecordsTab):
                mediate += [tab.new_record_btn, tab.record_kind, tab.record_time, tab.record_place,
                            tab.record_participants, tab.record_rights, tab.record_content, tab.record_risk,
                            tab.record_result, tab.save_record_btn]
            elif isinstance(tab, AgreementTab):
                mediate += [tab.agr_oral, tab.agr_facts, tab.terms, tab.agr_performance, tab.agr_has_deadline,
                            tab.agr_deadline, tab.agr_copies, tab.save_agr_btn, tab.mark_printed_btn,
                            tab.mark_signed_btn, tab.mark_effective_btn, tab.judicial_btn]
            elif isinstance(tab, FollowupTab):
                route.append(tab.save_fu_btn)
        return [(w, Permission.MEDIATE) for w in mediate] + [(w, Permission.ROUTE) for w in route]

    def denial(self, permission: Permission) -> str:
        actor = self.state.actor
        return self.tr("请先登录") if actor is None else denied_reason(actor.role, permission)

    def apply_permissions(self) -> None:
        """What the signed-in role may not do is disabled, its tooltip says why (not a failure at submit)."""
        restored = False
        for widget, permission in self._gated():
            reason = self.denial(permission)
            if reason:
                widget.setEnabled(False)
                widget.setToolTip(reason)
                widget.setProperty("permissionDenied", True)
            elif widget.property("permissionDenied"):  # another user signed in: the reason no longer applies
                widget.setToolTip("")
                widget.setProperty("permissionDenied", False)
                widget.setEnabled(True)
                restored = True
        if restored and self.current_id is not None:
            self._ws_timer.start()  # the workspace sets what its state allows again
        reason = self.denial(Permission.MEDIATE)
        self.permission_note.setText(reason + self.tr("：可以查看和打印调解文书，不能修改。") if reason else "")
        self.permission_note.setVisible(bool(reason))

    def write(self, fn: Any, errors: ErrorMap | None, after: Any = None, editors: bool = False,
              editor: str = "") -> None:
        """Run a service call via Op; show domain errors beside their fields (the rest in the form's
        general label); anything unexpected goes to errors.show_error (logged, the crash dialog). What the
        service committed is published by the op runner, so nothing is named here."""
        actor = self.state.require_actor()
        ctx = self.state.ctx

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, DomainError):
                show_error(self, exc)
            elif errors is not None:
                errors.show(exc)
            else:
                notify(self, self.tr("人民调解"), exc.message)

        def done(result: Any) -> None:
            if errors is not None:
                errors.clear()
            if editor:
                self.dirty.discard(editor)
            if after is not None:
                after(result)
            if editors and self.current_id:
                self.load_workspace(self.current_id, editors=True)
            else:
                self._ws_timer.start()  # coalesced with the reload the published change asks for

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
