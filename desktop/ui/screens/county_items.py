"""上级交办 / 网格事件 / 网上预约: what the county sends down; sign off, check in, register a case, feed back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.db.models import CountyItem
from desktop.db.room_queries import CountyItemRow, county_item, list_county_items
from desktop.db.services import county_items as svc
from desktop.domain.accounts import Permission
from desktop.domain.deadlines import deadline_state
from desktop.domain.enums import Channel, CountyItemKind, CountyItemStatus
from desktop.domain.errors import DomainError

from ..appstate import AppState
from ..case_form import CompactCaseDialog
from ..errors import show_error
from ..list_model import Cell, RowListModel, list_view
from ..ops import Op
from ..printing import notify
from ..widgets import AMBER, RED, ErrorLabel, ErrorMap, field_with_error, fmt_dt, permit

OVERDUE = QColor(RED)
DUE_SOON = QColor(AMBER)
_OVERDUE_BRUSH, _DUE_SOON_BRUSH = QBrush(OVERDUE), QBrush(DUE_SOON)
ENTITIES = {"county_item", "case"}

_TITLES = {
    CountyItemKind.ASSIGNED.value: "上级交办",
    CountyItemKind.GRID_EVENT.value: "网格事件",
    CountyItemKind.APPOINTMENT.value: "网上预约",
}


class OpenCaseDialog(CompactCaseDialog):
    """登记为案件: the one case editor in its compact mode, prefilled from the item (summary, reporter,
    phone, village); the channel follows the item's kind (set by the service)."""

    def __init__(self, state: AppState, item: CountyItem, parent: QWidget | None = None) -> None:
        item_id = item.id
        super().__init__(state, self.tr("登记为案件"), self.tr("登记"),
                         lambda form: svc.open_case(state.ctx, state.require_actor(), item_id, form).id, parent)
        self.item_id = item_id
        self.editor.set_channel(Channel.ASSIGNED)
        self.editor.prefill(summary="\n".join(t for t in (item.title, item.content) if t), village=item.village,
                            name=item.reporter, phone=item.contact_phone or "")

    @property
    def case_id(self) -> str | None:
        """The case registered from the item (None until saved)."""
        return self.record_id


class FeedbackDialog(QDialog):
    """反馈: the handling result for the county, and whether the matter is resolved."""

    def __init__(self, state: AppState, item_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.item_id = item_id
        self.setWindowTitle(self.tr("反馈办理结果"))
        self.general = ErrorLabel(self)
        self.errors = ErrorMap(self.general)
        self.text = QPlainTextEdit()
        self.text.setObjectName("feedback")
        self.text.setTabChangesFocus(True)
        self.resolved_yes = QRadioButton(self.tr("已解决"))
        self.resolved_no = QRadioButton(self.tr("未解决"))
        self.resolved_yes.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.resolved_yes)
        group.addButton(self.resolved_no)
        rl = QHBoxLayout()
        rl.addWidget(self.resolved_yes)
        rl.addWidget(self.resolved_no)
        rl.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("办理结果"), field_with_error(self.text, self.errors, "feedback"))
        form.addRow(self.tr("是否解决"), rl)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("反馈"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.general)
        lay.addWidget(self.buttons)

    def submit(self) -> None:
        text, resolved, item_id = self.text.toPlainText(), self.resolved_yes.isChecked(), self.item_id
        actor, ctx = self.state.require_actor(), self.state.ctx
        self.buttons.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            if not self.errors.show(exc):
                show_error(self, exc)

        def done(_item: object) -> None:
            self.accept()

        Op(self, lambda: svc.feed_back(ctx, actor, item_id, text, resolved)).on_success(done).on_failure(failed).run()


