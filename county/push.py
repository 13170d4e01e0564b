"""Push: validate a batch of ops and apply it in one transaction with its idempotency rows."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from county.common import (
    AO,
    REFERENCES,
    C,
    DeviceContext,
    R,
    T,
    lock_township,
)
from county.db import utcnow
from desktop.domain.records import Action, Entity
from desktop.sync.protocol import (
    MAX_BATCH_OPS,
    ApiError,
    ErrorCode,
    Op,
    OpResult,
    OpStatus,
    api_error,
    check_payload,
    op_digest,
    parse_op_canonical,
)

_PUSH_RETRIES = 5


def _rejected(raw: object, err: ApiError) -> OpResult:
    op_id = raw.get("op_id") if isinstance(raw, dict) else None
    return OpResult(
        op_id=op_id[:64] if isinstance(op_id, str) else "",
        status=OpStatus.REJECTED.value,
        code=err.code,
        field=err.field,
        message=err.message,
    )


def _check_township(ctx: DeviceContext, op: Op) -> None:
    """A record that names its township must name the device's own (empty: made before enrolment)."""
    claimed = op.payload.get("township_code")
    if claimed is not None and claimed != "" and claimed != ctx.township_code:
        raise api_error(
            ErrorCode.FORBIDDEN,
            403,
            field="payload.township_code",
            message="记录所属乡镇与本机登记的乡镇不一致",
        )


def push(engine: Engine, ctx: DeviceContext, raw_ops: object) -> list[OpResult]:
    """Apply a batch; one result per op, in order. Applied ops commit together with their idempotency rows."""
    if not isinstance(raw_ops, list):
        raise api_error(ErrorCode.INVALID_REQUEST, 400, field="ops", message="ops 应为数组")
    if len(raw_ops) > MAX_BATCH_OPS:
        raise api_error(
            ErrorCode.PAYLOAD_TOO_LARGE, 413, field="ops", message=f"一次最多提交 {MAX_BATCH_OPS} 条记录"
        )
    results: list[OpResult | None] = [None] * len(raw_ops)
    parsed: list[tuple[int, Op, str, str, str]] = []
    for i, raw in enumerate(raw_ops):
        try:
            op, canonical = parse_op_canonical(raw)
            check_payload(op.entity, op.payload)
            _check_township(ctx, op)
            pdigest = hashlib.sha256(canonical).hexdigest()  # == payload_digest(op.payload)
            parsed.append((i, op, op_digest(op, pdigest), pdigest, canonical.decode("utf-8")))
        except ApiError as err:
            results[i] = _rejected(raw, err)
        except (UnicodeEncodeError, ValueError, RecursionError):
            results[i] = _rejected(
                raw,
                api_error(ErrorCode.INVALID_OP, 422, field="payload", message="payload 含有无法识别的字符"),
            )
    if parsed:
        for attempt in range(_PUSH_RETRIES):
            try:
                with engine.begin() as conn:
                    applied = _apply_ops(conn, ctx, parsed)
                break
            except (IntegrityError, OperationalError) as exc:
                # A concurrent writer from another township inserted the same op/record id (or PostgreSQL
                # broke a deadlock): nothing was committed, so recompute the batch from fresh state.
                # SQLite's "database is locked" already waited busy_timeout: give up (503 to the client).
                sqlite_busy = isinstance(exc, OperationalError) and engine.dialect.name == "sqlite"
                if sqlite_busy or attempt == _PUSH_RETRIES - 1:
                    raise
        for i, result in applied.items():
            results[i] = result
    return [r for r in results if r is not None]


@dataclass
class _Batch:
    """What the deciders of one batch share inside its transaction."""

    ctx: DeviceContext
    seq: int  # last feed seq handed out
    ops_state: dict[str, tuple[int, str, int]]  # op_id -> (township_id, digest, rev)
    recs: dict[tuple[str, str], list[Any]]  # (entity, id) -> [township_id, rev, digest]
    now: Any  # for _bulk_insert rows
    now_dt: datetime  # for Core statements
    new_records: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    updated_records: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    op_rows: list[dict[str, Any]] = field(default_factory=list)
    change_rows: list[dict[str, Any]] = field(default_factory=list)


# A decider looks at one op (with its op digest and payload digest) and either decides it (an OpResult)
# or passes (None) to the next one; an op nobody decides is applied. docs/sync-protocol.md, "How each
# op is decided", lists the same rules in the same order.
Decider = Callable[[_Batch, Op, str, str], "OpResult | None"]


