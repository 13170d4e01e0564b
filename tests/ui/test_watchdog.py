"""The workday watchdog itself: it catches a deliberate 300 ms block (with the stack that caused it)
and a window larger than the screen, and passes a step that only waits."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from .watchdog import Watchdog, office_screen, place_on

pytestmark = pytest.mark.ui


def busy(ms: float) -> None:
    """Work on this thread for `ms` of its own CPU time (a loaded machine stretches the wall time)."""
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def _blocking_slot() -> None:
    busy(300)


@pytest.fixture
def dog(qapp: Any) -> Any:
    d = Watchdog().start()
    yield d
    d.stop()


def test_catches_a_300_ms_block_in_test_code(qtbot: Any, dog: Watchdog) -> None:
    with dog.step("quiet"):
        qtbot.wait(200)
    with dog.step("blocked"):
        qtbot.wait(30)
        busy(300)
        qtbot.wait(30)
    assert dog.blocks["quiet"].cpu_ms < 250  # earlier tests may leave timers and garbage behind
    assert 290 <= dog.blocks["blocked"].cpu_ms <= dog.blocks["blocked"].ms + 15
    assert "test_catches_a_300_ms_block_in_test_code" in dog.blocks["blocked"].stack
    with pytest.raises(AssertionError, match=r"\[blocked\] GUI thread blocked"):
        dog.assert_ok()


def test_catches_a_blocking_slot_run_by_the_event_loop(qtbot: Any, dog: Watchdog) -> None:
    with dog.step("slot"):
        QTimer.singleShot(20, _blocking_slot)
        qtbot.wait(500)
    assert dog.blocks["slot"].cpu_ms >= 290
    assert "_blocking_slot" in dog.blocks["slot"].stack
    assert "slot" in dog.worst() and "slot" in dog.report()


def test_the_tail_of_a_step_counts(dog: Watchdog) -> None:
    with dog.step("tail"):
        busy(300)  # no event-loop spin at all before the step ends
    assert dog.blocks["tail"].cpu_ms >= 290
    assert dog.failures()


def test_a_long_wait_on_the_gui_thread_fails_by_wall_time(qtbot: Any) -> None:
    """Sleeping or waiting on a lock costs no CPU but freezes the window just the same."""
    dog = Watchdog(wall_limit_ms=200).start()
    try:
        with dog.step("short"):
            time.sleep(0.05)
            qtbot.wait(20)
        with dog.step("sleep"):
            qtbot.wait(20)
            time.sleep(0.3)
            qtbot.wait(20)
    finally:
        dog.stop()
    assert dog.blocks["sleep"].ms >= 290 and dog.blocks["sleep"].cpu_ms < 100
    assert "test_a_long_wait_on_the_gui_thread_fails_by_wall_time" in dog.blocks["sleep"].stack
    assert [f.split("]")[0] for f in dog.failures()] == ["[sleep"]


def test_window_larger_than_the_screen(qtbot: Any, dog: Watchdog) -> None:
    small, wide = office_screen(1024), office_screen(1366)
    assert (small.geometry().width(), small.geometry().height()) == (1024, 768)
    assert (wide.geometry().width(), wide.geometry().height()) == (1366, 768)
    dialog = QDialog()
    dialog.setWindowTitle("太宽")
    qtbot.addWidget(dialog)
    dialog.resize(1195, 600)
    place_on(dialog, wide)
    with dog.step("on 1366"):
        dialog.show()
        qtbot.wait(20)
    assert dog.misfits == []
    dialog.hide()
    place_on(dialog, small)
    with dog.step("on 1024"):
        dialog.show()
        qtbot.wait(20)
    assert len(dog.misfits) == 1 and "'太宽'" in str(dog.misfits[0])
    assert dog.misfits[0].frame.width() >= 1195  # the frame: the window plus its decoration
    with pytest.raises(AssertionError, match="outside the screen"):
        dog.assert_ok()
    dialog.close()


def test_fixture_passes_a_quiet_step(qtbot: Any, watchdog: Watchdog) -> None:
    with watchdog.step("wait"):
        qtbot.wait(100)
    watchdog.assert_ok()
