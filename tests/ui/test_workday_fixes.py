"""Issue #11 defects a clerk hits, each driven through the real widgets (each failed before its fix):
the receipt preview, windows that fit 1024×768, keyboard saving, pasted input with every error at
once, long summaries, permission tooltips, save-as names, and figures that do not mislead."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from sqlalchemy import select

from desktop.db.models import CountyItem, Reception
from desktop.db.services import cases as case_service
from desktop.db.services.users import actor_of, create_user
from desktop.domain.enums import Channel, Role
from desktop.domain.forms import CaseForm, PartyForm
from desktop.domain.validation import SUMMARY_MAX_CHARS
from desktop.ui.case_detail import CaseDetailWindow
from desktop.ui.case_form import CaseFormDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.screens.county_items import CountyItemsScreen
from desktop.ui.screens.reception import ReceptionScreen
from desktop.ui.screens.statistics import StatisticsScreen
from desktop.ui.sync_indicator import StatusView, SyncIndicator
from desktop.ui.widgets import set_combo_value

from .helpers import settle, type_text
from .watchdog import Watchdog, office_screen, place_on

pytestmark = pytest.mark.ui


def shown(cls_name: str) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and type(w).__name__ == cls_name]


def long_case(state: Any) -> str:
    summary = ("两户因宅基地边界和排水沟走向长期争执，" * 200)[:2000]
    return case_service.register_case(state.ctx, state.actor, CaseForm(
        channel=Channel.WALK_IN, category="邻里", summary=summary, demands="要求恢复原状",
        parties=[PartyForm(name="孙八", id_number="11010519491231002X", phone="13912345678"),
                 PartyForm(name="周九")])).id


def test_receipt_preview_appears_after_registering(qtbot: Any, ui_state: Any, answers: Any) -> None:
    """#2: 是否打印受理回执？ → 是 opens the preview, though the form that asked has closed."""
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.show()
    d = CaseFormDialog(ui_state, parent=holder)
    d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)  # as the main window tracks it
    d.show()
    set_combo_value(d.editor.category, "邻里")
    type_text(d.editor.summary, "邻居占用通道")
    type_text(d.editor.parties[0].name, "钱七")
    answers.yes = True
    with qtbot.waitSignal(d.saved, timeout=10_000):
        d.save()
    qtbot.waitUntil(lambda: bool(shown("PdfPreviewDialog")), timeout=30_000)
    preview = shown("PdfPreviewDialog")[0]
    assert preview.windowTitle() == "受理回执" and preview.document.pageCount() >= 1
    preview.close()


@pytest.mark.parametrize("width", [1024, 1366])
def test_case_detail_fits_with_its_buttons_and_long_summary(qtbot: Any, ui_state: Any, width: int) -> None:
    """#3 and #7: the detail window fits the screen, its bottom buttons are on screen, and a 2,000-character
    summary is there in full, in a box that scrolls."""
    case_id = long_case(ui_state)
    dog = Watchdog().start()
    try:
        holder = QWidget()
        qtbot.addWidget(holder)
        place_on(holder, office_screen(width))
        holder.show()
        w = CaseDetailWindow(ui_state, case_id, holder)
        qtbot.addWidget(w)
        with dog.step("open"):
            w.show()
            qtbot.waitUntil(lambda: w.detail is not None, timeout=5000)
            settle(qtbot)
    finally:
        dog.stop()
    assert dog.misfits == [], dog.misfits
    available = w.screen().availableGeometry()
    assert w.frameGeometry().height() <= available.height()
    for button in (w.edit_button, w.print_button):
        bottom = button.mapTo(w, button.rect().bottomLeft()).y()
        assert button.isVisible() and bottom <= w.height(), (button.text(), bottom, w.height())
    assert w.detail is not None
    assert w.detail.case.summary in w.summary.toPlainText()
    assert w.summary.verticalScrollBar().maximum() > 0  # it scrolls rather than being cut off


