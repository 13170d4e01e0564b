"""The unit of work: a change, its case event, its audit entry and its outbox op commit together."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import MANYTOONE, ONETOMANY, Session, make_transient_to_detached

from desktop.config import Settings
from desktop.domain.accounts import Permission, require
from desktop.domain.enums import Role
from desktop.domain.ids import uuid7
from desktop.domain.records import Action, Entity

from . import rowplan
from .engine import Database
from .models import DEMO_DEVICE_ID, AuditEntry, Base, Case, CaseEvent, Mediation, Meta, OutboxOp
from .payloads import MODEL_ENTITIES, to_payload
from .types import utcnow


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, or the system (sync, demo data, import)."""

    username: str
    display_name: str
    role: Role

    def require(self, permission: Permission) -> None:
        require(self.role, permission)


SYSTEM = Actor("system", "系统", Role.ADMIN)


OUTBOX = "outbox"  # the pseudo-entity views watch for the 待发送 count


@dataclass
class Changes:
    """What a write touched, for views to decide whether to refresh (STYLE habit 5)."""

    entities: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def note(self, entity: str, entity_id: str) -> None:
        self.entities.add(entity)
        self.ids.add(entity_id)


_recording = threading.local()


@contextmanager
def recording_changes() -> Iterator[Changes]:
    """Collect the `Changes` of every unit of work committed on this thread while the block runs.

    The UI's op runner wraps each operation in this and publishes exactly what was committed (as
    Anki's OpChanges), so no screen names the entities a service touched."""
    outer: Changes | None = getattr(_recording, "changes", None)
    changes = Changes()
    _recording.changes = changes
    try:
        yield changes
    finally:
        _recording.changes = outer
        if outer is not None:
            outer.entities |= changes.entities
            outer.ids |= changes.ids


def _committed(changes: Changes) -> None:
    target: Changes | None = getattr(_recording, "changes", None)
    if target is not None:
        target.entities |= changes.entities
        target.ids |= changes.ids


class UnitOfWork:
    """Collects one transaction's change, events, audit entries and outbox ops."""

    def __init__(self, session: Session, actor: Actor, device_id: str, queue_ops: bool = True) -> None:
        self.session = session
        self.actor = actor
        self.device_id = device_id
        self.queue_ops = queue_ops
        self.changes = Changes()

    def audit(self, action: str, entity: str, entity_id: str) -> None:
        # Core inserts for the bookkeeping rows (audit, outbox, events): they are written at once, in
        # order, without the ORM's per-object unit-of-work cost (docs/perf/db.md, the write path).
        rowplan.insert_rows(self.session, AuditEntry, [
            {"id": uuid7(), "at": utcnow(), "actor": self.actor.username, "action": action, "entity": entity,
             "entity_id": entity_id},
        ])

    def save(self, obj: Base, action: str) -> None:
        """Persist a record, audit it and queue its current state for the county."""
        new = obj not in self.session or obj in self.session.new
        if obj not in self.session and _insertable(obj):
            _insert_new(self.session, obj)
        else:
            self.session.add(obj)
            self.session.flush()
        entity = MODEL_ENTITIES[type(obj)]
        obj_id: str = obj.id  # type: ignore[attr-defined]  # every synced model has a UUID id
        self.audit(action, entity.value, obj_id)
        self.changes.note(entity.value, obj_id)
        if self.queue_ops and not self._training(obj):
            self._queue_upsert(entity, obj_id, to_payload(obj), getattr(obj, "server_rev", None), new)
            self.changes.entities.add(OUTBOX)

    def event(self, case_id: str, kind: str, data: dict[str, Any] | None = None, at: datetime | None = None) -> CaseEvent:
        """Append an entry to a case's history and queue it (events merge as a union on the county)."""
        now = utcnow()
        return self.add_event(CaseEvent(id=uuid7(), case_id=case_id, kind=kind, at=at or now,
                                        actor=self.actor.display_name, data=data or {},
                                        device_id=self.device_id, created_at=now))

    def add_event(self, ev: CaseEvent) -> CaseEvent:
        """Append a made event (a new one, or one carried over from an exchange file with its id) and queue it.

        The row is written with a Core insert; `ev` stays a detached object outside the session."""
        ev.id = ev.id or uuid7()
        ev.created_at = ev.created_at or utcnow()
        ev.actor, ev.data, ev.device_id = ev.actor or "", ev.data or {}, ev.device_id or ""
        event_id = ev.id
        rowplan.insert_rows(self.session, CaseEvent, [{c: getattr(ev, c) for c in _EVENT_COLUMNS}])
        self.audit(f"event:{ev.kind}", Entity.CASE_EVENT.value, event_id)
        self.changes.note(Entity.CASE_EVENT.value, ev.case_id)
        if self.queue_ops and not self._training(ev):
            self.changes.entities.add(OUTBOX)
            self._queue(Entity.CASE_EVENT, event_id, Action.APPEND, to_payload(ev))
        return ev

    def _training(self, obj: Any) -> bool:
        """Demo (training) data never travels: the record is a demo one or belongs to a demo case."""
        if getattr(obj, "device_id", None) == DEMO_DEVICE_ID:
            return True
        case_id = getattr(obj, "case_id", None)
        mediation_id = getattr(obj, "mediation_id", None)
        if case_id is None and mediation_id is not None:
            mediation = self.session.get(Mediation, mediation_id)
            case_id = mediation.case_id if mediation is not None else None
        if case_id is None:
            return False
        case = self.session.get(Case, case_id)
        return case is not None and case.device_id == DEMO_DEVICE_ID

    def _queue(self, entity: Entity, entity_id: str, action: Action, payload: dict[str, Any],
               base_rev: int | None = None) -> None:
        rowplan.insert_rows(self.session, OutboxOp, [
            {"op_id": uuid7(), "entity": entity.value, "entity_id": entity_id, "action": action.value,
             "payload": payload, "base_rev": base_rev, "state": "queued", "attempts": 0, "created_at": utcnow()},
        ])

    def _queue_upsert(self, entity: Entity, entity_id: str, payload: dict[str, Any], base_rev: int | None,
                      new: bool = False) -> None:
        # A change not yet sent is replaced rather than queued twice: the county only needs the latest.
        # A record inserted just now has no op yet: no look-up.
        if not new:
            pending = self.session.execute(
                select(_OUTBOX.c.op_id).where(
                    _OUTBOX.c.entity_id == entity_id, _OUTBOX.c.state == "queued",
                    _OUTBOX.c.action == Action.UPSERT.value,
                ).limit(1)
            ).scalar()
            if pending is not None:
                self.session.execute(update(_OUTBOX).where(_OUTBOX.c.op_id == pending).values(payload=payload))
                return
        self._queue(entity, entity_id, Action.UPSERT, payload, base_rev)


