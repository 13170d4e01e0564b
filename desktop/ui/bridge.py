"""Core events re-emitted as Qt signals: typed change broadcasts (coalesced) and user messages."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.db.uow import Changes

from . import ops


class ChangeBus(QObject):
    """Views connect to `changed(set_of_entities, set_of_ids)` and decide whether to refresh.

    Bursts (a sync applying thousands of records) are coalesced: at most one emission per interval.
    """

    changed = Signal(object, object)  # set[str] entities, set[str] ids
    message = Signal(str, str)  # level ("info" | "warning" | "error"), Chinese text

    def __init__(self, interval_ms: int = 150, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entities: set[str] = set()
        self._ids: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._flush)
        ops.change_sink = self.publish  # operations publish what they committed here (one bus per app)

    def publish(self, changes: Changes | None = None, entities: set[str] | None = None) -> None:
        if changes is not None:
            self._entities |= changes.entities
            self._ids |= changes.ids
        if entities:
            self._entities |= entities
        if not self._timer.isActive():
            self._timer.start()

    def flush_now(self) -> None:
        self._timer.stop()
        self._flush()

    def _flush(self) -> None:
        if not self._entities and not self._ids:
            return
        entities, ids = self._entities, self._ids
        self._entities, self._ids = set(), set()
        self.changed.emit(entities, ids)

    def info(self, text: str) -> None:
        self.message.emit("info", text)

    def warn(self, text: str) -> None:
        self.message.emit("warning", text)
