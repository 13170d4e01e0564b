"""新建调解: a mediation started in the room itself, on the one case editor in its compact mode."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.db.services import mediation as svc
from desktop.domain.enums import Channel, MediationSource
from desktop.domain.errors import DomainError

from ...appstate import AppState
from ...case_form import CaseEditor
from ...errors import show_error
from ...ops import Op
from ...widgets import fit_to_screen


class DirectMediationDialog(QDialog):
    """Source, category, summary and the parties (two to start with) → `start_direct_mediation`."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.created_id: str | None = None
        self.setWindowTitle(self.tr("新建调解"))
        self.source = QComboBox()
        self.source.setObjectName("source")
        for src in MediationSource:
            self.source.addItem(self.tr(src.label), src.value)
        self.editor = CaseEditor(state, compact=True)
        self.editor.set_channel(Channel.WALK_IN)
        self.editor.add_party()  # the second party starts as the respondent
        top = QFormLayout()
        top.addRow(self.tr("案件来源"), self.source)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("开始调解 (Ctrl+S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.submit)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        fit_to_screen(self, 760, 700, parent)

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.editor.error_map.clear()
        try:
            form = self.editor.to_form()
        except DomainError as exc:
            self.editor.show_errors(exc)
            return
        actor, ctx = self.state.require_actor(), self.state.ctx
        source = MediationSource(self.source.currentData())
        self.ok_button.setEnabled(False)
        self.status.setText(self.tr("正在保存…"))

        def failed(exc: BaseException) -> None:
            self.ok_button.setEnabled(True)
            self.status.setText("")
            if isinstance(exc, DomainError):
                self.editor.show_errors(exc)  # every message beside its field, all at once
                self.status.setText(self.tr("请按红色提示修改后再保存"))
            else:
                show_error(self, exc)

        def done(mediation_id: str) -> None:
            self.ok_button.setEnabled(True)
            self.created_id = mediation_id
            self.state.bus.publish(entities={"case", "mediation"})
            self.accept()

        Op(self, lambda: svc.start_direct_mediation(ctx, actor, form, source=source).id).on_success(done).on_failure(
            failed).run()
