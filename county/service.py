"""County server logic over a SQLAlchemy engine: townships, devices, push, pull, leases, sanity, county items.

Both the HTTP app and the admin CLI call these functions; they raise protocol.ApiError for anything a
client did wrong and ValueError (with a Chinese message) for bad admin input.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from county.db import as_utc, iso, utcnow
from county.models import AppliedOp, Change, Device, EnrollCode, LeaseCounter, LeaseGrant, Record, Township
from desktop.domain.numbering import FALLBACK_BASE
from desktop.domain.records import Action, Entity
from desktop.sync.protocol import (
    LEASE_MAX_YEAR,
    LEASE_MIN_YEAR,
    LEASE_SERIES,
    MAX_BATCH_OPS,
    MAX_LEASE_COUNT,
    TOWNSHIP_CODE_RE,
    ApiError,
    EnrollResponse,
    ErrorCode,
    Lease,
    Op,
    OpResult,
    OpStatus,
    SanityReport,
    api_error,
    check_payload,
    ids_digest,
    op_digest,
    parse_op_canonical,
    payload_digest,
)

T = cast(Table, Township.__table__)
D = cast(Table, Device.__table__)
EC = cast(Table, EnrollCode.__table__)
R = cast(Table, Record.__table__)
AO = cast(Table, AppliedOp.__table__)
C = cast(Table, Change.__table__)
LC = cast(Table, LeaseCounter.__table__)
LG = cast(Table, LeaseGrant.__table__)

ENROLL_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
ENROLL_CODE_LEN = 12
DEFAULT_ENROLL_TTL_HOURS = 72
MAX_DEVICE_SLOT = 98  # fallback_value uses slot % 99; slots 1..98 never collide
COUNTY_ITEM_KINDS = ("assigned", "grid_event", "appointment")
# Payload fields that point at another record; a reference into another township is forbidden.
REFERENCES = {"case_id": Entity.CASE.value, "mediation_id": Entity.MEDIATION.value}
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_PUSH_RETRIES = 5


@dataclass(frozen=True)
class DeviceContext:
    device_id: str
    township_id: int
    township_code: str


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _clean_text(value: object, field: str, max_len: int) -> str:
    """A short single-line text from a client: trimmed, encodable, no control characters."""
    if not isinstance(value, str):
        raise api_error(ErrorCode.INVALID_REQUEST, 400, field=field, message=f"{field} 应为文本")
    value = value.strip()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise api_error(
            ErrorCode.INVALID_REQUEST, 400, field=field, message=f"{field} 含有无法识别的字符"
        ) from None
    if not value or len(value) > max_len or _CONTROL_RE.search(value):
        raise api_error(
            ErrorCode.INVALID_REQUEST, 400, field=field, message=f"{field} 应为 1 到 {max_len} 个字符的文本"
        )
    return value


def _lock_township(conn: Connection, township_id: int) -> int:
    """Row-lock the township (first statement of a write transaction) and return its last feed seq."""
    row = conn.execute(
        update(T).where(T.c.id == township_id).values(last_seq=T.c.last_seq).returning(T.c.last_seq)
    ).first()
    if row is None:
        raise api_error(ErrorCode.NOT_FOUND, 404)
    return int(row[0])


# --- administration (CLI) ---------------------------------------------------------------------------


def create_township(engine: Engine, code: str, name: str, committee_name: str) -> dict[str, Any]:
    if not TOWNSHIP_CODE_RE.match(code or ""):
        raise ValueError("乡镇代码应为 2 到 20 位字母或数字")
    name, committee_name = (name or "").strip(), (committee_name or "").strip()
    if not name or not committee_name:
        raise ValueError("乡镇名称和调解委员会名称不能为空")
    if len(name) > 200 or len(committee_name) > 200:
        raise ValueError("乡镇名称和调解委员会名称不能超过 200 个字符")
    try:
        with engine.begin() as conn:
            tid = conn.execute(
                insert(T).values(
                    code=code, name=name, committee_name=committee_name, last_seq=0, created_at=utcnow()
                )
            ).inserted_primary_key
    except IntegrityError:
        raise ValueError(f"乡镇代码 {code} 已存在") from None
    assert tid is not None
    return {"id": int(tid[0]), "code": code, "name": name, "committee_name": committee_name}


def _township_by_code(conn: Connection, code: str) -> Any:
    row = conn.execute(select(T).where(T.c.code == code)).first()
    if row is None:
        raise ValueError(f"找不到乡镇代码 {code}")
    return row


def issue_enroll_code(
    engine: Engine, township_code: str, ttl_hours: float = DEFAULT_ENROLL_TTL_HOURS
) -> tuple[str, datetime]:
    """A one-time enrollment code for a township; only its hash is stored."""
    if ttl_hours <= 0:
        raise ValueError("有效期应大于 0")
    raw = "".join(secrets.choice(ENROLL_CODE_ALPHABET) for _ in range(ENROLL_CODE_LEN))
    now = utcnow()
    expires = now + timedelta(hours=ttl_hours)
    with engine.begin() as conn:
        township = _township_by_code(conn, township_code)
        conn.execute(
            insert(EC).values(
                code_hash=sha256_hex(raw), township_id=township.id, created_at=now, expires_at=expires
            )
        )
    return "-".join(raw[i : i + 4] for i in range(0, ENROLL_CODE_LEN, 4)), expires


def list_devices(engine: Engine, township_code: str | None = None) -> list[dict[str, Any]]:
    query = select(D, T.c.code).join(T, T.c.id == D.c.township_id).order_by(T.c.code, D.c.slot)
    if township_code:
        query = query.where(T.c.code == township_code)
    with engine.connect() as conn:
        return [
            {
                "device_id": r.id,
                "township_code": r.code,
                "name": r.name,
                "slot": r.slot,
                "created_at": iso(r.created_at),
                "revoked_at": iso(r.revoked_at) if r.revoked_at else None,
            }
            for r in conn.execute(query)
        ]


def revoke_device(engine: Engine, device_id: str) -> None:
    with engine.begin() as conn:
        done = conn.execute(
            update(D).where(D.c.id == device_id, D.c.revoked_at.is_(None)).values(revoked_at=utcnow())
        ).rowcount
    if done != 1:
        raise ValueError("找不到该设备，或已停用")


def _county_write(
    conn: Connection, township_id: int, entity: str, entity_id: str, action: str, payload: dict[str, Any]
) -> int:
    """Record a county-made change (origin_device None) and append it to the township's feed."""
    seq = _lock_township(conn, township_id) + 1
    now = utcnow()
    text = dumps(payload)
    existing = conn.execute(
        select(R.c.rev, R.c.township_id).where(R.c.entity == entity, R.c.entity_id == entity_id)
    ).first()
    if existing is not None and existing.township_id != township_id:
        raise ValueError("记录属于其他乡镇")
    rev = 1 if existing is None else existing.rev + 1
    values = dict(rev=rev, payload=text, digest=payload_digest(payload), updated_at=now, updated_by=None)
    if existing is None:
        conn.execute(insert(R).values(entity=entity, entity_id=entity_id, township_id=township_id, **values))
    else:
        conn.execute(update(R).where(R.c.entity == entity, R.c.entity_id == entity_id).values(**values))
    conn.execute(
        insert(C).values(
            township_id=township_id,
            seq=seq,
            entity=entity,
            entity_id=entity_id,
            action=action,
            payload=text,
            rev=rev,
            origin_device=None,
            op_id=None,
            created_at=now,
        )
    )
    conn.execute(update(T).where(T.c.id == township_id).values(last_seq=seq))
    return rev


