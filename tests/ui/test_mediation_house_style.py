"""The mediation room on the UI's house style: the one form-error toolkit (widgets.ErrorMap/ErrorLabel),
unexpected errors through errors.show_error, and only the op runner's Changes on the change bus."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop.db.models import MediationRecord
from desktop.db.services import mediation as mediation_service
from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.ui import errors, widgets
from desktop.ui.appstate import AppState
from desktop.ui.screens import mediation as mediation_package
from desktop.ui.screens.mediation import DirectMediationDialog

from .helpers import type_text
from .test_rooms_mediation import confirm, open_room


class PublishSpy:
    """Every publish that does not come from the op runner (ops.change_sink keeps the bus's own method)."""

    def __init__(self, state: AppState, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[dict[str, Any]] = []
        real = state.bus.publish

        def spy(changes: Any = None, entities: set[str] | None = None) -> None:
            self.calls.append({"changes": changes, "entities": entities})
            real(changes, entities)

        monkeypatch.setattr(state.bus, "publish", spy)


def test_mediation_forms_use_the_one_error_toolkit(state: AppState, qtbot: Any) -> None:
    screen, _case_id, _mid = open_room(state, qtbot)
    # No copies left in the package.
    for name in ("ErrorLabel", "FieldErrors", "with_error", "RED", "AMBER", "ERROR_STYLE"):
        assert not hasattr(mediation_package.common, name), name
    tabs = screen.overview_tab, screen.records_tab, screen.agreement_tab, screen.followup_tab
    maps = [tabs[0].outcome_errors, tabs[1].record_errors, tabs[2].agr_errors, tabs[3].fu_errors]
    for error_map in maps:
        assert isinstance(error_map, widgets.ErrorMap)
        assert error_map.labels and all(type(lb) is widgets.ErrorLabel for lb in error_map.labels.values())
        assert type(error_map.fallback) is widgets.ErrorLabel
    # A refused save, driven through the real button: the message sits beside its field in the one red.
    screen.tabs.setCurrentIndex(1)
    qtbot.mouseClick(screen.records_tab.save_record_btn, Qt.MouseButton.LeftButton)
    label = screen.records_tab.record_errors.labels["content"]
    qtbot.waitUntil(label.shown)
    assert label.text() == "请填写记录内容" and widgets.RED in label.styleSheet()
    # Two messages for one field on a tab that is not in front are joined, not overwritten.
    screen.tabs.setCurrentIndex(0)
    agr = screen.agreement_tab.agr_errors
    agr.show(ValidationErrors([ValidationError("第1条过长", "terms[0]"), ValidationError("第4条为空", "terms[3]"),
                               ValidationError("无处安放的提示", "nowhere")]))
    assert agr.labels["terms"].text() == "第1条过长；第4条为空"
    assert screen.agreement_tab.agr_general.text() == "无处安放的提示"


def test_unexpected_error_goes_to_show_error(state: AppState, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: "操作失败：RuntimeError" in a message box (or the raw handler). Now: errors.show_error, which logs
    the report without personal data and shows the crash dialog; the form keeps what was typed."""
    screen, _case_id, _mid = open_room(state, qtbot)
    presenter = errors.ErrorPresenter(interactive=False)
    monkeypatch.setattr(errors, "_presenter", presenter)

    def broken(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("写入失败 张三 13812345678")

    monkeypatch.setattr(mediation_service, "save_record", broken)
    screen.tabs.setCurrentIndex(1)
    type_text(screen.records_tab.record_content, "双方陈述了经过。")
    with qtbot.waitSignal(presenter.shown, timeout=5000) as shown:
        qtbot.mouseClick(screen.records_tab.save_record_btn, Qt.MouseButton.LeftButton)
    title, report, is_crash = shown.args
    assert is_crash and presenter.crashes == 1 and title == "程序出错"
    assert "张三" not in report and "13812345678" not in report
    boxes = [b for b in screen.findChildren(QMessageBox) if b.isVisible()]
    assert not boxes, [b.text() for b in boxes]
    assert not any(lb.shown() for lb in screen.records_tab.record_errors.labels.values())
    assert screen.records_tab.record_content.toPlainText() == "双方陈述了经过。"
    assert "record" in screen.dirty  # nothing was saved: the edit is still unsaved


def test_room_publishes_only_what_services_committed(state: AppState, qtbot: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Save a record, an agreement, conclude, follow up and start a new mediation: the bus carries exactly the
    Changes the op runner recorded (ids included), and the room names no entities itself."""
    spy = PublishSpy(state, monkeypatch)
    seen: list[tuple[set[str], set[str]]] = []
    state.bus.changed.connect(lambda entities, ids: seen.append((set(entities), set(ids))))
    screen, case_id, mediation_id = open_room(state, qtbot)

    screen.tabs.setCurrentIndex(1)
    type_text(screen.records_tab.record_content, "双方陈述了排水问题的经过。")
    qtbot.mouseClick(screen.records_tab.save_record_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.records_tab.records.count() == 1, timeout=5000)
    with state.db.read() as s:
        record_id = s.scalars(select(MediationRecord.id).where(MediationRecord.mediation_id == mediation_id)).one()
    qtbot.waitUntil(lambda: any(record_id in ids and "mediation_record" in ents for ents, ids in seen), timeout=3000)

    screen.tabs.setCurrentIndex(2)
    type_text(screen.agreement_tab.agr_facts, "院墙排水流入邻院。")
    editor = screen.agreement_tab.terms
    qtbot.mouseClick(editor.add_btn, Qt.MouseButton.LeftButton)
    type_text(editor.edit(editor.current_row()), "李四于十日内改建排水沟")
    type_text(screen.agreement_tab.agr_performance, "当场履行")
    qtbot.mouseClick(screen.agreement_tab.save_agr_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("agreement" in ents for ents, _ids in seen), timeout=5000)

    screen.tabs.setCurrentIndex(0)
    screen.overview_tab.outcome_buttons[next(iter(screen.overview_tab.outcome_buttons))].setChecked(True)
    qtbot.mouseClick(screen.overview_tab.conclude_btn, Qt.MouseButton.LeftButton)
    confirm(screen)
    qtbot.waitUntil(lambda: any(mediation_id in ids and case_id in ids for _e, ids in seen), timeout=5000)

    qtbot.mouseClick(screen.new_btn, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(DirectMediationDialog, "directMediationDialog")
    assert dialog is not None
    dialog.editor.category.setCurrentIndex(dialog.editor.category.findData("合同"))
    type_text(dialog.editor.summary, "货款纠纷")
    dialog.editor.parties[0].name.setText("赵六")
    dialog.editor.parties[1].name.setText("孙七")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.created_id is not None, timeout=10_000)  # not `loaded`: a late reload emits it too
    qtbot.waitUntil(lambda: any(dialog.created_id in ids and "mediation" in e for e, ids in seen), timeout=3000)

    hand_built = [c for c in spy.calls if c["entities"]]
    assert not hand_built, hand_built