def test_main_window_first_start_fits_and_statistics_do_not_widen_it(qtbot: Any, ui_state: Any) -> None:
    """#3: no saved geometry → maximised within 1024×768; visiting 统计 leaves the width alone."""
    QSettings().remove("main/geometry")
    dog = Watchdog().start()
    try:
        win = MainWindow(ui_state)
        qtbot.addWidget(win)
        place_on(win, office_screen(1024))
        with dog.step("first start"):
            win.show()
            settle(qtbot)
        with dog.step("statistics"):
            win.show_screen("statistics")
            settle(qtbot)
            qtbot.wait(50)
    finally:
        dog.stop()
    assert win.isMaximized()
    assert dog.misfits == [], dog.misfits
    assert win.frameGeometry().width() <= 1024
    win.force_close()


def test_reception_saves_with_ctrl_s_and_enter(qtbot: Any, ui_state: Any) -> None:
    """#5: the shortcuts 帮助→快捷键 lists work in 接待受理."""
    screen = ReceptionScreen(ui_state)
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()  # shortcuts work in the active window (a window manager activates it)
    qtbot.waitUntil(screen.isActiveWindow, timeout=2000)
    screen.activate()
    type_text(screen.visitor_name, "赵六")
    type_text(screen.summary, "咨询低保")
    QTest.keyClick(screen.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.status.text() == "接待记录已保存", timeout=5000)
    type_text(screen.visitor_name, "钱七")
    type_text(screen.summary, "咨询医保")
    QTest.keyClick(screen.visitor_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.status.text() == "接待记录已保存", timeout=5000)
    with ui_state.db.read() as s:
        assert sorted(r.visitor_name for r in s.scalars(select(Reception))) == ["赵六", "钱七"]


def test_case_form_pasted_input_and_every_error_at_once(qtbot: Any, ui_state: Any, answers: Any) -> None:
    """#6: a bad birth date, a missing category and a wrong phone are reported together, each beside its
    field; pasted names, phones and ID numbers are normalised."""
    answers.yes = False
    d = CaseFormDialog(ui_state)
    qtbot.addWidget(d)
    d.show()
    party = d.editor.parties[0]
    type_text(d.editor.summary, "邻居占用通道")
    type_text(party.name, "张三\n")
    type_text(party.phone, "138-1234-567")  # ten digits
    party.birth_date.setText("1990-13-01")
    d.save()
    errors = d.editor.error_map
    assert "类别" in errors.label("category").text()  # type: ignore[union-attr]
    assert "出生日期" in errors.label("parties[0].birth_date").text()  # type: ignore[union-attr]
    assert "11位" in errors.label("parties[0].phone").text()  # type: ignore[union-attr]
    assert errors.label("parties[0].name").text() == ""  # type: ignore[union-attr]
    set_combo_value(d.editor.category, "邻里")
    type_text(party.phone, "138 1234 5678")
    party.birth_date.setText("")
    type_text(party.id_number, "１１０１０５ １９４９１２３１ ００２ｘ")
    with qtbot.waitSignal(d.saved, timeout=10_000):
        d.save()
    with ui_state.db.read() as s:
        from desktop.db.models import Party

        p = s.scalars(select(Party)).one()
        assert (p.name, p.phone, p.id_number) == ("张三", "13812345678", "11010519491231002X")


def test_reception_accepts_the_case_summary_limit(qtbot: Any, ui_state: Any) -> None:
    """#7: one limit for a visit's and a case's summary."""
    screen = ReceptionScreen(ui_state)
    qtbot.addWidget(screen)
    screen.show()
    type_text(screen.summary, "字" * SUMMARY_MAX_CHARS)
    screen.save_reception()
    qtbot.waitUntil(lambda: screen.status.text() == "接待记录已保存", timeout=5000)


def test_status_bar_says_synced_only_when_nothing_waits(qtbot: Any, ui_state: Any) -> None:
    """#10: the last run succeeded but 3 records were saved since: 待同步, not 已同步."""
    ind = SyncIndicator(ui_state, auto_sync=False)
    qtbot.addWidget(ind)
    ind.timer.stop()
    settle(qtbot)
    ind.view = StatusView(state="synced", pending=3, enrolled=True)
    ind._show()
    assert not ind.label.text().startswith("已同步") and "待发送 3" in ind.label.text()
    ind.view = StatusView(state="synced", pending=0, enrolled=True)
    ind._show()
    assert ind.label.text().startswith("已同步")


