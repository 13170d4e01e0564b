"""被回访人 / 回访事由 from the follow-up tab and the case detail dialog: offered the parties' names, stored, printed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.db.models import Case, Followup
from desktop.db.services.cases import register_case
from desktop.ui.appstate import AppState
from desktop.ui.case_detail import CaseDetailWindow
from desktop.ui.screens.mediation import MediationScreen
from desktop.ui.screens.mediation.followup_tab import FollowupTab
from desktop.ui.widgets import set_combo_value
from tests.db.helpers import two_party_form
from tests.documents.followups import concluded, form_cell, printed

from .helpers import settle, type_text

NAMES = ["张𠀾三", "买买提·艾力"]


def _closed_case(state: AppState) -> Case:
    case = register_case(state.ctx, state.require_actor(), two_party_form())
    concluded(state.ctx, state.require_actor(), case.id)
    return case


def _stored(state: AppState, case_id: str) -> Followup:
    with state.db.read() as s:
        return s.scalars(select(Followup).where(Followup.case_id == case_id)).one()


def _followup_tab(state: AppState, qtbot: Any, case_id: str) -> FollowupTab:
    """The mediation room on the closed case's 回访 tab, ready to save."""
    screen = MediationScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.select_case(case_id)
    screen.tabs.setCurrentIndex(3)
    tab = screen.followup_tab
    qtbot.waitUntil(lambda: screen.ws is not None and screen.ws.case.id == case_id and tab.save_fu_btn.isEnabled(),
                    timeout=5000)
    return tab


def test_followup_tab_stores_and_prints_visited_person_and_purpose(state: AppState, qtbot: Any) -> None:
    case = _closed_case(state)
    tab = _followup_tab(state, qtbot, case.id)
    offered = [tab.fu_person.itemText(i) for i in range(tab.fu_person.count())]
    assert offered == ["", *NAMES]
    tab.fu_person.setCurrentIndex(2)  # picked from the parties
    assert "followup" not in tab.room.dirty  # filling the names is not an unsaved change
    type_text(tab.fu_purpose, "回访赔偿款支付情况")
    assert "followup" in tab.room.dirty  # switching cases now asks first
    type_text(tab.fu_performance, "已支付第一期")
    tab.fu_satisfaction.setCurrentIndex(1)
    qtbot.mouseClick(tab.save_fu_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.followups.count() == 1, timeout=5000)
    fu = _stored(state, case.id)
    assert (fu.visited_person, fu.purpose) == ("买买提·艾力", "回访赔偿款支付情况")
    assert tab.fu_person.currentText() == "" and tab.fu_purpose.text() == ""  # cleared for the next visit
    assert "followup" not in tab.room.dirty
    with state.db.read() as s:
        pages = printed(s, case.number, state.settings)
    assert form_cell(pages, "被回访人") == "买买提·艾力"
    assert form_cell(pages, "回访事由") == "回访赔偿款支付情况"


def test_followup_tab_refuses_a_too_long_name_beside_the_field(state: AppState, qtbot: Any) -> None:
    case = _closed_case(state)
    tab = _followup_tab(state, qtbot, case.id)
    tab.fu_person.lineEdit().setMaxLength(100)  # as if pasted past the field's limit
    tab.fu_person.setEditText("某" * 61)
    type_text(tab.fu_performance, "已履行")
    tab.fu_satisfaction.setCurrentIndex(1)
    qtbot.mouseClick(tab.save_fu_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.fu_errors.labels["visited_person"].shown(), timeout=5000)
    assert "被回访人不能超过60字" in tab.fu_errors.labels["visited_person"].text()
    assert tab.fu_performance.toPlainText() == "已履行"  # nothing typed is lost


def test_case_detail_follow_up_dialog_offers_the_parties(state: AppState, qtbot: Any) -> None:
    case = _closed_case(state)
    w = CaseDetailWindow(state, case.id)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.detail is not None and "follow_up" in w.action_buttons, timeout=5000)
    d = w.start_action("follow_up")
    person = d.fields["visited_person"]
    assert [person.itemText(i) for i in range(person.count())] == ["", *NAMES]  # type: ignore[attr-defined]
    person.setEditText("张𠀾三之子张小明")  # type: ignore[attr-defined]  # someone else may answer
    type_text(d.fields["purpose"], "了解协议履行情况")
    type_text(d.fields["performance"], "已履行")
    set_combo_value(d.fields["satisfaction"], "satisfied")  # type: ignore[arg-type]
    d.ok_button().click()
    settle(qtbot)
    qtbot.waitUntil(lambda: not d.isVisible(), timeout=5000)
    fu = _stored(state, case.id)
    assert (fu.visited_person, fu.purpose) == ("张𠀾三之子张小明", "了解协议履行情况")
    with state.db.read() as s:
        assert form_cell(printed(s, case.number, state.settings), "被回访人") == "张𠀾三之子张小明"
