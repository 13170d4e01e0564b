"""文书打印: previews of the mediation's documents."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QGridLayout,
    QInputDialog,
    QPushButton,
    QWidget,
)

from ...printing import notify, preview_document

if TYPE_CHECKING:
    from .screen import MediationScreen


class PrintTab(QWidget):
    def __init__(self, room: MediationScreen) -> None:
        super().__init__()
        self.room = room
        self._last_court = ""
        grid = QGridLayout(self)
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

    def print_document(self, kind: str) -> None:
        if self.room.ws is None:
            return
        key = self.room.ws.mediation.id
        if kind == "record":
            if self.room.records_tab.editing_record_id is None and self.room.ws.records:
                key = self.room.ws.records[-1].id
            else:
                key = self.room.records_tab.editing_record_id or key
        elif kind == "followup" and self.room.ws.followups:
            key = self.room.ws.followups[-1].id
        elif kind == "judicial" and not getattr(self.room.state.settings, "court_name", ""):
            self.ask_court(key)  # no court in the settings: ask (the settings screen can keep one)
            return
        preview_document(self, self.room.state, kind, key)

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
            preview_document(self, self.room.state, "judicial", mediation_id, court=court)

        dialog.textValueSelected.connect(chosen)
        dialog.open()
        return dialog
