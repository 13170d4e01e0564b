"""The push side of the sync: claiming outbox batches and recording the county's per-op answers.

An op is marked 'sending' before it leaves, and only a server answer moves it on (docs/sync-engine.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import String, Table, delete, exists, select, type_coerce, update
from sqlalchemy.orm import Session

from desktop.domain.records import Action, Entity
from desktop.sync.protocol import Op, OpResult, OpStatus

from ..engine import Database
from ..models import Meta, OutboxOp
from ..payloads import ENTITY_MODELS
from ..types import to_db_ts, utcnow
from .sync_state import (
    CONFLICT,
    PENDING_STATES,
    PROBLEM_STATES,
    REJECTED,
    REMOTE_PREFIX,
    SENDING,
    SUPERSEDED,
    SYNCED,
    has_rev,
)

# --- push --------------------------------------------------------------------------------------


def claim_batch(db: Database, after: str, limit: int, in_flight: frozenset[str] = frozenset()) -> list[Op]:
    """The next ops to send (oldest first, op_id > after), marked 'sending' in the same transaction.

    A batch never holds two upserts of one record: the second waits for the next batch so that its
    base_rev can be the revision the first one produced. `in_flight`: records whose upsert is in a
    batch still waiting for its answer (the engine prepares the next batch meanwhile); the batch
    stops before the first upsert of one of them, for the same reason.
    """
    with db.write() as s:
        return _claim(s, after, limit, in_flight)


def _claim(s: Session, after: str, limit: int, in_flight: frozenset[str]) -> list[Op]:
    # Plain rows, not ORM objects: nothing here is modified through the identity map. created_at
    # as its stored text (fixed-width UTC): parsing it back into a datetime was a third of the claim.
    rows = s.execute(
        select(
            OutboxOp.op_id,
            OutboxOp.entity,
            OutboxOp.entity_id,
            OutboxOp.action,
            OutboxOp.payload,
            type_coerce(OutboxOp.created_at, String).label("created_at"),
            OutboxOp.base_rev,
        )
        .where(OutboxOp.state.in_(PENDING_STATES), OutboxOp.op_id > after)
        .order_by(OutboxOp.op_id)
        .limit(limit)
    ).all()
    batch: list[Any] = []
    seen: set[str] = set()
    for row in rows:
        if row.action == Action.UPSERT.value and (row.entity_id in seen or row.entity_id in in_flight):
            break
        seen.add(row.entity_id)
        batch.append(row)
    if not batch:
        return []
    revs = _current_revs(s, batch)
    now = utcnow()
    s.execute(
        update(OutboxOp)
        .where(OutboxOp.op_id.in_([r.op_id for r in batch]))
        .values(state=SENDING, attempts=OutboxOp.attempts + 1, sent_at=now)
        .execution_options(synchronize_session=False)
    )
    return [
        Op(
            op_id=r.op_id,
            entity=r.entity,
            entity_id=r.entity_id,
            action=r.action,
            payload=r.payload,
            created_at=_wire_ts(r.created_at),
            # The record's revision as we know it now (our own earlier ops and pulls included),
            # not the one at queue time: an edit made while an earlier op was in flight is no conflict.
            base_rev=revs.get(r.entity_id, r.base_rev) if r.action == Action.UPSERT.value else None,
        )
        for r in batch
    ]


def _wire_ts(stored: str) -> str:
    """'2026-05-01 08:00:00.123456' (UTCDateTime's stored text) as ISO 8601 UTC with a Z."""
    return stored.replace(" ", "T", 1) + "Z"


def _current_revs(s: Session, ops: list[Any]) -> dict[str, int | None]:
    by_entity: dict[str, list[str]] = defaultdict(list)
    for r in ops:
        if r.action == Action.UPSERT.value:
            by_entity[r.entity].append(r.entity_id)
    revs: dict[str, int | None] = {}
    for entity, ids in by_entity.items():
        model = ENTITY_MODELS[Entity(entity)]
        if not has_rev(model):
            continue
        col = model.server_rev  # type: ignore[attr-defined]  # checked by _has_rev
        for rid, rev in s.execute(select(model.id, col).where(model.id.in_(ids))):  # type: ignore[attr-defined]
            revs[rid] = rev
    return revs


@dataclass
class PushCounts:
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    conflict: int = 0


def apply_results(db: Database, ops: list[Op], results: list[OpResult]) -> PushCounts:
    """Record the server's per-op answers in one transaction (results are in the order of `ops`)."""
    with db.write() as s:
        return _settle(s, ops, results)


def settle_and_claim(
    db: Database, ops: list[Op], results: list[OpResult], after: str, limit: int, in_flight: frozenset[str]
) -> tuple[PushCounts, list[Op]]:
    """apply_results and claim_batch in one transaction: one durable commit per batch instead of two."""
    with db.write() as s:
        counts = _settle(s, ops, results)
        return counts, _claim(s, after, limit, in_flight)


def _settle(s: Session, ops: list[Op], results: list[OpResult]) -> PushCounts:
    """The server's per-op answers (in the order of `ops`) written to the outbox and the records.

    The updates go to the SQLite driver as plain executemany: SQLAlchemy's per-row parameter handling
    cost more than SQLite's work here.
    """
    counts = PushCounts()
    now = to_db_ts(utcnow())
    done: list[tuple[Any, ...]] = []
    failed: list[tuple[Any, ...]] = []
    revs: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    applied_ids: list[tuple[str, str]] = []
    for op, res in zip(ops, results, strict=True):
        if res.status in (OpStatus.APPLIED.value, OpStatus.DUPLICATE.value):
            if res.status == OpStatus.APPLIED.value:
                counts.applied += 1
                applied_ids.append((op.entity_id, op.op_id))
            else:
                counts.duplicate += 1
            done.append((now, op.op_id))
            if res.rev is not None and op.action == Action.UPSERT.value:
                revs[op.entity].append((res.rev, op.entity_id))
        else:
            state = REJECTED if res.status == OpStatus.REJECTED.value else CONFLICT
            if state == REJECTED:
                counts.rejected += 1
            else:
                counts.conflict += 1
            failed.append(
                (
                    state,
                    now,
                    (res.code or "")[:40] or None,
                    (res.field or "")[:80] or None,
                    res.message or ("记录被县平台拒绝" if state == REJECTED else "与县平台的记录冲突"),
                    # For a conflict, keep the server's current revision: resolving "keep mine" builds on it.
                    res.rev if state == CONFLICT else None,
                    op.op_id,
                )
            )
    t = cast(Table, OutboxOp.__table__)
    conn = s.connection()
    if done:
        conn.exec_driver_sql(
            f"UPDATE {t.name} SET state = '{SYNCED}', done_at = ?, error_code = NULL, error_field = NULL, "
            "error_message = NULL WHERE op_id = ?",
            done,
        )
    if failed:
        conn.exec_driver_sql(
            f"UPDATE {t.name} SET state = ?, done_at = ?, error_code = ?, error_field = ?, error_message = ?, "
            "base_rev = coalesce(?, base_rev) WHERE op_id = ?",
            failed,
        )
    for entity, rows in revs.items():
        model = ENTITY_MODELS[Entity(entity)]
        if not has_rev(model):
            continue
        table = cast(Table, model.__table__).name
        conn.exec_driver_sql(
            f"UPDATE {table} SET server_rev = max(coalesce(server_rev, 0), ?) WHERE id = ?", rows
        )
    if applied_ids:
        # Earlier rejected/conflict ops of a record that has now reached the county are settled.
        if s.scalar(select(exists().where(t.c.state.in_(PROBLEM_STATES)))):
            conn.exec_driver_sql(
                f"UPDATE {t.name} SET state = '{SUPERSEDED}' WHERE entity_id = ? AND op_id < ? "
                f"AND state IN ('{REJECTED}', '{CONFLICT}')",
                applied_ids,
            )
        if s.scalar(select(exists().where(Meta.key.like(REMOTE_PREFIX + "%")))):
            s.execute(delete(Meta).where(Meta.key.in_([REMOTE_PREFIX + e for e, _ in applied_ids])))
    return counts
