"""Case detail: header, parties (IDs masked until revealed), timeline, the actions the state machine
allows now (each with a small dialog), attachments, sync state and printing."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.db import queries
from desktop.db.services import attachments as attachment_service
from desktop.db.services import cases as case_service
from desktop.db.services import mediation as mediation_service
from desktop.db.services import privacy as privacy_service
from desktop.db.types import utcnow
from desktop.domain.accounts import Permission
from desktop.domain.case_flow import EVENT_LABELS, allowed_transitions
from desktop.domain.deadlines import deadline_state
from desktop.domain.enums import (
    OPEN_STATUSES,
    CaseStatus,
    Channel,
    Complexity,
    FollowupMethod,
    LegalChannel,
    PartyKind,
    PartyRole,
    RiskLevel,
    Role,
    Satisfaction,
    Sex,
    SyncState,
)
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop.domain.forms import FollowupForm
from desktop.domain.privacy import PersonalField, shown

from . import case_file_materials, printing, widgets
from .appstate import AppState
from .ops import Op
from .widgets import (
    ERROR_STYLE,
    WARN_STYLE,
    ErrorLabel,
    ErrorMap,
    combo_value,
    fit_to_screen,
    fmt_date,
    fmt_dt,
    header_label,
    permit,
    save_shortcuts,
    text_combo,
    visited_person_combo,
    with_error,
)

IRREVERSIBLE = {"close", "close_on_spot", "archive"}


def _label(enum_cls: Any, value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(enum_cls(value).label)
    except ValueError:
        return value


def describe_event(kind: str, data: dict[str, Any]) -> str:
    """One line of the timeline: the event's name and the facts it carries."""
    parts = [EVENT_LABELS.get(kind, kind)]
    for key, label in (("assignee", "承办"), ("deadline_at", "期限"), ("legal_channel", "途径"), ("reason", "理由"),
                       ("result", "结果"), ("note", "说明"), ("file_number", "卷号"), ("number", "编号"),
                       ("filename", "文件"), ("satisfaction", "满意度")):
        value = data.get(key)
        if not value:
            continue
        if key == "deadline_at":
            with contextlib.suppress(ValueError):
                value = fmt_dt(datetime.fromisoformat(str(value)))
        if key == "satisfaction":
            value = _label(Satisfaction, str(value))
        parts.append(f"{label}：{value}")
    return "  ".join(str(p) for p in parts)


