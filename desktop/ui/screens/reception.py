"""接待受理: quick reception log (people count, channel, on-the-spot answer) and the path to a full case."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desktop.db.models import Reception
from desktop.db.services import cases as case_service
from desktop.db.uow import Changes
from desktop.domain.enums import Channel
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop.domain.forms import CaseForm, ReceptionForm
from desktop.domain.validation import mask_id_number

from ..appstate import AppState
from ..ops import Op
from ..widgets import (
    ErrorLabel,
    ErrorMap,
    combo_value,
    enum_combo,
    fmt_dt,
    header_label,
    text_combo,
    with_error,
)


class ReceptionScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.errors = ErrorMap()
        self._dirty = False
        lay = QVBoxLayout(self)
        lay.addWidget(header_label(self.tr("接待受理")))
        form = QFormLayout()
        self.channel = enum_combo(Channel, [Channel.WALK_IN, Channel.PHONE, Channel.LETTER, Channel.ONLINE, Channel.GRID])
        self.people = QSpinBox()
        self.people.setRange(1, 500)
        self.group_hint = QLabel(self.tr("5人及以上为集体访，请及时报告中心负责人"))
        self.group_hint.setObjectName("groupHint")
        self.group_hint.setStyleSheet("color: #a15c00; font-weight: bold;")
        self.group_hint.hide()
        self.visitor_name = QLineEdit()
        self.visitor_id = QLineEdit()
        self.visitor_id.setMaxLength(18)
        self.visitor_phone = QLineEdit()
        self.village = text_combo(state.settings.villages, editable=True)
        self.village.setCurrentIndex(-1)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(90)
        self.on_spot = QCheckBox(self.tr("当场答复（咨询类，不登记为案件）"))
        self.answer = QPlainTextEdit()
        self.answer.setTabChangesFocus(True)
        self.answer.setFixedHeight(70)
        self.answer.setEnabled(False)
        people_row = QHBoxLayout()
        people_row.addWidget(self.people)
        people_row.addWidget(self.group_hint, 1)
        for key, label, widget in (
            ("channel", self.tr("来访方式"), self.channel),
            ("people_count", self.tr("来访人数"), self.people),
            ("visitor_name", self.tr("来访人姓名"), self.visitor_name),
            ("visitor_id_number", self.tr("身份证号码"), self.visitor_id),
            ("visitor_phone", self.tr("联系电话"), self.visitor_phone),
            ("village", self.tr("所属村（社区）"), self.village),
            ("summary", self.tr("来访事由"), self.summary),
            ("answered_on_spot", "", self.on_spot),
            ("answer", self.tr("答复内容"), self.answer),
        ):
            widget.setObjectName(key)
            err = ErrorLabel()
            err.setObjectName(f"{key}Error")
            self.errors.add(key, widget, err)
            if key == "people_count":
                holder = QHBoxLayout()
                holder.addLayout(people_row, 3)
                holder.addWidget(err, 2)
                form.addRow(label, holder)
            else:
                form.addRow(label, with_error(widget, err))
        lay.addLayout(form)
        self.general = ErrorLabel()
        self.errors.fallback = self.general
        lay.addWidget(self.general)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存接待记录"))
        self.save_button.setObjectName("saveReception")
        self.case_button = QPushButton(self.tr("登记为案件…"))
        self.case_button.setObjectName("registerCase")
        self.clear_button = QPushButton(self.tr("清空"))
        self.status = QLabel()
        self.status.setObjectName("receptionStatus")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.case_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.status, 1)
        lay.addLayout(buttons)
        lay.addWidget(QLabel(self.tr("今日接待")))
        self.today = QTableWidget(0, 6)
        self.today.setHorizontalHeaderLabels([self.tr("时间"), self.tr("方式"), self.tr("人数"), self.tr("来访人"),
                                              self.tr("身份证号"), self.tr("结果")])
        self.today.horizontalHeader().setStretchLastSection(True)
        self.today.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay.addWidget(self.today, 1)

        self.people.valueChanged.connect(self._people_changed)
        self.on_spot.toggled.connect(self._on_spot_toggled)
        self.save_button.clicked.connect(self.save_reception)
        self.case_button.clicked.connect(self.register_case)
        self.clear_button.clicked.connect(self.clear)
        for w in (self.visitor_name, self.visitor_id, self.visitor_phone):
            w.textEdited.connect(self._mark)
        self.summary.textChanged.connect(self._mark)
        self.answer.textChanged.connect(self._mark)
        state.bus.changed.connect(self._on_changed)

    # state
    def _mark(self, *_: object) -> None:
        self._dirty = True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def activate(self) -> None:
        self.refresh_today()

    def new_reception(self) -> None:
        if not self._dirty:
            self.clear()
        self.channel.setFocus()

    def _people_changed(self, n: int) -> None:
        self.group_hint.setVisible(n >= 5)
        self._dirty = True

    def _on_spot_toggled(self, on: bool) -> None:
        self.answer.setEnabled(on)
        self.case_button.setEnabled(not on)
        self._dirty = True

    def clear(self) -> None:
        self.people.setValue(1)
        for w in (self.visitor_name, self.visitor_id, self.visitor_phone):
            w.clear()
        self.village.setCurrentIndex(-1)
        self.village.setEditText("")
        self.summary.clear()
        self.answer.clear()
        self.on_spot.setChecked(False)
        self.errors.clear()
        self._dirty = False

    def form(self) -> ReceptionForm:
        return ReceptionForm(
            channel=Channel(combo_value(self.channel)),
            people_count=self.people.value(),
            visitor_name=self.visitor_name.text(),
            visitor_id_number=self.visitor_id.text(),
            visitor_phone=self.visitor_phone.text(),
            village=combo_value(self.village),
            summary=self.summary.toPlainText(),
            answered_on_spot=self.on_spot.isChecked(),
            answer=self.answer.toPlainText(),
        )

    # actions
    def save_reception(self) -> None:
        self.errors.clear()
        form = self.form()
        try:
            form.validated()
        except DomainError as exc:
            self.errors.show(exc)
            return
        state, actor = self.state, self.state.require_actor()
        self.save_button.setEnabled(False)
        Op(self, lambda: case_service.log_reception(state.ctx, actor, form)[0].id).on_success(
            self._saved).on_failure(self._failed).run()

    def _saved(self, reception_id: str) -> None:
        self.save_button.setEnabled(True)
        self.clear()
        self.status.setText(self.tr("接待记录已保存"))
        self.state.bus.publish(Changes(entities={"reception", "outbox"}, ids={reception_id}))

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, (ValidationError, ValidationErrors)):
            self.errors.show(exc)
            return
        from ..errors import show_error

        show_error(self, exc)

    def register_case(self) -> None:
        """Open the full case form with what is known; saving logs the visit and the case together."""
        from ..case_form import CaseFormDialog

        self.errors.clear()
        reception = self.form()
        reception.answered_on_spot = False
        if not reception.summary.strip():
            reception.summary = "登记为案件"
        try:
            reception.validated()
        except DomainError as exc:
            self.errors.show(exc)
            return
        state, actor = self.state, self.state.require_actor()

        def save(case_form: CaseForm) -> object:
            reception.summary = case_form.summary[:2000] or reception.summary
            _, case = case_service.log_reception(state.ctx, actor, reception, case_form)
            assert case is not None
            return case

        dialog = CaseFormDialog(state, save_fn=save, parent=self.window())  # type: ignore[arg-type]
        dialog.editor.prefill(summary=self.summary.toPlainText(), village=combo_value(self.village),
                              channel=combo_value(self.channel), name=self.visitor_name.text(),
                              id_number=self.visitor_id.text(), phone=self.visitor_phone.text())
        dialog.dirty = True
        dialog.saved.connect(lambda _cid: self._case_saved())
        track = getattr(self.window(), "track_dialog", None)
        if track is not None:
            track(dialog)
        self.case_dialog = dialog
        dialog.show()

    def _case_saved(self) -> None:
        self.clear()
        self.status.setText(self.tr("已登记为案件"))
        self.refresh_today()

    # today's list
    def _on_changed(self, entities: set[str], ids: set[str]) -> None:
        if "reception" in entities and self.isVisible():
            self.refresh_today()

    def refresh_today(self) -> None:
        db = self.state.db
        start = datetime.combine(datetime.now().date(), time()).astimezone()

        def work() -> list[tuple[datetime, str, int, str, str, bool, bool]]:
            with db.read() as s:
                rows = s.scalars(select(Reception).where(Reception.visited_at >= start)
                                 .order_by(Reception.visited_at.desc()).limit(200))
                return [(r.visited_at, r.channel, r.people_count, r.visitor_name, r.visitor_id_number or "",
                         r.answered_on_spot, r.case_id is not None) for r in rows]

        Op(self, work).on_success(self._show_today).run()

    def _show_today(self, rows: list[tuple[datetime, str, int, str, str, bool, bool]]) -> None:
        self.today.setRowCount(len(rows))
        for i, (at, channel, n, name, idn, spot, has_case) in enumerate(rows):
            result = self.tr("当场答复") if spot else self.tr("已登记案件") if has_case else self.tr("已登记")
            for j, text in enumerate((fmt_dt(at), Channel(channel).label, str(n), name, mask_id_number(idn), result)):
                self.today.setItem(i, j, QTableWidgetItem(text))

    def save_state(self, qs: QSettings) -> None:
        qs.setValue("reception/channel", combo_value(self.channel))

