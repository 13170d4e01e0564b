"""Case list: paging on demand (never all rows), search, filters, overdue highlighting, opening a case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select, update

from desktop.db.demo import generate
from desktop.db.models import Case, Party
from desktop.db.types import utcnow
from desktop.ui.case_model import OVERDUE_BG, PAGE
from desktop.ui.screens.cases import CasesScreen
from desktop.ui.widgets import set_combo_value

from .helpers import settle, type_text


@pytest.fixture
def demo_state(ui_state: Any) -> Any:
    generate(ui_state.paths.database, 500, seed=7)
    return ui_state


def _screen(qtbot: Any, state: Any) -> CasesScreen:
    screen = CasesScreen(state)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    screen.activate()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0 and not screen.model.loading, timeout=5000)
    settle(qtbot)
    return screen


def test_pages_are_fetched_on_scroll(qtbot: Any, demo_state: Any) -> None:
    screen = _screen(qtbot, demo_state)
    model = screen.model
    assert model.rowCount() == PAGE  # one page, not 500
    assert screen.count_label.text() == "共 500 件"
    for _ in range(10):
        screen.view.scrollToBottom()
        settle(qtbot)
        if model.rowCount() >= 500:
            break
    assert model.rowCount() == 500
    assert model.exhausted
    ids = [model.case_id(i) for i in range(model.rowCount())]
    assert len(set(ids)) == 500  # keyset pages neither skip nor repeat rows


def test_search_filters_and_masks(qtbot: Any, demo_state: Any) -> None:
    with demo_state.db.read() as s:
        name, idn = s.execute(select(Party.name, Party.id_number).where(Party.id_number.is_not(None)).limit(1)).one()
    screen = _screen(qtbot, demo_state)
    type_text(screen.search, idn)
    qtbot.waitUntil(lambda: not screen.debounce.isActive(), timeout=2000)  # 300 ms debounce
    settle(qtbot)
    model = screen.model
    assert 1 <= model.rowCount() < 500
    masked = model.data(model.index(0, 3))
    assert masked.startswith(idn[:4]) and "*" in masked and idn not in masked
    type_text(screen.search, name[0])  # one character: prefix search on names
    qtbot.waitUntil(lambda: not screen.debounce.isActive(), timeout=2000)
    settle(qtbot)
    assert all(model.data(model.index(i, 2)) for i in range(model.rowCount()))
    assert 0 < model.rowCount() <= PAGE


def test_filters_narrow_the_list(qtbot: Any, demo_state: Any) -> None:
    with demo_state.db.read() as s:
        n_cat = s.scalar(select(func.count()).select_from(Case).where(Case.category == "邻里"))
    screen = _screen(qtbot, demo_state)
    set_combo_value(screen.category, "邻里")
    settle(qtbot)
    qtbot.waitUntil(lambda: screen.count_label.text() == f"共 {n_cat} 件", timeout=3000)
    assert all(screen.model.rows[i].category == "邻里" for i in range(screen.model.rowCount()))
    screen.reset_filters()
    settle(qtbot)
    qtbot.waitUntil(lambda: screen.count_label.text() == "共 500 件", timeout=3000)


def test_overdue_rows_are_highlighted(qtbot: Any, ui_state: Any) -> None:
    generate(ui_state.paths.database, 30, seed=3)
    with ui_state.db.write() as s:
        s.execute(update(Case).values(status="registered", deadline_at=utcnow() + timedelta(days=30)))
        first = s.scalars(select(Case.id).order_by(Case.registered_at.desc()).limit(1)).one()
        s.execute(update(Case).where(Case.id == first).values(deadline_at=utcnow() - timedelta(days=2)))
    screen = _screen(qtbot, ui_state)
    model = screen.model
    row = next(i for i in range(model.rowCount()) if model.case_id(i) == first)
    brush = model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush is not None and brush.color() == OVERDUE_BG
    assert model.data(model.index(row, 9)).startswith("超期")
    other = (row + 1) % model.rowCount()
    assert model.data(model.index(other, 0), Qt.ItemDataRole.BackgroundRole) is None
    screen.overdue.setChecked(True)
    settle(qtbot)
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.case_id(0) == first, timeout=3000)


def test_double_click_opens_case(qtbot: Any, demo_state: Any) -> None:
    opened: list[str] = []
    demo_state.open_case = opened.append
    screen = _screen(qtbot, demo_state)
    screen.view.doubleClicked.emit(screen.model.index(2, 0))
    assert opened == [screen.model.case_id(2)]


def test_filters_are_remembered(qtbot: Any, demo_state: Any) -> None:
    from PySide6.QtCore import QSettings

    screen = _screen(qtbot, demo_state)
    set_combo_value(screen.channel, "phone")
    screen.due_soon.setChecked(True)
    screen.save_state(QSettings())
    settle(qtbot)
    again = _screen(qtbot, demo_state)
    assert again.channel.currentData() == "phone"
    assert again.due_soon.isChecked()
