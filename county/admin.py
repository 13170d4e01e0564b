"""County administration (the admin CLI): townships, enrolment codes, devices, county items, feedback."""

from __future__ import annotations

import logging
import re
import secrets
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from county.common import (
    AL,
    COUNTY_ITEM_KINDS,
    DEFAULT_ENROLL_TTL_HOURS,
    EC,
    ENROLL_CODE_ALPHABET,
    ENROLL_CODE_LEN,
    MAX_ENROLL_TTL_HOURS,
    C,
    D,
    R,
    T,
    dumps,
    lock_township,
    sha256_hex,
)
from county.db import iso, utcnow
from desktop.domain.records import Action, Entity
from desktop.sync.protocol import (
    TOWNSHIP_CODE_RE,
    ApiError,
    check_bounds,
    check_payload,
    loads,
    payload_digest,
)

log = logging.getLogger("county")


def create_township(engine: Engine, code: str, name: str, committee_name: str, training: bool = False) -> dict[str, Any]:
    """A township; `training` marks one for practice PCs holding demo data (the only kind that takes them)."""
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
                    code=code, name=name, committee_name=committee_name, last_seq=0, created_at=utcnow(),
                    training=training,
                )
            ).inserted_primary_key
    except IntegrityError:
        raise ValueError(f"乡镇代码 {code} 已存在") from None
    assert tid is not None
    return {"id": int(tid[0]), "code": code, "name": name, "committee_name": committee_name, "training": training}


def _township_by_code(conn: Connection, code: str) -> Any:
    row = conn.execute(select(T).where(T.c.code == code)).first()
    if row is None:
        raise ValueError(f"找不到乡镇代码 {code}")
    return row


def issue_enroll_code(
    engine: Engine, township_code: str, ttl_hours: float = DEFAULT_ENROLL_TTL_HOURS
) -> tuple[str, datetime]:
    """A one-time enrollment code for a township; only its hash is stored."""
    if not 0 < ttl_hours <= MAX_ENROLL_TTL_HOURS:  # also refuses NaN and infinity
        raise ValueError(
            f"有效期应大于 0 小时且不超过 {MAX_ENROLL_TTL_HOURS} 小时（{MAX_ENROLL_TTL_HOURS // 24} 天）"
        )
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
                "last_used_at": iso(r.last_used_at) if r.last_used_at else None,
                "last_address": r.last_address,
                "token_issued_at": iso(r.token_issued_at) if r.token_issued_at else None,
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
    seq = lock_township(conn, township_id) + 1
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


def _record_problem(entity: str, payload_text: str) -> str | None:
    """Why a stored record breaks the protocol's rules today (a field path or "payload"), or None."""
    try:
        payload = loads(payload_text)
    except ValueError:
        return "payload"
    if not isinstance(payload, dict):
        return "payload"
    field = check_bounds(payload)
    if field is not None:
        return field
    try:
        check_payload(entity, payload)
    except ApiError as err:
        return err.field or "payload"
    except ValueError:
        return "entity"
    return None


def bad_records(engine: Engine, township_code: str) -> list[dict[str, Any]]:
    """A township's stored records that other devices cannot take (stored before the bounds existed, or
    written by hand): entity, id, revision, the device that wrote it and the offending field."""
    out = []
    with engine.connect() as conn:
        township = _township_by_code(conn, township_code)
        rows = conn.execute(
            select(R.c.entity, R.c.entity_id, R.c.rev, R.c.payload, R.c.updated_by, R.c.updated_at)
            .where(R.c.township_id == township.id)
            .order_by(R.c.entity, R.c.entity_id)
        )
        for r in rows:
            field = _record_problem(r.entity, r.payload)
            if field is not None:
                out.append(
                    {
                        "entity": r.entity,
                        "entity_id": r.entity_id,
                        "rev": r.rev,
                        "field": field,
                        "updated_by": r.updated_by,
                        "updated_at": iso(r.updated_at),
                    }
                )
    return out


