"""People's mediation: opening a mediation, records, outcome, the agreement and its life, follow-ups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from desktop.domain.accounts import Permission
from desktop.domain.case_flow import check_transition
from desktop.domain.enums import AgreementStatus, CaseStatus, MediationOutcome, MediationSource
from desktop.domain.errors import DomainError, ValidationError
from desktop.domain.forms import AgreementForm, CaseForm, FollowupForm, RecordForm
from desktop.domain.numbering import Series

from ..models import Agreement, Case, Followup, Mediation, MediationRecord, Party
from ..types import utcnow
from ..uow import Actor, Context, UnitOfWork
from .cases import (
    TransitionRequest,
    _load,
    apply_transition,
    deadline_policy,
    number_format,
    register_case_in,
)
from .numbers import next_number


def _open_mediation_in(uow: UnitOfWork, ctx: Context, case: Case, mediator: str, recorder: str, source: MediationSource) -> Mediation:
    status = CaseStatus(case.status)
    if status is not CaseStatus.MEDIATING:
        check_transition(status, "start_mediation")
    now = utcnow()
    mediation = Mediation(
        case_id=case.id,
        file_number=next_number(uow.session, number_format(ctx), Series.FILE, now.astimezone().year),
        source=source.value,
        mediator=mediator,
        recorder=recorder,
        started_at=now,
        deadline_at=deadline_policy(ctx).mediation_deadline(now),
        device_id=uow.device_id,
    )
    uow.save(mediation, "open_mediation")
    if status is not CaseStatus.MEDIATING:
        case.status = CaseStatus.MEDIATING.value
        case.deadline_at = mediation.deadline_at
        uow.save(case, "start_mediation")
        uow.event(case.id, "start_mediation", {"mediation_id": mediation.id, "file_number": mediation.file_number})
    return mediation


def start_mediation(
    ctx: Context,
    actor: Actor,
    case_id: str,
    mediator: str = "",
    recorder: str = "",
    source: MediationSource = MediationSource.APPLICATION,
) -> Mediation:
    """Route a case to the mediation room and open its mediation file (卷号); `mediator` may stay empty
    for the room to assign."""
    actor.require(Permission.ROUTE)
    with ctx.unit(actor) as uow:
        case = _load(uow.session, case_id)
        existing = uow.session.scalars(select(Mediation).where(Mediation.case_id == case_id)).first()
        if existing is not None and existing.outcome is None:
            raise DomainError(f"该案件已有进行中的调解（卷号 {existing.file_number}）")
        # No mediator given: the mediation room assigns one (never the name of whoever routed the case).
        return _open_mediation_in(uow, ctx, case, mediator.strip(), recorder.strip(), source)


def start_direct_mediation(ctx: Context, actor: Actor, form: CaseForm, recorder: str = "", source: MediationSource = MediationSource.APPLICATION) -> Mediation:
    """A mediation started in the mediation room itself: registers its case and opens the file together."""
    actor.require(Permission.MEDIATE)
    valid = form.validated(ctx.settings.categories)
    with ctx.unit(actor) as uow:
        case = register_case_in(uow, ctx, valid)
        return _open_mediation_in(uow, ctx, case, actor.display_name, recorder, source)


def _mediation(uow: UnitOfWork, mediation_id: str) -> Mediation:
    mediation = uow.session.get(Mediation, mediation_id)
    if mediation is None:
        raise DomainError("找不到该调解案件")
    return mediation


def update_mediation(ctx: Context, actor: Actor, mediation_id: str, mediator: str, recorder: str, place: str, co_mediators: str = "") -> Mediation:
    actor.require(Permission.MEDIATE)
    with ctx.unit(actor) as uow:
        m = _mediation(uow, mediation_id)
        m.mediator, m.recorder, m.place, m.co_mediators = mediator.strip(), recorder.strip(), place.strip(), co_mediators.strip()
        uow.save(m, "edit_mediation")
        return m


def save_record(ctx: Context, actor: Actor, mediation_id: str, form: RecordForm, record_id: str | None = None) -> MediationRecord:
    """Add or edit an investigation or mediation-session record."""
    actor.require(Permission.MEDIATE)
    valid = form.validated()
    with ctx.unit(actor) as uow:
        m = _mediation(uow, mediation_id)
        record = uow.session.get(MediationRecord, record_id) if record_id else None
        if record_id and record is None:
            raise DomainError("找不到该记录")
        new = record is None
        record = record or MediationRecord(mediation_id=m.id, device_id=uow.device_id)
        record.kind = valid.kind.value
        record.held_at = valid.held_at
        record.place = valid.place
        record.participants = valid.participants
        record.content = valid.content
        record.risk_warning = valid.risk_warning
        record.result = valid.result
        record.rights_notified = valid.rights_notified
        record.recorder = m.recorder or actor.display_name
        uow.save(record, "add_record" if new else "edit_record")
        if new:
            uow.event(m.case_id, "mediation_record", {"record_id": record.id, "kind": record.kind})
        return record


def _party_count(uow: UnitOfWork, case_id: str) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(Party).where(Party.case_id == case_id)) or 0)


def save_agreement(ctx: Context, actor: Actor, mediation_id: str, form: AgreementForm) -> Agreement:
    """Create or edit the mediation's agreement while it is a draft or printed (not yet signed)."""
    actor.require(Permission.MEDIATE)
    with ctx.unit(actor) as uow:
        m = _mediation(uow, mediation_id)
        form.parties_count = _party_count(uow, m.case_id)
        valid = form.validated()
        agreement = uow.session.scalars(select(Agreement).where(Agreement.mediation_id == m.id)).first()
        if agreement is not None and agreement.status in (AgreementStatus.SIGNED.value, AgreementStatus.EFFECTIVE.value):
            raise DomainError("协议已签字，不能再修改；如需变更请另行调解并制作新的协议")
        new = agreement is None
        if agreement is None:
            year = utcnow().astimezone().year
            agreement = Agreement(
                mediation_id=m.id,
                number=next_number(uow.session, number_format(ctx), Series.AGREEMENT, year),
                device_id=uow.device_id,
            )
        agreement.oral = valid.oral
        agreement.facts = valid.facts
        agreement.terms = list(valid.terms)
        agreement.performance = valid.performance
        agreement.performance_deadline = valid.performance_deadline
        agreement.copies = valid.copies or form.parties_count + 1
        agreement.status = AgreementStatus.DRAFT.value
        uow.save(agreement, "draft_agreement" if new else "edit_agreement")
        if new:
            uow.event(m.case_id, "agreement_drafted", {"agreement_id": agreement.id, "number": agreement.number})
        return agreement