def _insertable(obj: Base) -> bool:
    """A new record the fast path can write: its only relationships are collections of new children
    (a case's parties) whose own only relationship points back at it."""
    for rel in sa_inspect(type(obj)).relationships:
        if rel.direction is not ONETOMANY or not rel.uselist:
            return False
        for child in obj.__dict__.get(rel.key, []):
            if sa_inspect(child).key is not None or any(
                r.direction is not MANYTOONE for r in sa_inspect(type(child)).relationships
            ):
                return False
    return True


def _row(obj: Base) -> dict[str, Any]:
    """The INSERT values of a new record, its Python-side column defaults filled in on the object too
    (as a flush would), so the payload queued for the county is the row as stored."""
    values: dict[str, Any] = {}
    state = obj.__dict__
    for prop in sa_inspect(type(obj)).column_attrs:
        column = prop.columns[0]
        value = state.get(prop.key)
        default = column.default
        if value is None and default is not None:  # as the ORM does: a None with a default takes the default
            value = default.arg(None) if default.is_callable else default.arg
            setattr(obj, prop.key, value)
        elif prop.key not in state:
            # Every column gets its stored value on the object: an attribute left unset would be expired
            # once the object is attached, and the payload's read of it would SELECT the row back.
            setattr(obj, prop.key, value)
        values[column.key] = value
    return values


def _insert_new(session: Session, obj: Base) -> None:
    """Write a new record and its child collections with Core inserts, then attach it to the session as
    persistent (a later change to it in this transaction is an ordinary ORM update)."""
    mapper = sa_inspect(type(obj))
    rowplan.insert_rows(session, type(obj), [_row(obj)])
    children: list[Base] = []
    for rel in mapper.relationships:
        items = list(obj.__dict__.get(rel.key, []))
        if not items:
            continue
        for item in items:
            for local, remote in rel.local_remote_pairs or ():
                setattr(item, str(remote.key), getattr(obj, str(local.key)))
        rowplan.insert_rows(session, type(items[0]), [_row(i) for i in items])
        children += items
    for item in children:
        make_transient_to_detached(item)
    make_transient_to_detached(obj)
    session.add(obj)


_AUDIT = cast(Table, AuditEntry.__table__)
_OUTBOX = cast(Table, OutboxOp.__table__)
_EVENTS = cast(Table, CaseEvent.__table__)
_EVENT_COLUMNS = ("id", "case_id", "kind", "at", "actor", "data", "device_id", "created_at")


def get_meta(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Meta, key)
    return row.value if row is not None else default


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


class Context:
    """What services need: the database, the settings and this PC's identity."""

    def __init__(self, db: Database, settings: Settings, settings_path: Any = None) -> None:
        self.db = db
        self.settings = settings
        self.settings_path = settings_path
        self.device_id = self._device_id()

    def _device_id(self) -> str:
        from desktop.domain.ids import uuid7

        with self.db.write() as session:
            value = get_meta(session, "device_id")
            if value is None:
                value = uuid7()
                set_meta(session, "device_id", value)
            return value

    @contextmanager
    def unit(self, actor: Actor, queue_ops: bool = True) -> Iterator[UnitOfWork]:
        with unit_of_work(self.db, actor, self.device_id, queue_ops) as uow:
            yield uow


@contextmanager
def unit_of_work(db: Database, actor: Actor = SYSTEM, device_id: str = "",
                 queue_ops: bool = True) -> Iterator[UnitOfWork]:
    """One unit of work on `db`: its `Changes` reach `recording_changes` (the op runner) once it commits.

    `Context.unit` is this with the PC's identity. Services that get only a `Database` (the sync
    problem list's resolutions) use it directly, with `queue_ops=False` as they write the outbox
    themselves, and `uow.changes.note(...)` what they touched outside `save`."""
    with db.write() as session:
        uow = UnitOfWork(session, actor, device_id, queue_ops)
        yield uow
    _committed(uow.changes)  # only once the transaction committed (an exception skips this)
