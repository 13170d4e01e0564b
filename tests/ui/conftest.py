"""UI test fixtures: an AppState on a fresh real database, QSettings in a temp folder, dialog answers.

Every test under tests/ui is marked `ui` here (select with `-m ui`, leave out with `-m "not ui"`); shared
fixtures live here (`state`, `answers`, `op_errors`) and shared helpers in tests/ui/helpers.py
(`type_text`, `settle`): a new UI test file needs neither its own copy nor a `pytestmark`."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from desktop.config import Paths
from desktop.db.demo import generate
from desktop.ui import ops, widgets

# The offscreen platform warns about window features it lacks; that says nothing about our code.
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints|raise|requestActivate|grabbing)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.ui)
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def qsettings_tmp(tmp_path: Path, qapp: Any) -> Iterator[Path]:
    folder = tmp_path / "qsettings"
    QCoreApplication.setOrganizationName("township-desk-test")
    QCoreApplication.setApplicationName("township-desk-test")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    ops.collect_garbage_on_gui_thread()  # as the app does: never a collection on a worker thread
    ops.freeze_startup_objects()  # earlier tests' objects: full collections stay short, as in the app
    font = qapp.font()  # a test that applies 字体大小 (settings) must not enlarge every later test's widgets
    yield folder
    qapp.setFont(font)
    ops.wait_idle()
    qapp.processEvents()
    gc.collect()


class Answers:
    """Replaces blocking questions: `yes` answers ask(), `save_choice` answers the unsaved prompt."""

    def __init__(self) -> None:
        self.yes = True
        self.save_choice = "discard"
        self.asked: list[str] = []
        self.informed: list[str] = []


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    a = Answers()

    def ask(_parent: Any, title: str, text: str) -> bool:
        a.asked.append(text)
        return a.yes

    def ask_save(_parent: Any, title: str, text: str) -> str:
        a.asked.append(text)
        return a.save_choice

    monkeypatch.setattr(widgets, "ask", ask)
    monkeypatch.setattr(widgets, "ask_save", ask_save)
    monkeypatch.setattr(widgets, "inform", lambda _p, _t, text: a.informed.append(text))
    return a


class ErrorLog:
    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    def __call__(self, _parent: Any, exc: BaseException, trace: str) -> None:
        self.errors.append(exc)


@pytest.fixture(autouse=True)
def op_errors(monkeypatch: pytest.MonkeyPatch) -> Iterator[ErrorLog]:
    """Unhandled Op failures fail the test (a real bug would otherwise hide in a dialog)."""
    log = ErrorLog()
    monkeypatch.setattr(ops, "error_handler", log)
    yield log
    ops.wait_idle()
    assert not log.errors, f"unhandled errors in operations: {log.errors!r}"


@pytest.fixture
def state(ctx: Any, paths: Paths, admin: Any, qapp: Any) -> Iterator[Any]:
    """The app's state on a fresh real database, signed in as an admin; a fast change bus (10 ms)."""
    from desktop.ui.appstate import AppState
    from desktop.ui.bridge import ChangeBus

    app_state = AppState(paths=paths, db=ctx.db, ctx=ctx, bus=ChangeBus(interval_ms=10), actor=admin)
    yield app_state
    ops.wait_idle()
    qapp.processEvents()


@pytest.fixture
def ui_state(state: Any) -> Any:
    """The same `state` under the name the core screen tests use."""
    return state


# Demo databases for the workday tests (clerk's and mediator's), made once per session and shared.
def make_demo(folder: Path, template: Path, cases: int) -> Path:
    """A migrated database with `cases` demo cases (made once per session, copied per test)."""
    from tests.db.helpers import copy_database_folder

    paths = Paths(folder).ensure()
    copy_database_folder(template, paths)
    generate(paths.database, cases, seed=11)
    return paths.database


@pytest.fixture(scope="session")
def demo_3k(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo3k"), migrated_template, 3000)


@pytest.fixture(scope="session")
def demo_100k(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """UI_DAY_100K_DIR names a data folder already holding 100,000 demo cases (the bench's, reused)."""
    reuse = os.environ.get("UI_DAY_100K_DIR")
    if reuse and Paths(Path(reuse)).database.exists():
        return Paths(Path(reuse)).database
    return make_demo(tmp_path_factory.mktemp("demo100k"), migrated_template, 100_000)


from .watchdog import watchdog  # noqa: E402,F401  (fixture: GUI-thread blocks and window sizes per step)