def test_statistics_say_people_and_visits_plainly(qtbot: Any, ui_state: Any) -> None:
    """#10: 接待群众 N 人 beside 接待 M 人次, each with a tooltip saying what it counts."""
    screen = StatisticsScreen(ui_state)
    qtbot.addWidget(screen)
    people, visits = screen.figures["people_received"], screen.figures["visits"]
    people.set_text("73")
    visits.set_text("49")
    assert people.text() == "73 人\n接待群众" and visits.text() == "49 人次\n接待"
    assert "集体访" in people.toolTip() and "无论几人" in visits.toolTip()


def test_clerk_routing_to_mediation_names_no_mediator(qtbot: Any, ui_state: Any, db: Any) -> None:
    """#10: 转人民调解室 by a clerk does not put the clerk's own name as the mediator."""
    case_id = long_case(ui_state)
    ui_state.actor = actor_of(create_user(db, ui_state.actor, "clerk", "窗口小王", Role.CLERK, "secret1"))
    w = CaseDetailWindow(ui_state, case_id)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: "start_mediation" in w.action_buttons, timeout=5000)
    d = w.start_action("start_mediation")
    assert d.text("mediator") == ""
    d.close()


def test_mediator_sees_why_county_items_cannot_be_signed(qtbot: Any, ui_state: Any, db: Any) -> None:
    """#8: a role without the permission sees the action disabled, with the reason as its tooltip."""
    with ui_state.db.write() as s:
        item = CountyItem(kind="assigned", title="道路积水", content="群众反映道路积水", village="东风村",
                          reporter="周八", contact_phone="13912345678", received_at=datetime.now(UTC))
        s.add(item)
        s.flush()
        item_id = item.id
    ui_state.actor = actor_of(create_user(db, ui_state.actor, "med", "调解员老李", Role.MEDIATOR, "secret1"))
    screen = CountyItemsScreen(ui_state, "assigned")
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.activate()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.table.selectRow(next(i for i, r in enumerate(screen.rows) if r.id == item_id))
    assert not screen.sign_btn.isEnabled()
    assert "没有“办理上级交办件”的权限" in screen.sign_btn.toolTip()


def test_save_as_suggests_kind_and_number_in_the_last_folder(qtbot: Any, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """#9: 另存为 suggests 《kind》-number.pdf in the folder used last time."""
    from desktop.ui.pdf_preview import PdfPreviewDialog

    pdf = b"%PDF-1.4\n%%EOF\n"
    asked: list[str] = []

    def fake_save(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "out" / Path(suggested).name), ""

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    first = PdfPreviewDialog(pdf, "人民调解协议书", 1, None, number="示调〔2026〕12号")
    qtbot.addWidget(first)
    first.save_as()
    assert Path(asked[0]).name == "人民调解协议书-示调〔2026〕12号.pdf"
    second = PdfPreviewDialog(pdf, "受理回执", 1, None, number="220402-2026-0003")
    qtbot.addWidget(second)
    second.save_as()
    assert Path(asked[1]) == tmp_path / "out" / "受理回执-220402-2026-0003.pdf"


def test_op_runner_publishes_what_the_service_committed(qtbot: Any, ui_state: Any) -> None:
    """Structure: the runner publishes the unit of work's Changes; a failed write publishes nothing."""
    from desktop.domain.forms import ReceptionForm
    from desktop.ui.ops import Op

    seen: list[tuple[set[str], set[str]]] = []
    ui_state.bus.changed.connect(lambda entities, ids: seen.append((set(entities), set(ids))))
    form = ReceptionForm(Channel.WALK_IN, visitor_name="赵六", summary="咨询")
    op = Op(None, lambda: case_service.log_reception(ui_state.ctx, ui_state.actor, form)[0].id).run()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    reception_id = op.result_blocking()
    assert {"reception", "outbox"} <= seen[0][0] and reception_id in seen[0][1]
    seen.clear()
    failing = Op(None, lambda: case_service.log_reception(ui_state.ctx, ui_state.actor,
                                                          ReceptionForm(Channel.WALK_IN, summary="")))
    failing.on_failure(lambda _e: None).run()
    settle(qtbot)
    qtbot.wait(50)
    assert seen == []
