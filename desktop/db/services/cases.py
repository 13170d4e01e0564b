"""Reception log, case registration, editing and the routing transitions of the case state machine."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from desktop.domain.accounts import Permission
from desktop.domain.case_flow import check_transition, fold_status
from desktop.domain.deadlines import DeadlinePolicy
from desktop.domain.enums import CaseStatus, Complexity, LegalChannel
from desktop.domain.errors import DomainError, ValidationError
from desktop.domain.forms import CaseForm, PartyForm, ReceptionForm
from desktop.domain.ids import uuid7
from desktop.domain.numbering import NumberFormat, Series
from desktop.domain.validation import require_text

from ..models import Case, CaseEvent, Party, Reception
from ..payloads import party_names_of
from ..types import utcnow
from ..uow import Actor, Context, UnitOfWork
from .numbers import next_number

_QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def number_format(ctx: Context) -> NumberFormat:
    return NumberFormat(ctx.settings.township_code or "000000", ctx.settings.committee_short)


def deadline_policy(ctx: Context) -> DeadlinePolicy:
    return DeadlinePolicy(days_by_complexity=dict(ctx.settings.deadline_days), mediation_days=ctx.settings.mediation_days)


def new_query_code() -> str:
    return "".join(secrets.choice(_QUERY_ALPHABET) for _ in range(8))


def _party_from_form(p: PartyForm, position: int) -> Party:
    return Party(
        position=position,
        role=p.role.value,
        kind=p.kind.value,
        name=p.name,
        sex=p.sex.value if p.sex else None,
        ethnicity=p.ethnicity,
        birth_date=p.birth_date,
        id_number=p.id_number or None,
        id_legacy=p.id_legacy,
        phone=p.phone or None,
        occupation=p.occupation,
        address=p.address,
        representative=p.representative,
        representative_title=p.representative_title,
    )


def register_case_in(uow: UnitOfWork, ctx: Context, form: CaseForm, case_id: str | None = None) -> Case:
    """Register a validated case inside an open unit of work (shared by the UI, import and ledgers).

    `case_id` keeps the identity of a record imported from another system, so importing twice skips it.
    """
    now = utcnow()
    registered_at = form.registered_at or now
    year = registered_at.astimezone().year
    case = Case(
        id=case_id or uuid7(),
        number=next_number(uow.session, number_format(ctx), Series.CASE, year),
        query_code=new_query_code(),
        township_code=ctx.settings.township_code,
        channel=form.channel.value,
        category=form.category,
        summary=form.summary,
        demands=form.demands,
        risk_level=form.risk_level.value,
        complexity=form.complexity.value,
        status=CaseStatus.REGISTERED.value,
        village=form.village,
        first_responder=uow.actor.display_name,
        registered_at=registered_at,
        deadline_at=deadline_policy(ctx).case_deadline(registered_at, form.complexity),
        county_item_id=form.county_item_id,
        device_id=uow.device_id,
    )
    case.parties = [_party_from_form(p, i) for i, p in enumerate(form.parties)]
    case.party_names = party_names_of(case)
    uow.save(case, "register")
    uow.event(case.id, "registered", {"channel": case.channel, "category": case.category}, at=registered_at)
    return case


def register_case(ctx: Context, actor: Actor, form: CaseForm, reception_id: str | None = None) -> Case:
    actor.require(Permission.RECEIVE)
    valid = form.validated(ctx.settings.categories)
    with ctx.unit(actor) as uow:
        case = register_case_in(uow, ctx, valid)
        if reception_id:
            reception = uow.session.get(Reception, reception_id)
            if reception is not None:
                reception.case_id = case.id
                uow.save(reception, "link_case")
        return case


def log_reception(ctx: Context, actor: Actor, form: ReceptionForm, case_form: CaseForm | None = None) -> tuple[Reception, Case | None]:
    """Log a visit; if it became a case, register the case in the same transaction."""
    actor.require(Permission.RECEIVE)
    valid = form.validated()
    valid_case = case_form.validated(ctx.settings.categories) if case_form is not None else None
    if valid.answered_on_spot and valid_case is not None:
        raise ValidationError("当场答复的咨询不登记为案件", "answered_on_spot")
    with ctx.unit(actor) as uow:
        case = register_case_in(uow, ctx, valid_case) if valid_case is not None else None
        reception = Reception(
            visited_at=valid.visited_at or utcnow(),
            channel=valid.channel.value,
            people_count=valid.people_count,
            visitor_name=valid.visitor_name,
            visitor_id_number=valid.visitor_id_number or None,
            visitor_phone=valid.visitor_phone or None,
            village=valid.village,
            summary=valid.summary,
            answered_on_spot=valid.answered_on_spot,
            answer=valid.answer,
            case_id=case.id if case else None,
            staff_name=actor.display_name,
            device_id=uow.device_id,
        )
        uow.save(reception, "log_reception")
        return reception, case


def update_case(ctx: Context, actor: Actor, case_id: str, form: CaseForm) -> Case:
    """Edit a case's fields and parties; queues the record again (also after a rejection)."""
    actor.require(Permission.RECEIVE)
    valid = form.validated(ctx.settings.categories)
    with ctx.unit(actor) as uow:
        case = _load(uow.session, case_id)
        case.channel = valid.channel.value
        case.category = valid.category
        case.summary = valid.summary
        case.demands = valid.demands
        case.village = valid.village
        case.risk_level = valid.risk_level.value
        if case.complexity != valid.complexity.value:
            case.complexity = valid.complexity.value
            case.deadline_at = deadline_policy(ctx).case_deadline(case.registered_at, valid.complexity)
        case.parties.clear()
        uow.session.flush()
        case.parties.extend(_party_from_form(p, i) for i, p in enumerate(valid.parties))
        case.party_names = party_names_of(case)
        uow.save(case, "edit")
        uow.event(case.id, "edited", {})
        return case