def _forbidden(op: Op, field_name: str) -> OpResult:
    err = api_error(ErrorCode.FORBIDDEN, 403, field=field_name)
    return OpResult(op.op_id, OpStatus.REJECTED.value, code=err.code, field=err.field, message=err.message)


def _known_op(b: _Batch, op: Op, digest: str, pdigest: str) -> OpResult | None:
    known = b.ops_state.get(op.op_id)
    if known is None:
        return None
    if known[0] != b.ctx.township_id:
        return _forbidden(op, "op_id")
    if known[1] == digest:
        return OpResult(op.op_id, OpStatus.DUPLICATE.value, rev=known[2])
    return OpResult(
        op.op_id,
        OpStatus.CONFLICT.value,
        rev=known[2],
        code=ErrorCode.CONFLICT.value,
        message="同一操作编号已提交过不同的内容",
    )


def _foreign_reference(b: _Batch, op: Op, digest: str, pdigest: str) -> OpResult | None:
    for name, entity in REFERENCES.items():
        value = op.payload.get(name)
        if isinstance(value, str):
            rec = b.recs.get((entity, value))
            if rec is not None and rec[0] != b.ctx.township_id:
                return _forbidden(op, f"payload.{name}")
    return None


def _foreign_record(b: _Batch, op: Op, digest: str, pdigest: str) -> OpResult | None:
    rec = b.recs.get((op.entity, op.entity_id))
    return _forbidden(op, "entity_id") if rec is not None and rec[0] != b.ctx.township_id else None


def _unchanged(b: _Batch, op: Op, digest: str, pdigest: str) -> OpResult | None:
    """Same content already stored: nothing changes and nothing is fed to other devices."""
    rec = b.recs.get((op.entity, op.entity_id))
    if rec is None or rec[2] != pdigest:
        return None
    if op.action == Action.APPEND.value:
        return OpResult(op.op_id, OpStatus.DUPLICATE.value, rev=rec[1])
    b.ops_state[op.op_id] = (b.ctx.township_id, digest, rec[1])
    b.op_rows.append(_op_row(op, b.ctx, digest, rec[1], b.now))
    return OpResult(op.op_id, OpStatus.APPLIED.value, rev=rec[1])


def _changed_meanwhile(b: _Batch, op: Op, digest: str, pdigest: str) -> OpResult | None:
    """The record exists with other content: an append of its id, or an upsert not based on its rev."""
    rec = b.recs.get((op.entity, op.entity_id))
    if rec is None or (op.action != Action.APPEND.value and op.base_rev == rec[1]):
        return None
    return OpResult(
        op.op_id,
        OpStatus.CONFLICT.value,
        rev=rec[1],
        code=ErrorCode.CONFLICT.value,
        message=f"记录已被其他设备或县平台修改（服务器版本 {rec[1]}），请先同步后再处理",
    )


def _unknown_county_item(b: _Batch, op: Op, digest: str, pdigest: str) -> OpResult | None:
    """Townships update county items; they do not make them."""
    if (op.entity, op.entity_id) in b.recs:
        return None
    return OpResult(
        op.op_id,
        OpStatus.REJECTED.value,
        code=ErrorCode.INVALID_OP.value,
        field="entity_id",
        message="县平台没有这条交办事项",
    )


_COMMON: tuple[Decider, ...] = (
    _known_op,
    _foreign_reference,
    _foreign_record,
    _unchanged,
    _changed_meanwhile,
)
DECIDERS: dict[str, tuple[Decider, ...]] = {
    **{e.value: _COMMON for e in Entity},
    Entity.COUNTY_ITEM.value: (*_COMMON, _unknown_county_item),
}


def _apply(b: _Batch, op: Op, digest: str, pdigest: str, text: str) -> OpResult:
    """Store the op: a new record gets rev 1, an update rev + 1; the change goes to the feed."""
    tid = b.ctx.township_id
    key = (op.entity, op.entity_id)
    rec = b.recs.get(key)
    rev = 1 if rec is None else rec[1] + 1
    values = {
        "rev": rev,
        "payload": text,
        "digest": pdigest,
        "updated_at": b.now,
        "updated_by": b.ctx.device_id,
    }
    if rec is None:
        b.new_records[key] = {"entity": op.entity, "entity_id": op.entity_id, "township_id": tid, **values}
        b.recs[key] = [tid, rev, pdigest]
    else:
        rec[1], rec[2] = rev, pdigest
        if key in b.new_records:
            b.new_records[key].update(values)
        else:
            b.updated_records[key] = {
                "b_entity": op.entity,
                "b_entity_id": op.entity_id,
                **values,
                "updated_at": b.now_dt,
            }
    b.seq += 1
    b.change_rows.append(
        {
            "township_id": tid,
            "seq": b.seq,
            "entity": op.entity,
            "entity_id": op.entity_id,
            "action": op.action,
            "payload": text,
            "rev": rev,
            "origin_device": b.ctx.device_id,
            "op_id": op.op_id,
            "created_at": b.now,
        }
    )
    b.ops_state[op.op_id] = (tid, digest, rev)
    b.op_rows.append(_op_row(op, b.ctx, digest, rev, b.now))
    return OpResult(op.op_id, OpStatus.APPLIED.value, rev=rev)


