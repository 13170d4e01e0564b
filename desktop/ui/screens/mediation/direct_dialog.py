"""新建调解: a mediation started in the room itself."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db.services import mediation as svc
from desktop.domain.enums import (
    Channel,
    MediationSource,
    PartyRole,
)
from desktop.domain.forms import CaseForm, PartyForm

from ...appstate import AppState
from ...ops import Op
from .common import ErrorLabel, FieldErrors, with_error


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

