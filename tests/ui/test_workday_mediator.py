"""A mediator's workday in the mediation room, on real databases of 3,000 (and, slow, 100,000) demo cases,
driving the real widgets, with the GUI-thread watchdog (tests/ui/watchdog.py) watching every step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.config import Paths, Settings
from desktop.db.open import open_database
from desktop.db.uow import SYSTEM, Context
from desktop.ui import ops
from desktop.ui.appstate import AppState
from desktop.ui.bridge import ChangeBus
from desktop.ui.screens.mediation import MediationScreen
from tests.db.helpers import copy_database_folder

from .helpers import settle
from .watchdog import Watchdog

pytestmark = [pytest.mark.ui]


def _state_on(template: Path, tmp_path: Path, settings: Settings, admin_name: str = "调解员甲") -> Iterator[AppState]:
    from desktop.db.services.users import actor_of, create_user
    from desktop.domain.enums import Role

    paths = Paths(tmp_path / "demo").ensure()
    copy_database_folder(template, paths)
    settings.save(paths.settings_file)
    db = open_database(paths)
    ctx = Context(db, settings, paths.settings_file)
    mediator = actor_of(create_user(db, SYSTEM, "mediator1", admin_name, Role.MEDIATOR, "secret1"))
    state = AppState(paths=paths, db=db, ctx=ctx, bus=ChangeBus(interval_ms=10), actor=mediator)
    yield state
    ops.wait_idle()
    db.dispose()


@pytest.fixture
def state3000(demo_3k: Path, tmp_path: Path, settings: Settings) -> Iterator[AppState]:
    """A copy of the session's 3,000-demo-case database (tests/ui/conftest.py, shared with the clerk's day)."""
    yield from _state_on(demo_3k, tmp_path, settings)


def test_list_pages_keeps_selection_and_never_blocks(state3000: AppState, qtbot: Any, watchdog: Watchdog) -> None:
    """The freeze of #11: the old list refilled a QTableWidget cell by cell (35 s for 500 rows with a
    selection) on every refresh. Now pages of 100 come from the worker, the selection follows the id."""
    screen = MediationScreen(state3000)
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    with watchdog.step("open the room"):
        screen.show()
        screen.activate()
        qtbot.waitUntil(lambda: screen.current_id is not None and screen.ws is not None, timeout=10000)
    first_page = screen.model.rowCount()
    assert 0 < first_page <= 100
    with watchdog.step("全部"):
        screen.filter.setCurrentIndex(screen.filter.findData("all"))
        qtbot.waitUntil(lambda: not screen.model.loading and screen.model.rowCount() == 100, timeout=10000)
    # pick a row further down, scroll to the end: more pages arrive, the selection stays
    with watchdog.step("select and scroll"):
        screen.view.selectRow(40)
        picked = screen.model.mediation_id(40)
        qtbot.waitUntil(lambda: screen.ws is not None and screen.ws.mediation.id == picked, timeout=10000)
        for _ in range(4):
            screen.view.scrollToBottom()
            qtbot.waitUntil(lambda: not screen.model.loading, timeout=10000)
            settle(qtbot)
    assert screen.model.rowCount() >= 300
    assert len({r.id for r in screen.model.rows}) == screen.model.rowCount()  # keyset pages never repeat
    with watchdog.step("refresh with a selection"):
        for _ in range(5):  # a burst of refreshes is read once
            screen.refresh()
        qtbot.waitUntil(lambda: not screen.model.loading, timeout=10000)
        settle(qtbot)
    assert screen.model.rowCount() >= 100
    selected = screen.view.selectionModel().selectedRows()
    assert [screen.model.mediation_id(i.row()) for i in selected] == [picked]
    assert screen.current_id == picked
    watchdog.assert_ok()
    print(watchdog.report())


RARE_NAME = "王\U00020bb7"  # 𠮷: CJK Extension B (outside the BMP), as rare names in household registers are
LONG_TERM = ("甲方自本协议签订之日起十日内一次性向乙方支付因排水沟改建造成的院墙修复费用、误工费及其他相关费用"
             "共计人民币叁仟元整，以银行转账方式支付至乙方指定账户；") * 8
TERMS = [f"第{i + 1}项：双方同意按调解员提出的方案处理院墙排水问题，今后和睦相处，互不追究。" for i in range(12)]
TERMS[3] = LONG_TERM[:400]


def pause(qtbot: Any) -> None:
    """The event loop runs between a person's actions (a keystroke, a click): let it, as it would."""
    qtbot.wait(15)


