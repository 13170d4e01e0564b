"""The case form: two parties with rare characters, errors beside the field, ID auto-fill, repeat visits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.db.models import Case, Party
from desktop.db.services import cases as case_service
from desktop.domain.enums import Channel, PartyRole
from desktop.domain.forms import ReceptionForm
from desktop.domain.validation import id_check_digit
from desktop.ui.case_form import CaseFormDialog
from desktop.ui.widgets import set_combo_value

from .helpers import settle, type_text

EXT_B_NAME = "𠀾小明"  # U+2003E is outside the Basic Multilingual Plane
MINORITY_NAME = "买买提·艾力"
ID_FEMALE = "11010519491231002X"
ID_MALE = "440524188001010014"


def make_id(body17: str) -> str:
    return body17 + id_check_digit(body17)


def _dialog(qtbot: Any, state: Any, **kw: Any) -> CaseFormDialog:
    d = CaseFormDialog(state, **kw)
    qtbot.addWidget(d)
    d.show()
    return d


def _fill_basic(d: CaseFormDialog) -> None:
    ed = d.editor
    set_combo_value(ed.category, "邻里")
    type_text(ed.village, "东风村")
    type_text(ed.summary, "邻居加盖房屋遮挡采光，双方发生争执")
    type_text(ed.demands, "要求拆除加盖部分")


def test_register_case_with_two_parties(qtbot: Any, ui_state: Any, answers: Any) -> None:
    answers.yes = False  # no receipt print
    d = _dialog(qtbot, ui_state)
    _fill_basic(d)
    first = d.editor.parties[0]
    type_text(first.name, EXT_B_NAME)
    type_text(first.id_number, ID_MALE)
    type_text(first.phone, "13912345678")
    d.editor.add_party()
    second = d.editor.parties[1]
    assert second.role.currentData() == PartyRole.RESPONDENT.value
    type_text(second.name, MINORITY_NAME)
    type_text(second.id_number, ID_FEMALE)
    assert d.has_unsaved_changes()
    with qtbot.waitSignal(d.saved, timeout=5000) as sig:
        d.save()
        settle(qtbot)
    case_id = sig.args[0]
    with ui_state.db.read() as s:
        case = s.get(Case, case_id)
        parties = list(s.scalars(select(Party).where(Party.case_id == case_id).order_by(Party.position)))
        assert case is not None and case.category == "邻里" and case.village == "东风村"
        assert case.first_responder == "管理员"
        assert [p.name for p in parties] == [EXT_B_NAME, MINORITY_NAME]
        assert parties[0].sex == "male" and str(parties[0].birth_date) == "1880-01-01"
        assert parties[1].sex == "female" and parties[1].role == "respondent"
    assert any("回执" in q for q in answers.asked)


def test_bad_check_digit_shown_beside_id_field(qtbot: Any, ui_state: Any) -> None:
    d = _dialog(qtbot, ui_state)
    party = d.editor.parties[0]
    type_text(party.id_number, ID_FEMALE[:-1] + "1")
    label = party.errors["id_number"]
    assert label.isVisible()
    assert "校验位" in label.text()
    # The message sits in the same row as the field, not in a popup.
    assert label.parentWidget() is party.id_number.parentWidget()
    # Saving also reports it beside the field (and nothing is written).
    _fill_basic(d)
    type_text(party.name, "张三")
    d.save()
    settle(qtbot)
    assert "校验位" in d.editor.error_map.label("parties[0].id_number").text()  # type: ignore[union-attr]
    assert d.editor.summary.toPlainText()  # still in the form
    with ui_state.db.read() as s:
        assert s.scalars(select(Case)).first() is None


def test_missing_fields_shown_beside_each(qtbot: Any, ui_state: Any) -> None:
    d = _dialog(qtbot, ui_state)
    d.save()
    settle(qtbot)
    em = d.editor.error_map
    assert "类别" in em.label("category").text()  # type: ignore[union-attr]
    assert "事项概要" in em.label("summary").text()  # type: ignore[union-attr]
    assert "姓名" in em.label("parties[0].name").text()  # type: ignore[union-attr]


def test_id_autofills_birth_date_and_sex(qtbot: Any, ui_state: Any) -> None:
    d = _dialog(qtbot, ui_state)
    party = d.editor.parties[0]
    type_text(party.id_number, ID_FEMALE[:17])
    assert party.birth_date.text() == ""
    type_text(party.id_number, "X", replace=False)  # the 18th character completes it
    assert party.birth_date.text() == "1949-12-31"
    assert party.sex.currentText() == "女"
    type_text(party.id_number, ID_MALE)
    assert party.birth_date.text() == "1880-01-01"
    assert party.sex.currentText() == "男"


def test_repeat_visit_label_and_link(qtbot: Any, ui_state: Any) -> None:
    idn = make_id("22040219800101001")
    for _ in range(2):
        case_service.log_reception(ui_state.ctx, ui_state.actor, ReceptionForm(
            channel=Channel.WALK_IN, visitor_name="李四", visitor_id_number=idn, summary="咨询宅基地"))
    opened: list[Any] = []
    ui_state.open_case_list = opened.append
    d = _dialog(qtbot, ui_state)
    party = d.editor.parties[0]
    type_text(party.id_number, idn)
    qtbot.waitUntil(lambda: party.repeat.isVisible(), timeout=5000)
    assert "此人近 30 天已来访 2 次" in party.repeat.text()
    party.repeat.linkActivated.emit("cases")
    assert opened and opened[0].search == idn
    # An ID with no history shows nothing.
    type_text(party.id_number, ID_MALE)
    settle(qtbot)
    assert not party.repeat.isVisible()


def test_unsaved_prompt_keeps_dialog_open_on_cancel(qtbot: Any, ui_state: Any, answers: Any) -> None:
    d = _dialog(qtbot, ui_state)
    type_text(d.editor.summary, "有内容")
    answers.save_choice = "cancel"
    d.close()
    assert d.isVisible()
    answers.save_choice = "discard"
    d.close()
    assert not d.isVisible()


def test_edit_existing_case(qtbot: Any, ui_state: Any) -> None:
    from desktop.domain.forms import CaseForm, PartyForm

    case = case_service.register_case(ui_state.ctx, ui_state.actor, CaseForm(
        channel=Channel.PHONE, category="合同", summary="合同纠纷", parties=[PartyForm(name="王五")]))
    d = _dialog(qtbot, ui_state, case_id=case.id)
    qtbot.waitUntil(lambda: d.editor.summary.toPlainText() == "合同纠纷", timeout=5000)
    assert d.editor.parties[0].name.text() == "王五"
    type_text(d.editor.summary, "合同纠纷（已补充材料）")
    with qtbot.waitSignal(d.saved, timeout=5000):
        d.save()
        settle(qtbot)
    with ui_state.db.read() as s:
        assert s.get(Case, case.id).summary == "合同纠纷（已补充材料）"  # type: ignore[union-attr]


def test_organisation_party_with_representative(qtbot: Any, ui_state: Any, answers: Any) -> None:
    answers.yes = False
    d = _dialog(qtbot, ui_state)
    _fill_basic(d)
    type_text(d.editor.parties[0].name, "张三")
    org = d.editor.add_party()
    set_combo_value(org.kind, "organization")
    settle(qtbot)  # a widget added to a visible layout is shown on the next event-loop turn
    assert org.representative.isVisibleTo(d) and not org.id_number.isVisibleTo(d)
    assert org._rows["name"][0].text() == "单位名称"
    type_text(org.name, "示范镇物业服务有限公司")
    d.save()
    settle(qtbot)
    assert "姓名" in d.editor.error_map.label("parties[1].representative").text()  # type: ignore[union-attr]
    type_text(org.representative, "李经理")
    with qtbot.waitSignal(d.saved, timeout=5000) as sig:
        d.save()
        settle(qtbot)
    with ui_state.db.read() as s:
        p = s.scalars(select(Party).where(Party.case_id == sig.args[0], Party.position == 1)).one()
        assert (p.kind, p.name, p.representative) == ("organization", "示范镇物业服务有限公司", "李经理")