class CountyItemsScreen(QWidget):
    """One kind of county item: list with deadlines, the selected item's details and its actions."""

    loaded = Signal()

    FILTERS = (("to_sign", "待签收"), ("in_hand", "办理中"), ("fed_back", "已反馈"), ("all", "全部"))

    def __init__(self, state: AppState, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.kind = CountyItemKind(kind).value
        self.item: CountyItem | None = None
        self.selected_id: str | None = None  # kept across filters: reselected when it shows again
        self.filter = QComboBox()
        self.filter.setObjectName("filter")
        for key, label in self.FILTERS:
            self.filter.addItem(self.tr(label), key)
        self.filter.setCurrentIndex(self.filter.findData("all"))
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.title = QLabel(self.tr(_TITLES[self.kind]))
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        when = self.tr("预约时间") if self.kind == CountyItemKind.APPOINTMENT.value else self.tr("收到时间")
        self.table = list_view("items", stretch=0)
        self.model: RowListModel[CountyItemRow] = RowListModel(
            [self.tr("标题"), self.tr("村（社区）"), when, self.tr("办理期限"), self.tr("状态"), self.tr("案件编号")],
            fetch=self._fetch, cells=self._cells, key=lambda r: r.id, widget=self)
        self.table.setModel(self.model)
        self.model.attach(self.table, widths=(0, 80, 130, 215, 70, 150))
        self.model.loaded.connect(self._rows_loaded)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.table.doubleClicked.connect(lambda _i: self.open_linked_case())
        self.detail = QLabel(self.tr("请选择一项"))
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.sign_btn = QPushButton(self.tr("签收"))
        self.check_in_btn = QPushButton(self.tr("到访登记"))
        self.open_case_btn = QPushButton(self.tr("登记为案件"))
        self.feedback_btn = QPushButton(self.tr("反馈"))
        self.linked_btn = QPushButton(self.tr("打开关联案件"))
        self.sign_btn.clicked.connect(self.sign_off)
        self.check_in_btn.clicked.connect(self.check_in)
        self.open_case_btn.clicked.connect(self.open_case)
        self.feedback_btn.clicked.connect(self.feed_back)
        self.linked_btn.clicked.connect(self.open_linked_case)
        self.check_in_btn.setVisible(self.kind == CountyItemKind.APPOINTMENT.value)
        self.sign_btn.setVisible(self.kind != CountyItemKind.APPOINTMENT.value)
        actions = QHBoxLayout()
        for b in (self.sign_btn, self.check_in_btn, self.open_case_btn, self.feedback_btn, self.linked_btn):
            actions.addWidget(b)
        actions.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("显示：")))
        top.addWidget(self.filter)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.detail, 1)
        rl.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(splitter, 1)
        self._update_actions()
        state.bus.changed.connect(self._on_changed)

    def activate(self) -> None:
        self.refresh()

    def _on_changed(self, entities: set[str], _ids: set[str]) -> None:
        if entities & ENTITIES and self.isVisible():
            self.refresh()

    @property
    def rows(self) -> list[CountyItemRow]:
        return self.model.rows

    def refresh(self) -> None:
        self.model.reload()

    def _fetch(self, offset: int, limit: int) -> list[CountyItemRow]:
        """Runs on the database worker: a page of this kind's items."""
        kind, which = self.kind, str(self.filter.currentData())
        with self.state.db.read() as s:
            return list_county_items(s, kind, which, limit=limit, offset=offset)

    def _cells(self, r: CountyItemRow) -> list[Cell | str]:
        state = deadline_state(r.deadline_at, datetime.now(UTC), r.status != CountyItemStatus.FED_BACK.value)
        when = r.appointment_at if self.kind == CountyItemKind.APPOINTMENT.value and r.appointment_at else r.received_at
        deadline = fmt_dt(r.deadline_at)
        if state == "overdue":
            deadline += self.tr("（已超期）")
        elif state == "due_soon":
            deadline += self.tr("（即将到期）")
        status = CountyItemStatus(r.status).label
        if r.status == CountyItemStatus.FED_BACK.value:
            status += self.tr("·已解决") if r.resolved else self.tr("·未解决")
        flagged = state != "ok"
        brush = _OVERDUE_BRUSH if state == "overdue" else _DUE_SOON_BRUSH
        return [r.title, r.village, fmt_dt(when),
                Cell(deadline, foreground=brush if flagged else None, state=state if flagged else None),
                status, r.case_number or ""]

    def _rows_loaded(self) -> None:
        """A refresh's first page is in; the selected item (kept by the model) is shown again."""
        key = self.model.selected_key()
        if key is not None:
            self._load_item(key)
            return
        self.item = None
        self.detail.setText(self.tr("请选择一项") if self.rows else self.tr("没有符合条件的事项"))
        self._update_actions()
        self.loaded.emit()

    def _on_selection(self) -> None:
        key = self.model.selected_key()
        if key is not None and key != self.selected_id:
            self.selected_id = key
            self._load_item(key)

    def select_item(self, item_id: str) -> None:
        row = self.model.row_of(item_id)
        if row >= 0:
            self.table.selectRow(row)

    def _load_item(self, item_id: str) -> None:
        db = self.state.db

        def work() -> CountyItem | None:
            with db.read() as s:
                return county_item(s, item_id)

        Op(self, work).on_success(self._show_item).run()

    def _show_item(self, item: CountyItem | None) -> None:
        self.item = item
        if item is None:
            self.detail.setText(self.tr("该事项已不存在"))
        else:
            lines = [
                f"<b>{item.title}</b>",
                self.tr("状态：%s") % CountyItemStatus(item.status).label,
                self.tr("村（社区）：%s　上报/预约人：%s") % (item.village or "—", item.reporter or "—"),
                self.tr("收到：%s　期限：%s") % (fmt_dt(item.received_at), fmt_dt(item.deadline_at) or "—"),
            ]
            if item.appointment_at:
                lines.append(self.tr("预约时间：%s") % fmt_dt(item.appointment_at))
            if item.signed_at:
                lines.append(self.tr("签收：%s（%s）") % (fmt_dt(item.signed_at), item.signed_by))
            lines.append(self.tr("内容：%s") % (item.content or "—").replace("\n", "<br>"))
            if item.fed_back_at:
                lines.append(self.tr("反馈：%s（%s）") % (item.feedback, fmt_dt(item.fed_back_at)))
            self.detail.setText("<br>".join(lines))
        self._update_actions()
        self.loaded.emit()

    def _update_actions(self) -> None:
        item = self.item
        status = item.status if item else None
        role = self.state.actor.role if self.state.actor else None
        handle = Permission.HANDLE_COUNTY_ITEMS
        permit(self.sign_btn, role, handle, status == CountyItemStatus.RECEIVED.value)
        permit(self.check_in_btn, role, handle,
               status in (CountyItemStatus.RECEIVED.value, CountyItemStatus.SIGNED.value))
        permit(self.open_case_btn, role, Permission.RECEIVE,
               item is not None and not item.case_id and status != CountyItemStatus.FED_BACK.value)
        permit(self.feedback_btn, role, handle, status is not None and status != CountyItemStatus.RECEIVED.value)
        self.linked_btn.setEnabled(item is not None and bool(item.case_id))

    def _write(self, fn: Any) -> None:
        actor, ctx = self.state.require_actor(), self.state.ctx

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DomainError):
                notify(self, self.tr(_TITLES[self.kind]), exc.message)
            else:
                show_error(self, exc)  # logged, with the crash report

        def done(_r: object) -> None:
            self.refresh()

        Op(self, lambda: fn(ctx, actor)).on_success(done).on_failure(failed).run()

    def sign_off(self) -> None:
        if self.item is not None:
            item_id = self.item.id
            self._write(lambda ctx, actor: svc.sign_off(ctx, actor, item_id))

    def check_in(self) -> None:
        if self.item is not None:
            item_id = self.item.id
            self._write(lambda ctx, actor: svc.check_in(ctx, actor, item_id))

    def open_case(self) -> None:
        if self.item is None:
            return
        dialog = OpenCaseDialog(self.state, self.item, self)
        dialog.setObjectName("openCaseDialog")
        dialog.accepted.connect(self.refresh)
        dialog.open()

    def feed_back(self) -> None:
        if self.item is None:
            return
        dialog = FeedbackDialog(self.state, self.item.id, self)
        dialog.setObjectName("feedbackDialog")
        dialog.accepted.connect(self.refresh)
        dialog.open()

    def open_linked_case(self) -> None:
        opener = getattr(self.state, "open_case", None)
        if self.item is not None and self.item.case_id and callable(opener):
            opener(self.item.case_id)
