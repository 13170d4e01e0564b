"""Quick reception: people count and 集体访 hint, on-the-spot answer, registering a case from a visit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.db.models import Case, Reception
from desktop.ui.screens.reception import ReceptionScreen
from desktop.ui.widgets import set_combo_value

from .helpers import settle, type_text


def _screen(qtbot: Any, state: Any) -> ReceptionScreen:
    screen = ReceptionScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    settle(qtbot)
    return screen


def test_group_visit_hint_at_five_people(qtbot: Any, ui_state: Any) -> None:
    screen = _screen(qtbot, ui_state)
    screen.people.setValue(4)
    assert not screen.group_hint.isVisible()
    screen.people.setValue(5)
    assert screen.group_hint.isVisible()
    assert "集体访" in screen.group_hint.text()


def test_on_the_spot_answer_is_logged_without_case(qtbot: Any, ui_state: Any) -> None:
    screen = _screen(qtbot, ui_state)
    set_combo_value(screen.channel, "phone")
    screen.people.setValue(6)
    type_text(screen.visitor_name, "赵六")
    type_text(screen.summary, "咨询低保申请条件")
    screen.on_spot.setChecked(True)
    assert not screen.case_button.isEnabled()
    screen.save_reception()
    settle(qtbot)
    # The answer is required when answered on the spot; the message sits beside it.
    assert "答复内容" in screen.errors.label("answer").text()  # type: ignore[union-attr]
    type_text(screen.answer, "已告知申请条件和所需材料")
    screen.save_reception()
    settle(qtbot)
    assert screen.status.text() == "接待记录已保存"
    with ui_state.db.read() as s:
        r = s.scalars(select(Reception)).one()
        assert (r.people_count, r.channel, r.answered_on_spot, r.case_id) == (6, "phone", True, None)
        assert r.answer == "已告知申请条件和所需材料"
    qtbot.waitUntil(lambda: screen.today_model.rowCount() == 1, timeout=3000)
    assert screen.today_model.text(0, 5) == "当场答复"
    assert not screen.has_unsaved_changes()


def test_register_case_from_reception_logs_both(qtbot: Any, ui_state: Any, answers: Any) -> None:
    answers.yes = False
    screen = _screen(qtbot, ui_state)
    type_text(screen.visitor_name, "钱七")
    type_text(screen.summary, "邻居占用通道")
    screen.register_case()
    dialog = screen.case_dialog
    qtbot.addWidget(dialog)
    assert dialog.editor.parties[0].name.text() == "钱七"
    set_combo_value(dialog.editor.category, "邻里")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
        settle(qtbot)
    settle(qtbot)
    with ui_state.db.read() as s:
        case = s.scalars(select(Case)).one()
        reception = s.scalars(select(Reception)).one()
        assert reception.case_id == case.id
        assert case.summary == "邻居占用通道"
    assert screen.status.text() == "已登记为案件"


def test_repeat_visitor_is_flagged(qtbot: Any, ui_state: Any) -> None:
    from desktop.db.services import cases as case_service
    from desktop.domain.enums import Channel
    from desktop.domain.forms import ReceptionForm

    case_service.log_reception(ui_state.ctx, ui_state.actor, ReceptionForm(
        channel=Channel.WALK_IN, visitor_name="郑十", visitor_phone="13800001111", summary="咨询"))
    screen = _screen(qtbot, ui_state)
    type_text(screen.visitor_phone, "13800001111")
    screen.visitor_phone.editingFinished.emit()
    qtbot.waitUntil(lambda: screen.repeat.isVisible(), timeout=3000)
    assert "已来访 1 次" in screen.repeat.text()
    type_text(screen.visitor_id, "11010519491231002Y")
    assert "校验位" in screen.errors.label("visitor_id_number").text() or "最后一位" in screen.errors.label("visitor_id_number").text()  # type: ignore[union-attr]