def _load_batch(conn: Connection, ctx: DeviceContext, parsed: list[tuple[int, Op, str, str, str]]) -> _Batch:
    """Lock the township and read what the deciders need: known op ids and the records ops touch or name."""
    seq = lock_township(conn, ctx.township_id)
    op_ids = list({op.op_id for _, op, _, _, _ in parsed})
    ops_state = {
        r.op_id: (r.township_id, r.digest, r.rev)
        for r in conn.execute(
            select(AO.c.op_id, AO.c.township_id, AO.c.digest, AO.c.rev).where(AO.c.op_id.in_(op_ids))
        )
    }
    wanted_ids = {op.entity_id for _, op, _, _, _ in parsed}
    for _, op, _, _, _ in parsed:
        for name in REFERENCES:
            value = op.payload.get(name)
            if isinstance(value, str):
                wanted_ids.add(value)
    recs = {
        (r.entity, r.entity_id): [r.township_id, r.rev, r.digest]
        for r in conn.execute(
            select(R.c.entity, R.c.entity_id, R.c.township_id, R.c.rev, R.c.digest).where(
                R.c.entity_id.in_(list(wanted_ids))
            )
        )
    }
    now_dt = utcnow()
    # SQLite rows get the text form once per batch rather than once per row in _bulk_insert.
    now = _sqlite_value(now_dt) if conn.dialect.name == "sqlite" else now_dt
    return _Batch(ctx=ctx, seq=seq, ops_state=ops_state, recs=recs, now=now, now_dt=now_dt)


def _apply_ops(
    conn: Connection, ctx: DeviceContext, parsed: list[tuple[int, Op, str, str, str]]
) -> dict[int, OpResult]:
    b = _load_batch(conn, ctx, parsed)
    out: dict[int, OpResult] = {}
    for i, op, digest, pdigest, text in parsed:
        for decide in DECIDERS[op.entity]:
            result = decide(b, op, digest, pdigest)
            if result is not None:
                break
        else:
            result = _apply(b, op, digest, pdigest, text)
        out[i] = result
    _write_batch(conn, b)
    return out


def _write_batch(conn: Connection, b: _Batch) -> None:
    if b.new_records:
        _bulk_insert(conn, R, list(b.new_records.values()))
    if b.updated_records:
        conn.execute(
            update(R)
            .where(and_(R.c.entity == bindparam("b_entity"), R.c.entity_id == bindparam("b_entity_id")))
            .values(
                rev=bindparam("rev"),
                payload=bindparam("payload"),
                digest=bindparam("digest"),
                updated_at=bindparam("updated_at"),
                updated_by=bindparam("updated_by"),
            ),
            list(b.updated_records.values()),
        )
    if b.op_rows:
        _bulk_insert(conn, AO, b.op_rows)
    if b.change_rows:
        _bulk_insert(conn, C, b.change_rows)
        conn.execute(update(T).where(T.c.id == b.ctx.township_id).values(last_seq=b.seq))


def _bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """executemany INSERT. On SQLite straight to the driver: SQLAlchemy's per-row parameter processing
    costs about as much as SQLite itself for a 500-op batch (datetimes must already be _sqlite_value
    text there). Elsewhere Core's insertmanyvalues batching."""
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    names = list(rows[0])
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    conn.exec_driver_sql(sql, [tuple(map(row.__getitem__, names)) for row in rows])


def _sqlite_value(value: Any) -> Any:
    # The same text SQLAlchemy's SQLite DateTime type writes (and parses back).
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value


def _op_row(op: Op, ctx: DeviceContext, digest: str, rev: int, now: Any) -> dict[str, Any]:
    return {
        "op_id": op.op_id,
        "township_id": ctx.township_id,
        "device_id": ctx.device_id,
        "digest": digest,
        "entity": op.entity,
        "entity_id": op.entity_id,
        "rev": rev,
        "applied_at": now,
    }
