"""The mediation workspace end to end on a real SQLite file: records, agreement, status, outcome, follow-up."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from desktop.db.models import Agreement, Case, Followup, Mediation, MediationRecord
from desktop.db.services.cases import register_case
from desktop.db.services.mediation import start_mediation
from desktop.domain.enums import Channel, PartyRole
from desktop.domain.forms import CaseForm, PartyForm
from desktop.ui import ops
from desktop.ui.appstate import AppState
from desktop.ui.screens.mediation import MediationScreen
from desktop.ui.widgets import RED

from .helpers import type_text


def confirm(screen: QWidget) -> None:
    """Answer 确定 in the confirmation the screen just opened."""
    from PySide6.QtWidgets import QMessageBox

    box = screen.findChild(QMessageBox, "confirmAction")
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()


def make_case(ctx: Any, actor: Any, parties: int = 2) -> str:
    names = ["张三", "李四", "王五"]
    form = CaseForm(
        channel=Channel.WALK_IN,
        category="邻里",
        summary="两家因院墙排水发生纠纷",
        parties=[PartyForm(name=names[i], role=PartyRole.APPLICANT if i == 0 else PartyRole.RESPONDENT,
                           id_number="11010519491231002X" if i == 0 else "") for i in range(parties)],
    )
    return str(register_case(ctx, actor, form).id)


def open_room(state: AppState, qtbot: Any) -> tuple[MediationScreen, str, str]:
    """A case with two parties, its mediation started, and the room showing it: (screen, case id, mediation id)."""
    case_id = make_case(state.ctx, state.actor)
    mediation_id = start_mediation(state.ctx, state.require_actor(), case_id).id
    screen = MediationScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.select_mediation(mediation_id)
    return screen, case_id, mediation_id


def test_mediation_workspace_end_to_end(state: AppState, qtbot: Any) -> None:
    case_id = make_case(state.ctx, state.actor)
    mediation_id = start_mediation(state.ctx, state.require_actor(), case_id).id
    screen = MediationScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.select_case(case_id)
    assert screen.current_id == mediation_id
    assert "卷号" in screen.header.text() and "剩余 30 天" in screen.header.text()
    # parties are read-only with masked ID numbers
    assert screen.overview_tab.parties.rowCount() == 2
    assert screen.overview_tab.parties.item(0, 2).text() == "1101**********002X"
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)

    # a mediation session record
    screen.tabs.setCurrentIndex(1)
    type_text(screen.records_tab.record_place, "调解室")
    type_text(screen.records_tab.record_participants, "张三、李四")
    qtbot.mouseClick(screen.records_tab.save_record_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.records_tab.record_errors.labels["content"].shown())
    assert screen.records_tab.record_errors.labels["content"].text() == "请填写记录内容"
    type_text(screen.records_tab.record_content, "双方陈述了排水问题的经过，调解员释明相关法律规定。")
    type_text(screen.records_tab.record_result, "双方同意协商解决")
    qtbot.mouseClick(screen.records_tab.save_record_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.records_tab.records.count() == 1, timeout=5000)
    with state.db.read() as s:
        rec = s.scalars(select(MediationRecord).where(MediationRecord.mediation_id == mediation_id)).one()
        assert rec.content.startswith("双方陈述") and rec.place == "调解室" and rec.kind == "session"

    screen.tabs.setCurrentIndex(2)
    # agreement: copies default to parties + 1, an empty facts field is refused beside it
    assert screen.agreement_tab.agr_copies.value() == 3
    assert screen.agreement_tab.agr_number.text() == "（保存后自动编号）"
    qtbot.mouseClick(screen.agreement_tab.save_agr_btn, Qt.MouseButton.LeftButton)
    facts_error = screen.agreement_tab.agr_errors.labels["facts"]
    qtbot.waitUntil(facts_error.shown)
    assert facts_error.text() == "请填写纠纷主要事实、争议事项"
    assert screen.agreement_tab.agr_errors.labels["terms"].text() == "请至少填写一条协议内容"

    type_text(screen.agreement_tab.agr_facts, "李四家院墙排水流入张三院内，双方争执。")
    terms = ["李四于十日内改建排水沟", "张三配合施工", "双方今后和睦相处"]
    editor = screen.agreement_tab.terms
    for text in terms:
        qtbot.mouseClick(editor.add_btn, Qt.MouseButton.LeftButton)
        row = editor.current_row()
        assert row == len(editor.terms()) - 1
        type_text(editor.edit(row), text)
    assert editor.terms() == terms
    # reorder: move the last term up with the button, then back down with Alt+↓
    editor.set_current_row(2)
    qtbot.mouseClick(editor.up_btn, Qt.MouseButton.LeftButton)
    assert editor.terms() == [terms[0], terms[2], terms[1]]
    assert editor.current_row() == 1
    qtbot.keyClick(editor.edit(1), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert editor.terms() == terms
    # Ctrl+Enter adds a term after the current one, Ctrl+Delete removes it
    qtbot.keyClick(editor.edit(0), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.terms() == [terms[0], "", terms[1], terms[2]] and editor.current_row() == 1
    qtbot.keyClick(editor.edit(1), Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert editor.terms() == terms
    type_text(screen.agreement_tab.agr_performance, "当场履行")
    qtbot.mouseClick(screen.agreement_tab.save_agr_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.agreement_tab.agr_number.text() != "（保存后自动编号）", timeout=5000)
    assert not facts_error.shown()
    with state.db.read() as s:
        agreement = s.scalars(select(Agreement).where(Agreement.mediation_id == mediation_id)).one()
        assert agreement.terms == terms and agreement.copies == 3 and agreement.status == "draft"

    # status: straight to effective; the judicial confirmation countdown starts at 30 days
    assert not screen.agreement_tab.judicial_btn.isEnabled()
    qtbot.mouseClick(screen.agreement_tab.mark_effective_btn, Qt.MouseButton.LeftButton)
    confirm(screen)
    qtbot.waitUntil(lambda: "剩余 30 天" in screen.agreement_tab.judicial_label.text(), timeout=5000)
    assert screen.agreement_tab.judicial_label.property("urgent") is False
    assert not screen.agreement_tab.save_agr_btn.isEnabled()  # signed agreements are locked
    assert screen.agreement_tab.judicial_btn.isEnabled()

    screen.tabs.setCurrentIndex(0)
    # conclude with a written agreement: the case closes
    screen.overview_tab.outcome_buttons[next(iter(screen.overview_tab.outcome_buttons))].setChecked(True)
    qtbot.mouseClick(screen.overview_tab.conclude_btn, Qt.MouseButton.LeftButton)
    confirm(screen)
    qtbot.waitUntil(lambda: not screen.overview_tab.conclude_btn.isEnabled(), timeout=5000)
    assert "达成书面协议" in screen.overview_tab.outcome_label.text()
    with state.db.read() as s:
        assert s.get(Mediation, mediation_id).outcome == "written"  # type: ignore[union-attr]
        assert s.get(Case, case_id).status == "closed"  # type: ignore[union-attr]

    screen.tabs.setCurrentIndex(3)
    # follow-up visit: satisfaction is required
    qtbot.waitUntil(screen.followup_tab.save_fu_btn.isEnabled)
    qtbot.mouseClick(screen.followup_tab.save_fu_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.followup_tab.fu_errors.labels["satisfaction"].shown())
    assert screen.followup_tab.fu_errors.labels["satisfaction"].text() == "请选择满意度"
    type_text(screen.followup_tab.fu_performance, "已按协议履行")
    screen.followup_tab.fu_satisfaction.setCurrentIndex(1)
    qtbot.mouseClick(screen.followup_tab.save_fu_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.followup_tab.followups.count() == 1, timeout=5000)
    with state.db.read() as s:
        fu = s.scalars(select(Followup).where(Followup.case_id == case_id)).one()
        assert fu.satisfaction == "satisfied" and fu.performance == "已按协议履行"
        assert s.get(Case, case_id).status == "followed_up"  # type: ignore[union-attr]


def test_failed_needs_reason_and_oral_needs_registration(state: AppState, qtbot: Any) -> None:
    screen, _case_id, mediation_id = open_room(state, qtbot)
    from desktop.domain.enums import MediationOutcome

    qtbot.mouseClick(screen.overview_tab.conclude_btn, Qt.MouseButton.LeftButton)
    assert screen.overview_tab.outcome_errors.labels["outcome"].text() == "请选择调解结果"
    screen.overview_tab.outcome_buttons[MediationOutcome.ORAL].setChecked(True)
    qtbot.mouseClick(screen.overview_tab.conclude_btn, Qt.MouseButton.LeftButton)
    confirm(screen)
    qtbot.waitUntil(lambda: screen.overview_tab.outcome_errors.labels["outcome"].text() == "达成口头协议前，请先登记口头协议内容")
    screen.overview_tab.outcome_buttons[MediationOutcome.FAILED].setChecked(True)
    qtbot.mouseClick(screen.overview_tab.conclude_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.overview_tab.outcome_errors.labels["note"].shown())
    type_text(screen.overview_tab.failure_note, "双方分歧过大，引导向人民法院起诉")
    qtbot.mouseClick(screen.overview_tab.conclude_btn, Qt.MouseButton.LeftButton)
    assert screen.overview_tab.conclude_btn.isEnabled()  # nothing happens before 确定
    confirm(screen)
    qtbot.waitUntil(lambda: not screen.overview_tab.conclude_btn.isEnabled(), timeout=5000)
    with state.db.read() as s:
        m = s.get(Mediation, mediation_id)
        assert m is not None and m.outcome == "failed" and "人民法院" in m.failure_reason


def test_new_direct_mediation_and_list_filters(state: AppState, qtbot: Any) -> None:
    screen = MediationScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    qtbot.mouseClick(screen.new_btn, Qt.MouseButton.LeftButton)
    from desktop.ui.screens.mediation import DirectMediationDialog

    dialog = screen.findChild(DirectMediationDialog, "directMediationDialog")
    assert dialog is not None
    editor = dialog.editor
    assert len(editor.parties) == 2 and not editor.channel.isVisible() and not editor.attachments.isVisible()
    dialog.buttons.accepted.emit()
    # every message at once, beside its field
    qtbot.waitUntil(lambda: editor.error_map.label("summary").isVisible())
    assert editor.error_map.label("category").text() == "请选择纠纷/诉求类别"
    assert editor.error_map.label("parties[0].name").text() and editor.error_map.label("parties[1].name").text()
    editor.category.setCurrentIndex(editor.category.findData("合同"))
    dialog.source.setCurrentIndex(dialog.source.findData("initiative"))
    type_text(editor.summary, "货款纠纷")
    editor.parties[0].name.setText("赵六")
    editor.parties[1].name.setText("孙七")
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        dialog.buttons.accepted.emit()
    assert screen.ws is not None and screen.ws.case.category == "合同" and screen.ws.party_count == 2
    assert screen.ws.mediation.source == "initiative"
    assert screen.records_tab.record_participants.text() == "赵六、孙七、管理员"  # new records start with who is there
    assert screen.agreement_tab.agr_copies.value() == 3
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    # search by party name (prefix) and by 卷号; the concluded filter hides an open mediation
    screen.search.setText("孙")
    screen.refresh_list()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    screen.search.setText("不存在的人")
    screen.refresh_list()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0)
    screen.search.setText(screen.ws.mediation.file_number)
    screen.refresh_list()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    screen.filter.setCurrentIndex(screen.filter.findData("concluded"))
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0)


def test_unsaved_changes_are_not_lost_silently(state: AppState, qtbot: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    actor = state.require_actor()
    first = start_mediation(state.ctx, actor, make_case(state.ctx, actor)).id
    second = start_mediation(state.ctx, actor, make_case(state.ctx, actor)).id
    screen = MediationScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.select_mediation(first)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    assert not screen.has_unsaved()
    screen.tabs.setCurrentIndex(2)
    type_text(screen.agreement_tab.agr_facts, "尚未保存的事实")
    assert screen.has_unsaved()
    # a reload of the same mediation (another PC's change arriving by sync) keeps what is being typed
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.load_workspace(first, editors=True)
    assert screen.agreement_tab.agr_facts.toPlainText() == "尚未保存的事实"
    other = next(i for i, r in enumerate(screen.model.rows) if r.id == second)
    screen.view.selectRow(other)
    box = screen.findChild(QMessageBox, "discardChanges")
    assert box is not None and "协议" in box.text()
    assert screen.current_id == first
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert screen.current_id == first and screen.agreement_tab.agr_facts.toPlainText() == "尚未保存的事实"
    # Ctrl+S saves the tab in front: facts alone are not enough, the messages say what is missing
    qtbot.keyClick(screen.agreement_tab.agr_facts, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.agreement_tab.agr_errors.labels["terms"].shown(), timeout=5000)
    assert not screen.agreement_tab.agr_errors.labels["facts"].shown()
    screen.view.selectRow(other)
    box = screen.findChild(QMessageBox, "discardChanges")
    assert box is not None
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        box.button(QMessageBox.StandardButton.Discard).click()
    assert screen.current_id == second and screen.agreement_tab.agr_facts.toPlainText() == ""
    assert not screen.has_unsaved()


def test_judicial_countdown_turns_red_and_application_is_recorded(state: AppState, qtbot: Any) -> None:
    from datetime import UTC, datetime, timedelta

    from desktop.db.services import mediation as svc
    from desktop.domain.enums import AgreementStatus
    from desktop.domain.forms import AgreementForm

    actor = state.require_actor()
    mediation_id = start_mediation(state.ctx, actor, make_case(state.ctx, actor)).id
    agreement = svc.save_agreement(state.ctx, actor, mediation_id,
                                   AgreementForm(facts="事实", terms=["一条"], performance="当场履行"))
    svc.set_agreement_status(state.ctx, actor, agreement.id, AgreementStatus.EFFECTIVE,
                             at=datetime.now(UTC) - timedelta(days=24))
    screen = MediationScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.select_mediation(mediation_id)
    screen.tabs.setCurrentIndex(2)
    assert screen.agreement_tab.judicial_label.text() == "司法确认申请期限剩余 6 天"
    assert screen.agreement_tab.judicial_label.property("urgent") is True and RED in screen.agreement_tab.judicial_label.styleSheet()
    qtbot.mouseClick(screen.agreement_tab.judicial_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.agreement_tab.judicial_label.text().startswith("已申请司法确认"), timeout=5000)
    assert not screen.agreement_tab.judicial_btn.isEnabled()
    with state.db.read() as s:
        from desktop.db.models import Agreement

        assert s.get(Agreement, agreement.id).judicial_applied_at is not None  # type: ignore[union-attr]


def test_clerk_sees_why_mediation_actions_are_unavailable(state: AppState, qtbot: Any) -> None:
    """#11.8: a clerk could fill the whole 新建调解 form and only learn at submit that the role lacks the
    permission. Now the actions are disabled up front and their tooltips say why."""
    from desktop.db.services.users import actor_of, create_user
    from desktop.domain.enums import Role

    admin = state.require_actor()
    mediation_id = start_mediation(state.ctx, admin, make_case(state.ctx, admin)).id
    state.actor = actor_of(create_user(state.db, admin, "clerk1", "窗口甲", Role.CLERK, "secret12"))
    screen = MediationScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    reason = "当前账号（窗口受理员）没有“人民调解”的权限"
    assert not screen.new_btn.isEnabled() and screen.new_btn.toolTip() == reason
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.select_mediation(mediation_id)
    agreement, overview = screen.agreement_tab, screen.overview_tab
    for button in (agreement.save_agr_btn, agreement.mark_signed_btn, overview.conclude_btn,
                   screen.records_tab.save_record_btn):
        assert not button.isEnabled() and button.toolTip() == reason
    assert not agreement.terms.isEnabled()
    assert screen.permission_note.isVisible() and reason in screen.permission_note.text()
    assert screen.print_buttons["application"].isEnabled()  # reading and printing stay open
    # Ctrl+S on a tab the role cannot save says why instead of failing in the service
    screen.tabs.setCurrentIndex(2)
    qtbot.keyClick(agreement.agr_performance, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    from PySide6.QtWidgets import QMessageBox

    box = screen.findChild(QMessageBox, "roomsNotice")
    assert box is not None and box.text() == reason
    # a mediator gets them back
    state.actor = admin
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.load_workspace(mediation_id, editors=True)
    assert agreement.save_agr_btn.isEnabled() and agreement.save_agr_btn.toolTip() == ""


def test_routing_to_the_room_leaves_the_mediator_for_the_room(state: AppState, qtbot: Any) -> None:
    """#11.10: 转人民调解室 filled 人民调解员 with the routing clerk's own name."""
    from desktop.db.services.users import actor_of, create_user
    from desktop.domain.enums import Role
    from desktop.ui.case_detail import CaseDetailWindow

    admin = state.require_actor()
    case_id = make_case(state.ctx, admin)
    state.actor = actor_of(create_user(state.db, admin, "clerk2", "窗口乙", Role.CLERK, "secret12"))
    window = CaseDetailWindow(state, case_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.detail is not None, timeout=5000)
    dialog = window.start_action("start_mediation")
    assert dialog.fields["mediator"].text() == ""  # not 窗口乙
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    ops.wait_idle()
    with state.db.read() as s:
        m = s.scalars(select(Mediation).where(Mediation.case_id == case_id)).one()
        assert m.mediator == ""
    # the room shows it as waiting for a mediator
    state.actor = admin
    screen = MediationScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.select_mediation(m.id)
    qtbot.waitUntil(lambda: screen.model.row_of(m.id) >= 0, timeout=5000)
    assert screen.model.item(screen.model.row_of(m.id), 3).text() == "待指派"
    assert screen.overview_tab.mediator.text() == ""