class ActionDialog(QDialog):
    """A small form for one action; validation messages appear beside its fields."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.errors = ErrorMap()
        self.fields: dict[str, QWidget] = {}
        lay = QVBoxLayout(self)
        self.form = QFormLayout()
        lay.addLayout(self.form)
        self.general = ErrorLabel()
        self.errors.fallback = self.general
        lay.addWidget(self.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.submit: Callable[[], None] = lambda: None
        self.buttons.accepted.connect(lambda: self.submit())
        save_shortcuts(self, lambda: self.submit(), enter=False)  # Enter already presses 确定

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(key)
        err = ErrorLabel()
        err.setObjectName(f"{key}Error")
        self.errors.add(key, widget, err)
        self.form.addRow(label, with_error(widget, err))
        self.fields[key] = widget
        return widget

    def text(self, key: str) -> str:
        w = self.fields[key]
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QComboBox):
            return combo_value(w)
        raise TypeError(key)

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _plain(height: int = 80) -> QPlainTextEdit:
    e = QPlainTextEdit()
    e.setTabChangesFocus(True)
    e.setFixedHeight(height)
    return e


class CaseDetailWindow(QDialog):
    def __init__(self, state: AppState, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.case_id = case_id
        self.detail: queries.CaseDetail | None = None
        self.reveal_ids = False
        self.action_dialog: ActionDialog | None = None
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowTitle(self.tr("案件详情"))
        fit_to_screen(self, 1000, 780, parent)
        outer = QVBoxLayout(self)
        # Everything but the bottom buttons scrolls, so 修改案件信息 / 打印 / 关闭 stay visible on 1024×768.
        body = QWidget()
        scroll = QScrollArea()
        scroll.setObjectName("detailScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = header_label("")
        self.title.setObjectName("caseTitle")
        lay.addWidget(self.title)
        self.header = QGridLayout()
        self.header_labels: dict[str, QLabel] = {}
        for i, (key, label) in enumerate((("status", "状态"), ("deadline", "办理期限"), ("first_responder", "首问责任人"),
                                           ("assignee", "承办单位"), ("category", "类别"), ("channel", "来源渠道"),
                                           ("village", "村（社区）"), ("risk", "风险等级"), ("registered", "登记时间"),
                                           ("sync", "同步状态"))):
            value = QLabel()
            value.setObjectName(f"{key}Value")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.header_labels[key] = value
            self.header.addWidget(QLabel(self.tr(label) + "："), i // 3, (i % 3) * 2, Qt.AlignmentFlag.AlignRight)
            self.header.addWidget(value, i // 3, (i % 3) * 2 + 1)
        lay.addLayout(self.header)
        self.sync_error = QLabel()
        self.sync_error.setObjectName("syncError")
        self.sync_error.setStyleSheet(ERROR_STYLE)
        self.sync_error.setWordWrap(True)
        self.sync_error.hide()
        lay.addWidget(self.sync_error)
        # Long text (a 2,000-character summary) is read in full here: read-only, selectable, scrolling.
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summaryText")
        self.summary.setReadOnly(True)
        self.summary.setMinimumHeight(70)
        self.summary.setMaximumHeight(160)
        lay.addWidget(self.summary)

        self.actions_row = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        lay.addLayout(self.actions_row)

        parties_box = QGroupBox(self.tr("当事人"))
        pl = QVBoxLayout(parties_box)
        self.parties = QTableWidget(0, 7)
        self.parties.setObjectName("partiesTable")
        self.parties.setHorizontalHeaderLabels([self.tr(h) for h in ("身份", "姓名/单位", "性别", "出生日期", "身份证号", "电话", "住址")])
        self.parties.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.parties.horizontalHeader().setStretchLastSection(True)
        self.parties.setMaximumHeight(150)
        pl.addWidget(self.parties)
        self.reveal_button = QPushButton(self.tr("显示完整身份证号和电话"))
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.clicked.connect(self.toggle_reveal)
        pl.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(parties_box)

        bottom = QHBoxLayout()
        tl_box = QGroupBox(self.tr("办理经过"))
        tl = QVBoxLayout(tl_box)
        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setMinimumHeight(120)
        self.timeline.setWordWrap(True)
        tl.addWidget(self.timeline)
        bottom.addWidget(tl_box, 3)
        att_box = QGroupBox(self.tr("附件"))
        al = QVBoxLayout(att_box)
        self.attachments = QListWidget()
        self.attachments.setObjectName("attachments")
        al.addWidget(self.attachments)
        self.add_attachment_button = QPushButton(self.tr("添加附件…"))
        self.add_attachment_button.clicked.connect(self._pick_attachment)
        self.save_attachment_button = QPushButton(self.tr("另存附件…"))
        self.save_attachment_button.setObjectName("saveAttachment")
        self.save_attachment_button.setToolTip(self.tr("把选中的附件解密另存为文件，以便查看或打印（记入审计日志）"))
        self.save_attachment_button.clicked.connect(self._pick_save_target)
        att_buttons = QHBoxLayout()
        att_buttons.addWidget(self.add_attachment_button)
        att_buttons.addWidget(self.save_attachment_button)
        al.addLayout(att_buttons)
        self.attachment_note = QLabel()
        self.attachment_note.setObjectName("attachmentNote")
        self.attachment_note.setWordWrap(True)
        al.addWidget(self.attachment_note)
        bottom.addWidget(att_box, 2)
        lay.addLayout(bottom, 1)

        row = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("修改案件信息"))
        self.edit_button.clicked.connect(self._edit)
        self.print_button = QToolButton()
        self.print_button.setText(self.tr("打印"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_menu = QMenu(self)
        self.print_menu.aboutToShow.connect(self._fill_print_menu)
        self.print_button.setMenu(self.print_menu)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.close)
        row.addWidget(self.edit_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(close)
        outer.addLayout(row)
        state.bus.changed.connect(self._on_changed)
        self.reload()

    # loading
    def reload(self) -> None:
        db, case_id = self.state.db, self.case_id

        def work() -> queries.CaseDetail | None:
            with db.read() as s:
                return queries.case_detail(s, case_id)

        Op(self, work).on_success(self._show).run()

    def _on_changed(self, entities: set[str], ids: set[str]) -> None:
        if self.case_id in ids or "outbox" in entities:
            self.reload()

    def _show(self, detail: queries.CaseDetail | None) -> None:
        if detail is None:
            self.title.setText(self.tr("找不到该案件"))
            return
        self.detail = detail
        c = detail.case
        now = utcnow()
        status = CaseStatus(c.status)
        self.setWindowTitle(self.tr("案件 {0}").format(c.number))
        self.title.setText(f"{c.number}  {c.party_names}")
        h = self.header_labels
        h["status"].setText(status.label)
        st = deadline_state(c.deadline_at, now, status in OPEN_STATUSES)
        deadline = fmt_dt(c.deadline_at)
        if st == "overdue":
            deadline += self.tr("（已超期）")
            h["deadline"].setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        elif st == "due_soon":
            deadline += self.tr("（3天内到期）")
            h["deadline"].setStyleSheet(WARN_STYLE + " font-weight: bold;")
        else:
            h["deadline"].setStyleSheet("")
        h["deadline"].setText(deadline)
        h["first_responder"].setText(c.first_responder)
        h["assignee"].setText(c.assignee or self.tr("（无）"))
        h["category"].setText(c.category)
        h["channel"].setText(_label(Channel, c.channel))
        h["village"].setText(c.village)
        h["risk"].setText(_label(RiskLevel, c.risk_level) + " / " + _label(Complexity, c.complexity))
        h["registered"].setText(fmt_dt(c.registered_at))
        h["sync"].setText(_label(SyncState, detail.sync_state))
        if detail.sync_error:
            self.sync_error.setText(self.tr("县平台退回：") + detail.sync_error + self.tr("（修改后保存会重新发送）"))
            self.sync_error.show()
        else:
            self.sync_error.hide()
        text = self.tr("事项概要：") + c.summary
        if c.demands:
            text += "\n" + self.tr("诉求：") + c.demands
        if c.result:
            text += "\n" + self.tr("办理结果：") + c.result
        if c.satisfaction:
            text += "\n" + self.tr("满意度：") + _label(Satisfaction, c.satisfaction)
        self.summary.setPlainText(text)
        self._show_parties()
        self.timeline.clear()
        for ev in detail.events:
            self.timeline.addItem(f"{fmt_dt(ev.at)}  {ev.actor}  {describe_event(ev.kind, ev.data or {})}")
        self.attachments.clear()
        for a in detail.attachments:
            item = QListWidgetItem(f"{a.filename}（{max(1, a.size // 1024)} KB）")
            item.setData(Qt.ItemDataRole.UserRole, (a.id, a.filename))
            self.attachments.addItem(item)
        self._show_actions(status)
        role = self.state.actor.role if self.state.actor else None
        permit(self.edit_button, role, Permission.RECEIVE, status not in (CaseStatus.ARCHIVED,))
        permit(self.add_attachment_button, role, Permission.RECEIVE)
        permit(self.save_attachment_button, role, Permission.RECEIVE)  # what save_copy requires

    def _show_parties(self) -> None:
        assert self.detail is not None
        parties = self.detail.case.parties
        self.parties.setRowCount(len(parties))
        for i, p in enumerate(parties):
            name = p.name
            if p.kind == PartyKind.ORGANIZATION.value and p.representative:
                name += self.tr("（代表人：{0}）").format(p.representative)
            values = (
                _label(PartyRole, p.role), name, _label(Sex, p.sex), fmt_date(p.birth_date),
                shown(p.id_number, PersonalField.ID_NUMBER, self.reveal_ids),
                shown(p.phone, PersonalField.PHONE, self.reveal_ids), p.address,
            )
            for j, v in enumerate(values):
                self.parties.setItem(i, j, QTableWidgetItem(v))
        self.parties.resizeColumnsToContents()

    def toggle_reveal(self) -> None:
        """Show full ID numbers and phones only after a click, each party's reveal written to the audit log."""
        if self.reveal_ids or self.detail is None:
            self._set_revealed(False)
            return
        db, actor = self.state.db, self.state.require_actor()
        ids = [p.id for p in self.detail.case.parties]
        Op(self, lambda: [privacy_service.reveal_party(db, actor, i) for i in ids]).on_success(
            lambda _shown: self._set_revealed(True)).run()

    def _set_revealed(self, revealed: bool) -> None:
        self.reveal_ids = revealed
        self.reveal_button.setText(self.tr("隐藏身份证号和电话") if revealed else self.tr("显示完整身份证号和电话"))
        if self.detail is not None:
            self._show_parties()

    def _show_actions(self, status: CaseStatus) -> None:
        widgets.clear_layout(self.actions_row)
        self.action_buttons = {}
        role = self.state.actor.role if self.state.actor else None
        for t in allowed_transitions(status):
            b = QPushButton(self.tr(t.label) + "…")
            b.setObjectName(f"action_{t.name}")
            permit(b, role, Permission.ROUTE)  # routing, closing, referring and following up
            b.clicked.connect(lambda _=False, n=t.name: self.start_action(n))
            self.actions_row.addWidget(b)
            self.action_buttons[t.name] = b
        self.actions_row.addStretch(1)

    # actions
    def start_action(self, name: str) -> ActionDialog:
        """Open the small dialog for one action (tests drive it the same way)."""
        from desktop.domain.case_flow import TRANSITIONS

        t = TRANSITIONS[name]
        d = ActionDialog(self.tr(t.label), self)
        state, actor, case_id = self.state, self.state.require_actor(), self.case_id
        ctx = state.ctx
        if name == "route":
            d.add("note", self.tr("分流说明"), _plain(60))
            d.submit = lambda: self._run(d, name, lambda: case_service.transition(
                ctx, actor, case_id, case_service.TransitionRequest("route", note=d.text("note"))))
        elif name in ("close", "close_on_spot"):
            d.add("result", self.tr("办理结果"), _plain(100))
            d.submit = lambda: self._run(d, name, lambda: case_service.transition(
                ctx, actor, case_id, case_service.TransitionRequest(name, result=d.text("result"))))
        elif name == "start_mediation":
            # Only a mediator routing to themself is the obvious choice; otherwise the room assigns one.
            mediator = QLineEdit(actor.display_name if actor.role is Role.MEDIATOR else "")
            mediator.setPlaceholderText(self.tr("可留空，由人民调解室指派"))
            d.add("mediator", self.tr("人民调解员"), mediator)
            d.add("recorder", self.tr("记录人"), QLineEdit())
            d.submit = lambda: self._run(d, name, lambda: mediation_service.start_mediation(
                ctx, actor, case_id, mediator=d.text("mediator").strip(), recorder=d.text("recorder").strip()))
        elif name == "assign":
            office = text_combo(state.settings.offices, editable=True)
            office.setCurrentIndex(-1)  # an explicit choice, never a silent default
            d.add("assignee", self.tr("承办单位"), office)
            deadline = QDateEdit()
            deadline.setCalendarPopup(True)
            deadline.setDisplayFormat("yyyy-MM-dd")
            deadline.setDate(QDate.currentDate().addDays(7))
            d.add("deadline_at", self.tr("办理期限"), deadline)

            def assign() -> Any:
                tz = datetime.now().astimezone().tzinfo
                day = deadline.date().toPython()
                end = datetime.combine(day, time(), tz) + timedelta(days=1) - timedelta(seconds=1)  # type: ignore[arg-type]
                return case_service.transition(ctx, actor, case_id, case_service.TransitionRequest(
                    "assign", assignee=d.text("assignee"), deadline_at=end))

            d.submit = lambda: self._run(d, name, assign)
        elif name == "escalate":
            d.add("note", self.tr("上报理由"), _plain(100))
            d.submit = lambda: self._run(d, name, lambda: case_service.transition(
                ctx, actor, case_id, case_service.TransitionRequest("escalate", note=d.text("note"))))
        elif name == "guide_legal":
            channel = QComboBox()
            channel.addItem(self.tr("（请选择）"), "")
            for c in LegalChannel:
                channel.addItem(c.label, c.value)
            d.add("legal_channel", self.tr("法律途径"), channel)
            d.add("note", self.tr("说明"), _plain(60))
            d.submit = lambda: self._run(d, name, lambda: case_service.transition(
                ctx, actor, case_id, case_service.TransitionRequest(
                    "guide_legal", legal_channel=d.text("legal_channel"), note=d.text("note"))))
        elif name == "follow_up":
            method = QComboBox()
            for m in FollowupMethod:
                method.addItem(m.label, m.value)
            d.add("method", self.tr("回访方式"), method)
            names = [p.name for p in self.detail.case.parties] if self.detail else []
            d.add("visited_person", self.tr("被回访人"), visited_person_combo(names))
            purpose = QLineEdit()
            purpose.setMaxLength(500)
            purpose.setPlaceholderText(self.tr("可留空：回访协议履行情况及当事人满意度"))
            d.add("purpose", self.tr("回访事由"), purpose)
            d.add("performance", self.tr("履行情况"), _plain(60))
            sat = QComboBox()
            sat.addItem(self.tr("（请选择）"), "")
            for s in Satisfaction:
                sat.addItem(s.label, s.value)
            d.add("satisfaction", self.tr("满意度"), sat)
            d.add("escalation_signs", self.tr("有无激化苗头"), _plain(50))
            d.add("notes", self.tr("备注"), _plain(50))

            def follow() -> Any:
                s = d.text("satisfaction")
                return mediation_service.add_followup(ctx, actor, case_id, FollowupForm(
                    visited_at=utcnow(), method=d.text("method"), performance=d.text("performance"),
                    satisfaction=Satisfaction(s) if s else None, escalation_signs=d.text("escalation_signs"),
                    notes=d.text("notes"), visited_person=d.text("visited_person"), purpose=d.text("purpose")))

            d.submit = lambda: self._run(d, name, follow)
        elif name == "archive":
            d.form.addRow(QLabel(self.tr("归档后案件不能再办理或修改。")))
            d.submit = lambda: self._run(d, name, lambda: case_service.transition(
                ctx, actor, case_id, case_service.TransitionRequest("archive")))
        self.action_dialog = d
        d.show()
        return d

    def _run(self, d: ActionDialog, name: str, work: Callable[[], Any]) -> None:
        d.errors.clear()
        if name in IRREVERSIBLE and not widgets.ask(d, self.tr("请确认"), self.tr("“{0}”后不能撤销，确定继续吗？").format(
                d.windowTitle())):
            return
        d.ok_button().setEnabled(False)

        def ok(_result: Any) -> None:
            d.accept()
            self.reload()

        def failed(exc: BaseException) -> None:
            d.ok_button().setEnabled(True)
            if isinstance(exc, (ValidationError, ValidationErrors)):
                d.errors.show(exc)
            elif isinstance(exc, DomainError):
                d.general.set_error(exc.message)
            else:
                from .errors import show_error

                show_error(d, exc)

        Op(d, work).on_success(ok).on_failure(failed).run()

    # attachments, edit, print
    def _pick_attachment(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("选择扫描件或照片"), "",
                                                self.tr("图片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)"))
        self.add_attachments([Path(f) for f in files])

    def add_attachments(self, files: list[Path]) -> None:
        if not files:
            return
        state, actor, case_id = self.state, self.state.require_actor(), self.case_id

        def work() -> int:
            for f in files:
                attachment_service.add_attachment(state.ctx, actor, state.paths.attachments, case_id, f)
            return len(files)

        Op(self, work).run()  # the runner publishes the attachments' changes; the detail reloads on them

    def _pick_save_target(self) -> None:
        item = self.attachments.currentItem()
        if item is None:
            self.attachment_note.setText(self.tr("请先选中一个附件"))
            return
        att_id, filename = item.data(Qt.ItemDataRole.UserRole)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存附件"), filename)
        if path:
            self.save_attachment(att_id, Path(path))

    def save_attachment(self, attachment_id: str, target: Path) -> None:
        """Decrypt one attachment to a file the user chose (to view or print it elsewhere); audited."""
        state, actor = self.state, self.state.require_actor()
        Op(self, lambda: attachment_service.save_copy(state.ctx, actor, state.paths.attachments, attachment_id,
                                                      target)).on_success(
            lambda p: self.attachment_note.setText(self.tr("附件已另存到 %s") % p.name)).run()

    def _edit(self) -> None:
        from .case_form import CaseFormDialog

        dialog = CaseFormDialog(self.state, case_id=self.case_id, parent=self)
        track = getattr(self.parent(), "track_dialog", None)
        if track is not None:
            track(dialog)
        dialog.show()

    def _fill_print_menu(self) -> None:
        self.print_menu.clear()
        for label, action in printing.case_documents(self.state, self.case_id):
            self.print_menu.addAction(label, lambda a=action: a(self))
        self.print_menu.addAction(self.tr("卷宗纸质材料…"), lambda: case_file_materials.open_dialog(self, self.state, self.case_id))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.action_dialog is not None:
            self.action_dialog.close()
        event.accept()