def set_agreement_status(ctx: Context, actor: Actor, agreement_id: str, status: AgreementStatus, at: datetime | None = None) -> Agreement:
    """Move an agreement forward: printed → signed → effective (effective starts the 30-day window)."""
    actor.require(Permission.MEDIATE)
    order = [AgreementStatus.DRAFT, AgreementStatus.PRINTED, AgreementStatus.SIGNED, AgreementStatus.EFFECTIVE]
    with ctx.unit(actor) as uow:
        agreement = uow.session.get(Agreement, agreement_id)
        if agreement is None:
            raise DomainError("找不到该调解协议")
        current = AgreementStatus(agreement.status)
        if order.index(status) < order.index(current):
            raise DomainError(f"协议已是“{current.label}”状态，不能退回“{status.label}”")
        when = at or utcnow()
        if status is AgreementStatus.PRINTED:
            agreement.printed_at = agreement.printed_at or when
        if status in (AgreementStatus.SIGNED, AgreementStatus.EFFECTIVE):
            agreement.signed_at = agreement.signed_at or when
        if status is AgreementStatus.EFFECTIVE:
            agreement.effective_at = agreement.effective_at or when
        if order.index(status) > order.index(current):
            agreement.status = status.value
            uow.save(agreement, f"agreement_{status.value}")
            m = _mediation(uow, agreement.mediation_id)
            if status is AgreementStatus.SIGNED:
                uow.event(m.case_id, "agreement_signed", {"agreement_id": agreement.id})
            if status is AgreementStatus.EFFECTIVE:
                uow.event(m.case_id, "agreement_effective", {"agreement_id": agreement.id})
        return agreement


