"""The sync engine's writes: claiming outbox batches, recording push results, applying pulled pages.

Every function here is one transaction. The sync engine (desktop/sync) does the talking and calls
these; nothing else writes sync state. Rules (docs/sync-engine.md):
- an op is marked 'sending' before it leaves, and only a server answer moves it on;
- a pulled change never overwrites a record that still has an unsent local op (queued, sending,
  rejected or conflict): the local version stays and the remote one is kept aside for resolving;
- case events merge as a union by id and the case's state is refolded, never reopening a closed case;
- a pulled page and the new cursor commit together.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, cast

from sqlalchemy import Date, String, Table, delete, exists, insert, select, type_coerce, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from desktop.domain.case_flow import EVENT_LABELS, fold_status
from desktop.domain.enums import OPEN_STATUSES, CaseStatus
from desktop.domain.errors import DomainError
from desktop.domain.ids import uuid7
from desktop.domain.numbering import Series
from desktop.domain.records import Action, Entity, entity_label
from desktop.sync.protocol import Change, Op, OpResult, OpStatus, PullPage, ids_digest

from ..engine import Database
from ..models import DEMO_DEVICE_ID, Attachment, Base, Case, CaseEvent, CountyItem, Meta, OutboxOp, Party
from ..payloads import ENTITY_MODELS, apply_payload, to_payload
from ..types import UTCDateTime, to_db_ts, utcnow
from ..uow import get_meta, set_meta
from .numbers import add_block

log = logging.getLogger(__name__)

QUEUED, SENDING, SYNCED, REJECTED, CONFLICT = "queued", "sending", "synced", "rejected", "conflict"
SUPERSEDED = "superseded"  # a rejected/conflict op replaced by a later op, or dropped for the server's version
PENDING_STATES = (QUEUED, SENDING)  # still to be sent
UNSENT_STATES = (QUEUED, SENDING, REJECTED, CONFLICT)  # the county does not have this local change
PROBLEM_STATES = (REJECTED, CONFLICT)

CURSOR_KEY = "sync.cursor"
REMOTE_PREFIX = "remote:"  # Meta key prefix: a remote version skipped because of an unsent local change
BAD_CHANGES_KEY = "sync.bad_changes"

# Fields of a county item that the county owns; the rest (status, sign-off, feedback) the township owns.
COUNTY_ITEM_COUNTY_FIELDS = (
    "kind",
    "title",
    "content",
    "village",
    "reporter",
    "contact_phone",
    "appointment_at",
    "deadline_at",
    "received_at",
)


def _has_rev(model: type[Base]) -> bool:
    return "server_rev" in sa_inspect(model).columns


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
        if not _has_rev(model):
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
        if not _has_rev(model):
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


# --- pull --------------------------------------------------------------------------------------


@dataclass
class PullCounts:
    applied: int = 0
    skipped: int = 0  # kept the local version: it has an unsent change
    stale: int = 0  # older than what we have
    bad: int = 0  # could not be applied (logged by id; the sync goes on)
    cases_touched: set[str] = field(default_factory=set)


class _Bad(Exception):
    pass


def apply_pull_page(db: Database, page: PullPage, cursor_key: str = CURSOR_KEY) -> PullCounts:
    """Apply one pulled page and save its cursor, in one transaction."""
    try:
        with db.write() as s:
            counts = _apply_changes(s, page.changes, strict=True)
            set_meta(s, cursor_key, page.cursor)
            return counts
    except (SQLAlchemyError, ValueError, TypeError, KeyError, _Bad):
        log.warning("pulled page did not apply as a whole; applying change by change")
    with db.write() as s:
        counts = _apply_changes(s, page.changes, strict=False)
        set_meta(s, cursor_key, page.cursor)
        return counts


def _apply_changes(s: Session, changes: list[Change], strict: bool) -> PullCounts:
    counts = PullCounts()
    ids = list({c.entity_id for c in changes})
    unsent: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(ids, 900):
        for eid, state in s.execute(
            select(OutboxOp.entity_id, OutboxOp.state)
            .where(OutboxOp.entity_id.in_(chunk), OutboxOp.state.in_(UNSENT_STATES))
            .distinct()
        ):
            unsent[eid].add(state)
    existing: dict[str, Any] = {}
    by_entity: dict[str, list[str]] = defaultdict(list)
    for c in changes:
        by_entity[c.entity].append(c.entity_id)
    for entity, eids in by_entity.items():
        try:
            model = ENTITY_MODELS[Entity(entity)]
        except ValueError:
            continue
        for chunk in _chunks(list(set(eids)), 900):
            query = select(model).where(model.id.in_(chunk))  # type: ignore[attr-defined]
            if model is Case:
                query = query.options(selectinload(Case.parties))
            for obj in s.scalars(query):
                existing[obj.id] = obj  # type: ignore[attr-defined]  # every synced model has an id
    # New records (the bulk of a first pull) skip the ORM: collected per page, merged when a record
    # changes twice in the page, and inserted with one executemany per table. Only in strict mode: when
    # a page fails as a whole, the change-by-change retry goes through the ORM with a savepoint each.
    new: dict[str, _New] | None = {} if strict else None
    for c in changes:
        if strict:
            _apply_one(s, c, existing, unsent, counts, new)
            continue
        try:
            with s.begin_nested():
                _apply_one(s, c, existing, unsent, counts, None)
                s.flush()
        except (SQLAlchemyError, ValueError, TypeError, KeyError, _Bad) as e:
            existing.pop(c.entity_id, None)
            counts.bad += 1
            log.warning("skipped a pulled change that cannot be applied: %s %s (%s)", c.entity, c.entity_id, type(e).__name__)
            _note_bad(s, c)
    s.flush()
    if new:
        _insert_new(s, new)
    refold_cases(s, counts.cases_touched)
    return counts


@dataclass
class _New:
    """A record this page creates: its (normalised, merged) payload and revision."""

    model: type[Base]
    payload: dict[str, Any]
    rev: int


def _apply_new(c: Change, entity: Entity, model: type[Base], payload: dict[str, Any], new: dict[str, _New], counts: PullCounts) -> None:
    pending = new.get(c.entity_id)
    if entity is Entity.CASE_EVENT:
        if pending is not None:
            counts.stale += 1
            return
        if not payload.get("case_id") or _parse_time(payload.get("at")) is None or not payload.get("kind"):
            raise _Bad("incomplete event")
        new[c.entity_id] = _New(model, payload, 1)
        counts.applied += 1
        counts.cases_touched.add(str(payload["case_id"]))
        return
    if pending is None:
        new[c.entity_id] = _New(model, payload, c.rev)
    elif c.rev <= pending.rev:
        counts.stale += 1
        return
    else:
        pending.payload.update(payload)  # apply_payload semantics: keys present replace, others stay
        pending.rev = c.rev
    counts.applied += 1
    if model is Case:
        counts.cases_touched.add(str(payload.get("id") or c.entity_id))


PLAIN, UTC_TIME, DATE, PROCESSED = range(4)


@dataclass
class _Plan:
    sql: str
    columns: list[tuple[str, int, Any, Any]]  # key, kind, bind processor, column default


_PLANS: dict[type[Base], _Plan] = {}


def _plan(model: type[Base], dialect: Any) -> _Plan:
    plan = _PLANS.get(model)
    if plan is None:
        cols = list(sa_inspect(model).columns)
        table = cast(Table, model.__table__)
        columns = []
        for c in cols:
            proc = c.type.bind_processor(dialect)
            kind = UTC_TIME if isinstance(c.type, UTCDateTime) else DATE if isinstance(c.type, Date) else PROCESSED if proc else PLAIN
            columns.append((c.key, kind, proc, c.default))
        plan = _Plan(
            sql=f"INSERT INTO {table.name} ({', '.join(c.name for c in cols)}) VALUES ({', '.join('?' for _ in cols)})",
            columns=columns,
        )
        _PLANS[model] = plan
    return plan


def _db_ts(value: datetime) -> str:
    """to_db_ts for an aware UTC datetime, without strftime (a fifth of the row building)."""
    return value.isoformat(sep=" ", timespec="microseconds")[:26] if value.year >= 1000 else to_db_ts(value)


_MISSING = object()


def _db_row(plan: _Plan, data: dict[str, Any], fixed: dict[str, Any], lenient: bool = True) -> tuple[Any, ...]:
    """Column values as the database stores them, the way normalize_payload + apply_payload + a flush
    would write them. lenient (a record's own fields): a time or date that cannot be read counts as
    absent, so the column default applies; otherwise (a case's parties) it raises ValueError."""
    row: list[Any] = []
    append = row.append
    for key, kind, proc, default in plan.columns:
        if key in fixed:  # set by the caller; never a time
            value = fixed[key]
            append(proc(value) if value is not None and proc is not None else value)
            continue
        value = data.get(key, _MISSING)
        if value is None or kind == PLAIN or value is _MISSING:
            pass
        elif kind == UTC_TIME:
            if lenient:
                parsed = _parse_time(value)
                value = _MISSING if parsed is None else _db_ts(parsed)
            else:
                value = to_db_ts(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
        elif kind == DATE:
            try:
                value = date.fromisoformat(str(value)[:10] if lenient else str(value)).isoformat()
            except ValueError:
                if not lenient:
                    raise
                value = _MISSING
        else:
            value = proc(value)
        if value is _MISSING:
            if default is None:
                value = None
            else:
                value = default.arg(None) if default.is_callable else default.arg
                if value is not None:
                    value = _db_ts(value.astimezone(UTC)) if kind == UTC_TIME else proc(value) if proc is not None else value
        append(value)
    return tuple(row)


_LOCAL_ONLY = ("server_rev", "uploaded", "party_names")


def _insert_new(s: Session, new: dict[str, _New]) -> None:
    conn = s.connection()
    dialect = conn.dialect
    rows: dict[type[Base], list[tuple[Any, ...]]] = defaultdict(list)
    parties: list[tuple[Any, ...]] = []
    party_plan = _plan(Party, dialect)
    for eid, item in new.items():
        model, data = item.model, item.payload
        fixed: dict[str, Any] = {k: None for k in _LOCAL_ONLY}
        if "id" not in data:
            fixed["id"] = eid
        if model is CaseEvent:
            fixed.pop("server_rev")
            if not data.get("data"):
                fixed["data"] = {}
        else:
            fixed["server_rev"] = item.rev
        if model is Attachment:
            fixed["uploaded"] = True  # the content is on the county already
        if model is Case:
            case_id = data.get("id") or eid
            raw_parties = data.get("parties")
            names = []
            if isinstance(raw_parties, list):
                for raw in raw_parties:
                    parties.append(_db_row(party_plan, raw, {"case_id": case_id}, lenient=False))
                    names.append(raw["name"])
            fixed["party_names"] = " ".join(names)
        rows[model].append(_db_row(_plan(model, dialect), data, fixed))
    for model, values in rows.items():  # cases before parties (foreign key)
        conn.exec_driver_sql(_plan(model, dialect).sql, values)
    if parties:
        conn.exec_driver_sql(party_plan.sql, parties)


def refold_cases(s: Session, case_ids: set[str]) -> None:
    """refold_case for many cases: two queries and one executemany per 900 cases."""
    now = to_db_ts(utcnow())
    for chunk in _chunks(sorted(case_ids), 900):
        statuses = {cid: st for cid, st in s.execute(select(Case.id, Case.status).where(Case.id.in_(chunk)))}
        kinds: dict[str, list[str]] = defaultdict(list)
        for cid, kind in s.execute(
            select(CaseEvent.case_id, CaseEvent.kind)
            .where(CaseEvent.case_id.in_(chunk))
            .order_by(CaseEvent.case_id, CaseEvent.at, CaseEvent.id)
        ):
            kinds[cid].append(kind)
        changed = []
        for cid, status in statuses.items():
            folded = _folded_status(status, kinds.get(cid))
            if folded is not None:
                changed.append((folded, now, cid))
        if changed:
            s.connection().exec_driver_sql(f"UPDATE {Case.__tablename__} SET status = ?, updated_at = ? WHERE id = ?", changed)
            for obj in s.identity_map.values():  # ORM copies of these cases must not write an old status back
                if isinstance(obj, Case) and obj.id in chunk:
                    s.expire(obj, ["status", "updated_at"])


def _apply_one(
    s: Session,
    c: Change,
    existing: dict[str, Any],
    unsent: dict[str, set[str]],
    counts: PullCounts,
    new: dict[str, _New] | None,
) -> None:
    try:
        entity = Entity(c.entity)
    except ValueError:
        raise _Bad(f"unknown entity {c.entity}") from None
    model = ENTITY_MODELS[entity]
    obj = existing.get(c.entity_id)
    if obj is None and new is not None and c.entity_id not in unsent:
        # Times and dates are checked and converted when the row is built (_db_row), once.
        _apply_new(c, entity, model, _aliases(model, c.payload), new, counts)
        return
    payload = normalize_payload(model, c.payload)
    if entity is Entity.CASE_EVENT:
        if obj is None:
            ev = CaseEvent(id=c.entity_id)
            apply_payload(ev, payload)
            if not ev.case_id or ev.at is None or not ev.kind:
                raise _Bad("incomplete event")
            ev.data = ev.data or {}
            s.add(ev)
            existing[c.entity_id] = ev
            counts.applied += 1
            counts.cases_touched.add(ev.case_id)
        else:
            counts.stale += 1
        return
    if obj is None:
        obj = model(id=c.entity_id)
        _fill(s, obj, payload, new=True)
        if hasattr(obj, "uploaded"):
            obj.uploaded = True  # the content is on the county already
        obj.server_rev = c.rev  # type: ignore[attr-defined]
        s.add(obj)
        existing[c.entity_id] = obj
        counts.applied += 1
        if isinstance(obj, Case):
            counts.cases_touched.add(obj.id)
        return
    states = unsent.get(c.entity_id)
    local_rev = getattr(obj, "server_rev", None)
    if local_rev is not None and c.rev <= local_rev:
        counts.stale += 1
        return
    if states:
        if isinstance(obj, CountyItem):
            _merge_county_fields(s, obj, payload, c, states)
        _keep_aside(s, c)
        counts.skipped += 1
        return
    _fill(s, obj, payload, new=False)
    obj.server_rev = c.rev
    counts.applied += 1
    if isinstance(obj, Case):
        counts.cases_touched.add(obj.id)


def _fill(s: Session, obj: Any, payload: dict[str, Any], new: bool) -> None:
    if isinstance(obj, Case) and isinstance(payload.get("parties"), list) and not new and obj.parties:
        # Old party rows go first: the new ones reuse their ids.
        obj.parties.clear()
        s.flush()
    apply_payload(obj, payload)


def _merge_county_fields(s: Session, item: CountyItem, payload: dict[str, Any], c: Change, states: set[str]) -> None:
    """The county's fields of an item update even while the township's handling is unsent."""
    apply_payload(item, {k: v for k, v in payload.items() if k in COUNTY_ITEM_COUNTY_FIELDS})
    if states == {QUEUED}:
        # The queued handling op has not left yet: let it carry the merged record on the new revision.
        item.server_rev = c.rev
        s.flush()
        for op in s.scalars(select(OutboxOp).where(OutboxOp.entity_id == item.id, OutboxOp.state == QUEUED)):
            op.payload = to_payload(item)


def _keep_aside(s: Session, c: Change) -> None:
    set_meta(
        s,
        REMOTE_PREFIX + c.entity_id,
        json.dumps({"entity": c.entity, "rev": c.rev, "payload": c.payload}, ensure_ascii=False),
    )


def _note_bad(s: Session, c: Change) -> None:
    raw = get_meta(s, BAD_CHANGES_KEY)
    items: list[dict[str, Any]] = json.loads(raw) if raw else []
    items.append({"entity": c.entity, "entity_id": c.entity_id, "seq": c.seq})
    set_meta(s, BAD_CHANGES_KEY, json.dumps(items[-100:]))


CLOSED_STATUSES = frozenset(CaseStatus) - OPEN_STATUSES


def refold_case(s: Session, case: Case) -> None:
    """Fold the merged event log into the case's state; a closed case never goes back to an open state."""
    kinds = s.scalars(
        select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    folded = _folded_status(case.status, list(kinds))
    if folded is not None:
        case.status = folded


def _folded_status(status: str, kinds: list[str] | None) -> str | None:
    """The new status from the event log, or None to keep the current one."""
    if not kinds:
        return None  # events not here yet: keep the state the record came with
    folded = fold_status(kinds)
    try:
        current = CaseStatus(status)
    except ValueError:
        current = CaseStatus.REGISTERED
    if current in CLOSED_STATUSES and folded in OPEN_STATUSES:
        return None
    return folded.value if folded != current else None


def _aliases(model: type[Base], payload: dict[str, Any]) -> dict[str, Any]:
    """A copy of a remote payload with the county's names for county item fields mapped to ours."""
    data = dict(payload)
    if model is CountyItem:
        if "deadline" in data and "deadline_at" not in data:
            data["deadline_at"] = data.pop("deadline")
        if "issued_at" in data and "received_at" not in data:
            data["received_at"] = data.pop("issued_at")
    return data


def normalize_payload(model: type[Base], payload: dict[str, Any]) -> dict[str, Any]:
    """A remote payload made safe for apply_payload: aware ISO times, valid dates, county item aliases."""
    data = _aliases(model, payload)
    columns = sa_inspect(model).columns
    for key in list(data):
        if key not in columns:
            continue
        col_type = columns[key].type
        value = data[key]
        if value is None:
            continue
        if isinstance(col_type, UTCDateTime):
            parsed = _parse_time(value)
            if parsed is None:
                del data[key]
            else:
                data[key] = parsed.isoformat()
        elif isinstance(col_type, Date):
            try:
                date.fromisoformat(str(value)[:10])
                data[key] = str(value)[:10]
            except ValueError:
                del data[key]
    return data


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        if len(text) == 10:  # a date alone: the end of that day, local time
            return datetime.combine(date.fromisoformat(text), time(23, 59, 59)).astimezone().astimezone(UTC)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # a time without a zone is taken as local time
    return parsed.astimezone(UTC)


def _chunks(items: list[str], size: int) -> list[list[str]]:
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
    for entity, model in ENTITY_MODELS.items():
        if _has_rev(model):
            query = select(model.id).where(model.server_rev.is_not(None))  # type: ignore[attr-defined]
        else:
            unsent = select(OutboxOp.op_id).where(
                OutboxOp.entity_id == CaseEvent.id, OutboxOp.state.in_(UNSENT_STATES)
            )
            # Demo (training) records never travel, so the county cannot have them.
            query = select(CaseEvent.id).where(~unsent.exists(), CaseEvent.device_id != DEMO_DEVICE_ID)
        ids = list(s.scalars(query))
        out[entity.value] = (len(ids), ids_digest(ids))
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
        for part in _chunks(ids, chunk):
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
            if _has_rev(model):
                s.execute(
                    update(model).where(model.id.in_(part)).values(server_rev=None)  # type: ignore[attr-defined]
                    .execution_options(synchronize_session=False)
                )
            s.expunge_all()
            queued += len(rows)
    return queued


# --- problems: rejected and conflicting records --------------------------------------------------


@dataclass(frozen=True)
class ProblemRecord:
    """A record the county refused or that conflicts with the county's version: a task for a person."""

    op_id: str
    state: str  # rejected | conflict
    entity: str
    entity_id: str
    label: str  # the record in words a clerk recognises
    reason: str
    field: str | None
    code: str | None
    created_at: datetime
    has_server_version: bool  # a remote version was kept aside (conflict: "use the county's version")


def _local_time(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return str(value or "")


def record_label(s: Session, entity: str, entity_id: str, payload: dict[str, Any] | None = None) -> str:
    """"案件 220402-2026-000012" and the like: no personal data, only numbers, titles and times."""
    base = entity_label(entity)
    try:
        model = ENTITY_MODELS[Entity(entity)]
    except ValueError:
        return base
    obj: Any = s.get(model, entity_id)
    if obj is None:
        return f"{base}（本机已无此记录）"
    if entity == Entity.CASE.value:
        return f"{base} {obj.number}"
    if entity == Entity.CASE_EVENT.value:
        case = s.get(Case, obj.case_id)
        kind = EVENT_LABELS.get(obj.kind, obj.kind)
        return f"{base}：{case.number if case else ''} {kind}（{_local_time(obj.at)}）"
    if entity == Entity.RECEPTION.value:
        return f"{base}（{_local_time(obj.visited_at)}）"
    if entity == Entity.MEDIATION.value:
        return f"{base} {obj.file_number}"
    if entity == Entity.MEDIATION_RECORD.value:
        return f"{base}（{_local_time(obj.held_at)}）"
    if entity == Entity.AGREEMENT.value:
        return f"{base} {obj.number}"
    if entity == Entity.FOLLOWUP.value:
        return f"{base}（{_local_time(obj.visited_at)}）"
    if entity == Entity.COUNTY_ITEM.value:
        return f"{base}：{obj.title}"
    if entity == Entity.ATTACHMENT.value:
        return f"{base}：{obj.filename}"
    return base


FIELD_LABELS = {
    "payload.number": "编号",
    "payload.channel": "来源渠道",
    "payload.category": "类别",
    "payload.summary": "诉求摘要",
    "payload.registered_at": "登记时间",
    "payload.case_id": "所属案件",
    "payload.mediation_id": "所属调解",
    "payload.file_number": "卷号",
    "payload.terms": "协议条款",
    "payload.visited_at": "时间",
    "payload.people_count": "人数",
    "payload.title": "标题",
    "payload.sha256": "附件校验值",
}


def problem_records(s: Session, limit: int = 500) -> list[ProblemRecord]:
    rows = s.scalars(
        select(OutboxOp).where(OutboxOp.state.in_(PROBLEM_STATES)).order_by(OutboxOp.op_id).limit(limit)
    ).all()
    aside = {
        k[len(REMOTE_PREFIX) :]
        for k in s.scalars(
            select(Meta.key).where(Meta.key.in_([REMOTE_PREFIX + r.entity_id for r in rows]))
        )
    } if rows else set()
    out = []
    for r in rows:
        field_label = FIELD_LABELS.get(r.error_field or "", r.error_field)
        reason = r.error_message or ""
        if r.state == REJECTED and field_label:
            reason = f"{reason}（{field_label}）" if field_label not in reason else reason
        out.append(
            ProblemRecord(
                op_id=r.op_id,
                state=r.state,
                entity=r.entity,
                entity_id=r.entity_id,
                label=record_label(s, r.entity, r.entity_id),
                reason=reason,
                field=r.error_field,
                code=r.error_code,
                created_at=r.created_at,
                has_server_version=r.entity_id in aside,
            )
        )
    return out


def _problem_op(s: Session, op_id: str) -> OutboxOp:
    op = s.get(OutboxOp, op_id)
    if op is None:
        raise DomainError("找不到这条待处理的同步记录")
    if op.state not in PROBLEM_STATES:
        raise DomainError("这条记录已不需要处理")
    return op


def _queue_current(s: Session, op: OutboxOp) -> str:
    """Queue the record's current local state again (coalescing with an already queued op)."""
    model = ENTITY_MODELS[Entity(op.entity)]
    obj: Any = s.get(model, op.entity_id)
    if obj is None:
        raise DomainError("本机已没有这条记录，无法重新发送")
    queued = s.scalars(
        select(OutboxOp).where(OutboxOp.entity_id == op.entity_id, OutboxOp.state == QUEUED)
    ).first()
    op.state = SUPERSEDED
    if queued is not None:
        queued.payload = to_payload(obj)
        return queued.op_id
    new = OutboxOp(
        entity=op.entity,
        entity_id=op.entity_id,
        action=op.action,
        payload=to_payload(obj),
        base_rev=getattr(obj, "server_rev", None),
    )
    s.add(new)
    s.flush()
    return new.op_id


def requeue(db: Database, op_id: str) -> str:
    """Send a rejected record again as it is now (after the clerk fixed it); returns the new op id.

    For a conflict this means "keep my version" (see resolve_conflict)."""
    with db.write() as s:
        op = _problem_op(s, op_id)
        if op.state == CONFLICT:
            return _keep_local(s, op)
        return _queue_current(s, op)


def _keep_local(s: Session, op: OutboxOp) -> str:
    model = ENTITY_MODELS[Entity(op.entity)]
    obj: Any = s.get(model, op.entity_id)
    aside = get_meta(s, REMOTE_PREFIX + op.entity_id)
    server_rev = op.base_rev
    if aside:
        server_rev = max(server_rev or 0, int(json.loads(aside)["rev"]))
    if obj is not None and _has_rev(model) and server_rev is not None:
        obj.server_rev = max(obj.server_rev or 0, server_rev)
    s.execute(delete(Meta).where(Meta.key == REMOTE_PREFIX + op.entity_id))
    return _queue_current(s, op)


def resolve_conflict(db: Database, op_id: str, keep: str) -> str | None:
    """keep="local": send this PC's version over the county's; keep="server": take the county's version.

    Returns the new op id for "local", None for "server"."""
    if keep not in ("local", "server"):
        raise DomainError("请选择保留本机版本还是县平台版本")
    with db.write() as s:
        op = _problem_op(s, op_id)
        if keep == "local":
            return _keep_local(s, op)
        model = ENTITY_MODELS[Entity(op.entity)]
        obj: Any = s.get(model, op.entity_id)
        others = s.scalars(
            select(OutboxOp).where(OutboxOp.entity_id == op.entity_id, OutboxOp.state.in_(UNSENT_STATES))
        ).all()
        for other in others:
            other.state = SUPERSEDED
        aside = get_meta(s, REMOTE_PREFIX + op.entity_id)
        if aside and obj is not None:
            data = json.loads(aside)
            _fill(s, obj, normalize_payload(model, data["payload"]), new=False)
            if _has_rev(model):
                obj.server_rev = int(data["rev"])
            if isinstance(obj, Case):
                s.flush()
                refold_case(s, obj)
            s.execute(delete(Meta).where(Meta.key == REMOTE_PREFIX + op.entity_id))
        else:
            # The county's version is not here: forget our revision and pull everything again.
            if obj is not None and _has_rev(model):
                obj.server_rev = None
            set_meta(s, CURSOR_KEY, "")
        return None


def mark_uploaded(db: Database, sha256: str) -> None:
    """The county has this content: every attachment row with it is uploaded."""
    with db.write() as s:
        s.execute(update(Attachment).where(Attachment.sha256 == sha256).values(uploaded=True))
