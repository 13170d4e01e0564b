"""工作台 · 今日网上预约 on the shared paged model/view (list_model.RowListModel), like the other lists: every
one of today's appointments (the old plain list stopped at 50), by time, paged off the GUI thread, the
selection kept across a refresh, and a plain note when there are none."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtWidgets import QTableView

from desktop.db.models import CountyItem
from desktop.ui.list_model import RowListModel
from desktop.ui.screens.dashboard import DashboardScreen

from .helpers import settle
from .watchdog import Watchdog

TODAY = 130  # more than a page (100) of appointments today


def insert_appointments(state: Any) -> list[str]:
    """What a pull from the county writes: 130 appointments today (every 5 minutes from 08:00, inserted out of
    order), one yesterday and one tomorrow."""
    tz = datetime.now().astimezone().tzinfo
    start = datetime.combine(datetime.now().date(), time(), tz)
    times = [start + timedelta(hours=8, minutes=5 * i) for i in range(TODAY)]
    with state.db.write() as s:
        ids: dict[datetime, str] = {}
        for at in [*times[1::2], *times[::2], start - timedelta(hours=2), start + timedelta(days=1, hours=9)]:
            item = CountyItem(kind="appointment", title="咨询宅基地", content="网上预约", village="东风村",
                              reporter="周八", contact_phone="13912345678", received_at=start - timedelta(days=1),
                              appointment_at=at)
            s.add(item)
            s.flush()
            ids[at] = str(item.id)
    return [ids[t] for t in times]


def test_appointments_are_a_paged_model_list(qtbot: Any, ui_state: Any, watchdog: Watchdog) -> None:
    expected = insert_appointments(ui_state)
    screen = DashboardScreen(ui_state)
    qtbot.addWidget(screen)
    with watchdog.step("open the dashboard"):
        screen.show()
        screen.activate()
        model = screen.appointment_model
        qtbot.waitUntil(lambda: model.rowCount() >= 100 and not model.loading, timeout=10_000)
    assert isinstance(screen.appointments, QTableView) and isinstance(model, RowListModel)
    assert screen.appointments.model() is model
    assert model.rowCount() == 100 and model.canFetchMore(model.index(-1, -1))  # a page; the rest as it scrolls
    with watchdog.step("scroll to the end"):
        screen.appointments.scrollToBottom()
        qtbot.waitUntil(lambda: model.rowCount() == TODAY and model.exhausted, timeout=10_000)
    assert [model.key(r) for r in model.rows] == expected  # only today's, by appointment time
    assert model.text(0, 0).startswith("08:00  周八  咨询宅基地  [")
    assert not screen.no_appointments.isVisibleTo(screen) and screen.appointments.isVisibleTo(screen)
    screen.appointments.selectRow(30)
    chosen = model.selected_key()
    with watchdog.step("refresh"):
        screen.refresh()
        qtbot.waitUntil(lambda: not model.loading and model.rowCount() >= 100, timeout=10_000)
        settle(qtbot)
    assert chosen == expected[30] and model.selected_key() == chosen


def test_no_appointments_today_says_so(qtbot: Any, ui_state: Any) -> None:
    screen = DashboardScreen(ui_state)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    qtbot.waitUntil(lambda: screen.no_appointments.isVisible(), timeout=5000)
    assert screen.no_appointments.text() == "今日没有网上预约"
    assert screen.appointment_model.rowCount() == 0 and not screen.appointments.isVisibleTo(screen)
