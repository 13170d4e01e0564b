"""The pull side of the sync: applying a pulled page, with a bulk writer for new records.

Rules (docs/sync-engine.md):
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
from typing import Any

from sqlalchemy import Date, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, selectinload

from desktop.domain.case_flow import fold_status
from desktop.domain.enums import OPEN_STATUSES, RESOLVED_STATUSES, CaseStatus
from desktop.domain.records import Entity
from desktop.sync.protocol import Change, PullPage, change_problem

from ..engine import Database
from ..models import Attachment, Base, Case, CaseEvent, CountyItem, OutboxOp, Party
from ..payloads import ENTITY_MODELS, apply_payload, to_payload
from ..rowplan import DATE, PLAIN, UTC_TIME, InsertPlan, insert_plan
from ..types import UTCDateTime, to_db_ts, utcnow
from ..uow import get_meta, set_meta
from .sync_state import BAD_CHANGES_KEY, CURSOR_KEY, QUEUED, REMOTE_PREFIX, UNSENT_STATES, chunks

log = logging.getLogger(__name__)

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
    except Exception as e:  # whatever one change breaks, the others still apply below
        log.warning("pulled page did not apply as a whole (%s); applying change by change", type(e).__name__)
    with db.write() as s:
        counts = _apply_changes(s, page.changes, strict=False)
        set_meta(s, cursor_key, page.cursor)
        return counts


def _apply_changes(s: Session, changes: list[Change], strict: bool) -> PullCounts:
    counts = PullCounts()
    ids = list({c.entity_id for c in changes})
    unsent: dict[str, set[str]] = defaultdict(set)
    for chunk in chunks(ids, 900):
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
        for chunk in chunks(list(set(eids)), 900):
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
        problem = change_problem(c)  # the protocol's bounds, as the county checks them on push
        if problem is not None:
            counts.bad += 1
            log.warning("set aside a pulled change: %s %s (%s)", c.entity, c.entity_id, problem)
            _note_bad(s, c, problem)
            continue
        if strict:
            _apply_one(s, c, existing, unsent, counts, new)
            continue
        try:
            with s.begin_nested():
                _apply_one(s, c, existing, unsent, counts, None)
                s.flush()
        except Exception as e:  # quarantine this one change, apply the rest
            existing.pop(c.entity_id, None)
            counts.bad += 1
            log.warning("skipped a pulled change that cannot be applied: %s %s (%s)", c.entity, c.entity_id, type(e).__name__)
            _note_bad(s, c, _write_failure(e, c))
    s.flush()
    if new:
        _insert_new(s, new)
    refold_cases(s, counts.cases_touched)
    return counts


_NUMBER_FIELDS = {"cases.number": ("number", "案件编号"), "mediations.file_number": ("file_number", "卷号"),
                  "agreements.number": ("number", "协议编号")}


def _write_failure(e: Exception, c: Change) -> str:
    """Why a pulled change could not be written, for the sync problem list; a duplicate number by name."""
    text = str(getattr(e, "orig", e))
    for column, (key, label) in _NUMBER_FIELDS.items():
        if "UNIQUE" in text and column in text:
            return f"{label} {c.payload.get(key, '')} 与本机已有的记录重复，需要更正其中一条的编号"
    return f"本机无法写入（{type(e).__name__}）"


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


def _db_ts(value: datetime) -> str:
    """to_db_ts for an aware UTC datetime, without strftime (a fifth of the row building)."""
    return value.isoformat(sep=" ", timespec="microseconds")[:26] if value.year >= 1000 else to_db_ts(value)


_MISSING = object()


def _db_row(plan: InsertPlan, data: dict[str, Any], fixed: dict[str, Any], lenient: bool = True) -> tuple[Any, ...]:
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
    party_plan = insert_plan(Party, dialect)
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
        rows[model].append(_db_row(insert_plan(model, dialect), data, fixed))
    for model, values in rows.items():  # cases before parties (foreign key)
        conn.exec_driver_sql(insert_plan(model, dialect).sql, values)
    if parties:
        conn.exec_driver_sql(party_plan.sql, parties)


def refold_cases(s: Session, case_ids: set[str]) -> None:
    """refold_case for many cases: two queries and one executemany per 900 cases."""
    now = to_db_ts(utcnow())
    for chunk in chunks(sorted(case_ids), 900):
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
        fill_from_payload(s, obj, payload, new=True)
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
    fill_from_payload(s, obj, payload, new=False)
    obj.server_rev = c.rev
    counts.applied += 1
    if isinstance(obj, Case):
        counts.cases_touched.add(obj.id)


def fill_from_payload(s: Session, obj: Any, payload: dict[str, Any], new: bool) -> None:
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


def _note_bad(s: Session, c: Change, reason: str) -> None:
    """Quarantine a pulled change: it stays out of the records and is listed as a sync problem with its
    reason (the last 100; no payload is kept, only what identifies the change)."""
    raw = get_meta(s, BAD_CHANGES_KEY)
    items: list[dict[str, Any]] = json.loads(raw) if raw else []
    items.append(
        {
            "entity": str(c.entity)[:40],
            "entity_id": str(c.entity_id)[:40],
            "seq": c.seq if isinstance(c.seq, int) else None,
            "op_id": str(c.op_id)[:40] if c.op_id else None,
            "reason": reason,
            "at": utcnow().isoformat(),
        }
    )
    set_meta(s, BAD_CHANGES_KEY, json.dumps(items[-100:], ensure_ascii=False))


def quarantined_changes(s: Session) -> list[dict[str, Any]]:
    """The pulled changes set aside by _note_bad, oldest first."""
    raw = get_meta(s, BAD_CHANGES_KEY)
    try:
        items = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [i for i in items if isinstance(i, dict)]


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
    if current in RESOLVED_STATUSES and folded in OPEN_STATUSES:
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
