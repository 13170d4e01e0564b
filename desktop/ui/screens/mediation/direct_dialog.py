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
                         QCoreApplication.translate("DirectMediationDialog", "开始调解"), self._start, parent, top=top)
        form.addRow(self.tr("案件来源"), self.source)
        # The save runs on the DB worker, which must not read widgets: the chosen source is kept here.
        self._source = MediationSource(self.source.currentData())
        self.source.currentIndexChanged.connect(
            lambda _i: setattr(self, "_source", MediationSource(self.source.currentData())))
        self.editor.set_channel(Channel.WALK_IN)
        self.editor.add_party()  # the second party starts as the respondent

    def _start(self, form: CaseForm) -> str:
        # On the DB worker; the op runner publishes what start_direct_mediation committed.
        return svc.start_direct_mediation(self.state.ctx, self.state.require_actor(), form, source=self._source).id

    @property
    def created_id(self) -> str | None:
        """The new mediation (None until saved)."""
        return self.record_id
