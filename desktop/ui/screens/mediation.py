"""人民调解: the list of mediations and the workspace of the selected one (records, agreement, outcome, follow-ups)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.db.models import MediationRecord
from desktop.db.room_queries import (
    MediationRow,
    MediationWorkspace,
    list_mediations,
    mediation_of_case,
    mediation_workspace,
)
from desktop.db.services import mediation as svc
from desktop.domain.deadlines import judicial_confirmation_days_left
from desktop.domain.enums import (
    AgreementStatus,
    Channel,
    MediationOutcome,
    MediationSource,
    PartyRole,
    RecordKind,
    Satisfaction,
)
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop.domain.forms import AgreementForm, CaseForm, FollowupForm, PartyForm, RecordForm
from desktop.domain.validation import mask_id_number, mask_phone

from ..appstate import AppState
from ..ops import Op
from ..printing import notify, preview_document

RED = "#c62828"
AMBER = "#b26a00"
_ERROR_STYLE = f"color: {RED};"
MEDIATION_ENTITIES = {"mediation", "mediation_record", "agreement", "followup", "case"}


def local(dt: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if dt is None else dt.astimezone().strftime(fmt)


def days_until(deadline: datetime, now: datetime) -> int:
    return (deadline.astimezone().date() - now.astimezone().date()).days


class ErrorLabel(QLabel):
    """A validation message shown beside its field (hidden when empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def shown(self) -> bool:
        """Set to show (true even while its tab is not the current one)."""
        return not self.isHidden()


class FieldErrors:
    """Maps form field names to the labels beside them; unmatched messages go to a general label."""

    def __init__(self, general: ErrorLabel) -> None:
        self.general = general
        self.labels: dict[str, ErrorLabel] = {}

    def add(self, field: str, label: ErrorLabel) -> ErrorLabel:
        self.labels[field] = label
        return label

    def clear(self) -> None:
        for label in [*self.labels.values(), self.general]:
            label.show_message("")

    def show(self, exc: BaseException) -> bool:
        """Show a domain error beside its field(s); False if it is not a domain error."""
        self.clear()
        if isinstance(exc, ValidationErrors):
            errors: list[DomainError] = list(exc.errors)
        elif isinstance(exc, DomainError):
            errors = [exc]
        else:
            return False
        general: list[str] = []
        for err in errors:
            key = (err.field or "").split("[")[0]
            label = self.labels.get(err.field or "") or self.labels.get(key)
            if label is None:
                general.append(err.message)
            else:
                label.show_message((label.text() + "；" if label.text() else "") + err.message)
        self.general.show_message("；".join(general))
        return True


def with_error(widget: QWidget, errors: FieldErrors, field: str) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(widget)
    label = errors.add(field, ErrorLabel(box))
    label.setObjectName(f"error_{field}")
    lay.addWidget(label)
    if widget.maximumHeight() < 16777215:  # a capped editor: its row must not swallow spare height
        box.setSizePolicy(box.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum)
    return box


def text_of(edit: QPlainTextEdit | QLineEdit) -> str:
    return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()


def to_utc(edit: QDateTimeEdit) -> datetime:
    value = edit.dateTime().toPython()
    assert isinstance(value, datetime)
    return value.astimezone(UTC)


class TermsEditor(QWidget):
    """Numbered agreement terms: add, remove, move up and down; each row edited in place."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 1, self)
        self.table.setObjectName("terms")
        self.table.setHorizontalHeaderLabels([self.tr("协议内容")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        self.add_btn = QPushButton(self.tr("添加条款"))
        self.remove_btn = QPushButton(self.tr("删除条款"))
        self.up_btn = QPushButton(self.tr("上移"))
        self.down_btn = QPushButton(self.tr("下移"))
        self.add_btn.clicked.connect(lambda: self.add_term(""))
        self.remove_btn.clicked.connect(self.remove_current)
        self.up_btn.clicked.connect(lambda: self.move_current(-1))
        self.down_btn.clicked.connect(lambda: self.move_current(1))
        buttons = QHBoxLayout()
        for b in (self.add_btn, self.remove_btn, self.up_btn, self.down_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)

    def _renumber(self) -> None:
        self.table.setVerticalHeaderLabels([str(i + 1) for i in range(self.table.rowCount())])

    def add_term(self, text: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(text))
        self._renumber()
        self.table.setCurrentCell(row, 0)
        self.changed.emit()
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._renumber()
            self.changed.emit()

    def move_current(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        a, b = self.term(row), self.term(target)
        self.table.blockSignals(True)
        self.table.setItem(row, 0, QTableWidgetItem(b))
        self.table.setItem(target, 0, QTableWidgetItem(a))
        self.table.blockSignals(False)
        self.table.setCurrentCell(target, 0)
        self.changed.emit()

    def term(self, row: int) -> str:
        item = self.table.item(row, 0)
        return item.text() if item is not None else ""

    def set_term(self, row: int, text: str) -> None:
        self.table.setItem(row, 0, QTableWidgetItem(text))

    def terms(self) -> list[str]:
        return [self.term(r) for r in range(self.table.rowCount())]

    def set_terms(self, terms: list[str]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for t in terms:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(t))
        self._renumber()
        self.table.blockSignals(False)


class DirectMediationDialog(QDialog):
    """新建调解: a mediation started in the room itself (a compact case form: parties, category, summary)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.created_id: str | None = None
        self.setWindowTitle(self.tr("新建调解"))
        self.general = ErrorLabel(self)
        self.errors = FieldErrors(self.general)
        self.category = QComboBox()
        self.category.addItem(self.tr("请选择"), "")
        for c in state.settings.categories:
            self.category.addItem(c, c)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.parties = QTableWidget(2, 4)
        self.parties.setObjectName("parties")
        self.parties.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("身份"), self.tr("身份证号"), self.tr("联系电话")])
        self.parties.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row in range(2):
            self._init_party_row(row, PartyRole.APPLICANT if row == 0 else PartyRole.RESPONDENT)
        self.source = QComboBox()
        self.source.setObjectName("source")
        for src in MediationSource:
            self.source.addItem(self.tr(src.label), src.value)
        add_party = QPushButton(self.tr("增加当事人"))
        add_party.clicked.connect(self._add_party)
        form = QFormLayout()
        form.addRow(self.tr("案件来源"), self.source)
        form.addRow(self.tr("纠纷类别"), with_error(self.category, self.errors, "category"))
        form.addRow(self.tr("纠纷简要情况"), with_error(self.summary, self.errors, "summary"))
        form.addRow(self.tr("当事人"), with_error(self.parties, self.errors, "parties"))
        form.addRow("", add_party)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始调解"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.general)
        lay.addWidget(self.buttons)
        self.resize(720, 520)

    def _init_party_row(self, row: int, role: PartyRole) -> None:
        for col in (0, 2, 3):
            self.parties.setItem(row, col, QTableWidgetItem(""))
        combo = QComboBox()
        for r in PartyRole:
            combo.addItem(r.label, r.value)
        combo.setCurrentIndex(combo.findData(role.value))
        self.parties.setCellWidget(row, 1, combo)

    def _add_party(self) -> None:
        row = self.parties.rowCount()
        self.parties.insertRow(row)
        self._init_party_row(row, PartyRole.RESPONDENT)

    def form(self) -> CaseForm:
        parties: list[PartyForm] = []
        for row in range(self.parties.rowCount()):
            cell = self.parties.item(row, 0)
            name = cell.text().strip() if cell else ""
            if not name:
                continue
            combo = self.parties.cellWidget(row, 1)
            role = PartyRole(combo.currentData()) if isinstance(combo, QComboBox) else PartyRole.APPLICANT
            idn, phone = self.parties.item(row, 2), self.parties.item(row, 3)
            parties.append(PartyForm(name=name, role=role, id_number=idn.text() if idn else "",
                                     phone=phone.text() if phone else ""))
        return CaseForm(channel=Channel.WALK_IN, category=str(self.category.currentData() or ""),
                        summary=self.summary.toPlainText(), parties=parties)

    def submit(self) -> None:
        form = self.form()
        actor = self.state.require_actor()
        ctx = self.state.ctx
        self.buttons.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            if not self.errors.show(exc):
                self.general.show_message(self.tr("保存失败：%s") % type(exc).__name__)

        def done(mediation_id: str) -> None:
            self.buttons.setEnabled(True)
            self.created_id = mediation_id
            self.state.bus.publish(entities={"case", "mediation"})
            self.accept()

        source = MediationSource(self.source.currentData())
        Op(self, lambda: svc.start_direct_mediation(ctx, actor, form, source=source).id).on_success(done).on_failure(
            failed).run()


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
        self._editing_record_id: str | None = None
        self._last_court = ""
        self.dirty: set[str] = set()  # editors with unsaved changes: "record", "agreement", "followup"
        self._build()
        self._track_edits()
        self._shortcuts()
        state.bus.changed.connect(self._on_changed)

    # ---- layout -------------------------------------------------------------------------------
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
        self.tabs.addTab(self._overview_tab(), self.tr("概况与结果"))
        self.tabs.addTab(self._records_tab(), self.tr("调查/调解记录"))
        self.tabs.addTab(self._agreement_tab(), self.tr("调解协议"))
        self.tabs.addTab(self._followup_tab(), self.tr("回访"))
        self.tabs.addTab(self._print_tab(), self.tr("文书打印"))
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

    @staticmethod
    def _left(button: QWidget) -> QWidget:
        box = QWidget()
        lay = QHBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(button)
        lay.addStretch(1)
        return box

    def _scroll(self, inner: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(inner)
        return area

    def _overview_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        staff = QGroupBox(self.tr("调解人员与地点"))
        self.mediator = QLineEdit()
        self.co_mediators = QLineEdit()
        self.co_mediators.setPlaceholderText(self.tr("其他参加调解的调解员，用顿号分隔"))
        self.recorder = QLineEdit()
        self.place = QLineEdit()
        self.save_staff_btn = QPushButton(self.tr("保存"))
        self.save_staff_btn.clicked.connect(self.save_staff)
        form = QFormLayout(staff)
        form.addRow(self.tr("调解员"), self.mediator)
        form.addRow(self.tr("其他调解员"), self.co_mediators)
        form.addRow(self.tr("记录人"), self.recorder)
        form.addRow(self.tr("调解地点"), self.place)
        form.addRow("", self._left(self.save_staff_btn))
        lay.addWidget(staff)
        parties = QGroupBox(self.tr("当事人（来自案件）"))
        self.parties = QTableWidget(0, 4)
        self.parties.setObjectName("parties")
        self.parties.setHorizontalHeaderLabels([self.tr("身份"), self.tr("姓名"), self.tr("身份证号"), self.tr("联系电话")])
        self.parties.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.parties.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.open_case_btn = QPushButton(self.tr("打开案件"))
        self.open_case_btn.clicked.connect(self.open_case)
        pl = QVBoxLayout(parties)
        pl.addWidget(self.parties)
        pl.addWidget(self.open_case_btn, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(parties)

        outcome = QGroupBox(self.tr("调解结果"))
        self.outcome_general = ErrorLabel()
        self.outcome_errors = FieldErrors(self.outcome_general)
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[MediationOutcome, QRadioButton] = {}
        ob = QHBoxLayout()
        for o in MediationOutcome:
            rb = QRadioButton(self.tr(o.label))
            rb.setObjectName(f"outcome_{o.value}")
            self.outcome_group.addButton(rb)
            self.outcome_buttons[o] = rb
            ob.addWidget(rb)
        self.failure_note = QPlainTextEdit()
        self.failure_note.setObjectName("failureNote")
        self.failure_note.setPlaceholderText(self.tr("调解不成的原因及引导的其他途径（诉讼、仲裁、行政复议等）"))
        self.failure_note.setTabChangesFocus(True)
        self.failure_note.setMaximumHeight(90)
        self.conclude_btn = QPushButton(self.tr("结束调解"))
        self.conclude_btn.setObjectName("conclude")
        self.conclude_btn.clicked.connect(self.conclude)
        self.outcome_label = QLabel()
        self.outcome_label.setObjectName("outcomeLabel")
        ol = QVBoxLayout(outcome)
        ol.addWidget(self.outcome_label)
        ol.addWidget(with_error(QWidget(), self.outcome_errors, "outcome"))
        ol.addLayout(ob)
        ol.addWidget(with_error(self.failure_note, self.outcome_errors, "note"))
        ol.addWidget(self.conclude_btn, 0, Qt.AlignmentFlag.AlignLeft)
        ol.addWidget(self.outcome_general)
        lay.addWidget(outcome)
        lay.addStretch(1)
        return self._scroll(w)

    def _records_tab(self) -> QWidget:
        w = QWidget()
        lay = QHBoxLayout(w)
        left = QVBoxLayout()
        self.records = QListWidget()
        self.records.setObjectName("records")
        self.records.currentItemChanged.connect(self._on_record_selected)
        self.new_record_btn = QPushButton(self.tr("新增记录"))
        self.new_record_btn.clicked.connect(self.new_record)
        left.addWidget(self.records, 1)
        left.addWidget(self.new_record_btn)
        lay.addLayout(left, 1)
        editor = QWidget()
        self.record_general = ErrorLabel()
        self.record_errors = FieldErrors(self.record_general)
        self.record_kind = QComboBox()
        for k in RecordKind:
            self.record_kind.addItem(self.tr(k.label), k.value)
        self.record_kind.setCurrentIndex(self.record_kind.findData(RecordKind.SESSION.value))
        self.record_time = QDateTimeEdit(QDateTime.currentDateTime())
        self.record_time.setCalendarPopup(True)
        self.record_time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.record_place = QLineEdit()
        self.record_place.setObjectName("recordPlace")
        self.record_participants = QLineEdit()
        self.record_participants.setObjectName("recordParticipants")
        self.record_rights = QCheckBox(self.tr("已告知当事人权利义务"))
        self.record_rights.setChecked(True)
        self.record_content = QPlainTextEdit()
        self.record_content.setObjectName("recordContent")
        self.record_content.setTabChangesFocus(True)
        self.record_content.setPlaceholderText(self.tr("调解事项、各方陈述、查明的事实"))
        self.record_risk = QPlainTextEdit()
        self.record_risk.setTabChangesFocus(True)
        self.record_risk.setMaximumHeight(70)
        self.record_result = QPlainTextEdit()
        self.record_result.setObjectName("recordResult")
        self.record_result.setTabChangesFocus(True)
        self.record_result.setMaximumHeight(70)
        self.save_record_btn = QPushButton(self.tr("保存记录"))
        self.save_record_btn.setObjectName("saveRecord")
        self.save_record_btn.clicked.connect(self.save_record)
        self.print_record_btn = QPushButton(self.tr("打印本记录"))
        self.print_record_btn.clicked.connect(self.print_record)
        self.record_mode = QLabel()
        form = QFormLayout(editor)
        form.addRow(self.record_mode)
        form.addRow(self.tr("记录类型"), self.record_kind)
        form.addRow(self.tr("时间"), self.record_time)
        form.addRow(self.tr("地点"), with_error(self.record_place, self.record_errors, "place"))
        form.addRow(self.tr("参加人"), self.record_participants)
        form.addRow("", self.record_rights)
        form.addRow(self.tr("记录内容"), with_error(self.record_content, self.record_errors, "content"))
        form.addRow(self.tr("风险提示"), self.record_risk)
        form.addRow(self.tr("调解结果"), self.record_result)
        bl = QHBoxLayout()
        bl.addWidget(self.save_record_btn)
        bl.addWidget(self.print_record_btn)
        bl.addStretch(1)
        form.addRow(bl)
        form.addRow(self.record_general)
        lay.addWidget(self._scroll(editor), 2)
        return w

    def _agreement_tab(self) -> QWidget:
        w = QWidget()
        self.agr_general = ErrorLabel()
        self.agr_errors = FieldErrors(self.agr_general)
        self.agr_number = QLabel()
        self.agr_oral = QCheckBox(self.tr("口头协议（当事人不需要书面协议，登记协议内容）"))
        self.agr_oral.setObjectName("oral")
        self.agr_facts = QPlainTextEdit()
        self.agr_facts.setObjectName("facts")
        self.agr_facts.setTabChangesFocus(True)
        self.agr_facts.setMaximumHeight(110)
        self.terms = TermsEditor()
        self.agr_performance = QPlainTextEdit()
        self.agr_performance.setObjectName("performance")
        self.agr_performance.setTabChangesFocus(True)
        self.agr_performance.setMaximumHeight(70)
        self.agr_has_deadline = QCheckBox(self.tr("履行期限"))
        self.agr_deadline = QDateEdit(QDate.currentDate().addDays(30))
        self.agr_deadline.setCalendarPopup(True)
        self.agr_deadline.setDisplayFormat("yyyy-MM-dd")
        self.agr_deadline.setEnabled(False)
        self.agr_has_deadline.toggled.connect(self.agr_deadline.setEnabled)
        dl = QHBoxLayout()
        dl.addWidget(self.agr_has_deadline)
        dl.addWidget(self.agr_deadline)
        dl.addStretch(1)
        self.agr_copies = QSpinBox()
        self.agr_copies.setObjectName("copies")
        self.agr_copies.setRange(1, 99)
        self.agr_copies.setSuffix(self.tr(" 份"))
        self.save_agr_btn = QPushButton(self.tr("保存协议"))
        self.save_agr_btn.setObjectName("saveAgreement")
        self.save_agr_btn.clicked.connect(self.save_agreement)
        form = QFormLayout()
        form.addRow(self.tr("协议编号"), self.agr_number)
        form.addRow("", self.agr_oral)
        form.addRow(self.tr("纠纷主要事实、争议事项"), with_error(self.agr_facts, self.agr_errors, "facts"))
        form.addRow(self.tr("经调解，自愿达成如下协议"), with_error(self.terms, self.agr_errors, "terms"))
        form.addRow(self.tr("履行方式、时限"), with_error(self.agr_performance, self.agr_errors, "performance"))
        form.addRow("", dl)
        self.agr_copies.setMaximumWidth(120)
        form.addRow(self.tr("协议份数"), with_error(self.agr_copies, self.agr_errors, "copies"))
        form.addRow("", self._left(self.save_agr_btn))
        form.addRow(self.agr_general)
        status = QGroupBox(self.tr("协议状态与司法确认"))
        self.agr_status = QLabel()
        self.agr_status.setObjectName("agreementStatus")
        self.mark_printed_btn = QPushButton(self.tr("标记已打印"))
        self.mark_signed_btn = QPushButton(self.tr("标记已签字"))
        self.mark_effective_btn = QPushButton(self.tr("标记已生效"))
        self.mark_effective_btn.setObjectName("markEffective")
        self.mark_printed_btn.clicked.connect(lambda: self.set_status(AgreementStatus.PRINTED))
        self.mark_signed_btn.clicked.connect(lambda: self.set_status(AgreementStatus.SIGNED))
        self.mark_effective_btn.clicked.connect(lambda: self.set_status(AgreementStatus.EFFECTIVE))
        self.judicial_label = QLabel()
        self.judicial_label.setObjectName("judicialCountdown")
        self.judicial_btn = QPushButton(self.tr("记录已申请司法确认"))
        self.judicial_btn.setObjectName("judicialApplied")
        self.judicial_btn.clicked.connect(self.record_judicial)
        sl = QGridLayout(status)
        sl.addWidget(self.agr_status, 0, 0, 1, 3)
        sl.addWidget(self.mark_printed_btn, 1, 0)
        sl.addWidget(self.mark_signed_btn, 1, 1)
        sl.addWidget(self.mark_effective_btn, 1, 2)
        sl.addWidget(self.judicial_label, 2, 0, 1, 2)
        sl.addWidget(self.judicial_btn, 2, 2)
        inner = QWidget()
        il = QVBoxLayout(inner)
        il.addLayout(form)
        il.addWidget(status)
        il.addStretch(1)
        lay = QVBoxLayout(w)
        lay.addWidget(self._scroll(inner))
        return w

    def _followup_tab(self) -> QWidget:
        w = QWidget()
        self.fu_general = ErrorLabel()
        self.fu_errors = FieldErrors(self.fu_general)
        self.followups = QListWidget()
        self.followups.setObjectName("followups")
        self.fu_time = QDateTimeEdit(QDateTime.currentDateTime())
        self.fu_time.setCalendarPopup(True)
        self.fu_time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.fu_method = QComboBox()
        self.fu_method.setEditable(True)
        for m in (self.tr("电话回访"), self.tr("上门回访"), self.tr("来访回访")):
            self.fu_method.addItem(m)
        self.fu_performance = QPlainTextEdit()
        self.fu_performance.setObjectName("fuPerformance")
        self.fu_performance.setTabChangesFocus(True)
        self.fu_performance.setMaximumHeight(70)
        self.fu_satisfaction = QComboBox()
        self.fu_satisfaction.setObjectName("satisfaction")
        self.fu_satisfaction.addItem(self.tr("请选择"), None)
        for s in Satisfaction:
            self.fu_satisfaction.addItem(self.tr(s.label), s.value)
        self.fu_signs = QPlainTextEdit()
        self.fu_signs.setTabChangesFocus(True)
        self.fu_signs.setMaximumHeight(60)
        self.fu_notes = QPlainTextEdit()
        self.fu_notes.setTabChangesFocus(True)
        self.fu_notes.setMaximumHeight(60)
        self.save_fu_btn = QPushButton(self.tr("保存回访"))
        self.save_fu_btn.setObjectName("saveFollowup")
        self.save_fu_btn.clicked.connect(self.save_followup)
        form = QFormLayout()
        form.addRow(self.tr("回访时间"), self.fu_time)
        form.addRow(self.tr("回访方式"), self.fu_method)
        form.addRow(self.tr("履行情况"), with_error(self.fu_performance, self.fu_errors, "performance"))
        form.addRow(self.tr("满意度"), with_error(self.fu_satisfaction, self.fu_errors, "satisfaction"))
        form.addRow(self.tr("矛盾激化迹象"), self.fu_signs)
        form.addRow(self.tr("备注"), self.fu_notes)
        self.fu_hint = QLabel(self.tr("调解结束、案件办结后才能登记回访"))
        form.addRow("", self._left(self.save_fu_btn))
        form.addRow("", self.fu_hint)
        form.addRow(self.fu_general)
        lay = QHBoxLayout(w)
        lay.addWidget(self.followups, 1)
        inner = QWidget()
        il = QVBoxLayout(inner)
        il.addLayout(form)
        il.addStretch(1)
        lay.addWidget(self._scroll(inner), 2)
        return w

    def _print_tab(self) -> QWidget:
        w = QWidget()
        grid = QGridLayout(w)
        self.print_buttons: dict[str, QPushButton] = {}
        for i, (kind, label) in enumerate((
            ("agreement", self.tr("调解协议书")),
            ("record", self.tr("调解记录")),
            ("application", self.tr("调解申请书")),
            ("register", self.tr("受理登记表")),
            ("oral", self.tr("口头协议登记表")),
            ("followup", self.tr("回访记录")),
            ("judicial", self.tr("司法确认申请书")),
            ("case_file", self.tr("卷宗")),
        )):
            btn = QPushButton(self.tr("预览/打印：") + label)
            btn.setObjectName(f"print_{kind}")
            btn.clicked.connect(lambda _c=False, k=kind: self.print_document(k))
            self.print_buttons[kind] = btn
            grid.addWidget(btn, i // 2, i % 2)
        grid.setRowStretch(4, 1)
        return w

    def _track_edits(self) -> None:
        def mark(editor: str) -> Any:
            return lambda *_a: self.dirty.add(editor)

        for w in (self.record_content, self.record_risk, self.record_result):
            w.textChanged.connect(mark("record"))
        for w2 in (self.record_place, self.record_participants):
            w2.textChanged.connect(mark("record"))
        for w in (self.agr_facts, self.agr_performance):
            w.textChanged.connect(mark("agreement"))
        self.terms.changed.connect(mark("agreement"))
        self.agr_oral.toggled.connect(mark("agreement"))
        self.agr_copies.valueChanged.connect(mark("agreement"))
        self.agr_has_deadline.toggled.connect(mark("agreement"))
        for w in (self.fu_performance, self.fu_signs, self.fu_notes):
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
            self.save_staff()
        elif index == 1:
            self.save_record()
        elif index == 2:
            self.save_agreement()
        elif index == 3 and self.save_fu_btn.isEnabled():
            self.save_followup()

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
        if editors:
            self.mediator.setText(m.mediator)
            self.co_mediators.setText(m.co_mediators)
            self.recorder.setText(m.recorder)
            self.place.setText(m.place)
        self.parties.setRowCount(len(ws.parties))
        for i, p in enumerate(ws.parties):
            role = PartyRole(p.role).label if p.role in {r.value for r in PartyRole} else p.role
            for col, value in enumerate((role, p.name, mask_id_number(p.id_number), mask_phone(p.phone))):
                self.parties.setItem(i, col, QTableWidgetItem(value))
        self._show_outcome(ws)
        self._show_records(ws, editors)
        self._show_agreement(ws, editors, now)
        self._show_followups(ws)
        if editors:
            self.dirty.clear()

    def _show_outcome(self, ws: MediationWorkspace) -> None:
        m = ws.mediation
        done = m.outcome is not None
        if done:
            extra = f"（{m.failure_reason}）" if m.failure_reason else ""
            self.outcome_label.setText(self.tr("结果：%s，%s") % (MediationOutcome(str(m.outcome)).label + extra, local(m.outcome_at)))
        else:
            self.outcome_label.setText(self.tr("调解进行中"))
        for rb in self.outcome_buttons.values():
            rb.setEnabled(not done)
        self.failure_note.setEnabled(not done)
        self.conclude_btn.setEnabled(not done)

    def _show_records(self, ws: MediationWorkspace, editors: bool) -> None:
        current = self._editing_record_id
        self.records.blockSignals(True)
        self.records.clear()
        for r in ws.records:
            label = f"{local(r.held_at)}  {RecordKind(r.kind).label}  {r.place}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.records.addItem(item)
            if r.id == current:
                self.records.setCurrentItem(item)
        self.records.blockSignals(False)
        if editors:
            self.new_record()
        self.print_buttons["record"].setEnabled(bool(ws.records))

    def _show_agreement(self, ws: MediationWorkspace, editors: bool, now: datetime) -> None:
        a = ws.agreement
        locked = a is not None and a.status in (AgreementStatus.SIGNED.value, AgreementStatus.EFFECTIVE.value)
        if editors:
            self.agr_errors.clear()
            self.agr_oral.setChecked(bool(a and a.oral))
            self.agr_facts.setPlainText(a.facts if a else "")
            self.terms.set_terms(list(a.terms) if a else [])
            self.agr_performance.setPlainText(a.performance if a else "")
            self.agr_has_deadline.setChecked(bool(a and a.performance_deadline))
            if a and a.performance_deadline:
                d = a.performance_deadline
                self.agr_deadline.setDate(QDate(d.year, d.month, d.day))
            self.agr_copies.setValue(a.copies if a else ws.party_count + 1)
        self.agr_copies.setMinimum(max(1, ws.party_count + 1))
        self.agr_number.setText(a.number if a else self.tr("（保存后自动编号）"))
        for widget in (self.agr_oral, self.agr_facts, self.terms, self.agr_performance, self.agr_has_deadline,
                       self.agr_copies, self.save_agr_btn):
            widget.setEnabled(not locked)
        if a is None:
            self.agr_status.setText(self.tr("尚未制作协议"))
        else:
            status = AgreementStatus(a.status)
            self.agr_status.setText(self.tr("状态：%s") % self.tr(status.label))
        order = [s.value for s in AgreementStatus]
        idx = order.index(a.status) if a else -1
        self.mark_printed_btn.setEnabled(a is not None and idx < 1 and not a.oral)
        self.mark_signed_btn.setEnabled(a is not None and idx < 2)
        self.mark_effective_btn.setEnabled(a is not None and idx < 3)
        self._show_judicial(a, now)
        self.print_buttons["agreement"].setEnabled(a is not None and not a.oral)
        self.print_buttons["oral"].setEnabled(a is not None and a.oral)
        self.print_buttons["judicial"].setEnabled(a is not None and not a.oral and a.effective_at is not None)

    def _show_judicial(self, a: Any, now: datetime) -> None:
        if a is None or a.effective_at is None:
            self.judicial_label.setText(self.tr("协议生效后可在30日内共同申请司法确认"))
            self.judicial_label.setStyleSheet("")
            self.judicial_btn.setEnabled(False)
            return
        if a.judicial_applied_at is not None:
            self.judicial_label.setText(self.tr("已申请司法确认（%s）") % local(a.judicial_applied_at, "%Y-%m-%d"))
            self.judicial_label.setStyleSheet("")
            self.judicial_btn.setEnabled(False)
            return
        left = judicial_confirmation_days_left(a.effective_at, now)
        if left >= 0:
            self.judicial_label.setText(self.tr("司法确认申请期限剩余 %d 天") % left)
        else:
            self.judicial_label.setText(self.tr("已超过司法确认申请期限 %d 天") % -left)
        self.judicial_label.setStyleSheet(_ERROR_STYLE if left <= 7 else "")
        self.judicial_label.setProperty("urgent", left <= 7)
        self.judicial_btn.setEnabled(left >= 0)

    def _show_followups(self, ws: MediationWorkspace) -> None:
        self.followups.clear()
        for f in ws.followups:
            sat = Satisfaction(f.satisfaction).label if f.satisfaction else ""
            self.followups.addItem(f"{local(f.visited_at)}  {f.method}  {sat}")
        closed = ws.case.status in ("closed", "followed_up", "archived")
        self.save_fu_btn.setEnabled(closed)
        self.save_fu_btn.setToolTip("" if closed else self.tr("案件办结后才能回访"))
        self.fu_hint.setVisible(not closed)
        self.print_buttons["followup"].setEnabled(bool(ws.followups))

    # ---- actions ---------------------------------------------------------------------------------
    def _write(self, fn: Any, errors: FieldErrors | None, entities: set[str], after: Any = None,
               editors: bool = False, editor: str = "") -> None:
        """Run a service call via Op; show domain errors beside their fields; refresh on success."""
        actor = self.state.require_actor()
        ctx = self.state.ctx

        def failed(exc: BaseException) -> None:
            if errors is None or not errors.show(exc):
                if isinstance(exc, DomainError):
                    notify(self, self.tr("人民调解"), exc.message)
                else:
                    from .. import ops

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

    def save_staff(self) -> None:
        mid = self.current_id
        if mid is None:
            return
        mediator, recorder, place = self.mediator.text(), self.recorder.text(), self.place.text()
        co = self.co_mediators.text()
        self._write(lambda ctx, actor: svc.update_mediation(ctx, actor, mid, mediator, recorder, place, co),
                    None, {"mediation"})

    def open_case(self) -> None:
        opener = getattr(self.state, "open_case", None)
        if self.ws is not None and callable(opener):
            opener(self.ws.case.id)

    def new_record(self) -> None:
        self._editing_record_id = None
        self.records.blockSignals(True)
        self.records.clearSelection()
        self.records.setCurrentRow(-1)
        self.records.blockSignals(False)
        self.record_mode.setText(self.tr("新记录"))
        self.record_kind.setCurrentIndex(self.record_kind.findData(RecordKind.SESSION.value))
        self.record_time.setDateTime(QDateTime.currentDateTime())
        self.record_place.setText(self.ws.mediation.place if self.ws else "")
        people = [p.name for p in self.ws.parties] + [self.ws.mediation.mediator] if self.ws else []
        self.record_participants.setText("、".join(x for x in people if x))
        self.record_rights.setChecked(True)
        for edit in (self.record_content, self.record_risk, self.record_result):
            edit.setPlainText("")
        self.record_errors.clear()
        self.dirty.discard("record")

    def _on_record_selected(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is None or self.ws is None:
            return
        rid = item.data(Qt.ItemDataRole.UserRole)
        record: MediationRecord | None = next((r for r in self.ws.records if r.id == rid), None)
        if record is None:
            return
        self._editing_record_id = rid
        self.record_mode.setText(self.tr("编辑记录"))
        self.record_kind.setCurrentIndex(self.record_kind.findData(record.kind))
        self.record_time.setDateTime(QDateTime.fromSecsSinceEpoch(int(record.held_at.timestamp())))
        self.record_place.setText(record.place)
        self.record_participants.setText(record.participants)
        self.record_rights.setChecked(record.rights_notified)
        self.record_content.setPlainText(record.content)
        self.record_risk.setPlainText(record.risk_warning)
        self.record_result.setPlainText(record.result)
        self.record_errors.clear()
        self.dirty.discard("record")

    def record_form(self) -> RecordForm:
        return RecordForm(
            kind=RecordKind(self.record_kind.currentData()),
            held_at=to_utc(self.record_time),
            place=self.record_place.text(),
            participants=self.record_participants.text(),
            content=self.record_content.toPlainText(),
            risk_warning=self.record_risk.toPlainText(),
            result=self.record_result.toPlainText(),
            rights_notified=self.record_rights.isChecked(),
        )

    def save_record(self) -> None:
        mid = self.current_id
        if mid is None:
            return
        form, rid = self.record_form(), self._editing_record_id

        def after(record: MediationRecord) -> None:
            self._editing_record_id = record.id
            self.record_mode.setText(self.tr("编辑记录"))

        self._write(lambda ctx, actor: svc.save_record(ctx, actor, mid, form, rid), self.record_errors,
                    {"mediation_record"}, after, editor="record")

    def print_record(self) -> None:
        if self._editing_record_id:
            preview_document(self, self.state, "record", self._editing_record_id)
        else:
            notify(self, self.tr("打印"), self.tr("请先保存记录"))

    def agreement_form(self) -> AgreementForm:
        deadline: date | None = self.agr_deadline.date().toPython() if self.agr_has_deadline.isChecked() else None  # type: ignore[assignment]  # QDate.toPython gives a date
        return AgreementForm(
            facts=self.agr_facts.toPlainText(),
            terms=self.terms.terms(),
            performance=self.agr_performance.toPlainText(),
            performance_deadline=deadline,
            oral=self.agr_oral.isChecked(),
            parties_count=self.ws.party_count if self.ws else 2,
            copies=self.agr_copies.value(),
        )

    def save_agreement(self) -> None:
        mid = self.current_id
        if mid is None:
            return
        form = self.agreement_form()
        self._write(lambda ctx, actor: svc.save_agreement(ctx, actor, mid, form), self.agr_errors,
                    {"agreement"}, editors=False, editor="agreement")

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

    def set_status(self, status: AgreementStatus) -> None:
        if self.ws is None or self.ws.agreement is None:
            return
        aid = self.ws.agreement.id

        def go() -> None:
            self._write(lambda ctx, actor: svc.set_agreement_status(ctx, actor, aid, status), self.agr_errors,
                        {"agreement"})

        if status is AgreementStatus.PRINTED:
            go()
            return
        text = self.tr("标记为“%s”后协议内容不能再修改。") % self.tr(status.label)
        if status is AgreementStatus.EFFECTIVE:
            text += self.tr("生效日起30日内可共同申请司法确认。")
        self.confirm(self.tr("调解协议"), text + self.tr("确定吗？"), go)

    def record_judicial(self) -> None:
        if self.ws is None or self.ws.agreement is None:
            return
        aid = self.ws.agreement.id
        self._write(lambda ctx, actor: svc.record_judicial_application(ctx, actor, aid), self.agr_errors, {"agreement"})

    def conclude(self) -> None:
        mid = self.current_id
        if mid is None:
            return
        chosen = next((o for o, rb in self.outcome_buttons.items() if rb.isChecked()), None)
        if chosen is None:
            self.outcome_errors.show(ValidationError(self.tr("请选择调解结果"), "outcome"))
            return
        note = self.failure_note.toPlainText()
        if chosen is MediationOutcome.FAILED and not note.strip():
            self.outcome_errors.show(ValidationError(self.tr("请填写调解不成的原因及引导的其他途径"), "note"))
            return

        def go() -> None:
            self._write(lambda ctx, actor: svc.conclude(ctx, actor, mid, chosen, note), self.outcome_errors,
                        {"mediation", "case"})

        self.confirm(self.tr("结束调解"), self.tr("结束调解（%s）后案件将办结，不能再修改调解结果。确定吗？")
                     % self.tr(chosen.label), go)

    def save_followup(self) -> None:
        if self.ws is None:
            return
        case_id = self.ws.case.id
        sat = self.fu_satisfaction.currentData()
        form = FollowupForm(
            visited_at=to_utc(self.fu_time),
            method=self.fu_method.currentText(),
            performance=self.fu_performance.toPlainText(),
            satisfaction=Satisfaction(sat) if sat else None,
            escalation_signs=self.fu_signs.toPlainText(),
            notes=self.fu_notes.toPlainText(),
        )

        def after(_f: object) -> None:
            for edit in (self.fu_performance, self.fu_signs, self.fu_notes):
                edit.setPlainText("")
            self.fu_satisfaction.setCurrentIndex(0)
            self.dirty.discard("followup")

        self._write(lambda ctx, actor: svc.add_followup(ctx, actor, case_id, form), self.fu_errors,
                    {"followup", "case"}, after, editor="followup")

    def print_document(self, kind: str) -> None:
        if self.ws is None:
            return
        key = self.ws.mediation.id
        if kind == "record":
            if self._editing_record_id is None and self.ws.records:
                key = self.ws.records[-1].id
            else:
                key = self._editing_record_id or key
        elif kind == "followup" and self.ws.followups:
            key = self.ws.followups[-1].id
        elif kind == "judicial" and not getattr(self.state.settings, "court_name", ""):
            self.ask_court(key)  # no court in the settings: ask (the settings screen can keep one)
            return
        preview_document(self, self.state, kind, key)

    def ask_court(self, mediation_id: str) -> QInputDialog:
        """The judicial application names the basic-level court (where a party lives, the subject matter
        is, or the committee sits); asked each time, the last answer offered again."""
        dialog = QInputDialog(self)
        dialog.setObjectName("courtDialog")
        dialog.setWindowTitle(self.tr("司法确认申请书"))
        dialog.setLabelText(self.tr("受理申请的基层人民法院："))
        dialog.setTextValue(self._last_court)

        def chosen(court: str) -> None:
            if not court.strip():
                notify(self, self.tr("司法确认申请书"), self.tr("请填写受理申请的人民法院"))
                return
            self._last_court = court.strip()
            preview_document(self, self.state, "judicial", mediation_id, court=court)

        dialog.textValueSelected.connect(chosen)
        dialog.open()
        return dialog

    def new_mediation(self) -> None:
        dialog = DirectMediationDialog(self.state, self)
        dialog.setObjectName("directMediationDialog")
        dialog.accepted.connect(lambda: self.select_mediation(dialog.created_id) if dialog.created_id else None)
        dialog.open()
