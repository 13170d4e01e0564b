"""卷宗纸质材料 dialog: materials added in the GUI reach the printed case file's contents list."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from desktop.db.services import mediation as svc
from desktop.ui import ops
from desktop.ui.appstate import AppState
from desktop.ui.bridge import ChangeBus
from desktop.ui.case_file_materials import CaseFileMaterialsDialog
from desktop.ui.printing import Built, preview_document

from .test_rooms_mediation import make_case

pytestmark = [pytest.mark.ui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def state(paths: Any, db: Any, ctx: Any, admin: Any) -> Iterator[AppState]:
    failures: list[BaseException] = []
    ops.error_handler = lambda _p, exc, _t: failures.append(exc)
    yield AppState(paths=paths, db=db, ctx=ctx, bus=ChangeBus(interval_ms=10), actor=admin)
    ops.wait_idle()
    ops.error_handler = None
    assert not failures, failures


def test_materials_added_in_the_dialog_are_listed_in_the_case_file(state: AppState, qtbot: Any) -> None:
    actor = state.require_actor()
    case_id = make_case(state.ctx, actor)
    mediation = svc.start_mediation(state.ctx, actor, case_id)
    dialog = CaseFileMaterialsDialog(state, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= 1024 and dialog.height() <= 768

    dialog.name.setEditText("")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    error = dialog.errors.label("name")
    assert error is not None and error.text() == "请填写材料名称"

    for name, pages, scanned in (("权利义务告知书", 2, False), ("当事人身份证明", 3, True)):
        dialog.name.setEditText(name)
        dialog.pages.setValue(pages)
        dialog.scanned.setChecked(scanned)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda n=name: any(r.name == n for r in dialog.rows), timeout=10000)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(1, 2).text() == "扫描件"

    got: list[Built] = []
    preview_document(None, state, "case_file", mediation.id, on_ready=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=60000)
    pages = ["".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(got[0].pdf)).pages]
    assert "纸质，2页" in pages[1] and "扫描件，3页" in pages[1]
    assert "卷内材料齐全" in pages[-1]

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.rows) == 1, timeout=10000)
    got.clear()
    preview_document(None, state, "case_file", mediation.id, on_ready=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=60000)
    last = "".join((PdfReader(io.BytesIO(got[0].pdf)).pages[-1].extract_text() or "").split())
    assert "卷内材料齐全" not in last and "卷内材料不全：权利义务告知书" in last
