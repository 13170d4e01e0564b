"""The one way the UI runs work: `Op(parent, fn).on_success(cb).on_failure(cb).run()`.

`fn` runs off the GUI thread (database work on one serial worker, so there is a single writer;
network work on its own pool so it never holds the writer). Callbacks run on the GUI thread.
A failure without a callback goes to the standard error dialog. What the operation's units of work
committed (their `Changes`) is published on the change bus before the callbacks run; screens never
name the entities a service touched.
"""

from __future__ import annotations

import gc
import itertools
import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop.db.uow import Changes, recording_changes

log = logging.getLogger(__name__)
T = TypeVar("T")

_db_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
_net_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="net")


class _Relay(QObject):
    """Carries the key of a finished operation back to the GUI thread (queued connection)."""

    finished = Signal(int)


_relay: _Relay | None = None
# Owned by the GUI thread: workers only read an entry (to get the callable) and store an outcome.
_pending: dict[int, Op[Any]] = {}
_outcomes: dict[int, tuple[bool, Any, str]] = {}
_changes: dict[int, Changes] = {}
_keys = itertools.count()


def _get_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
        _relay.finished.connect(_deliver)
    return _relay


def _execute(key: int) -> None:
    """Runs on a worker thread.

    It lets go of the callable, the result and any exception before it signals the GUI thread: the
    last reference to whatever they captured (a screen's widgets included) must die on the GUI thread.
    A Qt wrapper freed on a worker — by reference counting or by a garbage collection that happens to
    run there — destroys its C++ object on the wrong thread and crashes the process.
    """
    fn = _pending[key].fn
    with recording_changes() as changes:
        try:
            _outcomes[key] = (True, fn(), "")
        except BaseException as exc:
            _outcomes[key] = (False, exc, traceback.format_exc())
    _changes[key] = changes
    del fn
    assert _relay is not None
    _relay.finished.emit(key)


@Slot(int)
def _deliver(key: int) -> None:
    op = _pending.pop(key)
    op._outcome = _outcomes.pop(key)
    changes = _changes.pop(key, None)
    if changes is not None and (changes.entities or changes.ids) and change_sink is not None:
        change_sink(changes)  # exactly what the operation's units of work committed
    op._finish()


# Where committed changes go: the app's ChangeBus.publish (set when the bus is made).
change_sink: Callable[[Changes], None] | None = None


# Error presentation is installed by the app (desktop/ui/errors.py); tests may replace it.
error_handler: Callable[[QWidget | None, BaseException, str], None] | None = None


class Op(Generic[T]):
    def __init__(self, parent: QWidget | None, fn: Callable[[], T], network: bool = False, busy_text: str = "") -> None:
        self.parent = parent
        self.fn = fn
        self.network = network
        self.busy_text = busy_text
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._future: Future[None] | None = None
        self._key = -1
        self._outcome: tuple[bool, Any, str] | None = None

    def on_success(self, cb: Callable[[T], None]) -> Op[T]:
        self._success = cb
        return self

    def on_failure(self, cb: Callable[[BaseException], None]) -> Op[T]:
        self._failure = cb
        return self

    def run(self) -> Op[T]:
        _get_relay()
        self._key = next(_keys)
        _pending[self._key] = self
        pool = _net_pool if self.network else _db_pool
        self._future = pool.submit(_execute, self._key)
        return self

    def _finish(self) -> None:
        assert self._outcome is not None
        # A screen closed while its work ran gets no callbacks on its deleted widgets.
        if self.parent is not None and not shiboken6.isValid(self.parent):
            return
        ok, value, trace = self._outcome
        if ok:
            if self._success is not None:
                self._success(value)
            return
        if self._failure is not None:
            self._failure(value)
        elif error_handler is not None:
            error_handler(self.parent, value, trace)
        else:
            log.error("operation failed: %s", trace)

    def result_blocking(self, timeout: float = 30.0) -> T:
        """For tests and shutdown only: wait for the result off the event loop."""
        assert self._future is not None
        self._future.result(timeout)
        ok, value, _trace = self._outcome or _outcomes[self._key]
        if not ok:
            raise value
        result: T = value
        return result


def wait_idle(timeout: float = 30.0) -> None:
    """Block until queued work has run (shutdown and tests)."""
    _db_pool.submit(lambda: None).result(timeout)


def shutdown() -> None:
    _db_pool.shutdown(wait=True, cancel_futures=False)
    _net_pool.shutdown(wait=False, cancel_futures=True)


_gc_timer: QTimer | None = None


def _collect_due_generation() -> None:
    """What CPython's automatic collector would do now, by the same thresholds, but on this thread."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return


def collect_garbage_on_gui_thread(interval_ms: int = 250) -> None:
    """Run Python's cyclic garbage collector only on the GUI thread (Anki does the same).

    Left automatic, a collection can start on a worker thread and free a cycle that holds a Qt
    wrapper, deleting its C++ object on the wrong thread (a crash). Reference counting still frees
    everything that is not in a cycle immediately; the timer collects what is due, generation by
    generation, as the automatic collector would.
    """
    global _gc_timer
    if _gc_timer is not None:
        return
    gc.disable()
    _gc_timer = QTimer()
    _gc_timer.setInterval(interval_ms)
    _gc_timer.timeout.connect(_collect_due_generation)
    _gc_timer.start()


def freeze_startup_objects() -> None:
    """Move everything alive after start-up out of the collector's sight: later full collections then
    scan only what the session created, so they stay short (no event-loop stall)."""
    gc.collect()
    gc.freeze()
