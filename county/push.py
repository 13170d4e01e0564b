"""Push: validate a batch of ops and apply it in one transaction with its idempotency rows."""

from __future__ import annotations

import hashlib
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


def _apply_ops(
    conn: Connection, ctx: DeviceContext, parsed: list[tuple[int, Op, str, str, str]]
) -> dict[int, OpResult]:
    tid = ctx.township_id
    seq = lock_township(conn, tid)
    op_ids = list({op.op_id for _, op, _, _, _ in parsed})
    ops_state: dict[str, tuple[int, str, int]] = {
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
    # (entity, id) -> [township_id, rev, digest]
    recs: dict[tuple[str, str], list[Any]] = {
        (r.entity, r.entity_id): [r.township_id, r.rev, r.digest]
        for r in conn.execute(
            select(R.c.entity, R.c.entity_id, R.c.township_id, R.c.rev, R.c.digest).where(
                R.c.entity_id.in_(list(wanted_ids))
            )
        )
    }
    now_dt = utcnow()  # for Core statements
    now: Any = now_dt  # for _bulk_insert rows
    if conn.dialect.name == "sqlite":
        now = _sqlite_value(now)  # once per batch rather than once per row in _bulk_insert
    out: dict[int, OpResult] = {}
    new_records: dict[tuple[str, str], dict[str, Any]] = {}
    updated_records: dict[tuple[str, str], dict[str, Any]] = {}
    op_rows: list[dict[str, Any]] = []
    change_rows: list[dict[str, Any]] = []

    def forbidden(op: Op, field: str) -> OpResult:
        err = api_error(ErrorCode.FORBIDDEN, 403, field=field)
        return OpResult(
            op.op_id, OpStatus.REJECTED.value, code=err.code, field=err.field, message=err.message
        )

    for i, op, digest, pdigest, text in parsed:
        known = ops_state.get(op.op_id)
        if known is not None:
            if known[0] != tid:
                out[i] = forbidden(op, "op_id")
            elif known[1] == digest:
                out[i] = OpResult(op.op_id, OpStatus.DUPLICATE.value, rev=known[2])
            else:
                out[i] = OpResult(
                    op.op_id,
                    OpStatus.CONFLICT.value,
                    rev=known[2],
                    code=ErrorCode.CONFLICT.value,
                    message="同一操作编号已提交过不同的内容",
                )
            continue
        bad_ref = next(
            (
                name
                for name, entity in REFERENCES.items()
                if isinstance(op.payload.get(name), str)
                and (entity, op.payload[name]) in recs
                and recs[(entity, op.payload[name])][0] != tid
            ),
            None,
        )
        if bad_ref is not None:
            out[i] = forbidden(op, f"payload.{bad_ref}")
            continue
        key = (op.entity, op.entity_id)
        rec = recs.get(key)
        if rec is not None and rec[0] != tid:
            out[i] = forbidden(op, "entity_id")
            continue
        if rec is not None and rec[2] == pdigest:
            # Same content already stored: nothing changes and nothing is fed to other devices.
            if op.action == Action.APPEND.value:
                out[i] = OpResult(op.op_id, OpStatus.DUPLICATE.value, rev=rec[1])
                continue
            out[i] = OpResult(op.op_id, OpStatus.APPLIED.value, rev=rec[1])
            ops_state[op.op_id] = (tid, digest, rec[1])
            op_rows.append(_op_row(op, ctx, digest, rec[1], now))
            continue
        if rec is not None and (op.action == Action.APPEND.value or op.base_rev != rec[1]):
            out[i] = OpResult(
                op.op_id,
                OpStatus.CONFLICT.value,
                rev=rec[1],
                code=ErrorCode.CONFLICT.value,
                message=f"记录已被其他设备或县平台修改（服务器版本 {rec[1]}），请先同步后再处理",
            )
            continue
        if rec is None and op.entity == Entity.COUNTY_ITEM.value:
            out[i] = OpResult(
                op.op_id,
                OpStatus.REJECTED.value,
                code=ErrorCode.INVALID_OP.value,
                field="entity_id",
                message="县平台没有这条交办事项",
            )
            continue
        rev = 1 if rec is None else rec[1] + 1
        values = {
            "rev": rev,
            "payload": text,
            "digest": pdigest,
            "updated_at": now,
            "updated_by": ctx.device_id,
        }
        if rec is None:
            new_records[key] = {"entity": op.entity, "entity_id": op.entity_id, "township_id": tid, **values}
            recs[key] = [tid, rev, pdigest]
        else:
            rec[1], rec[2] = rev, pdigest
            if key in new_records:
                new_records[key].update(values)
            else:
                updated_records[key] = {
                    "b_entity": op.entity,
                    "b_entity_id": op.entity_id,
                    **values,
                    "updated_at": now_dt,
                }
        seq += 1
        change_rows.append(
            {
                "township_id": tid,
                "seq": seq,
                "entity": op.entity,
                "entity_id": op.entity_id,
                "action": op.action,
                "payload": text,
                "rev": rev,
                "origin_device": ctx.device_id,
                "op_id": op.op_id,
                "created_at": now,
            }
        )
        ops_state[op.op_id] = (tid, digest, rev)
        op_rows.append(_op_row(op, ctx, digest, rev, now))
        out[i] = OpResult(op.op_id, OpStatus.APPLIED.value, rev=rev)

    if new_records:
        _bulk_insert(conn, R, list(new_records.values()))
    if updated_records:
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
            list(updated_records.values()),
        )
    if op_rows:
        _bulk_insert(conn, AO, op_rows)
    if change_rows:
        _bulk_insert(conn, C, change_rows)
        conn.execute(update(T).where(T.c.id == tid).values(last_seq=seq))
    return out


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
