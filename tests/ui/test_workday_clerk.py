"""A window clerk's workday, driven through the real main window on a real demo database.

Log visitors (typed and pasted), register a case with two parties (one with an Extension B name),
route it, print the 受理回执 (its preview must appear), search by a two-character name and by ID number.
At 1024×768 and 1366×768, on 3,000 demo cases and (marked slow) on 100,000. The watchdog
(tests/ui/watchdog.py) fails a step that blocks the GUI thread or shows a window larger than the screen.

`run_clerk_day` is also what bench/bench_workday.py drives.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from desktop.config import Paths, Settings
from desktop.db.models import Case, Party, Reception
from desktop.db.open import open_database
from desktop.db.services.users import actor_of, create_user
from desktop.db.uow import SYSTEM, Context
from desktop.domain.enums import Role
from desktop.ui import ops
from desktop.ui.appstate import AppState
from desktop.ui.bridge import ChangeBus
from desktop.ui.main_window import MainWindow
from tests.db.helpers import copy_database_folder

from .helpers import type_text
from .watchdog import Watchdog, office_screen, place_on

pytestmark = pytest.mark.ui

EXT_B = "𠀾"  # U+2003E, outside the Basic Multilingual Plane
APPLICANT = f"{EXT_B}秀兰"
RESPONDENT = "钱明"  # a two-character name: the clerk searches by it
ID_NUMBER = "11010519491231002X"


def clerk_state(paths: Paths, settings: Settings) -> AppState:
    db = open_database(paths)
    # Made by the system administrator: a reused bench folder already has accounts (the bench's own).
    clerk = actor_of(create_user(db, SYSTEM, "clerk", "窗口小王", Role.CLERK, "secret1"))
    return AppState(paths=paths, db=db, ctx=Context(db, settings, paths.settings_file), bus=ChangeBus(), actor=clerk)


def visible_windows(cls_name: str) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and type(w).__name__ == cls_name]


def wait_until(qtbot: Any, condition: Any, timeout: int = 20_000) -> None:
    qtbot.waitUntil(condition, timeout=timeout)


def drain(qtbot: Any, rounds: int = 3) -> None:
    """Let queued database work finish and its callbacks run, with the event loop running (helpers.settle
    blocks the GUI thread in ops.wait_idle, which the watchdog would rightly count)."""
    for _ in range(rounds):
        done = ops.idle_future()
        qtbot.waitUntil(done.done, timeout=30_000)
        qtbot.wait(20)


def run_clerk_day(qtbot: Any, state: AppState, dog: Watchdog, width: int, answers: Any) -> dict[str, Any]:
    """The clerk's day; returns what was made (case id and number)."""
    screen = office_screen(width)
    made: dict[str, Any] = {}

    with dog.step("open main window"):
        win = MainWindow(state)
        qtbot.addWidget(win)
        place_on(win, screen)
        win.show()
        wait_until(qtbot, lambda: win.current_key() == "dashboard")
        drain(qtbot)

    with dog.step("reception: log a visitor (Ctrl+S)"):
        QTest.keyClick(win, Qt.Key.Key_F2)  # 新接待
        reception = win.screen_widget("reception")
        assert win.current_key() == "reception"
        type_text(reception.visitor_name, "赵六")
        type_text(reception.summary, "咨询低保申请条件")
        reception.on_spot.setChecked(True)
        type_text(reception.answer, "已告知申请条件和所需材料")
        QTest.keyClick(reception.answer, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        wait_until(qtbot, lambda: reception.status.text() == "接待记录已保存")

    with dog.step("reception: pasted name and dashed phone"):
        type_text(reception.visitor_name, " 张三\n")  # pasted from a chat message
        type_text(reception.visitor_phone, "138-1234-5678")
        type_text(reception.summary, "反映村道路灯不亮")
        reception.on_spot.setChecked(True)
        type_text(reception.answer, "已转村委会处理")
        QTest.keyClick(reception.visitor_phone, Qt.Key.Key_Return)  # Enter saves the form
        wait_until(qtbot, lambda: reception.status.text() == "接待记录已保存")
    # The test's own checks read the database outside the steps: they are not the clerk's waiting.
    with state.db.read() as s:
        latest = s.scalars(select(Reception).where(Reception.visitor_name == "张三")).one()
        assert latest.visitor_phone == "13812345678"

    with dog.step("register a case with two parties"):
        type_text(reception.visitor_name, APPLICANT)
        type_text(reception.visitor_id, ID_NUMBER)
        type_text(reception.summary, "邻居翻建房屋占用通道，双方多次争吵")
        reception.case_button.click()
        dialog = reception.case_dialog
        wait_until(qtbot, dialog.isVisible)
        dialog.activateWindow()  # a window manager activates a new dialog; offscreen needs asking
        wait_until(qtbot, dialog.isActiveWindow, timeout=2000)
        editor = dialog.editor
        from desktop.ui.widgets import set_combo_value

        set_combo_value(editor.category, "邻里")
        assert editor.parties[0].name.text() == APPLICANT
        editor.add_party(focus=True)
        type_text(editor.parties[1].name, RESPONDENT)
        answers.yes = True  # 是否打印受理回执？ → 是
        with qtbot.waitSignal(dialog.saved, timeout=20_000) as saved:
            QTest.keyClick(editor.parties[1].name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        asked_at = time.perf_counter()  # the clerk answered 是
        made["case_id"] = saved.args[0]
        wait_until(qtbot, lambda: reception.status.text() == "已登记为案件")

    with dog.step("receipt preview appears"):
        wait_until(qtbot, lambda: bool(visible_windows("PdfPreviewDialog")), timeout=30_000)
        preview = visible_windows("PdfPreviewDialog")[0]
        assert preview.windowTitle() == "受理回执"
        wait_until(qtbot, lambda: preview.document.pageCount() >= 1)
        made["first_preview_s"] = time.perf_counter() - asked_at

    with dog.step("close the preview"):
        preview.close()
        qtbot.wait(20)

    with dog.step("open the case and route it"):
        state.show_case(made["case_id"])
        detail = win._case_windows[made["case_id"]]
        wait_until(qtbot, lambda: "route" in detail.action_buttons)
        detail.action_buttons["route"].click()
        action = detail.action_dialog
        assert action is not None
        type_text(action.fields["note"], "转司法所人民调解")
        action.ok_button().click()
        wait_until(qtbot, lambda: detail.header_labels["status"].text() == "已分流")
    with state.db.read() as s:
        case = s.get(Case, made["case_id"])
        assert case is not None
        made["number"] = case.number
        names = {p.name for p in s.scalars(select(Party).where(Party.case_id == case.id))}
        assert names == {APPLICANT, RESPONDENT}

    with dog.step("print the receipt again"):
        detail._fill_print_menu()
        started = time.perf_counter()
        detail.print_menu.actions()[0].trigger()  # 受理回执
        wait_until(qtbot, lambda: bool(visible_windows("PdfPreviewDialog")), timeout=30_000)
        again = visible_windows("PdfPreviewDialog")[0]
        wait_until(qtbot, lambda: again.document.pageCount() >= 1)
        made["later_preview_s"] = time.perf_counter() - started
        again.close()

    with dog.step("close the case"):
        detail.close()
        qtbot.wait(20)

    cases = None
    with dog.step("search by a two-character name"):
        QTest.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # 搜索案件
        cases = win.screen_widget("cases")
        type_text(cases.search, RESPONDENT)
        wait_until(qtbot, lambda: not cases.debounce.isActive() and not cases.model.loading
                   and any(cases.model.case_id(i) == made["case_id"] for i in range(cases.model.rowCount())))

    with dog.step("search by ID number"):
        type_text(cases.search, ID_NUMBER)
        wait_until(qtbot, lambda: not cases.debounce.isActive() and not cases.model.loading
                   and cases.model.rowCount() >= 1
                   and any(cases.model.case_id(i) == made["case_id"] for i in range(cases.model.rowCount())))

    with dog.step("statistics"):
        win.show_screen("statistics")
        drain(qtbot)
        qtbot.wait(50)

    with dog.step("back to the dashboard"):
        win.show_screen("dashboard")
        drain(qtbot)
    win.force_close()
    return made


@pytest.fixture
def day_paths(tmp_path: Path, settings: Settings) -> Paths:
    p = Paths(tmp_path / "day").ensure()
    settings.save(p.settings_file)
    return p


def _run(qtbot: Any, day_paths: Paths, settings: Settings, template: Path, width: int, watchdog: Watchdog,
         answers: Any) -> None:
    copy_database_folder(template, day_paths)
    state = clerk_state(day_paths, settings)
    try:
        made = run_clerk_day(qtbot, state, watchdog, width, answers)
        assert made["number"]
    finally:
        ops.wait_idle()
        QApplication.processEvents()
        state.db.dispose()
    print(f"\nworst GUI block per step ({width}px): {watchdog.report()}")
    if os.environ.get("WATCHDOG_STACKS"):
        for name, block in watchdog.blocks.items():
            if block.stack:
                print(f"--- {name}: {block.ms:.0f} ms (cpu {block.cpu_ms:.0f})\n{block.stack}")
    print(f"receipt preview ({width}px): first {made['first_preview_s']:.2f} s, later {made['later_preview_s']:.2f} s")
    watchdog.assert_ok()


@pytest.mark.parametrize("width", [1024, 1366])
def test_clerk_day_3000_cases(qtbot: Any, day_paths: Paths, settings: Settings, demo_3k: Path, width: int,
                              watchdog: Watchdog, answers: Any) -> None:
    _run(qtbot, day_paths, settings, demo_3k, width, watchdog, answers)


@pytest.mark.slow
@pytest.mark.parametrize("width", [1024, 1366])
def test_clerk_day_100000_cases(qtbot: Any, day_paths: Paths, settings: Settings, demo_100k: Path, width: int,
                                watchdog: Watchdog, answers: Any) -> None:
    _run(qtbot, day_paths, settings, demo_100k, width, watchdog, answers)


@pytest.fixture(autouse=True)
def _no_leftover_windows() -> Iterator[None]:
    yield
    for w in QApplication.topLevelWidgets():
        if w.isVisible():
            w.close()