def record_judicial_application(ctx: Context, actor: Actor, agreement_id: str, at: datetime | None = None) -> Agreement:
    actor.require(Permission.MEDIATE)
    with ctx.unit(actor) as uow:
        agreement = uow.session.get(Agreement, agreement_id)
        if agreement is None or agreement.effective_at is None:
            raise DomainError("协议生效后才能申请司法确认")
        when = at or utcnow()
        if (when - agreement.effective_at).days > 30:
            raise DomainError("已超过协议生效后30日的司法确认申请期限")
        agreement.judicial_applied_at = when
        uow.save(agreement, "judicial_application")
        m = _mediation(uow, agreement.mediation_id)
        uow.event(m.case_id, "judicial_confirmation", {"agreement_id": agreement.id})
        return agreement


def conclude(ctx: Context, actor: Actor, mediation_id: str, outcome: MediationOutcome, note: str = "") -> Mediation:
    """Record the outcome and close the case (a failed mediation points to other channels)."""
    actor.require(Permission.MEDIATE)
    with ctx.unit(actor) as uow:
        m = _mediation(uow, mediation_id)
        if m.outcome is not None:
            raise DomainError(f"该调解已结束（{MediationOutcome(m.outcome).label}）")
        agreement = uow.session.scalars(select(Agreement).where(Agreement.mediation_id == m.id)).first()
        if outcome is MediationOutcome.WRITTEN and (agreement is None or agreement.oral):
            raise ValidationError("达成书面协议前，请先制作调解协议书", "outcome")
        if outcome is MediationOutcome.ORAL and (agreement is None or not agreement.oral):
            raise ValidationError("达成口头协议前，请先登记口头协议内容", "outcome")
        if outcome is MediationOutcome.FAILED and not note.strip():
            raise ValidationError("请填写调解不成的原因及引导的其他途径", "note")
        m.outcome = outcome.value
        m.outcome_at = utcnow()
        m.failure_reason = note.strip() if outcome is MediationOutcome.FAILED else ""
        uow.save(m, "conclude_mediation")
        case = _load(uow.session, m.case_id)
        result = outcome.label + (f"：{note.strip()}" if note.strip() else "")
        if CaseStatus(case.status) is CaseStatus.MEDIATING:
            apply_transition(uow, case, TransitionRequest("close", result=result))
        return m


def add_followup(ctx: Context, actor: Actor, case_id: str, form: FollowupForm) -> Followup:
    """A follow-up visit after closing: records satisfaction and moves the case to followed-up."""
    actor.require(Permission.ROUTE)
    valid = form.validated()
    with ctx.unit(actor) as uow:
        case = _load(uow.session, case_id)
        check_transition(CaseStatus(case.status), "follow_up")
        mediation = uow.session.scalars(select(Mediation).where(Mediation.case_id == case_id)).first()
        followup = Followup(
            case_id=case_id,
            mediation_id=mediation.id if mediation else None,
            visited_at=valid.visited_at,
            visitor=actor.display_name,
            visited_person=valid.visited_person,
            purpose=valid.purpose,
            method=valid.method,
            performance=valid.performance,
            satisfaction=valid.satisfaction.value if valid.satisfaction else None,
            escalation_signs=valid.escalation_signs,
            notes=valid.notes,
            device_id=uow.device_id,
        )
        uow.save(followup, "followup")
        case.satisfaction = followup.satisfaction
        case.status = CaseStatus.FOLLOWED_UP.value
        uow.save(case, "follow_up")
        uow.event(case_id, "follow_up", {"followup_id": followup.id, "satisfaction": followup.satisfaction})
        return followup
