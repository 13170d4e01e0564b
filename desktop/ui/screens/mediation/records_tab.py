"""调查/调解记录: the mediation's records and the record editor."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.db.models import MediationRecord
from desktop.db.room_queries import (
    MediationWorkspace,
)
from desktop.db.services import mediation as svc
from desktop.domain.enums import (
    RecordKind,
)
from desktop.domain.forms import RecordForm

from ...printing import notify, preview_document
from ...widgets import ErrorLabel, ErrorMap, field_with_error, fmt_dt
from .common import scrolled, to_utc

if TYPE_CHECKING:
    from .screen import MediationScreen


class RecordsTab(QWidget):
    def __init__(self, room: MediationScreen) -> None:
        super().__init__()
        self.room = room
        self.editing_record_id: str | None = None
        # The list above the editor, both the tab's full width (a 1024-pixel screen leaves ~520 px here).
        lay = QVBoxLayout(self)
        left = QHBoxLayout()
        self.records = QListWidget()
        self.records.setObjectName("records")
        self.records.currentItemChanged.connect(self._on_record_selected)
        self.new_record_btn = QPushButton(self.tr("新增记录"))
        self.new_record_btn.clicked.connect(self.new_record)
        self.records.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        left.addWidget(self.records, 1)
        left.addWidget(self.new_record_btn, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(left)
        editor = QWidget()
        self.record_general = ErrorLabel()
        self.record_errors = ErrorMap(self.record_general)
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
        form.addRow(self.tr("地点"), field_with_error(self.record_place, self.record_errors, "place"))
        form.addRow(self.tr("参加人"), self.record_participants)
        form.addRow("", self.record_rights)
        form.addRow(self.tr("记录内容"), field_with_error(self.record_content, self.record_errors, "content"))
        form.addRow(self.tr("风险提示"), self.record_risk)
        form.addRow(self.tr("调解结果"), self.record_result)
        bl = QHBoxLayout()
        bl.addWidget(self.save_record_btn)
        bl.addWidget(self.print_record_btn)
        bl.addStretch(1)
        form.addRow(bl)
        form.addRow(self.record_general)
        lay.addWidget(scrolled(editor), 1)

    def show_records(self, ws: MediationWorkspace, editors: bool) -> None:
        current = self.editing_record_id
        self.records.blockSignals(True)
        self.records.clear()
        for r in ws.records:
            label = f"{fmt_dt(r.held_at)}  {RecordKind(r.kind).label}  {r.place}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.records.addItem(item)
            if r.id == current:
                self.records.setCurrentItem(item)
        self.records.blockSignals(False)
        if editors:
            self.new_record()
        self.room.print_buttons["record"].setEnabled(bool(ws.records))

    def new_record(self) -> None:
        self.editing_record_id = None
        self.records.blockSignals(True)
        self.records.clearSelection()
        self.records.setCurrentRow(-1)
        self.records.blockSignals(False)
        self.record_mode.setText(self.tr("新记录"))
        self.record_kind.setCurrentIndex(self.record_kind.findData(RecordKind.SESSION.value))
        self.record_time.setDateTime(QDateTime.currentDateTime())
        self.record_place.setText(self.room.ws.mediation.place if self.room.ws else "")
        people = [p.name for p in self.room.ws.parties] + [self.room.ws.mediation.mediator] if self.room.ws else []
        self.record_participants.setText("、".join(x for x in people if x))
        self.record_rights.setChecked(True)
        for edit in (self.record_content, self.record_risk, self.record_result):
            edit.setPlainText("")
        self.record_errors.clear()
        self.room.dirty.discard("record")

    def _on_record_selected(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is None or self.room.ws is None:
            return
        rid = item.data(Qt.ItemDataRole.UserRole)
        record: MediationRecord | None = next((r for r in self.room.ws.records if r.id == rid), None)
        if record is None:
            return
        self.editing_record_id = rid
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
        self.room.dirty.discard("record")

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
        mid = self.room.current_id
        if mid is None:
            return
        form, rid = self.record_form(), self.editing_record_id

        def after(record: MediationRecord) -> None:
            self.editing_record_id = record.id
            self.record_mode.setText(self.tr("编辑记录"))

        self.room.write(lambda ctx, actor: svc.save_record(ctx, actor, mid, form, rid), self.record_errors, after, editor="record")

    def print_record(self) -> None:
        if self.editing_record_id:
            preview_document(self, self.room.state, "record", self.editing_record_id)
        else:
            notify(self, self.tr("打印"), self.tr("请先保存记录"))