def _load(session: Session, case_id: str) -> Case:
    case = session.get(Case, case_id, options=[selectinload(Case.parties)])
    if case is None:
        raise DomainError("找不到该案件，可能已被删除或尚未同步")
    return case


@dataclass(frozen=True)
class TransitionRequest:
    name: str
    note: str = ""
    assignee: str = ""  # assign: the office, village or person taking the work
    deadline_at: datetime | None = None  # assign: the deadline set for them
    legal_channel: str = ""  # guide_legal: a LegalChannel value (诉讼 / 仲裁 / 行政复议)
    result: str = ""  # close / close_on_spot


def apply_transition(uow: UnitOfWork, case: Case, req: TransitionRequest) -> None:
    """Check and apply one named transition inside an open unit of work."""
    transition = check_transition(CaseStatus(case.status), req.name)
    data: dict[str, Any] = {}
    if req.note:
        data["note"] = require_text(req.note, "说明", "note", 2000)
    if req.name == "assign":
        data["assignee"] = require_text(req.assignee, "承办单位", "assignee", 60)
        case.assignee = data["assignee"]
        if req.deadline_at is not None:
            if req.deadline_at <= utcnow():
                raise ValidationError("办理期限应晚于当前时间", "deadline_at")
            case.deadline_at = req.deadline_at
            data["deadline_at"] = req.deadline_at.isoformat()
    if req.name == "guide_legal":
        if req.legal_channel not in {c.value for c in LegalChannel}:
            raise ValidationError("请选择引导的法律途径（诉讼、仲裁或行政复议）", "legal_channel")
        data["legal_channel"] = req.legal_channel
    if req.name in ("close", "close_on_spot"):
        case.result = require_text(req.result, "办理结果", "result", 4000)
        data["result"] = case.result
        case.closed_at = utcnow()
    if req.name == "escalate":
        data["reason"] = require_text(req.note, "上报理由", "note", 2000)
    case.status = transition.target.value
    uow.save(case, req.name)
    uow.event(case.id, req.name, data)


def transition(ctx: Context, actor: Actor, case_id: str, req: TransitionRequest) -> Case:
    actor.require(Permission.ROUTE)
    with ctx.unit(actor) as uow:
        case = _load(uow.session, case_id)
        apply_transition(uow, case, req)
        return case


def add_note(ctx: Context, actor: Actor, case_id: str, note: str) -> None:
    actor.require(Permission.RECEIVE)
    text = require_text(note, "备注", "note", 2000)
    with ctx.unit(actor) as uow:
        _load(uow.session, case_id)
        uow.event(case_id, "note", {"note": text})


def recompute_status(session: Session, case: Case) -> None:
    """Derive a case's state from its merged event log (used after events arrive from the county)."""
    kinds = session.scalars(
        select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    status = fold_status(kinds)
    case.status = status.value


def repeat_visits(session: Session, id_number: str | None, phone: str | None, days: int, now: datetime | None = None) -> int:
    """How many receptions and cases in the last `days` days match this ID number or phone."""
    if not id_number and not phone:
        return 0
    since = (now or utcnow()) - timedelta(days=days)
    conds = []
    if id_number:
        conds.append(Reception.visitor_id_number == id_number)
    if phone:
        conds.append(Reception.visitor_phone == phone)
    receptions = session.scalar(select(func.count()).select_from(Reception).where(or_(*conds), Reception.visited_at >= since)) or 0
    pconds = []
    if id_number:
        pconds.append(Party.id_number == id_number)
    if phone:
        pconds.append(Party.phone == phone)
    cases = session.scalar(
        select(func.count(func.distinct(Case.id)))
        .select_from(Case)
        .join(Party, Party.case_id == Case.id)
        .where(or_(*pconds), Case.registered_at >= since)
    ) or 0
    # A visit that became a case is both a reception and a case; count it once.
    linked = session.scalar(
        select(func.count()).select_from(Reception).where(or_(*conds), Reception.visited_at >= since, Reception.case_id.is_not(None))
    ) or 0
    return int(receptions + cases - linked)


def complexity_of(value: str) -> Complexity:
    return Complexity(value)
