"""A mediator's workday in the mediation room, on real databases of 3,000 (and, slow, 100,000) demo cases,
driving the real widgets, with the GUI-thread watchdog (tests/ui/watchdog.py) watching every step."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.config import Paths, Settings
from desktop.db.demo import generate
from desktop.db.open import open_database
from desktop.db.uow import SYSTEM, Context
from desktop.ui import ops
from desktop.ui.appstate import AppState
from desktop.ui.bridge import ChangeBus
from desktop.ui.screens.mediation import MediationScreen

from .helpers import settle
from .watchdog import Watchdog

pytestmark = [pytest.mark.ui]


def _demo_template(factory: pytest.TempPathFactory, cases: int) -> Path:
    folder = factory.mktemp(f"demo{cases}")
    db = open_database(Paths(folder))
    db.dispose()
    generate(folder / "township.sqlite3", cases, seed=1)
    return folder / "township.sqlite3"


@pytest.fixture(scope="session")
def demo3000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 demo cases (as `township-desk demo-data --cases 3000`), made once per session."""
    return _demo_template(tmp_path_factory, 3000)


@pytest.fixture(scope="session")
def demo100k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _demo_template(tmp_path_factory, 100_000)


def _state_on(template: Path, tmp_path: Path, settings: Settings, admin_name: str = "调解员甲") -> Iterator[AppState]:
    from desktop.db.services.users import actor_of, create_user
    from desktop.domain.enums import Role

    paths = Paths(tmp_path / "demo").ensure()
    shutil.copy(template, paths.database)
    settings.save(paths.settings_file)
    db = open_database(paths)
    ctx = Context(db, settings, paths.settings_file)
    mediator = actor_of(create_user(db, SYSTEM, "mediator1", admin_name, Role.MEDIATOR, "secret1"))
    state = AppState(paths=paths, db=db, ctx=ctx, bus=ChangeBus(interval_ms=10), actor=mediator)
    yield state
    ops.wait_idle()
    db.dispose()


@pytest.fixture
def state3000(demo3000: Path, tmp_path: Path, settings: Settings) -> Iterator[AppState]:
    yield from _state_on(demo3000, tmp_path, settings)


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