def withdraw_record(engine: Engine, township_code: str, entity: str, entity_id: str) -> int:
    """Take a bad record out of the county: its row and every feed entry carrying it. Devices that pull
    afterwards never see it; its applied-op rows stay, so a device re-sending the same op gets
    "duplicate" rather than storing it again. Returns the number of feed entries removed."""
    with engine.begin() as conn:
        township = _township_by_code(conn, township_code)
        lock_township(conn, township.id)
        key = (R.c.entity == entity) & (R.c.entity_id == entity_id) & (R.c.township_id == township.id)
        row = conn.execute(select(R.c.payload).where(key)).first()
        if row is None:
            raise ValueError("该乡镇没有这条记录")
        if _record_problem(entity, row.payload) is None:
            raise ValueError("这条记录符合规则，不能撤回")
        conn.execute(delete(R).where(key))
        removed = conn.execute(
            delete(C).where(C.c.township_id == township.id, C.c.entity == entity, C.c.entity_id == entity_id)
        ).rowcount
    log.warning("withdrew bad record %s %s of township %s", entity, entity_id, township_code)
    return int(removed)


def revoke_enroll_code(engine: Engine, code: str) -> None:
    """Withdraw an enrolment code nobody has used yet (e.g. handed to the wrong person)."""
    normalized = re.sub(r"[\s-]", "", code or "").upper()
    with engine.begin() as conn:
        done = conn.execute(
            update(EC)
            .where(
                EC.c.code_hash == sha256_hex(normalized), EC.c.used_at.is_(None), EC.c.revoked_at.is_(None)
            )
            .values(revoked_at=utcnow())
        ).rowcount
    if done != 1:
        raise ValueError("找不到该登记码，或已使用、已撤销")


def list_alerts(engine: Engine, township_code: str | None = None, include_acknowledged: bool = False) -> list[dict[str, Any]]:
    """Security alerts, newest first (a full re-pull by a device that had synced before, …); open ones
    only unless `include_acknowledged`."""
    query = select(AL, T.c.code).join(T, T.c.id == AL.c.township_id).order_by(AL.c.id.desc())
    if township_code:
        query = query.where(T.c.code == township_code)
    if not include_acknowledged:
        query = query.where(AL.c.acknowledged_at.is_(None))
    with engine.connect() as conn:
        return [
            {
                "id": r.id,
                "at": iso(r.at),
                "township_code": r.code,
                "device_id": r.device_id,
                "kind": r.kind,
                "address": r.address,
                "acknowledged_at": iso(r.acknowledged_at) if r.acknowledged_at else None,
                "acknowledged_by": r.acknowledged_by,
                "ack_note": r.ack_note,
            }
            for r in conn.execute(query.limit(1000))
        ]


def acknowledge_alert(engine: Engine, alert_id: int, by: str, note: str) -> dict[str, Any]:
    """A county administrator has looked into an alert: who, when and what was found (kept, never deleted)."""
    by, note = " ".join((by or "").split()), " ".join((note or "").split())
    if not by or len(by) > 100:
        raise ValueError("请用 --by 写明处理人（不超过 100 字）")
    if not note:
        raise ValueError("请用 --note 写明处理情况（例如：已核实为本机重装后恢复）")
    if len(note) > 200:
        raise ValueError("处理情况不能超过 200 字")
    with engine.begin() as conn:
        row = conn.execute(select(AL.c.acknowledged_at).where(AL.c.id == alert_id)).first()
        if row is None:
            raise ValueError(f"找不到编号为 {alert_id} 的告警")
        if row.acknowledged_at is not None:
            raise ValueError(f"告警 {alert_id} 已处理过")
        conn.execute(update(AL).where(AL.c.id == alert_id).values(
            acknowledged_at=utcnow(), acknowledged_by=by, ack_note=note))
    log.info("alert %d acknowledged", alert_id)
    return {"id": alert_id, "acknowledged_by": by, "ack_note": note}


def set_quota(engine: Engine, township_code: str, gib: float | None) -> None:
    """A township's attachment storage quota in GiB; None = the default."""
    if gib is not None and not 0 < gib <= 100_000:
        raise ValueError("配额应大于 0 且不超过 100000 GiB")
    with engine.begin() as conn:
        township = _township_by_code(conn, township_code)
        value = None if gib is None else int(gib * 1024**3)
        conn.execute(update(T).where(T.c.id == township.id).values(quota_bytes=value))