def create_county_item(
    engine: Engine,
    township_code: str,
    kind: str,
    title: str,
    content: str = "",
    deadline: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An assigned item (交办件), grid event or online appointment sent down to a township."""
    if kind not in COUNTY_ITEM_KINDS:
        raise ValueError(f"类型应为 {'、'.join(COUNTY_ITEM_KINDS)} 之一")
    if not (title or "").strip():
        raise ValueError("标题不能为空")
    if deadline:
        try:
            datetime.fromisoformat(deadline)
        except ValueError:
            raise ValueError(
                "截止时间应为 ISO 8601 格式，例如 2026-12-31 或 2026-12-31T17:00:00+08:00"
            ) from None
    item_id = str(uuid.uuid4())
    payload: dict[str, Any] = {
        **(extra or {}),
        "kind": kind,
        "title": title.strip(),
        "content": content,
        "deadline": deadline,
        "status": "received",
        "issued_at": iso(utcnow()),
    }
    with engine.begin() as conn:
        township = _township_by_code(conn, township_code)
        _county_write(conn, township.id, Entity.COUNTY_ITEM.value, item_id, Action.UPSERT.value, payload)
    return {"id": item_id, **payload}


def add_feedback(engine: Engine, township_code: str, case_id: str, text: str) -> dict[str, Any]:
    """County feedback on an escalated case, as a case_event the township pulls."""
    try:
        case_id = str(uuid.UUID(case_id))
    except ValueError:
        raise ValueError("案件编号应为 UUID") from None
    if not (text or "").strip():
        raise ValueError("反馈内容不能为空")
    event_id = str(uuid.uuid4())
    payload = {"case_id": case_id, "kind": "county_feedback", "at": iso(utcnow()), "data": {"text": text}}
    with engine.begin() as conn:
        township = _township_by_code(conn, township_code)
        case = conn.execute(
            select(R.c.township_id).where(R.c.entity == Entity.CASE.value, R.c.entity_id == case_id)
        ).first()
        if case is None or case.township_id != township.id:
            raise ValueError("该乡镇没有这个案件")
        _county_write(conn, township.id, Entity.CASE_EVENT.value, event_id, Action.APPEND.value, payload)
    return {"id": event_id, **payload}


def township_counts(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        townships = conn.execute(select(T).order_by(T.c.code)).all()
        per_entity: dict[int, dict[str, int]] = defaultdict(dict)
        for tid, entity, n in conn.execute(
            select(R.c.township_id, R.c.entity, func.count()).group_by(R.c.township_id, R.c.entity)
        ):
            per_entity[tid][entity] = n
        devices: dict[int, int] = dict(
            conn.execute(  # type: ignore[arg-type]  # rows of (township_id, count)
                select(D.c.township_id, func.count())
                .where(D.c.revoked_at.is_(None))
                .group_by(D.c.township_id)
            ).all()
        )
    return [
        {
            "code": t.code,
            "name": t.name,
            "committee_name": t.committee_name,
            "active_devices": devices.get(t.id, 0),
            "changes": t.last_seq,
            "records": {e.value: per_entity[t.id].get(e.value, 0) for e in Entity},
        }
        for t in townships
    ]


# --- device endpoints ------------------------------------------------------------------------------


def enroll(engine: Engine, code: object, device_name: object) -> EnrollResponse:
    if not isinstance(code, str):
        raise api_error(ErrorCode.INVALID_REQUEST, 400, field="code", message="code 应为文本")
    normalized = re.sub(r"[\s-]", "", code).upper()
    name = _clean_text(device_name, "device_name", 100)
    if not re.fullmatch(r"[A-Z0-9]{8,32}", normalized):
        raise api_error(ErrorCode.ENROLL_CODE_INVALID, 403, field="code")
    now = utcnow()
    device_id = str(uuid.uuid4())
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        claimed = conn.execute(
            update(EC)
            .where(EC.c.code_hash == sha256_hex(normalized), EC.c.used_at.is_(None), EC.c.expires_at > now)
            .values(used_at=now, device_id=device_id)
            .returning(EC.c.township_id)
        ).first()
        if claimed is None:
            raise api_error(ErrorCode.ENROLL_CODE_INVALID, 403, field="code")
        tid = int(claimed[0])
        _lock_township(conn, tid)
        township = conn.execute(select(T).where(T.c.id == tid)).one()
        used = {s for (s,) in conn.execute(select(D.c.slot).where(D.c.township_id == tid))}
        free = [s for s in range(1, MAX_DEVICE_SLOT + 1) if s not in used]
        # Past 98 devices (revoked ones keep their slot) slots wrap; numbers then rely on leases.
        slot = free[0] if free else max(used) + 1
        conn.execute(
            insert(D).values(
                id=device_id,
                township_id=tid,
                name=name,
                token_hash=sha256_hex(token),
                slot=slot,
                created_at=now,
            )
        )
    return EnrollResponse(
        device_id=device_id,
        token=token,
        township_code=township.code,
        township_name=township.name,
        committee_name=township.committee_name,
        device_slot=slot,
    )


def authenticate(engine: Engine, authorization: str | None) -> DeviceContext:
    if not authorization or not authorization.startswith("Bearer "):
        raise api_error(ErrorCode.UNAUTHORIZED, 401)
    token = authorization[len("Bearer ") :].strip()
    if not token or len(token) > 200:
        raise api_error(ErrorCode.UNAUTHORIZED, 401)
    with engine.connect() as conn:
        row = conn.execute(
            select(D.c.id, D.c.township_id, D.c.revoked_at, T.c.code)
            .join(T, T.c.id == D.c.township_id)
            .where(D.c.token_hash == sha256_hex(token))
        ).first()
    if row is None:
        raise api_error(ErrorCode.UNAUTHORIZED, 401)
    if row.revoked_at is not None:
        raise api_error(ErrorCode.DEVICE_REVOKED, 401)
    return DeviceContext(device_id=row.id, township_id=row.township_id, township_code=row.code)


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
    seq = _lock_township(conn, tid)
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


# --- pull ------------------------------------------------------------------------------------------

_CURSOR_PREFIX = "c1."


def encode_cursor(township_id: int, seq: int) -> str:
    raw = f"{township_id}:{seq}".encode()
    return _CURSOR_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, township_id: int) -> int:
    """The seq a cursor stands for; "" or None = the start of the feed."""
    if not cursor:
        return 0
    bad = api_error(ErrorCode.CURSOR_INVALID, 400, field="cursor")
    if len(cursor) > 100 or not cursor.startswith(_CURSOR_PREFIX):
        raise bad
    body = cursor[len(_CURSOR_PREFIX) :]
    try:
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")
    except (binascii.Error, ValueError):
        raise bad from None
    m = re.fullmatch(r"(\d{1,12}):(\d{1,18})", text)
    if m is None or int(m.group(1)) != township_id:
        raise bad
    return int(m.group(2))


def pull(engine: Engine, ctx: DeviceContext, cursor: str | None, limit: int) -> bytes:
    """One page of the township's feed after `cursor`, already serialised (payloads are stored as JSON)."""
    after = decode_cursor(cursor, ctx.township_id)
    with engine.connect() as conn:
        head = conn.execute(select(T.c.last_seq).where(T.c.id == ctx.township_id)).scalar_one()
        if after > head:
            # The cursor points past the feed: the server was restored from an older backup. Start over.
            raise api_error(ErrorCode.CURSOR_INVALID, 400, field="cursor")
        rows = conn.execute(
            select(
                C.c.seq,
                C.c.entity,
                C.c.entity_id,
                C.c.action,
                C.c.payload,
                C.c.rev,
                C.c.origin_device,
                C.c.op_id,
            )
            .where(
                C.c.township_id == ctx.township_id,
                C.c.seq > after,
                or_(C.c.origin_device.is_(None), C.c.origin_device != ctx.device_id),
            )
            .order_by(C.c.seq)
            .limit(limit + 1)
        ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    if has_more:
        last = rows[-1].seq
    else:
        # Nothing more visible: jump to the head so the device's own trailing ops are not rescanned.
        last = max(head, rows[-1].seq if rows else after)
    parts = [
        f'{{"seq":{r.seq},"entity":{json.dumps(r.entity)},"entity_id":{json.dumps(r.entity_id)},'
        f'"action":{json.dumps(r.action)},"payload":{r.payload},"rev":{r.rev},'
        f'"origin_device":{json.dumps(r.origin_device)},"op_id":{json.dumps(r.op_id)}}}'
        for r in rows
    ]
    cursor_json = json.dumps(encode_cursor(ctx.township_id, last))
    body = f'{{"changes":[{",".join(parts)}],"cursor":{cursor_json},"has_more":{"true" if has_more else "false"}}}'
    return body.encode("utf-8")


# --- leases and sanity ------------------------------------------------------------------------------


def lease(engine: Engine, ctx: DeviceContext, data: object) -> Lease:
    if not isinstance(data, dict):
        raise api_error(ErrorCode.INVALID_REQUEST, 400)
    series, year, count = data.get("series"), data.get("year"), data.get("count")
    if series not in LEASE_SERIES:
        raise api_error(
            ErrorCode.INVALID_REQUEST, 400, field="series", message="series 应为 case、file 或 agreement"
        )
    if not isinstance(year, int) or isinstance(year, bool) or not LEASE_MIN_YEAR <= year <= LEASE_MAX_YEAR:
        raise api_error(
            ErrorCode.INVALID_REQUEST,
            400,
            field="year",
            message=f"year 应为 {LEASE_MIN_YEAR} 到 {LEASE_MAX_YEAR} 的整数",
        )
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_LEASE_COUNT:
        raise api_error(
            ErrorCode.INVALID_REQUEST, 400, field="count", message=f"count 应为 1 到 {MAX_LEASE_COUNT} 的整数"
        )
    assert isinstance(series, str)
    with engine.begin() as conn:
        _lock_township(conn, ctx.township_id)  # serialises leases of one township on both databases
        key = and_(LC.c.township_id == ctx.township_id, LC.c.series == series, LC.c.year == year)
        current = conn.execute(select(LC.c.next_value).where(key)).scalar()
        start = 1 if current is None else int(current)
        end = start + count - 1
        if end >= FALLBACK_BASE:
            raise api_error(ErrorCode.LEASE_EXHAUSTED, 409, field="count")
        if current is None:
            conn.execute(
                insert(LC).values(township_id=ctx.township_id, series=series, year=year, next_value=end + 1)
            )
        else:
            conn.execute(update(LC).where(key).values(next_value=end + 1))
        conn.execute(
            insert(LG).values(
                township_id=ctx.township_id,
                device_id=ctx.device_id,
                series=series,
                year=year,
                start=start,
                end=end,
                created_at=utcnow(),
            )
        )
    return Lease(series=series, year=year, start=start, end=end)


def sanity(engine: Engine, ctx: DeviceContext) -> SanityReport:
    ids: dict[str, list[str]] = {e.value: [] for e in Entity}
    with engine.connect() as conn:
        for entity, entity_id in conn.execute(
            select(R.c.entity, R.c.entity_id).where(R.c.township_id == ctx.township_id)
        ):
            ids.setdefault(entity, []).append(entity_id)
    return SanityReport(
        township_code=ctx.township_code,
        counts={e: len(v) for e, v in ids.items()},
        digests={e: ids_digest(v) for e, v in ids.items()},
    )


def enroll_code_expiry(engine: Engine, code: str) -> datetime | None:
    """For tests and the CLI: when a (normalised) code expires, None if unknown."""
    normalized = re.sub(r"[\s-]", "", code).upper()
    with engine.connect() as conn:
        value = conn.execute(select(EC.c.expires_at).where(EC.c.code_hash == sha256_hex(normalized))).scalar()
    return as_utc(value) if value else None
