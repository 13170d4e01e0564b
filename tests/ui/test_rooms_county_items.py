"""County items screens on a real SQLite file: deadlines, sign off, check in, open a case, feed back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt

from desktop.db.models import Case, CountyItem
from desktop.ui.appstate import AppState
from desktop.ui.list_model import STATE_ROLE
from desktop.ui.screens.county_items import CountyItemsScreen, FeedbackDialog, OpenCaseDialog

from .helpers import type_text


def insert_item(state: AppState, kind: str, title: str, deadline_in: timedelta | None, **extra: Any) -> str:
    """What a pull from the county would write (the sync engine owns that path; tests write directly)."""
    now = datetime.now(UTC)
    with state.db.write() as s:
        item = CountyItem(kind=kind, title=title, content="群众反映路灯损坏", village="东风村", reporter="周八",
                          contact_phone="13912345678", received_at=now - timedelta(days=1),
                          deadline_at=None if deadline_in is None else now + deadline_in, **extra)
        s.add(item)
        s.flush()
        return str(item.id)


def row_of(screen: CountyItemsScreen, item_id: str) -> int:
    return next(i for i, r in enumerate(screen.rows) if r.id == item_id)


def test_assigned_items_sign_off_open_case_feed_back(state: AppState, qtbot: Any) -> None:
    overdue = insert_item(state, "assigned", "路灯维修", timedelta(days=-2))
    soon = insert_item(state, "assigned", "垃圾清运", timedelta(days=1))
    later = insert_item(state, "assigned", "道路修补", timedelta(days=20))
    insert_item(state, "grid_event", "别的种类", None)
    opened: list[str] = []
    state.open_case = opened.append  # type: ignore[attr-defined]  # set by the main window in the app
    screen = CountyItemsScreen(state, "assigned")
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.activate()
    assert screen.model.rowCount() == 3
    assert [r.id for r in screen.rows] == [overdue, soon, later]  # by deadline
    assert screen.model.data_at(0, 3, STATE_ROLE) == "overdue"
    assert "已超期" in screen.model.text(0, 3)
    assert screen.model.data_at(1, 3, STATE_ROLE) == "due_soon"
    assert screen.model.data_at(2, 3, STATE_ROLE) is None

    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.table.selectRow(row_of(screen, overdue))
    assert screen.sign_btn.isEnabled() and not screen.feedback_btn.isEnabled()
    qtbot.mouseClick(screen.sign_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.item is not None and screen.item.status == "signed", timeout=5000)
    assert not screen.sign_btn.isEnabled()

    # filters: to sign shows the two others, in hand the signed one
    screen.filter.setCurrentIndex(screen.filter.findData("to_sign"))
    qtbot.waitUntil(lambda: {r.id for r in screen.rows} == {soon, later})
    screen.filter.setCurrentIndex(screen.filter.findData("in_hand"))
    qtbot.waitUntil(lambda: [r.id for r in screen.rows] == [overdue])
    qtbot.waitUntil(lambda: screen.item is not None and screen.item.id == overdue)

    # register a case prefilled from the item
    qtbot.mouseClick(screen.open_case_btn, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(OpenCaseDialog, "openCaseDialog")
    assert dialog is not None
    editor = dialog.editor  # the one case editor, compact
    assert editor.parties[0].name.text() == "周八" and "路灯维修" in editor.summary.toPlainText()
    assert not editor.channel.isVisible() and not editor.parties[0].ethnicity.isVisible()
    dialog.buttons.accepted.emit()  # no category chosen
    qtbot.waitUntil(lambda: editor.error_map.label("category").shown())
    assert editor.error_map.label("category").text() == "请选择纠纷/诉求类别"
    editor.category.setCurrentIndex(editor.category.findData("其他"))
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.case_id is not None, timeout=5000)
    qtbot.waitUntil(lambda: screen.item is not None and screen.item.case_id == dialog.case_id, timeout=5000)
    with state.db.read() as s:
        case = s.get(Case, dialog.case_id)
        assert case is not None and case.channel == "assigned" and case.county_item_id == overdue
        assert s.get(CountyItem, overdue).status == "handling"  # type: ignore[union-attr]
    assert screen.model.text(0, 5) == case.number
    qtbot.mouseClick(screen.linked_btn, Qt.MouseButton.LeftButton)
    assert opened == [dialog.case_id]

    # feed back: text is required
    qtbot.mouseClick(screen.feedback_btn, Qt.MouseButton.LeftButton)
    fb = screen.findChild(FeedbackDialog, "feedbackDialog")
    assert fb is not None
    fb.buttons.accepted.emit()
    qtbot.waitUntil(lambda: fb.errors.label("feedback").shown())
    assert fb.errors.label("feedback").text() == "请填写反馈内容"
    type_text(fb.text, "已更换路灯，群众满意")
    fb.resolved_yes.setChecked(True)
    with qtbot.waitSignal(fb.accepted, timeout=5000):
        fb.buttons.accepted.emit()
    screen.filter.setCurrentIndex(screen.filter.findData("fed_back"))
    qtbot.waitUntil(lambda: [(r.id, r.status) for r in screen.rows] == [(overdue, "fed_back")], timeout=5000)
    with state.db.read() as s:
        item = s.get(CountyItem, overdue)
        assert item is not None and item.status == "fed_back" and item.resolved and item.feedback == "已更换路灯，群众满意"
    assert "已解决" in screen.model.text(0, 4)
    # a fed-back item is no longer overdue
    assert screen.model.data_at(0, 3, STATE_ROLE) is None


def test_appointments_check_in(state: AppState, qtbot: Any) -> None:
    later = insert_item(state, "appointment", "咨询劳动争议", None,
                        appointment_at=datetime.now(UTC) + timedelta(days=1))
    appt = insert_item(state, "appointment", "咨询宅基地", None,
                       appointment_at=datetime.now(UTC) + timedelta(hours=2))
    screen = CountyItemsScreen(state, "appointment")
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.activate()
    assert not screen.sign_btn.isVisible() and screen.check_in_btn.isVisible()
    assert [r.id for r in screen.rows] == [appt, later]  # by appointment time
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.table.selectRow(0)
    qtbot.mouseClick(screen.check_in_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.item is not None and screen.item.status == "checked_in", timeout=5000)
    assert not screen.check_in_btn.isEnabled() and screen.feedback_btn.isEnabled()
    with state.db.read() as s:
        assert s.get(CountyItem, appt).signed_by == "管理员"  # type: ignore[union-attr]
