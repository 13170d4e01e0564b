"""The event loop stays responsive while a large case list filters, searches and scrolls: a 20 ms timer
is never more than 100 ms late, because the SQL runs on the Op worker, not the GUI thread.

The database holds 50,000 demo cases (UI_RESPONSIVE_CASES overrides; bench/bench_ui.py measures 1,000,000).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from desktop.config import Paths, Settings
from desktop.db.demo import generate
from desktop.db.open import open_database
from desktop.db.uow import Context
from desktop.ui.appstate import AppState
from desktop.ui.bridge import ChangeBus
from desktop.ui.screens.cases import CasesScreen
from desktop.ui.widgets import set_combo_value

from .helpers import type_text

# builds a 50,000-case database (selectable: -m 'not slow')
pytestmark = pytest.mark.slow

CASES = int(os.environ.get("UI_RESPONSIVE_CASES", "50000"))
TICK_MS = 20
MAX_LATE_MS = 100


@pytest.fixture(scope="session")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    open_database(Paths(folder).ensure()).dispose()
    generate(Paths(folder).database, CASES, seed=11)
    return folder


class LateMeter:
    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst_ms = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self.last) * 1000 - TICK_MS)
        self.last = now
        self.ticks += 1


def run_sequence(qtbot: Any, state: AppState) -> list[tuple[str, float]]:
    """Filter, search, sort and scroll a fresh list; the worst timer lateness (ms) during each step."""
    screen = CasesScreen(state)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    model = screen.model
    meter = LateMeter()
    meter.start()
    per_step: list[tuple[str, float]] = []

    def step(action: Callable[[], None], name: str) -> None:
        meter.worst_ms = 0.0
        action()
        qtbot.wait(5)
        qtbot.waitUntil(lambda: not model.loading and not screen.debounce.isActive(), timeout=30_000)
        qtbot.wait(TICK_MS * 3)
        per_step.append((name, meter.worst_ms))

    try:
        step(screen.activate, "first page")
        assert model.rowCount() > 0
        step(lambda: set_combo_value(screen.category, "邻里"), "category")
        step(lambda: set_combo_value(screen.village, "东风村"), "village")
        step(lambda: screen.overdue.setChecked(True), "overdue")
        step(screen.reset_filters, "reset")
        step(lambda: type_text(screen.search, "宅基地"), "full-text search")  # 3+ characters
        step(lambda: type_text(screen.search, "王"), "name prefix search")  # 1 character
        step(lambda: set_combo_value(screen.sort, "deadline_asc"), "sort by deadline")
        for i in range(5):
            step(screen.view.scrollToBottom, f"scroll {i + 1}")
        assert model.rowCount() >= 300
        assert meter.ticks > 20
    finally:
        meter.timer.stop()
        screen.close()
    return per_step


def test_event_loop_stays_responsive(qtbot: Any, big_folder: Path, admin: Any) -> None:
    """Work done on the GUI thread is late on every try; a scheduler hiccup on a busy machine is not.
    So a step fails only if it is late in each of up to three runs."""
    paths = Paths(big_folder)
    db = open_database(paths)
    settings = Settings(villages=["东风村", "红旗村"], township_code="220402")
    state = AppState(paths=paths, db=db, ctx=Context(db, settings), bus=ChangeBus(), actor=admin)
    best: dict[str, float] = {}
    try:
        for _ in range(3):
            for name, ms in run_sequence(qtbot, state):
                best[name] = min(best.get(name, ms), ms)
            if max(best.values()) < MAX_LATE_MS:
                break
    finally:
        db.dispose()
    report = ", ".join(f"{name} {ms:.0f}" for name, ms in best.items())
    assert max(best.values()) < MAX_LATE_MS, f"event loop blocked (best of runs, ms per step: {report})"
