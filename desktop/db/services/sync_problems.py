"""Records the county refused or that conflict with its version: the problem list and its resolutions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.domain.accounts import Permission
from desktop.domain.case_flow import EVENT_LABELS
from desktop.domain.errors import DomainError
from desktop.domain.records import Entity, entity_label

from ..engine import Database
from ..models import Case, Meta, OutboxOp
from ..payloads import ENTITY_MODELS, to_payload
from ..types import utcnow
from ..uow import OUTBOX, Actor, UnitOfWork, get_meta, set_meta, unit_of_work
from .sync_pull import fill_from_payload, normalize_payload, quarantined_changes, refold_case
from .sync_state import (
    BAD_CHANGES_KEY,
    CONFLICT,
    CURSOR_KEY,
    DISMISSED_KEY,
    PROBLEM_STATES,
    QUEUED,
    REJECTED,
    REMOTE_PREFIX,
    SUPERSEDED,
    UNSENT_STATES,
    has_rev,
)

# --- problems: rejected and conflicting records --------------------------------------------------


@dataclass(frozen=True)
class ProblemRecord:
    """A record the county refused or that conflicts with the county's version: a task for a person."""

    op_id: str
    state: str  # rejected | conflict | quarantined (a pulled change this PC set aside)
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
    for q in reversed(quarantined_changes(s)):
        if len(out) >= limit:
            break
        out.append(
            ProblemRecord(
                op_id=f"pulled:{q.get('seq')}",
                state=QUARANTINED,
                entity=str(q.get("entity", "")),
                entity_id=str(q.get("entity_id", "")),
                label=f"{entity_label(str(q.get('entity', '')))}（县平台下发，序号 {q.get('seq')}）",
                reason=f"县平台下发的这条记录无法接收：{q.get('reason', '')}；请联系县级管理员撤回或更正",
                field=None,
                code=QUARANTINED,
                created_at=_parse_at(q.get("at")),
                has_server_version=False,
            )
        )
    return out


QUARANTINED = "quarantined"
PULLED_PREFIX = "pulled:"  # problem id of a quarantined pulled change: "pulled:<feed seq>"
MAX_DISMISS_REASON = 200


def dismiss_quarantined(db: Database, actor: Actor, problem_id: str, reason: str) -> None:
    """Take a pulled change this PC could not apply off the problem list, for good, with a reason.

    The change is never applied (the pull cursor is past it and nothing of its payload was kept). The
    dismissal is audited (`dismiss_pulled`, the record's entity and id) and kept with the user's reason in
    meta `DISMISSED_KEY` (the last 500), so an administrator can see who set what aside and why."""
    actor.require(Permission.ROUTE)
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("请填写不接收这条记录的原因（例如：已请县级管理员撤回）")
    if len(reason) > MAX_DISMISS_REASON:
        raise DomainError(f"原因不能超过 {MAX_DISMISS_REASON} 字")
    if not problem_id.startswith(PULLED_PREFIX):
        raise DomainError("只有县平台下发、本机无法接收的记录可以不接收；其他问题请修改后重新发送或处理冲突")
    seq = problem_id[len(PULLED_PREFIX):]
    with db.write() as s:
        items = quarantined_changes(s)
        item = next((i for i in items if str(i.get("seq")) == seq), None)
        if item is None:
            raise DomainError("这条记录已不需要处理")
        set_meta(s, BAD_CHANGES_KEY, json.dumps([i for i in items if i is not item], ensure_ascii=False))
        raw = get_meta(s, DISMISSED_KEY)
        dismissed: list[Any] = json.loads(raw) if raw else []
        dismissed.append({**item, "dismissed_by": actor.username, "dismissed_at": utcnow().isoformat(),
                          "dismiss_reason": reason})
        set_meta(s, DISMISSED_KEY, json.dumps(dismissed[-500:], ensure_ascii=False))
        UnitOfWork(s, actor, "", queue_ops=False).audit(
            "dismiss_pulled", str(item.get("entity", ""))[:30], str(item.get("entity_id", ""))[:36])


def _parse_at(value: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.fromtimestamp(0).astimezone()


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
    with unit_of_work(db, queue_ops=False) as uow:
        s = uow.session
        uow.changes.entities.add(OUTBOX)
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
    if obj is not None and has_rev(model) and server_rev is not None:
        obj.server_rev = max(obj.server_rev or 0, server_rev)
    s.execute(delete(Meta).where(Meta.key == REMOTE_PREFIX + op.entity_id))
    return _queue_current(s, op)


def resolve_conflict(db: Database, op_id: str, keep: str) -> str | None:
    """keep="local": send this PC's version over the county's; keep="server": take the county's version.

    Returns the new op id for "local", None for "server". Runs as a unit of work, so the op runner
    publishes what it touched: the outbox, and for "server" the record it overwrote."""
    if keep not in ("local", "server"):
        raise DomainError("请选择保留本机版本还是县平台版本")
    with unit_of_work(db, queue_ops=False) as uow:
        s = uow.session
        uow.changes.entities.add(OUTBOX)
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
            fill_from_payload(s, obj, normalize_payload(model, data["payload"]), new=False)
            if has_rev(model):
                obj.server_rev = int(data["rev"])
            if isinstance(obj, Case):
                s.flush()
                refold_case(s, obj)
            s.execute(delete(Meta).where(Meta.key == REMOTE_PREFIX + op.entity_id))
            uow.changes.note(op.entity, op.entity_id)
        else:
            # The county's version is not here: forget our revision and pull everything again.
            if obj is not None and has_rev(model):
                obj.server_rev = None
            set_meta(s, CURSOR_KEY, "")
        return None
