"""接待受理: quick reception log (people count, channel, on-the-spot answer) and the path to a full case."""

from __future__ import annotations

from datetime import datetime, time
from typing import NamedTuple

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desktop.db import queries
from desktop.db.models import Reception
from desktop.db.services import cases as case_service
from desktop.domain.enums import Channel
from desktop.domain.errors import DomainError, ValidationError
from desktop.domain.forms import CaseForm, ReceptionForm
from desktop.domain.validation import fold_number, mask_id_number, normalize_phone, parse_resident_id

from ..appstate import AppState
from ..errors import show_error
from ..list_model import RowListModel, list_view
from ..ops import Op
from ..widgets import (
    WARN_STYLE,
    ErrorLabel,
    ErrorMap,
    combo_value,
    enum_combo,
    fmt_dt,
    header_label,
    save_shortcuts,
    text_combo,
    with_error,
)


class TodayRow(NamedTuple):
    id: str
    visited_at: datetime
    channel: str
    people_count: int
    visitor_name: str
    visitor_id_number: str | None
    answered_on_spot: bool
    has_case: bool


class ReceptionScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.errors = ErrorMap()
        self._dirty = False
        self._repeat_key = ""
        lay = QVBoxLayout(self)
        lay.addWidget(header_label(self.tr("接待受理")))
        form = QFormLayout()
        self.channel = enum_combo(Channel, [Channel.WALK_IN, Channel.PHONE, Channel.LETTER, Channel.ONLINE, Channel.GRID])
        self.people = QSpinBox()
        self.people.setRange(1, 500)
        self.group_hint = QLabel(self.tr("5人及以上为集体访，请及时报告中心负责人"))
        self.group_hint.setObjectName("groupHint")
        self.group_hint.setStyleSheet(WARN_STYLE + " font-weight: bold;")
        self.group_hint.hide()
        self.visitor_name = QLineEdit()
        self.visitor_id = QLineEdit()
        self.visitor_id.setMaxLength(24)  # room for a pasted number grouped with spaces
        self.visitor_phone = QLineEdit()
        self.repeat = QLabel()
        self.repeat.setObjectName("repeatVisit")
        self.repeat.setStyleSheet(WARN_STYLE + " font-weight: bold;")
        self.repeat.setTextFormat(Qt.TextFormat.RichText)
        self.repeat.hide()
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
        form.addRow("", self.repeat)
        form_box = QWidget()
        form_box.setLayout(form)
        form_box.setMaximumWidth(1000)  # long lines are hard to read; keep fields at a sensible width
        lay.addWidget(form_box)
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
        self.today = list_view("todayVisits")
        self.today_model: RowListModel[TodayRow] = RowListModel(
            [self.tr("时间"), self.tr("方式"), self.tr("人数"), self.tr("来访人"), self.tr("身份证号"), self.tr("结果")],
            fetch=self._fetch_today, cells=self._today_cells, key=lambda r: r.id, widget=self)
        self.today.setModel(self.today_model)
        self.today_model.attach(self.today, widths=(70, 70, 50, 110, 170))  # a masked ID number in full
        lay.addWidget(self.today, 1)

        save_shortcuts(form_box, self.save_reception)
        self.people.valueChanged.connect(self._people_changed)
        self.on_spot.toggled.connect(self._on_spot_toggled)
        self.save_button.clicked.connect(self.save_reception)
        self.case_button.clicked.connect(self.register_case)
        self.clear_button.clicked.connect(self.clear)
        for w in (self.visitor_name, self.visitor_id, self.visitor_phone):
            w.textEdited.connect(self._mark)
        self.summary.textChanged.connect(self._mark)
        self.visitor_id.textChanged.connect(self._id_changed)
        self.visitor_phone.editingFinished.connect(self._phone_done)
        self.repeat.linkActivated.connect(self._show_repeat_cases)
        self.answer.textChanged.connect(self._mark)
        state.bus.changed.connect(self._on_changed)

    # state
    def _mark(self, *_: object) -> None:
        self._dirty = True
        if not self.save_button.isEnabled():
            return
        self.status.clear()  # "已保存" belongs to the previous visitor, not to what is being typed

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
        self.repeat.hide()
        self._repeat_key = ""
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

    # repeat visits
    def _id_changed(self, text: str) -> None:
        number = fold_number(text)
        if len(number) == 18:
            try:
                parse_resident_id(number)
            except ValidationError as exc:
                self.errors.label("visitor_id_number").set_error(exc.message)  # type: ignore[union-attr]
                return
            self.errors.label("visitor_id_number").set_error("")  # type: ignore[union-attr]
            self._lookup(number, "")
        else:
            self.errors.label("visitor_id_number").set_error("")  # type: ignore[union-attr]
            self.repeat.hide()

    def _phone_done(self) -> None:
        try:
            phone = normalize_phone(self.visitor_phone.text()) if self.visitor_phone.text().strip() else ""
        except ValidationError:
            return
        if phone:
            self._lookup("", phone)

    def _lookup(self, id_number: str, phone: str) -> None:
        db, days = self.state.db, self.state.settings.repeat_visit_days
        self._repeat_key = id_number or phone

        def work() -> int:
            with db.read() as s:
                return case_service.repeat_visits(s, id_number or None, phone or None, days)

        key = self._repeat_key

        def done(n: int) -> None:
            if key != self._repeat_key:
                return  # the form was saved or cleared (or another number typed) meanwhile
            if n <= 0:
                self.repeat.hide()
                return
            self.repeat.setText(self.tr("此人近 {0} 天已来访 {1} 次").format(days, n)
                                + ' <a href="cases">' + self.tr("查看相关案件") + "</a>")
            self.repeat.show()

        Op(self, work).on_success(done).run()

    def _show_repeat_cases(self, _link: str) -> None:
        if self.state.open_case_list is not None:
            self.state.open_case_list(queries.CaseFilter(search=self._repeat_key))

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
        self.status.setText(self.tr("接待记录已保存"))  # the op runner published what was saved

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not self.errors.show(exc):
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
            reception.summary = case_form.summary or reception.summary  # one limit (SUMMARY_MAX_CHARS)
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
        self.today_model.reload()

    def _fetch_today(self, offset: int, limit: int) -> list[TodayRow]:
        """Runs on the database worker: a page of today's visits, newest first."""
        start = datetime.combine(datetime.now().date(), time()).astimezone()
        with self.state.db.read() as s:
            rows = s.execute(
                select(Reception.id, Reception.visited_at, Reception.channel, Reception.people_count,
                       Reception.visitor_name, Reception.visitor_id_number, Reception.answered_on_spot,
                       Reception.case_id.is_not(None))
                .where(Reception.visited_at >= start)
                .order_by(Reception.visited_at.desc(), Reception.id.desc())
                .offset(offset).limit(limit))
            return [TodayRow(*r) for r in rows]

    def _today_cells(self, r: TodayRow) -> list[str]:
        result = self.tr("当场答复") if r.answered_on_spot else self.tr("已登记案件") if r.has_case else self.tr("已登记")
        return [fmt_dt(r.visited_at)[11:], Channel(r.channel).label, str(r.people_count), r.visitor_name,
                mask_id_number(r.visitor_id_number or ""), result]

    def save_state(self, qs: QSettings) -> None:
        qs.setValue("reception/channel", combo_value(self.channel))

