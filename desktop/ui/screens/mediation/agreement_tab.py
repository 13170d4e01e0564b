"""调解协议: the agreement editor, its status and the judicial-confirmation countdown."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.db.room_queries import (
    MediationWorkspace,
)
from desktop.db.services import mediation as svc
from desktop.domain.deadlines import judicial_confirmation_days_left
from desktop.domain.enums import (
    AgreementStatus,
)
from desktop.domain.forms import AgreementForm

from ...widgets import ERROR_STYLE, ErrorLabel, ErrorMap, field_with_error, fmt_date
from .common import left_aligned, scrolled
from .terms import TermsEditor

if TYPE_CHECKING:
    from .screen import MediationScreen


class AgreementTab(QWidget):
    def __init__(self, room: MediationScreen) -> None:
        super().__init__()
        self.room = room
        self.agr_general = ErrorLabel()
        self.agr_errors = ErrorMap(self.agr_general)
        self.agr_number = QLabel()
        self.agr_oral = QCheckBox(self.tr("口头协议（只登记协议内容，不制作协议书）"))
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
        # Captions above their fields: the terms get the tab's whole width (1024-pixel screens).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.tr("协议编号"), self.agr_number)
        form.addRow("", self.agr_oral)
        form.addRow(self.tr("纠纷主要事实、争议事项"), field_with_error(self.agr_facts, self.agr_errors, "facts"))
        terms_caption = QLabel(self.tr("经调解，自愿达成如下协议："))
        form.addRow(terms_caption)
        form.addRow(field_with_error(self.terms, self.agr_errors, "terms"))
        form.addRow(self.tr("履行方式、时限"), field_with_error(self.agr_performance, self.agr_errors, "performance"))
        form.addRow("", dl)
        self.agr_copies.setMaximumWidth(120)
        form.addRow(self.tr("协议份数"), field_with_error(self.agr_copies, self.agr_errors, "copies"))
        form.addRow("", left_aligned(self.save_agr_btn))
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
        lay = QVBoxLayout(self)
        lay.addWidget(scrolled(inner))

    def show_agreement(self, ws: MediationWorkspace, editors: bool, now: datetime) -> None:
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
        for widget in (self.agr_oral, self.agr_facts, self.agr_performance, self.agr_has_deadline,
                       self.agr_copies, self.save_agr_btn):
            widget.setEnabled(not locked)
        self.terms.set_read_only(locked)  # signed terms stay readable in full
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
        self.room.print_buttons["agreement"].setEnabled(a is not None and not a.oral)
        self.room.print_buttons["oral"].setEnabled(a is not None and a.oral)
        self.room.print_buttons["judicial"].setEnabled(a is not None and not a.oral and a.effective_at is not None)

    def _show_judicial(self, a: Any, now: datetime) -> None:
        if a is None or a.effective_at is None:
            self.judicial_label.setText(self.tr("协议生效后可在30日内共同申请司法确认"))
            self.judicial_label.setStyleSheet("")
            self.judicial_btn.setEnabled(False)
            return
        if a.judicial_applied_at is not None:
            self.judicial_label.setText(self.tr("已申请司法确认（%s）") % fmt_date(a.judicial_applied_at))
            self.judicial_label.setStyleSheet("")
            self.judicial_btn.setEnabled(False)
            return
        left = judicial_confirmation_days_left(a.effective_at, now)
        if left >= 0:
            self.judicial_label.setText(self.tr("司法确认申请期限剩余 %d 天") % left)
        else:
            self.judicial_label.setText(self.tr("已超过司法确认申请期限 %d 天") % -left)
        self.judicial_label.setStyleSheet(ERROR_STYLE if left <= 7 else "")
        self.judicial_label.setProperty("urgent", left <= 7)
        self.judicial_btn.setEnabled(left >= 0)

    def agreement_form(self) -> AgreementForm:
        deadline: date | None = self.agr_deadline.date().toPython() if self.agr_has_deadline.isChecked() else None  # type: ignore[assignment]  # QDate.toPython gives a date
        return AgreementForm(
            facts=self.agr_facts.toPlainText(),
            terms=self.terms.terms(),
            performance=self.agr_performance.toPlainText(),
            performance_deadline=deadline,
            oral=self.agr_oral.isChecked(),
            parties_count=self.room.ws.party_count if self.room.ws else 2,
            copies=self.agr_copies.value(),
        )

    def save_agreement(self) -> None:
        mid = self.room.current_id
        if mid is None:
            return
        form = self.agreement_form()
        self.room.write(lambda ctx, actor: svc.save_agreement(ctx, actor, mid, form), self.agr_errors, editors=False, editor="agreement")

    def set_status(self, status: AgreementStatus) -> None:
        if self.room.ws is None or self.room.ws.agreement is None:
            return
        aid = self.room.ws.agreement.id

        def go() -> None:
            self.room.write(lambda ctx, actor: svc.set_agreement_status(ctx, actor, aid, status), self.agr_errors)

        if status is AgreementStatus.PRINTED:
            go()
            return
        text = self.tr("标记为“%s”后协议内容不能再修改。") % self.tr(status.label)
        if status is AgreementStatus.EFFECTIVE:
            text += self.tr("生效日起30日内可共同申请司法确认。")
        self.room.confirm(self.tr("调解协议"), text + self.tr("确定吗？"), go)

    def record_judicial(self) -> None:
        if self.room.ws is None or self.room.ws.agreement is None:
            return
        aid = self.room.ws.agreement.id
        self.room.write(lambda ctx, actor: svc.record_judicial_application(ctx, actor, aid), self.agr_errors)
