"""Case detail: only allowed actions are offered; route → assign → close → follow-up through the dialogs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.db.models import Case, CaseEvent, Followup
from desktop.db.services import cases as case_service
from desktop.domain.enums import Channel
from desktop.domain.forms import CaseForm, PartyForm
from desktop.ui.case_detail import CaseDetailWindow
from desktop.ui.widgets import set_combo_value

from .helpers import settle, type_text


def _case(state: Any) -> str:
    return case_service.register_case(state.ctx, state.actor, CaseForm(
        channel=Channel.WALK_IN, category="邻里", summary="排水沟堵塞", parties=[
            PartyForm(name="孙八", id_number="11010519491231002X", phone="13912345678"), PartyForm(name="周九")])).id


def _window(qtbot: Any, state: Any, case_id: str) -> CaseDetailWindow:
    w = CaseDetailWindow(state, case_id)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.detail is not None, timeout=5000)
    return w


def _submit(qtbot: Any, w: CaseDetailWindow, d: Any) -> None:
    d.ok_button().click()
    settle(qtbot)
    qtbot.waitUntil(lambda: not d.isVisible(), timeout=5000)
    settle(qtbot)


def _status(state: Any, case_id: str) -> str:
    with state.db.read() as s:
        return s.get(Case, case_id).status  # type: ignore[union-attr]


def test_route_assign_close_follow_up(qtbot: Any, ui_state: Any, answers: Any) -> None:
    case_id = _case(ui_state)
    w = _window(qtbot, ui_state, case_id)
    assert set(w.action_buttons) == {"route", "close_on_spot", "start_mediation", "assign", "escalate", "guide_legal"}
    assert w.header_labels["status"].text() == "已登记"
    assert "*" in w.parties.item(0, 4).text()  # masked until revealed
    w.reveal_button.click()  # shown in full after the click, and audited (never the number itself)
    qtbot.waitUntil(lambda: w.parties.item(0, 4).text() == "11010519491231002X", timeout=3000)
    from desktop.db.services.privacy import disclosures

    party_id = w.detail.case.parties[0].id
    assert [(e.actor, e.action, e.entity) for e in disclosures(ui_state.db, party_id)] == [("admin", "reveal_id", "party")]

    d = w.start_action("route")
    type_text(d.fields["note"], "转综治办协调")
    _submit(qtbot, w, d)
    assert _status(ui_state, case_id) == "routed"
    qtbot.waitUntil(lambda: w.header_labels["status"].text() == "已分流", timeout=3000)

    d = w.start_action("assign")
    d.ok_button().click()  # no office chosen: the message appears beside the field
    settle(qtbot)
    assert "承办单位" in d.errors.label("assignee").text()  # type: ignore[union-attr]
    type_text(d.fields["assignee"], "司法所")
    _submit(qtbot, w, d)
    assert _status(ui_state, case_id) == "assigned"
    qtbot.waitUntil(lambda: "close" in w.action_buttons, timeout=3000)
    assert "route" not in w.action_buttons
    assert w.header_labels["assignee"].text() == "司法所"

    d = w.start_action("close")
    type_text(d.fields["result"], "已疏通排水沟，双方无异议")
    answers.yes = False  # the user backs out at the confirmation
    d.ok_button().click()
    settle(qtbot)
    assert _status(ui_state, case_id) == "assigned"
    answers.yes = True
    _submit(qtbot, w, d)
    assert _status(ui_state, case_id) == "closed"
    assert any("不能撤销" in q for q in answers.asked)

    qtbot.waitUntil(lambda: "follow_up" in w.action_buttons, timeout=3000)
    d = w.start_action("follow_up")
    d.ok_button().click()
    settle(qtbot)
    assert "满意度" in d.errors.label("satisfaction").text()  # type: ignore[union-attr]
    set_combo_value(d.fields["satisfaction"], "satisfied")  # type: ignore[arg-type]
    type_text(d.fields["performance"], "已履行")
    _submit(qtbot, w, d)
    assert _status(ui_state, case_id) == "followed_up"
    with ui_state.db.read() as s:
        assert s.scalars(select(Followup)).one().satisfaction == "satisfied"
        kinds = [e.kind for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at))]
    assert kinds == ["registered", "route", "assign", "close", "follow_up"]
    qtbot.waitUntil(lambda: w.timeline.count() == 5, timeout=3000)
    assert "交办" in w.timeline.item(2).text() and "司法所" in w.timeline.item(2).text()
    assert set(w.action_buttons) == {"follow_up", "archive"}


def test_start_mediation_from_detail(qtbot: Any, ui_state: Any) -> None:
    case_id = _case(ui_state)
    w = _window(qtbot, ui_state, case_id)
    d = w.start_action("start_mediation")
    type_text(d.fields["recorder"], "记录员")
    _submit(qtbot, w, d)
    assert _status(ui_state, case_id) == "mediating"
    qtbot.waitUntil(lambda: w.header_labels["status"].text() == "调解中", timeout=3000)


def test_attachment_added(qtbot: Any, ui_state: Any, tmp_path: Any) -> None:
    case_id = _case(ui_state)
    w = _window(qtbot, ui_state, case_id)
    scan = tmp_path / "扫描件.jpg"
    scan.write_bytes(b"\xff\xd8\xff" + b"0" * 2048)
    w.add_attachments([scan])
    settle(qtbot)
    qtbot.waitUntil(lambda: w.attachments.count() == 1, timeout=3000)
    assert "扫描件.jpg" in w.attachments.item(0).text()
