"""回访: follow-up visits after the case is closed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.db.room_queries import (
    MediationWorkspace,
)
from desktop.db.services import mediation as svc
from desktop.domain.enums import (
    RESOLVED_STATUSES,
    FollowupMethod,
    Satisfaction,
)
from desktop.domain.forms import FollowupForm

from ...widgets import (
    ErrorLabel,
    ErrorMap,
    combo_value,
    field_with_error,
    fmt_dt,
    set_names,
    visited_person_combo,
)
from .common import left_aligned, scrolled, to_utc

if TYPE_CHECKING:
    from .screen import MediationScreen


class FollowupTab(QWidget):
    def __init__(self, room: MediationScreen) -> None:
        super().__init__()
        self.room = room
        self.fu_general = ErrorLabel()
        self.fu_errors = ErrorMap(self.fu_general)
        self.followups = QListWidget()
        self.followups.setObjectName("followups")
        self.fu_time = QDateTimeEdit(QDateTime.currentDateTime())
        self.fu_time.setCalendarPopup(True)
        self.fu_time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.fu_method = QComboBox()
        for m in FollowupMethod:
            self.fu_method.addItem(self.tr(m.label), m.value)
        self.fu_person = visited_person_combo([])  # filled with the parties' names per case
        self.fu_person.setObjectName("fuVisitedPerson")
        self.fu_purpose = QLineEdit()
        self.fu_purpose.setObjectName("fuPurpose")
        self.fu_purpose.setMaxLength(500)
        self.fu_purpose.setPlaceholderText(self.tr("可留空：回访协议履行情况及当事人满意度"))
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
        form.addRow(self.tr("被回访人"), field_with_error(self.fu_person, self.fu_errors, "visited_person"))
        form.addRow(self.tr("回访事由"), field_with_error(self.fu_purpose, self.fu_errors, "purpose"))
        form.addRow(self.tr("履行情况"), field_with_error(self.fu_performance, self.fu_errors, "performance"))
        form.addRow(self.tr("满意度"), field_with_error(self.fu_satisfaction, self.fu_errors, "satisfaction"))
        form.addRow(self.tr("矛盾激化迹象"), self.fu_signs)
        form.addRow(self.tr("备注"), self.fu_notes)
        self.fu_hint = QLabel(self.tr("调解结束、案件办结后才能登记回访"))
        self.fu_hint.setWordWrap(True)
        form.addRow("", left_aligned(self.save_fu_btn))
        form.addRow("", self.fu_hint)
        form.addRow(self.fu_general)
        lay = QVBoxLayout(self)  # visits above the form, both the tab's full width
        self.followups.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        lay.addWidget(self.followups)
        inner = QWidget()
        il = QVBoxLayout(inner)
        il.addLayout(form)
        il.addStretch(1)
        lay.addWidget(scrolled(inner), 1)

    def show_followups(self, ws: MediationWorkspace) -> None:
        self.followups.clear()
        for f in ws.followups:
            sat = Satisfaction(f.satisfaction).label if f.satisfaction else ""
            self.followups.addItem(f"{fmt_dt(f.visited_at)}  {f.method}  {sat}")
        set_names(self.fu_person, [p.name for p in ws.parties])
        closed = ws.case.status in RESOLVED_STATUSES
        self.save_fu_btn.setEnabled(closed)
        self.save_fu_btn.setToolTip("" if closed else self.tr("案件办结后才能回访"))
        self.fu_hint.setVisible(not closed)
        self.room.print_buttons["followup"].setEnabled(bool(ws.followups))

    def save_followup(self) -> None:
        if self.room.ws is None:
            return
        case_id = self.room.ws.case.id
        sat = self.fu_satisfaction.currentData()
        form = FollowupForm(
            visited_at=to_utc(self.fu_time),
            method=str(self.fu_method.currentData()),
            performance=self.fu_performance.toPlainText(),
            satisfaction=Satisfaction(sat) if sat else None,
            escalation_signs=self.fu_signs.toPlainText(),
            notes=self.fu_notes.toPlainText(),
            visited_person=combo_value(self.fu_person),
            purpose=self.fu_purpose.text(),
        )

        def after(_f: object) -> None:
            for edit in (self.fu_performance, self.fu_signs, self.fu_notes):
                edit.setPlainText("")
            self.fu_person.setEditText("")
            self.fu_purpose.clear()
            self.fu_satisfaction.setCurrentIndex(0)
            self.room.dirty.discard("followup")

        self.room.write(lambda ctx, actor: svc.add_followup(ctx, actor, case_id, form), self.fu_errors, after, editor="followup")
