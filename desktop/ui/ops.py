"""The one way the UI runs work: `Op(parent, fn).on_success(cb).on_failure(cb).run()`.

`fn` runs off the GUI thread (database work on one serial worker, so there is a single writer;
network work on its own pool so it never holds the writer). Callbacks run on the GUI thread.
A failure without a callback goes to the standard error dialog.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
T = TypeVar("T")

_db_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
_net_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="net")


class _Relay(QObject):
    """Carries a finished future back to the GUI thread (queued connection across threads)."""

    finished = Signal(object)


_relay: _Relay | None = None
_pending: set[Op[Any]] = set()


def _get_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
        _relay.finished.connect(_deliver)
    return _relay


@Slot(object)
def _deliver(op: Op[Any]) -> None:
    _pending.discard(op)
    op._finish()


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
        self._future: Future[T] | None = None
        self._busy_timer: QTimer | None = None
        self._trace = ""

    def on_success(self, cb: Callable[[T], None]) -> Op[T]:
        self._success = cb
        return self

    def on_failure(self, cb: Callable[[BaseException], None]) -> Op[T]:
        self._failure = cb
        return self

    def run(self) -> Op[T]:
        relay = _get_relay()
        _pending.add(self)
        pool = _net_pool if self.network else _db_pool

        def work() -> T:
            try:
                return self.fn()
            except BaseException:
                self._trace = traceback.format_exc()
                raise

        self._future = pool.submit(work)
        self._future.add_done_callback(lambda _f: relay.finished.emit(self))
        return self

    def _finish(self) -> None:
        assert self._future is not None
        # A screen closed while its work ran gets no callbacks on its deleted widgets.
        if self.parent is not None and not shiboken6.isValid(self.parent):
            return
        exc = self._future.exception()
        if exc is None:
            if self._success is not None:
                self._success(self._future.result())
            return
        if self._failure is not None:
            self._failure(exc)
        elif error_handler is not None:
            error_handler(self.parent, exc, self._trace)
        else:
            log.error("operation failed: %s", self._trace)

    def result_blocking(self, timeout: float = 30.0) -> T:
        """For tests and shutdown only: wait for the result off the event loop."""
        assert self._future is not None
        return self._future.result(timeout)


def wait_idle(timeout: float = 30.0) -> None:
    """Block until queued work has run (shutdown and tests)."""
    _db_pool.submit(lambda: None).result(timeout)


def shutdown() -> None:
    _db_pool.shutdown(wait=True, cancel_futures=False)
    _net_pool.shutdown(wait=False, cancel_futures=True)
