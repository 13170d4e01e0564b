"""The full case form (new or edit): fields, several parties, ID auto-fill, repeat-visit hint,
validation messages beside each field, attachments, save via Op, receipt print, unsaved-changes prompt."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.db import queries
from desktop.db.models import Case
from desktop.db.services import attachments as attachment_service
from desktop.db.services import cases as case_service
from desktop.domain.enums import Channel, Complexity, PartyKind, PartyRole, RiskLevel, Sex
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop.domain.forms import CaseForm, PartyForm
from desktop.domain.validation import fold_number, normalize_phone, parse_resident_id

from . import printing, widgets
from .appstate import AppState
from .ops import Op
from .widgets import (
    WARN_STYLE,
    ErrorLabel,
    ErrorMap,
    combo_value,
    enum_combo,
    set_combo_value,
    text_combo,
    with_error,
)

log = logging.getLogger(__name__)


def _plain(height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # keyboard-first: Tab moves on instead of inserting a tab
    edit.setFixedHeight(height)
    return edit


COMPACT_HIDDEN_PARTY_FIELDS = frozenset({"sex", "birth_date", "ethnicity", "occupation"})
COMPACT_HIDDEN_CASE_FIELDS = frozenset({"channel", "risk_level", "complexity", "demands"})


class PartyEditor(QGroupBox):
    """One party: a person, or an organisation acting through its representative."""

    changed = Signal()
    lookup = Signal(object, str, str)  # self, id_number, phone: ask for a repeat-visit count
    remove_requested = Signal(object)

    def __init__(self, index: int, parent: QWidget | None = None, compact: bool = False) -> None:
        super().__init__(parent)
        self.index = index
        # Compact (新建调解, 登记为案件): who the party is and how to reach them; the rest can wait for the
        # full case form. Sex and birth date still come from the ID number.
        self.compact_hidden = COMPACT_HIDDEN_PARTY_FIELDS if compact else frozenset()
        self.errors: dict[str, ErrorLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout(self)
        self.role = enum_combo(PartyRole)
        self.kind = enum_combo(PartyKind)
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(24)  # room for a pasted number grouped with spaces
        self.id_number.setPlaceholderText(self.tr("18位身份证号码，自动识别出生日期和性别"))
        self.sex = QComboBox()
        self.sex.addItem(self.tr("（未填）"), "")
        for s in Sex:
            self.sex.addItem(s.label, s.value)
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText("YYYY-MM-DD")
        self.ethnicity = QLineEdit("汉族")
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.occupation = QLineEdit()
        self.representative = QLineEdit()
        self.representative_title = QLineEdit()
        self.repeat = QLabel()
        self.repeat.setObjectName("repeatVisit")
        self.repeat.setStyleSheet(WARN_STYLE)
        self.repeat.setTextFormat(Qt.TextFormat.RichText)
        self.repeat.hide()
        self.remove_button = QPushButton(self.tr("删除此当事人"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        top = QHBoxLayout()
        top.addWidget(self.role)
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(self.remove_button)
        form.addRow(self.tr("身份"), top)
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        for key, label, widget in (
            ("name", self.tr("姓名"), self.name),
            ("representative", self.tr("法定代表人/负责人"), self.representative),
            ("representative_title", self.tr("职务"), self.representative_title),
            ("id_number", self.tr("身份证号码"), self.id_number),
            ("sex", self.tr("性别"), self.sex),
            ("birth_date", self.tr("出生日期"), self.birth_date),
            ("ethnicity", self.tr("民族"), self.ethnicity),
            ("phone", self.tr("联系电话"), self.phone),
            ("occupation", self.tr("职业或职务"), self.occupation),
            ("address", self.tr("单位或住址"), self.address),
        ):
            widget.setObjectName(key)
            err = ErrorLabel()
            err.setObjectName(f"{key}Error")
            self.errors[key] = err
            self.widgets[key] = widget
            caption = QLabel(label)
            holder = QWidget()
            holder.setLayout(with_error(widget, err))
            form.addRow(caption, holder)
            self._rows[key] = (caption, holder)
        self.errors[""] = ErrorLabel()
        self.widgets[""] = self.name
        form.addRow("", self.errors[""])
        form.addRow("", self.repeat)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.id_number.textChanged.connect(self._id_changed)
        self.phone.editingFinished.connect(self._phone_done)
        for w in (self.name, self.birth_date, self.ethnicity, self.phone, self.address, self.occupation,
                  self.representative, self.representative_title, self.id_number):
            w.textEdited.connect(lambda *_: self.changed.emit())
        for c in (self.role, self.kind, self.sex):
            c.activated.connect(lambda *_: self.changed.emit())
        self._kind_changed()
        self.set_index(index)

    def set_index(self, index: int) -> None:
        self.index = index
        self.setTitle(self.tr("当事人 {0}").format(index + 1))

    def register_errors(self, errors: ErrorMap) -> None:
        prefix = f"parties[{self.index}]"
        for key, label in self.errors.items():
            errors.add(f"{prefix}.{key}" if key else prefix, self.widgets[key], label)

    def _kind_changed(self) -> None:
        org = combo_value(self.kind) == PartyKind.ORGANIZATION.value
        self._rows["name"][0].setText(self.tr("单位名称") if org else self.tr("姓名"))
        for key in ("representative", "representative_title"):
            for w in self._rows[key]:
                w.setVisible(org)
        for key in ("id_number", "sex", "birth_date", "ethnicity"):
            for w in self._rows[key]:
                w.setVisible(not org and key not in self.compact_hidden)
        for key in self.compact_hidden:
            for w in self._rows[key]:
                w.setVisible(False)

    def _id_changed(self, text: str) -> None:
        number = fold_number(text)
        err = self.errors["id_number"]
        if len(number) == 18 or (len(number) == 15 and number.isdigit()):
            try:
                rid = parse_resident_id(number, "id_number")
            except ValidationError as exc:
                err.set_error(exc.message)
                return
            err.set_error("")
            self.birth_date.setText(rid.birth_date.isoformat())
            set_combo_value(self.sex, rid.sex.value)
            self.errors["sex"].set_error("")
            self.errors["birth_date"].set_error("")
            self.lookup.emit(self, rid.number, "")
        else:
            err.set_error("")
            self.repeat.hide()

    def _phone_done(self) -> None:
        text = self.phone.text().strip()
        if not text:
            return
        try:
            phone = normalize_phone(text)
        except ValidationError as exc:
            self.errors["phone"].set_error(exc.message)
            return
        self.errors["phone"].set_error("")
        self.lookup.emit(self, "", phone)

    def show_repeat(self, count: int, days: int) -> None:
        if count <= 0:
            self.repeat.hide()
            return
        self.repeat.setText(self.tr("此人近 {0} 天已来访 {1} 次").format(days, count)
                            + ' <a href="cases">' + self.tr("查看相关案件") + "</a>")
        self.repeat.show()

    def to_form(self, errors: list[ValidationError]) -> PartyForm:
        kind = PartyKind(combo_value(self.kind))
        birth: date | None = None
        raw_birth = self.birth_date.text().strip()
        if raw_birth and kind is PartyKind.PERSON:
            try:
                birth = date.fromisoformat(raw_birth)
            except ValueError:
                errors.append(ValidationError(self.tr("出生日期格式应为 YYYY-MM-DD"), f"parties[{self.index}].birth_date"))
        sex = combo_value(self.sex)
        return PartyForm(
            name=self.name.text(),
            role=PartyRole(combo_value(self.role)),
            kind=kind,
            id_number=self.id_number.text() if kind is PartyKind.PERSON else "",
            phone=self.phone.text(),
            sex=Sex(sex) if sex and kind is PartyKind.PERSON else None,
            birth_date=birth,
            ethnicity=self.ethnicity.text() if kind is PartyKind.PERSON else "",
            occupation=self.occupation.text(),
            address=self.address.text(),
            representative=self.representative.text() if kind is PartyKind.ORGANIZATION else "",
            representative_title=self.representative_title.text() if kind is PartyKind.ORGANIZATION else "",
        )

    def load(self, p: Any) -> None:
        set_combo_value(self.role, p.role)
        set_combo_value(self.kind, p.kind)
        self._kind_changed()
        self.name.setText(p.name or "")
        self.id_number.blockSignals(True)
        self.id_number.setText(p.id_number or "")
        self.id_number.blockSignals(False)
        set_combo_value(self.sex, p.sex or "")
        self.birth_date.setText(p.birth_date.isoformat() if p.birth_date else "")
        self.ethnicity.setText(p.ethnicity or "")
        self.phone.setText(p.phone or "")
        self.address.setText(p.address or "")
        self.occupation.setText(p.occupation or "")
        self.representative.setText(p.representative or "")
        self.representative_title.setText(p.representative_title or "")


class CaseEditor(QWidget):
    """The case fields and parties; knows nothing about saving.

    `compact=True` is the short form of the rooms (新建调解, 登记为案件): category, village, summary and the
    parties' name, ID number, phone and address; the channel is set by the caller (`set_channel`), the
    rest keeps its defaults and attachments are left to the full form. Same fields, same validation,
    same error placement."""

    changed = Signal()
    lookup = Signal(object, str, str)
    show_cases = Signal(str)  # search text for the case list (repeat-visit link)

    def __init__(self, state: AppState, parent: QWidget | None = None, compact: bool = False) -> None:
        super().__init__(parent)
        self.state = state
        self.compact = compact
        s = state.settings
        self.error_map = ErrorMap()
        self.parties: list[PartyEditor] = []
        self.attachment_files: list[Path] = []
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.channel = enum_combo(Channel)
        self.category = text_combo(s.categories, blank=self.tr("（请选择）"))
        self.village = text_combo(s.villages, editable=True)
        self.village.setCurrentIndex(-1)
        self.risk = enum_combo(RiskLevel)
        self.complexity = enum_combo(Complexity)
        set_combo_value(self.complexity, Complexity.NORMAL.value)
        self.summary = _plain(90)
        self.demands = _plain(60)
        for key, label, widget in (
            ("channel", self.tr("来源渠道"), self.channel),
            ("category", self.tr("纠纷/诉求类别"), self.category),
            ("village", self.tr("所属村（社区）"), self.village),
            ("risk_level", self.tr("风险等级"), self.risk),
            ("complexity", self.tr("难易程度"), self.complexity),
            ("summary", self.tr("事项概要"), self.summary),
            ("demands", self.tr("诉求"), self.demands),
        ):
            widget.setObjectName(key)
            err = ErrorLabel()
            err.setObjectName(f"{key}Error")
            self.error_map.add(key, widget, err)
            row = with_error(widget, err)
            form.addRow(label, row)
            if compact and key in COMPACT_HIDDEN_CASE_FIELDS:
                form.setRowVisible(row, False)
        if compact:
            self.summary.setFixedHeight(70)
        lay.addLayout(form)
        self.parties_box = QVBoxLayout()
        lay.addLayout(self.parties_box)
        self.parties_error = ErrorLabel()
        self.parties_error.setObjectName("partiesError")
        row = QHBoxLayout()
        self.add_party_button = QPushButton(self.tr("添加当事人"))
        self.add_party_button.clicked.connect(lambda: self.add_party(focus=True))
        row.addWidget(self.add_party_button)
        row.addWidget(self.parties_error, 1)
        lay.addLayout(row)
        self.error_map.add("parties", self.add_party_button, self.parties_error)

        att = QGroupBox(self.tr("附件（扫描件、照片）"))
        att_lay = QHBoxLayout(att)
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(80)
        self.add_attachment_button = QPushButton(self.tr("添加附件…"))
        self.add_attachment_button.clicked.connect(self._pick_attachments)
        att_lay.addWidget(self.attachments, 1)
        att_lay.addWidget(self.add_attachment_button)
        lay.addWidget(att)
        att.setVisible(not compact)
        self.general_error = ErrorLabel()
        self.error_map.fallback = self.general_error
        lay.addWidget(self.general_error)

        for combo in (self.channel, self.category, self.risk, self.complexity, self.village):
            combo.activated.connect(lambda *_: self.changed.emit())
        self.village.editTextChanged.connect(lambda *_: self.changed.emit())
        for edit in (self.summary, self.demands):
            edit.textChanged.connect(self.changed.emit)
        self.add_party()

    # parties
    def add_party(self, focus: bool = False) -> PartyEditor:
        editor = PartyEditor(len(self.parties), compact=self.compact)
        if not self.parties:
            editor.remove_button.setVisible(False)
        elif len(self.parties) == 1:
            set_combo_value(editor.role, PartyRole.RESPONDENT.value)
        editor.changed.connect(self.changed.emit)
        editor.lookup.connect(self.lookup.emit)
        editor.remove_requested.connect(self.remove_party)
        editor.repeat.linkActivated.connect(lambda _link, e=editor: self.show_cases.emit(
            e.id_number.text().strip().upper() or e.phone.text().strip()))
        self.parties.append(editor)
        self.parties_box.addWidget(editor)
        self._reindex()
        if focus:
            editor.name.setFocus()
            self.changed.emit()
        return editor

    def remove_party(self, editor: PartyEditor) -> None:
        if editor in self.parties and len(self.parties) > 1:
            self.parties.remove(editor)
            editor.setParent(None)
            editor.deleteLater()
            self._reindex()
            self.changed.emit()

    def _reindex(self) -> None:
        self.error_map.remove_prefix("parties[")
        for i, editor in enumerate(self.parties):
            editor.set_index(i)
            editor.register_errors(self.error_map)
        self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.channel, self.category, self.village, self.risk, self.complexity, self.summary,
                                self.demands]
        for e in self.parties:
            chain += [e.role, e.kind, e.name, e.representative, e.representative_title, e.id_number, e.sex,
                      e.birth_date, e.ethnicity, e.phone, e.occupation, e.address, e.remove_button]
        chain += [self.add_party_button, self.add_attachment_button]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    # attachments
    def _pick_attachments(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("选择扫描件或照片"), "",
                                                self.tr("图片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)"))
        self.add_attachment_files([Path(f) for f in files])

    def add_attachment_files(self, files: list[Path]) -> None:
        for f in files:
            if f not in self.attachment_files:
                self.attachment_files.append(f)
                self.attachments.addItem(f.name)
        if files:
            self.changed.emit()

    # values
    def to_form(self) -> CaseForm:
        """The form as typed; raises ValidationErrors for what cannot even be read (a malformed date)."""
        form, problems = self.read()
        if problems:
            raise ValidationErrors(problems)
        return form

    def checked_form(self) -> CaseForm:
        """The form as typed, or ValidationErrors with every problem at once: what cannot be read (a
        malformed date) together with what the domain rejects (no second round after the first fix)."""
        form, problems = self.read()
        try:
            form.validated(self.state.settings.categories)
        except ValidationErrors as exc:
            problems = problems + list(exc.errors)
        except ValidationError as exc:
            problems = [*problems, exc]
        if problems:
            raise ValidationErrors(problems)
        return form

    def read(self) -> tuple[CaseForm, list[ValidationError]]:
        """The form as typed, and the fields that could not be read."""
        problems: list[ValidationError] = []
        parties = [p.to_form(problems) for p in self.parties]
        channel = Channel(combo_value(self.channel))
        form = CaseForm(
            channel=channel,
            category=combo_value(self.category),
            summary=self.summary.toPlainText(),
            parties=parties,
            demands=self.demands.toPlainText(),
            village=combo_value(self.village),
            risk_level=RiskLevel(combo_value(self.risk)),
            complexity=Complexity(combo_value(self.complexity)),
        )
        return form, problems

    def load(self, case: Case) -> None:
        set_combo_value(self.channel, case.channel)
        set_combo_value(self.category, case.category)
        set_combo_value(self.village, case.village)
        set_combo_value(self.risk, case.risk_level)
        set_combo_value(self.complexity, case.complexity)
        self.summary.setPlainText(case.summary)
        self.demands.setPlainText(case.demands)
        while len(self.parties) < len(case.parties):
            self.add_party()
        for editor, party in zip(self.parties, case.parties, strict=False):
            editor.load(party)

    def prefill(self, summary: str = "", village: str = "", channel: str = "", name: str = "", id_number: str = "",
                phone: str = "") -> None:
        if channel:
            set_combo_value(self.channel, channel)
        if village:
            set_combo_value(self.village, village)
        self.summary.setPlainText(summary)
        first = self.parties[0]
        first.name.setText(name)
        first.id_number.setText(id_number)
        first.phone.setText(phone)

    def show_errors(self, exc: DomainError) -> None:
        self.error_map.show(exc)

    def set_channel(self, channel: Channel) -> None:
        set_combo_value(self.channel, channel.value)


SaveFn = Callable[[CaseForm], Case]


class CompactCaseDialog(QDialog):
    """A room's short case form (新建调解, 登记为案件): the case editor in compact mode in a scroll area,
    `ok_text` (Ctrl+S or Enter), every validation message beside its field at once. `save(form)` runs on the
    DB worker and returns the new record's id, kept in `record_id` when the dialog is accepted."""

    def __init__(self, state: AppState, title: str, ok_text: str, save: Callable[[CaseForm], str],
                 parent: QWidget | None = None, top: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.save = save
        self.record_id: str | None = None
        self.setWindowTitle(title)
        self.editor = CaseEditor(state, compact=True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text + " (Ctrl+S)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        widgets.save_shortcuts(self, self.submit, enter=False)  # Enter already presses the OK button
        lay = QVBoxLayout(self)
        if top is not None:
            lay.addWidget(top)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        widgets.fit_to_screen(self, 760, 700, parent)

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.editor.error_map.clear()
        try:
            form = self.editor.to_form()
        except DomainError as exc:
            self.editor.show_errors(exc)
            return
        self.ok_button.setEnabled(False)
        self.status.setText(self.tr("正在保存…"))

        def failed(exc: BaseException) -> None:
            self.ok_button.setEnabled(True)
            self.status.setText("")
            if isinstance(exc, DomainError):
                self.editor.show_errors(exc)  # every message beside its field, all at once
                self.status.setText(self.tr("请按红色提示修改后再保存"))
            else:
                from .errors import show_error

                show_error(self, exc)

        def done(record_id: str) -> None:
            self.ok_button.setEnabled(True)
            self.status.setText("")
            self.record_id = record_id
            self.accept()

        Op(self, lambda: self.save(form)).on_success(done).on_failure(failed).run()


class CaseFormDialog(QDialog):
    """New case (or edit with `case_id`). `save_fn` replaces the default registration (reception uses it)."""

    saved = Signal(str)  # case id

    def __init__(self, state: AppState, case_id: str | None = None, save_fn: SaveFn | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.case_id = case_id
        self.save_fn = save_fn
        self.dirty = False
        self._closing = False
        self._lookup_key = ""
        self.setWindowTitle(self.tr("修改案件") if case_id else self.tr("登记新案件"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        widgets.fit_to_screen(self, 980, 760, parent)
        lay = QVBoxLayout(self)
        self.editor = CaseEditor(state)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        lay.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.status = QLabel()
        buttons.addWidget(self.status, 1)
        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setAutoDefault(False)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        lay.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.close)
        widgets.save_shortcuts(self, self.save, enter=False)  # a long form: Enter never saves half of it
        self.editor.changed.connect(self._mark_dirty)
        self.editor.lookup.connect(self._lookup)
        self.editor.show_cases.connect(self._show_cases)
        self.editor.channel.setFocus()
        if case_id:
            self._load()

    def _mark_dirty(self) -> None:
        self.dirty = True

    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def _load(self) -> None:
        db, case_id = self.state.db, self.case_id
        assert case_id is not None
        self.editor.setEnabled(False)
        self.status.setText(self.tr("正在读取…"))

        def work() -> queries.CaseDetail | None:
            with db.read() as s:
                return queries.case_detail(s, case_id)

        def done(detail: queries.CaseDetail | None) -> None:
            self.editor.setEnabled(True)
            self.status.setText("")
            if detail is None:
                self.status.setText(self.tr("找不到该案件"))
                return
            self.editor.load(detail.case)
            self.setWindowTitle(self.tr("修改案件 {0}").format(detail.case.number))
            self.dirty = False

        Op(self, work).on_success(done).run()

    # repeat visits
    def _lookup(self, editor: PartyEditor, id_number: str, phone: str) -> None:
        db, days = self.state.db, self.state.settings.repeat_visit_days
        key = f"{id(editor)}:{id_number}:{phone}"
        self._lookup_key = key
        exclude = self.case_id

        def work() -> int:
            with db.read() as s:
                n = case_service.repeat_visits(s, id_number or None, phone or None, days)
                if exclude is not None and n > 0:
                    # The case being edited is not a repeat visit of itself.
                    found, _ = queries.list_cases(s, queries.CaseFilter(search=id_number or phone, ids=(exclude,)), limit=1)
                    n -= len(found)
                return n

        def done(n: int) -> None:
            if editor in self.editor.parties:
                editor.show_repeat(n, days)

        Op(self, work).on_success(done).run()

    def _show_cases(self, search: str) -> None:
        if self.state.open_case_list is not None:
            self.state.open_case_list(queries.CaseFilter(search=search))

    # saving
    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.editor.error_map.clear()
        try:
            form = self.editor.checked_form()
        except DomainError as exc:
            self.editor.show_errors(exc)
            self.status.setText(self.tr("请按红色提示修改后再保存"))
            return
        state, actor = self.state, self.state.require_actor()
        files = list(self.editor.attachment_files)
        case_id, save_fn = self.case_id, self.save_fn

        def work() -> tuple[str, str, list[str]]:
            if case_id is not None:
                case = case_service.update_case(state.ctx, actor, case_id, form)
            elif save_fn is not None:
                case = save_fn(form)
            else:
                case = case_service.register_case(state.ctx, actor, form)
            failed = []
            for f in files:
                try:
                    attachment_service.add_attachment(state.ctx, actor, state.paths.attachments, case.id, f)
                except (DomainError, OSError):
                    log.warning("attachment could not be added")
                    failed.append(f.name)
            return case.id, case.number, failed

        self.save_button.setEnabled(False)
        self.status.setText(self.tr("正在保存…"))
        Op(self, work).on_success(self._saved).on_failure(self._failed).run()

    def _saved(self, result: tuple[str, str, list[str]]) -> None:
        case_id, number, failed = result
        new = self.case_id is None
        self.case_id = case_id
        self.dirty = False
        self.save_button.setEnabled(True)
        self.status.setText(self.tr("已保存，案件编号 {0}").format(number))
        self.saved.emit(case_id)
        if failed:
            widgets.inform(self, self.tr("附件"), self.tr("以下附件未能保存：{0}").format("、".join(failed)))
        print_receipt = new and widgets.ask(
            self, self.tr("已登记"), self.tr("案件已登记，编号 {0}。\n是否打印受理回执？").format(number))
        self._closing = True
        self.close()
        if print_receipt:
            # This form is closing (and deleted): the preview belongs to the window that stays open.
            printing.print_receipt(self.parentWidget(), self.state, case_id)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.setText("")
        if isinstance(exc, (ValidationError, ValidationErrors)):
            self.editor.show_errors(exc)
            self.status.setText(self.tr("请按红色提示修改后再保存"))
            return
        from .errors import show_error

        show_error(self, exc)

    # closing
    def discard_and_close(self) -> None:
        self.dirty = False
        self._closing = True
        self.close()

    def reject(self) -> None:
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and not self._closing:
            choice = widgets.ask_save(self, self.tr("尚未保存"), self.tr("填写的内容尚未保存，是否保存？"))
            if choice == "save":
                event.ignore()
                self.save()
                return
            if choice == "cancel":
                event.ignore()
                return
        self._closing = True
        event.accept()