def keys_go_to(qtbot: Any, window: Any) -> None:
    """Make `window` the active one (shortcuts of a dialog work only while it is active)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def ctrl_s(qtbot: Any, widget: Any) -> None:
    """Ctrl+S while typing in `widget` (it has the keyboard focus, as the field a person types in does)."""
    widget.setFocus()
    pause(qtbot)
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def _confirm(win: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = next(b for b in win.findChildren(QMessageBox, "confirmAction") if b.isVisible())
    box.button(QMessageBox.StandardButton.Yes).click()


def open_room(state: AppState, qtbot: Any, watchdog: Watchdog, width: int) -> tuple[Any, MediationScreen]:
    """The main window maximised on the `width`-pixel office screen, showing the mediation room."""
    from desktop.ui.main_window import MainWindow

    from .watchdog import maximise_on, office_screen, place_on

    screen_ = office_screen(width)
    watchdog.fit_screen = screen_
    win = MainWindow(state)
    qtbot.addWidget(win)
    place_on(win, screen_)
    with watchdog.step("start the app"):
        win.show()
        maximise_on(win, screen_)
        qtbot.wait(300)  # the window opens on its first screen first
    with watchdog.step("open the mediation room"):
        win.show_screen("mediation")
        room = win.screen_widget("mediation")
        assert isinstance(room, MediationScreen)
    return win, room


def mediators_day(state: AppState, qtbot: Any, watchdog: Watchdog, width: int) -> None:
    """Start a mediation, record a session, draft 12 terms, save, preview, mark signed, conclude, follow up."""
    from PySide6.QtWidgets import QLabel, QMessageBox

    from desktop.ui.pdf_preview import PdfPreviewDialog
    from desktop.ui.screens.mediation import DirectMediationDialog

    win, room = open_room(state, qtbot, watchdog, width)
    with watchdog.step("open the mediation room"):
        qtbot.waitUntil(lambda: room.ws is not None and not room.model.loading, timeout=60000)
    assert room.model.rowCount() > 0

    # 新建调解 on the compact case editor, two parties, one with an Extension-B character in the name
    with watchdog.step("新建调解"):
        qtbot.mouseClick(room.new_btn, Qt.MouseButton.LeftButton)
        dialog = room.findChild(DirectMediationDialog, "directMediationDialog")
        assert dialog is not None and dialog.isVisible()
        keys_go_to(qtbot, dialog)
        editor = dialog.editor
        first, second = editor.parties
        for action in (lambda: editor.category.setCurrentIndex(editor.category.findData("邻里")),
                       lambda: editor.summary.setPlainText("两家因院墙排水发生纠纷，多次争吵，申请人民调解。"),
                       lambda: first.name.setText(RARE_NAME), lambda: first.id_number.setText("11010519491231002X"),
                       lambda: first.phone.setText("13812345678"), lambda: second.name.setText("李四"),
                       lambda: second.phone.setText("13912345678")):
            action()
            pause(qtbot)
        ctrl_s(qtbot, second.phone)  # Ctrl+S = 开始调解
        qtbot.waitUntil(lambda: dialog.created_id is not None or dialog.status.text().startswith("请按"), timeout=60000)
        assert dialog.created_id is not None, [lbl.text() for lbl in dialog.findChildren(QLabel) if lbl.text()][-6:]
        qtbot.waitUntil(lambda: room.ws is not None and room.ws.mediation.id == dialog.created_id, timeout=60000)
        qtbot.waitUntil(lambda: not room.model.loading, timeout=60000)
    ws = room.ws
    assert ws is not None and ws.party_count == 2 and {p.name for p in ws.parties} == {RARE_NAME, "李四"}
    parties = room.overview_tab.parties
    assert parties.rowCount() == 2 and parties.item(0, 1).text() == RARE_NAME
    assert parties.item(0, 2).text() == "1101**********002X" and parties.item(1, 3).text() == "139****5678"
    # every party row is on screen: the table is as tall as its rows, nothing scrolls inside it
    assert parties.height() >= parties.horizontalHeader().height() + parties.rowHeight(0) + parties.rowHeight(1)
    mediation_id = ws.mediation.id
    row = room.model.row_of(mediation_id)
    assert row >= 0 and [i.row() for i in room.view.selectionModel().selectedRows()] == [row]

    with watchdog.step("assign the mediator"):
        keys_go_to(qtbot, win)  # the dialog closed: a window manager gives the main window the keys back
        room.tabs.setCurrentIndex(0)
        pause(qtbot)
        room.overview_tab.place.setText("人民调解室")
        ctrl_s(qtbot, room.overview_tab.place)  # Ctrl+S saves the tab in front
        qtbot.waitUntil(lambda: room.ws is not None and room.ws.mediation.place == "人民调解室", timeout=60000)

    with watchdog.step("record a session"):
        room.tabs.setCurrentIndex(1)
        rec = room.records_tab
        pause(qtbot)
        rec.record_place.setText("人民调解室")
        pause(qtbot)
        rec.record_content.setPlainText("双方陈述了排水问题的经过，调解员释明相关法律规定，双方同意协商。")
        pause(qtbot)
        rec.record_result.setPlainText("双方同意协商解决")
        pause(qtbot)
        ctrl_s(qtbot, rec.record_content)  # Ctrl+S
        qtbot.waitUntil(lambda: rec.records.count() == 1, timeout=60000)

    with watchdog.step("draft 12 terms"):
        room.tabs.setCurrentIndex(2)
        agr = room.agreement_tab
        pause(qtbot)
        agr.agr_facts.setPlainText("李四家院墙排水流入申请人院内，双方争执。")
        for text in TERMS:
            qtbot.mouseClick(agr.terms.add_btn, Qt.MouseButton.LeftButton)
            pause(qtbot)
            agr.terms.edit(agr.terms.current_row()).setPlainText(text)
            pause(qtbot)
        agr.agr_performance.setPlainText("按协议约定的期限履行")
        qtbot.wait(100)
    assert agr.terms.terms() == TERMS
    for i in range(12):  # each term is shown whole: its editor is as tall as its wrapped text
        edit = agr.terms.edit(i)
        assert edit.document().size().height() <= edit.viewport().height() + 1, i
    long_edit = agr.terms.edit(3)
    assert long_edit.height() > 4 * long_edit.fontMetrics().lineSpacing()  # 400 characters wrap over many lines

    with watchdog.step("save the agreement"):
        ctrl_s(qtbot, agr.terms.edit(11))  # Ctrl+S
        qtbot.waitUntil(lambda: agr.agr_number.text() != "（保存后自动编号）", timeout=60000)
    assert room.ws is not None and room.ws.agreement is not None and room.ws.agreement.terms == TERMS
    assert agr.terms.terms() == TERMS

    with watchdog.step("preview the agreement"):
        qtbot.mouseClick(room.print_buttons["agreement"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: room.findChild(PdfPreviewDialog, "pdfPreview") is not None, timeout=60000)
        preview = room.findChild(PdfPreviewDialog, "pdfPreview")
        qtbot.waitUntil(preview.isVisible, timeout=5000)
        qtbot.wait(300)
    assert preview.document.pageCount() >= 1
    with watchdog.step("close the preview"):
        preview.close()
        qtbot.waitUntil(lambda: room.findChild(PdfPreviewDialog, "pdfPreview") is None, timeout=5000)
        keys_go_to(qtbot, win)

    with watchdog.step("mark signed"):
        qtbot.mouseClick(agr.mark_signed_btn, Qt.MouseButton.LeftButton)
        pause(qtbot)
        _confirm(win)
        qtbot.waitUntil(lambda: "已签字" in agr.agr_status.text(), timeout=60000)
    assert not agr.save_agr_btn.isEnabled() and agr.terms.terms() == TERMS  # locked, still readable

    with watchdog.step("conclude"):
        room.tabs.setCurrentIndex(0)
        pause(qtbot)
        room.overview_tab.outcome_buttons[next(iter(room.overview_tab.outcome_buttons))].setChecked(True)
        pause(qtbot)
        qtbot.mouseClick(room.overview_tab.conclude_btn, Qt.MouseButton.LeftButton)
        pause(qtbot)
        _confirm(win)
        qtbot.waitUntil(lambda: not room.overview_tab.conclude_btn.isEnabled(), timeout=60000)
        qtbot.waitUntil(lambda: not room.model.loading, timeout=60000)

    with watchdog.step("follow up"):
        keys_go_to(qtbot, win)  # after the confirmation box
        room.tabs.setCurrentIndex(3)
        fu = room.followup_tab
        qtbot.waitUntil(fu.save_fu_btn.isEnabled, timeout=60000)
        fu.fu_performance.setPlainText("已按协议履行")
        pause(qtbot)
        fu.fu_satisfaction.setCurrentIndex(1)
        pause(qtbot)
        ctrl_s(qtbot, fu.fu_performance)  # Ctrl+S
        qtbot.waitUntil(lambda: fu.followups.count() == 1 or fu.fu_general.text() != "" or any(lb.text() for lb in fu.fu_errors.labels.values()), timeout=60000)
        assert fu.followups.count() == 1, [fu.fu_general.text()] + [lb.text() for lb in fu.fu_errors.labels.values()]
    with watchdog.step("F5"):  # 帮助→快捷键: F5 刷新 (the room's own F5 once made it ambiguous: dead)
        generation = room.model._generation
        qtbot.keyClick(room.view, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: room.model._generation > generation, timeout=60000)
    with watchdog.step("the list follows the concluded mediation"):
        # Concluded, it moved below the open ones: the list reads on (up to 1,000 rows) until it is there,
        # still selected. (100,000 cases hold more open mediations than that: the workspace keeps it.)
        open_count = room.model.rowCount() if room.model.exhausted else None
        qtbot.waitUntil(lambda: (room.model.row_of(mediation_id) >= 0 or room.model.rowCount() >= 1000)
                        and not room.model.loading, timeout=60000)
    row = room.model.row_of(mediation_id)
    if row >= 0:
        assert [i.row() for i in room.view.selectionModel().selectedRows()] == [row]
    else:
        assert room.model.rowCount() >= 1000 and all(r.outcome is None for r in room.model.rows), open_count
    assert room.ws is not None and room.ws.mediation.id == mediation_id
    assert not [b for b in win.findChildren(QMessageBox, "roomsNotice") if b.isVisible()]
    with state.db.read() as s:
        from desktop.db.models import Case, Mediation

        m = s.get(Mediation, mediation_id)
        assert m is not None and m.outcome == "written"
        assert s.get(Case, m.case_id).status == "followed_up"  # type: ignore[union-attr]
    print(f"\nworst GUI block per step ({width}px): {watchdog.report()}")  # bench/bench_workday.py reads it
    watchdog.assert_ok()
    win.force_close()


@pytest.mark.parametrize("width", [1024, 1366])
def test_mediators_day_3000_cases(state3000: AppState, qtbot: Any, watchdog: Watchdog, width: int) -> None:
    mediators_day(state3000, qtbot, watchdog, width)


@pytest.mark.parametrize("width", [1024, 1366])
def test_mediation_list_shows_whole_file_numbers(state3000: AppState, qtbot: Any, watchdog: Watchdog,
                                                 width: int) -> None:
    """#11: in the maximised window the list's 卷号 column shows every number in full and the list needs
    no horizontal scroll bar (at 1366×768 the 卷号 was cut off behind one); party names elide instead."""
    from desktop.ui.screens.mediation.list_model import COLUMNS

    win, room = open_room(state3000, qtbot, watchdog, width)
    with watchdog.step("list every mediation"):
        room.filter.setCurrentIndex(room.filter.findData("all"))
        qtbot.waitUntil(lambda: room.model.rowCount() > 20 and not room.model.loading, timeout=60000)
        settle(qtbot)
    view, fm = room.view, room.view.fontMetrics()
    column = COLUMNS.index("卷号")
    width_of = view.columnWidth(column)
    numbers = [str(room.model.index(r, column).data()) for r in range(room.model.rowCount())]
    widest = max(numbers, key=fm.horizontalAdvance)
    assert not view.isColumnHidden(column)
    assert fm.horizontalAdvance(widest) <= width_of, (widest, fm.horizontalAdvance(widest), width_of)
    assert view.horizontalHeader().fontMetrics().horizontalAdvance("卷号") <= width_of
    columns = [view.columnWidth(c) for c in range(len(COLUMNS)) if not view.isColumnHidden(c)]
    assert view.horizontalHeader().length() <= view.viewport().width(), (columns, view.viewport().width())
    assert view.isVisible() and not view.horizontalScrollBar().isVisible()
    win.force_close()


@pytest.fixture
def state100k(demo_100k: Path, tmp_path: Path, settings: Settings) -> Iterator[AppState]:
    yield from _state_on(demo_100k, tmp_path, settings)


@pytest.mark.slow
@pytest.mark.parametrize("width", [1024, 1366])
def test_mediators_day_100k_cases(state100k: AppState, qtbot: Any, watchdog: Watchdog, width: int) -> None:
    mediators_day(state100k, qtbot, watchdog, width)
