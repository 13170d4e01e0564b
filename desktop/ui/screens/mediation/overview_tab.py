"""概况与结果: mediators and place, the case's parties, and concluding the mediation."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db.room_queries import (
    MediationWorkspace,
)
from desktop.db.services import mediation as svc
from desktop.domain.enums import (
    MediationOutcome,
    PartyRole,
)
from desktop.domain.errors import ValidationError
from desktop.domain.validation import mask_id_number, mask_phone

from ...widgets import ErrorLabel, ErrorMap, field_with_error, fmt_dt
from .common import left_aligned, scrolled

if TYPE_CHECKING:
    from .screen import MediationScreen


PARTY_COLUMNS = ("身份", "姓名", "身份证号", "联系电话", "单位或住址")


class OverviewTab(QWidget):
    def __init__(self, room: MediationScreen) -> None:
        super().__init__()
        self.room = room
        w = QWidget()
        lay = QVBoxLayout(w)
        staff = QGroupBox(self.tr("调解人员与地点"))
        self.mediator = QLineEdit()
        self.mediator.setPlaceholderText(self.tr("待指派：填写承办本案的人民调解员"))
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
        form.addRow("", left_aligned(self.save_staff_btn))
        lay.addWidget(staff)
        parties = QGroupBox(self.tr("当事人（来自案件）"))
        self.parties = QTableWidget(0, len(PARTY_COLUMNS))
        self.parties.setObjectName("parties")
        self.parties.setHorizontalHeaderLabels([self.tr(c) for c in PARTY_COLUMNS])
        self.parties.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.parties.setWordWrap(True)
        self.parties.verticalHeader().setVisible(False)
        # Every party, every column in full: the table is as tall as its rows (the tab scrolls, not it).
        self.parties.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.parties.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = self.parties.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(PARTY_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.parties.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.open_case_btn = QPushButton(self.tr("打开案件"))
        self.open_case_btn.clicked.connect(self.open_case)
        pl = QVBoxLayout(parties)
        pl.addWidget(self.parties)
        pl.addWidget(self.open_case_btn, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(parties)

        outcome = QGroupBox(self.tr("调解结果"))
        self.outcome_general = ErrorLabel()
        self.outcome_errors = ErrorMap(self.outcome_general)
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
        ol.addWidget(field_with_error(QWidget(), self.outcome_errors, "outcome"))
        ol.addLayout(ob)
        ol.addWidget(field_with_error(self.failure_note, self.outcome_errors, "note"))
        ol.addWidget(self.conclude_btn, 0, Qt.AlignmentFlag.AlignLeft)
        ol.addWidget(self.outcome_general)
        lay.addWidget(outcome)
        lay.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(w))

    def show_workspace(self, ws: MediationWorkspace, editors: bool) -> None:
        m = ws.mediation
        if editors:
            self.mediator.setText(m.mediator)
            self.co_mediators.setText(m.co_mediators)
            self.recorder.setText(m.recorder)
            self.place.setText(m.place)
        self.parties.setRowCount(len(ws.parties))
        for i, p in enumerate(ws.parties):
            role = PartyRole(p.role).label if p.role in {r.value for r in PartyRole} else p.role
            for col, value in enumerate((role, p.name, mask_id_number(p.id_number), mask_phone(p.phone), p.address)):
                self.parties.setItem(i, col, QTableWidgetItem(value))
        self._fit_parties()
        self._show_outcome(ws)

    def _show_outcome(self, ws: MediationWorkspace) -> None:
        m = ws.mediation
        done = m.outcome is not None
        if done:
            extra = f"（{m.failure_reason}）" if m.failure_reason else ""
            self.outcome_label.setText(self.tr("结果：%s，%s") % (MediationOutcome(str(m.outcome)).label + extra, fmt_dt(m.outcome_at)))
        else:
            self.outcome_label.setText(self.tr("调解进行中"))
        for rb in self.outcome_buttons.values():
            rb.setEnabled(not done)
        self.failure_note.setEnabled(not done)
        self.conclude_btn.setEnabled(not done)

    def _fit_parties(self) -> None:
        table = self.parties
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        height = table.horizontalHeader().height() + rows + 2 * table.frameWidth()
        if table.horizontalScrollBar().isVisible():
            height += table.horizontalScrollBar().height()
        table.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_parties()  # wrapped addresses change the rows' heights

    def save_staff(self) -> None:
        mid = self.room.current_id
        if mid is None:
            return
        mediator, recorder, place = self.mediator.text(), self.recorder.text(), self.place.text()
        co = self.co_mediators.text()
        self.room.write(lambda ctx, actor: svc.update_mediation(ctx, actor, mid, mediator, recorder, place, co),
                          None)

    def open_case(self) -> None:
        opener = getattr(self.room.state, "open_case", None)
        if self.room.ws is not None and callable(opener):
            opener(self.room.ws.case.id)

    def conclude(self) -> None:
        mid = self.room.current_id
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
            self.room.write(lambda ctx, actor: svc.conclude(ctx, actor, mid, chosen, note), self.outcome_errors)

        self.room.confirm(self.tr("结束调解"), self.tr("结束调解（%s）后案件将办结，不能再修改调解结果。确定吗？")
                     % self.tr(chosen.label), go)
