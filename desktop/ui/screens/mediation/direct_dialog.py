"""新建调解: a mediation started in the room itself, on the one case editor in its compact mode."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from desktop.db.services import mediation as svc
from desktop.domain.enums import Channel, MediationSource
from desktop.domain.forms import CaseForm

from ...appstate import AppState
from ...case_form import CompactCaseDialog


class DirectMediationDialog(CompactCaseDialog):
    """Source, category, summary and the parties (two to start with) → `start_direct_mediation`."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        top = QWidget()
        self.source = QComboBox()
        self.source.setObjectName("source")
        for src in MediationSource:
            self.source.addItem(QCoreApplication.translate("DirectMediationDialog", src.label), src.value)
        form = QFormLayout(top)
        form.setContentsMargins(0, 0, 0, 0)
        super().__init__(state, QCoreApplication.translate("DirectMediationDialog", "新建调解"),
                         QCoreApplication.translate("DirectMediationDialog", "开始调解"), parent, top=top)
        form.addRow(self.tr("案件来源"), self.source)
        self.created_id: str | None = None
        self.editor.set_channel(Channel.WALK_IN)
        self.editor.add_party()  # the second party starts as the respondent

    def work(self, form: CaseForm) -> str:
        source = MediationSource(self.source.currentData())
        return svc.start_direct_mediation(self.state.ctx, self.state.require_actor(), form, source=source).id

    def saved(self, record_id: str) -> None:
        # The op runner has published what start_direct_mediation committed (case, parties, mediation).
        self.created_id = record_id
        self.accept()
