"""Main window: every screen opens, shortcuts, dashboard figures and drill-down, quit with unsaved edits,
and the `--smoke` entry point in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import update

from desktop.db.models import Case
from desktop.db.services import cases as case_service
from desktop.db.types import utcnow
from desktop.domain.enums import Channel
from desktop.domain.forms import CaseForm, PartyForm, ReceptionForm
from desktop.ui.main_window import MainWindow

from .helpers import settle, type_text

ROOT = Path(__file__).resolve().parents[2]


def _window(qtbot: Any, state: Any) -> MainWindow:
    win = MainWindow(state)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot)
    return win


def test_every_screen_opens(qtbot: Any, ui_state: Any) -> None:
    win = _window(qtbot, ui_state)
    for key in win.screen_keys():
        win.show_screen(key)
        settle(qtbot)
        assert win.stack.currentIndex() == win.screen_keys().index(key)
    assert "管理员" in win.user_label.text()


def test_dashboard_figures_and_drill_down(qtbot: Any, ui_state: Any) -> None:
    case_service.log_reception(ui_state.ctx, ui_state.actor, ReceptionForm(
        channel=Channel.WALK_IN, people_count=3, summary="咨询", answered_on_spot=True, answer="已答复"))
    case = case_service.register_case(ui_state.ctx, ui_state.actor, CaseForm(
        channel=Channel.WALK_IN, category="邻里", summary="纠纷", parties=[PartyForm(name="吴一")]))
    with ui_state.db.write() as s:
        s.execute(update(Case).where(Case.id == case.id).values(deadline_at=utcnow() - timedelta(hours=1)))
    win = _window(qtbot, ui_state)
    win.show_screen("dashboard")
    settle(qtbot)
    dash = win.screen_widget("dashboard")
    qtbot.waitUntil(lambda: dash.data is not None, timeout=3000)
    assert dash.people.value == 3
    assert dash.cases_today.value == 1
    assert dash.overdue.value == 1
    assert dash.mine.value == 1
    assert dash.unsent.value and dash.unsent.value > 0
    dash.overdue.click()
    settle(qtbot)
    cases = win.screen_widget("cases")
    assert win.current_key() == "cases"
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1, timeout=3000)
    assert cases.overdue.isChecked()
    assert cases.model.case_id(0) == case.id


def test_shortcuts_and_search_focus(qtbot: Any, ui_state: Any) -> None:
    win = _window(qtbot, ui_state)
    win.search_cases()
    settle(qtbot)
    assert win.current_key() == "cases"
    win.new_reception()
    assert win.current_key() == "reception"
    shortcuts = {a.shortcut().toString() for a in win.actions()}
    assert {"F2", "Ctrl+N", "Ctrl+F", "F5", "Ctrl+1", "Ctrl+9"} <= shortcuts


def test_quit_asks_with_unsaved_edits_and_keeps_state(qtbot: Any, ui_state: Any, answers: Any) -> None:
    win = _window(qtbot, ui_state)
    win.show_screen("reception")
    type_text(win.screen_widget("reception").summary, "还没保存的内容")
    answers.yes = False
    win.close()
    assert win.isVisible()
    assert any("接待受理" in q for q in answers.asked)
    answers.yes = True
    win.close()
    assert not win.isVisible()
    assert QSettings().value("main/screen") == "reception"


@pytest.mark.slow  # demo data and --smoke in subprocesses
def test_smoke_subprocess(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # the database key is unlocked with an account's password (no OS key store on a test machine)
    for args, extra in ((["user", "add", "admin", "--name", "管理员", "--role", "admin", "--password", "first-pw1"], {}),
                        (["user", "passwd", "admin", "--password", "smoke-pw2"],
                         {"TOWNSHIP_DESK_USER": "admin", "TOWNSHIP_DESK_PASSWORD": "first-pw1"})):
        made = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "d"), *args], cwd=ROOT,
                              env={**env, **extra}, capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, made.stderr
    env.update(TOWNSHIP_DESK_USER="admin", TOWNSHIP_DESK_PASSWORD="smoke-pw2")
    demo = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "d"), "demo-data",
                           "--cases", "200"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert demo.returncode == 0, demo.stderr
    run = subprocess.run([sys.executable, "-m", "desktop", "--smoke", "--data-dir", str(tmp_path / "d")], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "10 screens opened, 0 problem(s)" in run.stdout


def test_visitor_to_mediation_through_the_window(qtbot: Any, ui_state: Any, answers: Any) -> None:
    """A clerk's path: F2 reception → 登记为案件 with two parties → the case list → detail → 转人民调解室."""
    from desktop.ui.widgets import set_combo_value

    answers.yes = False  # no receipt print in this test
    win = _window(qtbot, ui_state)
    win.new_reception()
    reception = win.screen_widget("reception")
    type_text(reception.visitor_name, "冯大")
    type_text(reception.summary, "邻居修建围墙占用通道")
    reception.register_case()
    dialog = reception.case_dialog
    set_combo_value(dialog.editor.category, "邻里")
    dialog.editor.add_party()
    type_text(dialog.editor.parties[1].name, "陈二")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as sig:
        dialog.save()
        settle(qtbot)
    case_id = sig.args[0]
    qtbot.wait(50)
    settle(qtbot)
    win.show_screen("cases")
    cases = win.screen_widget("cases")
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1, timeout=3000)
    assert cases.model.case_id(0) == case_id
    assert "冯大" in cases.model.rows[0].party_names and "陈二" in cases.model.rows[0].party_names
    cases.view.doubleClicked.emit(cases.model.index(0, 0))
    detail = win._case_windows[case_id]
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=3000)
    d = detail.start_action("start_mediation")
    d.ok_button().click()
    settle(qtbot)
    qtbot.waitUntil(lambda: detail.header_labels["status"].text() == "调解中", timeout=3000)
    qtbot.wait(50)
    settle(qtbot)
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1 and cases.model.rows[0].status == "mediating", timeout=3000)
    detail.close()
