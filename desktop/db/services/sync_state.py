"""Sync bookkeeping: outbox op states, the cursor and meta keys, leases, sanity digests, drift repair.

Every function that writes is one transaction (docs/sync-engine.md)."""

from __future__ import annotations

import json

from sqlalchemy import delete, insert, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, selectinload

from desktop.domain.ids import uuid7
from desktop.domain.numbering import Series
from desktop.domain.records import Action, Entity
from desktop.sync.protocol import ids_digest

from ..engine import Database
from ..models import DEMO_DEVICE_ID, Attachment, Base, Case, CaseEvent, Meta, OutboxOp
from ..payloads import ENTITY_MODELS, to_payload
from ..uow import get_meta, set_meta
from .numbers import add_block

QUEUED, SENDING, SYNCED, REJECTED, CONFLICT = "queued", "sending", "synced", "rejected", "conflict"
SUPERSEDED = "superseded"  # a rejected/conflict op replaced by a later op, or dropped for the server's version
PENDING_STATES = (QUEUED, SENDING)  # still to be sent
UNSENT_STATES = (QUEUED, SENDING, REJECTED, CONFLICT)  # the county does not have this local change
PROBLEM_STATES = (REJECTED, CONFLICT)

CURSOR_KEY = "sync.cursor"
REMOTE_PREFIX = "remote:"  # Meta key prefix: a remote version skipped because of an unsent local change
BAD_CHANGES_KEY = "sync.bad_changes"
DISMISSED_KEY = "sync.dismissed_changes"  # quarantined pulled changes a user dismissed (sync_problems)


def has_rev(model: type[Base]) -> bool:
    return "server_rev" in sa_inspect(model).columns


def chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# --- numbers, status, sanity ------------------------------------------------------------------------


def add_lease(db: Database, series: str, year: int, start: int, end: int) -> None:
    with db.write() as s:
        add_block(s, Series(series), year, start, end)


def save_meta(db: Database, values: dict[str, str | None]) -> None:
    """Write sync bookkeeping (state, last success/error, skew, drift…) in one transaction."""
    with db.write() as s:
        for key, value in values.items():
            if value is None:
                s.execute(delete(Meta).where(Meta.key == key))
            else:
                set_meta(s, key, value)


def local_digests(s: Session) -> dict[str, tuple[int, str]]:
    """Per entity: count and ids_digest of the records the county should also have."""
    out: dict[str, tuple[int, str]] = {}
    # A pulled record a user dismissed is known to this PC and declined on purpose: not drift.
    declined: dict[str, set[str]] = {}
    for item in json.loads(get_meta(s, DISMISSED_KEY) or "[]"):
        declined.setdefault(str(item.get("entity")), set()).add(str(item.get("entity_id")))
    for entity, model in ENTITY_MODELS.items():
        if has_rev(model):
            query = select(model.id).where(model.server_rev.is_not(None))  # type: ignore[attr-defined]
        else:
            unsent = select(OutboxOp.op_id).where(
                OutboxOp.entity_id == CaseEvent.id, OutboxOp.state.in_(UNSENT_STATES)
            )
            # Demo (training) records never travel, so the county cannot have them.
            query = select(CaseEvent.id).where(~unsent.exists(), CaseEvent.device_id != DEMO_DEVICE_ID)
        ids = set(s.scalars(query)) | declined.get(entity.value, set())
        out[entity.value] = (len(ids), ids_digest(list(ids)))
    return out


# Entities the drift repair may send again. County items are made by the county: if it lacks one,
# sending the township's copy cannot restore it (the county rejects items it never created).
REPAIRABLE = tuple(e.value for e in Entity if e is not Entity.COUNTY_ITEM)


def requeue_for_repair(db: Database, entity: str, chunk: int = 500) -> int:
    """Queue again, under new op ids, every record of `entity` that this PC sent and the outbox says
    reached the county (a synced op, nothing unsent): the sanity check found the county lacks some.

    The record's server revision is forgotten, so the op goes with base_rev null. The county then
    (docs/sync-protocol.md, "How each op is decided") creates a record it lacks (rev 1), answers
    "applied" with the current rev for one it has with the same content (no new revision, nothing fed
    to other PCs), "duplicate" for an event it has, and "conflict" for one it has in another version
    (a task for a person, never an overwrite). Returns the number of ops queued."""
    if entity not in REPAIRABLE:
        return 0
    model = ENTITY_MODELS[Entity(entity)]
    action = Action.APPEND.value if model is CaseEvent else Action.UPSERT.value
    queued = 0
    with db.write() as s:
        sent = select(OutboxOp.entity_id).where(OutboxOp.entity == entity, OutboxOp.state == SYNCED)
        unsent = select(OutboxOp.entity_id).where(OutboxOp.entity == entity, OutboxOp.state.in_(UNSENT_STATES))
        ids = list(
            s.scalars(
                select(model.id).where(model.id.in_(sent), model.id.not_in(unsent)).order_by(model.id)  # type: ignore[attr-defined]
            )
        )
        for part in chunks(ids, chunk):
            query = select(model).where(model.id.in_(part))  # type: ignore[attr-defined]
            if model is Case:
                query = query.options(selectinload(Case.parties))
            rows = [
                {
                    "op_id": uuid7(),
                    "entity": entity,
                    "entity_id": obj.id,  # type: ignore[attr-defined]  # every synced model has an id
                    "action": action,
                    "payload": to_payload(obj),
                    "base_rev": None,
                    "state": QUEUED,
                    "attempts": 0,
                }
                for obj in s.scalars(query)
            ]
            if rows:
                s.execute(insert(OutboxOp), rows)
            if has_rev(model):
                s.execute(
                    update(model).where(model.id.in_(part)).values(server_rev=None)  # type: ignore[attr-defined]
                    .execution_options(synchronize_session=False)
                )
            s.expunge_all()
            queued += len(rows)
    return queued


def mark_uploaded(db: Database, sha256: str) -> None:
    """The county has this content: every attachment row with it is uploaded."""
    with db.write() as s:
        s.execute(update(Attachment).where(Attachment.sha256 == sha256).values(uploaded=True))
