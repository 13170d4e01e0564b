from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from desktop.db.models import AuditEntry, Case, CaseEvent, OutboxOp, Reception
from desktop.db.services import cases as cs
from desktop.db.services import mediation as ms
from desktop.db.services import users
from desktop.domain.enums import (
    AgreementStatus,
    Channel,
    FollowupMethod,
    LegalChannel,
    MediationOutcome,
    RecordKind,
    Role,
    Satisfaction,
)
from desktop.domain.errors import AuthError, DomainError, PermissionDenied, TransitionError, ValidationErrors
from desktop.domain.forms import AgreementForm, FollowupForm, ReceptionForm, RecordForm

from .helpers import two_party_form


def _count(db, model, *where) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_register_writes_case_event_audit_and_outbox_together(ctx, db, admin) -> None:
    case = cs.register_case(ctx, admin, two_party_form())
    assert case.number.startswith("220402-")
    assert _count(db, CaseEvent, CaseEvent.case_id == case.id) == 1
    assert _count(db, AuditEntry, AuditEntry.entity_id == case.id) == 1
    ops = _count(db, OutboxOp, OutboxOp.entity_id == case.id)
    assert ops == 1
    with db.read() as s:
        stored = s.get(Case, case.id)
        assert stored is not None and [p.name for p in stored.parties] == ["张𠀾三", "买买提·艾力"]


def test_a_record_registered_and_changed_in_one_transaction_is_stored_and_queued_once(ctx, db, admin) -> None:
    """The write path's Core inserts (uow.save of a new record, events, audit, outbox) keep the ORM's
    meaning: the record becomes an ordinary persistent object, a second save in the same transaction
    updates it and replaces its still-unsent op, and the payload is the row as stored."""
    with ctx.unit(admin) as uow:
        case = cs.register_case_in(uow, ctx, two_party_form().validated(ctx.settings.categories))
        assert case in uow.session and case not in uow.session.new
        cs.apply_transition(uow, case, cs.TransitionRequest("route", note="转司法所"))
        case_id = case.id
    with db.read() as s:
        stored = s.get(Case, case_id)
        assert stored.status == "routed" and stored.created_at is not None
        assert [p.name for p in stored.parties] == ["张𠀾三", "买买提·艾力"]
        assert all(p.case_id == case_id and p.id for p in stored.parties)
        ops = s.scalars(select(OutboxOp).where(OutboxOp.entity_id == case_id)).all()
        assert len(ops) == 1 and ops[0].action == "upsert"
        payload = ops[0].payload
        assert payload["status"] == "routed" and payload["number"] == stored.number
        assert payload["created_at"] and [p["name"] for p in payload["parties"]] == ["张𠀾三", "买买提·艾力"]
        events = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at)).all()
        assert [e.kind for e in events] == ["registered", "route"]
        appends = s.scalar(select(func.count()).select_from(OutboxOp).where(OutboxOp.action == "append",
                                                                           OutboxOp.entity_id.in_([e.id for e in events])))
        assert appends == 2
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_id == case_id)) == 2


def test_failed_write_leaves_nothing(ctx, db, admin, monkeypatch) -> None:
    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr("desktop.db.uow.UnitOfWork.event", boom)
    with pytest.raises(RuntimeError):
        cs.register_case(ctx, admin, two_party_form())
    assert _count(db, Case) == 0 and _count(db, OutboxOp) == 0
    assert _count(db, AuditEntry, AuditEntry.entity != "user") == 0


def test_invalid_form_refused_before_writing(ctx, db, admin) -> None:
    form = two_party_form(id_a="110105194912310021")
    with pytest.raises(ValidationErrors) as info:
        cs.register_case(ctx, admin, form)
    assert info.value.errors[0].field == "parties[0].id_number"
    assert _count(db, Case) == 0


def test_numbers_are_unique_and_use_leased_blocks_first(ctx, db, admin) -> None:
    from desktop.db.services.numbers import add_block
    from desktop.domain.numbering import Series

    year = datetime.now().year
    with db.write() as s:
        add_block(s, Series.CASE, year, 101, 102)
    numbers = [cs.register_case(ctx, admin, two_party_form()).number for _ in range(4)]
    assert len(set(numbers)) == 4
    assert numbers[0].endswith("-000101") and numbers[1].endswith("-000102")
    assert all(int(n.rsplit("-", 1)[1]) >= 900000 for n in numbers[2:])  # offline fallback range


def test_full_mediation_flow_and_outbox(ctx, db, admin) -> None:
    case = cs.register_case(ctx, admin, two_party_form())
    m = ms.start_mediation(ctx, admin, case.id, mediator="赵德明")
    assert m.file_number.startswith(f"（{datetime.now().year}）示人调字第")
    ms.save_record(ctx, admin, m.id, RecordForm(RecordKind.SESSION, datetime.now(UTC), content="双方陈述"))
    with pytest.raises(ValidationErrors):
        ms.save_agreement(ctx, admin, m.id, AgreementForm("", [], ""))
    a = ms.save_agreement(ctx, admin, m.id, AgreementForm("事实", ["被申请人赔偿500元", " "], "一次性支付"))
    assert a.copies == 3 and a.terms == ["被申请人赔偿500元"]
    ms.set_agreement_status(ctx, admin, a.id, AgreementStatus.SIGNED)
    with pytest.raises(DomainError):
        ms.save_agreement(ctx, admin, m.id, AgreementForm("改", ["改"], "改"))
    with pytest.raises(DomainError):
        ms.set_agreement_status(ctx, admin, a.id, AgreementStatus.PRINTED)
    ms.set_agreement_status(ctx, admin, a.id, AgreementStatus.EFFECTIVE)
    ms.record_judicial_application(ctx, admin, a.id)
    ms.conclude(ctx, admin, m.id, MediationOutcome.WRITTEN)
    ms.add_followup(ctx, admin, case.id, FollowupForm(datetime.now(UTC), satisfaction=Satisfaction.SATISFIED))
    with db.read() as s:
        stored = s.get(Case, case.id)
        assert stored is not None and stored.status == "followed_up" and stored.satisfaction == "satisfied"
        kinds = s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at)).all()
    assert kinds[0] == "registered" and "start_mediation" in kinds and kinds[-1] == "follow_up"
    # Every event is queued; upserts of the same record coalesce while still queued.
    assert _count(db, OutboxOp, OutboxOp.entity == "case_event") == len(kinds)
    assert _count(db, OutboxOp, OutboxOp.entity_id == case.id) == 1


def test_illegal_transition_refused_with_reason(ctx, admin) -> None:
    case = cs.register_case(ctx, admin, two_party_form())
    cs.transition(ctx, admin, case.id, cs.TransitionRequest("close_on_spot", result="已当场答复"))
    with pytest.raises(TransitionError, match="已办结"):
        cs.transition(ctx, admin, case.id, cs.TransitionRequest("assign", assignee="司法所"))


def test_assign_requires_assignee_and_future_deadline(ctx, admin) -> None:
    case = cs.register_case(ctx, admin, two_party_form())
    with pytest.raises(DomainError):
        cs.transition(ctx, admin, case.id, cs.TransitionRequest("assign"))
    with pytest.raises(DomainError, match="晚于"):
        cs.transition(ctx, admin, case.id, cs.TransitionRequest("assign", assignee="司法所",
                                                                deadline_at=datetime.now(UTC) - timedelta(days=1)))
    done = cs.transition(ctx, admin, case.id, cs.TransitionRequest("assign", assignee="司法所",
                                                                  deadline_at=datetime.now(UTC) + timedelta(days=5)))
    assert done.status == "assigned" and done.assignee == "司法所"


def test_legal_channel_and_followup_method_come_from_their_enums(ctx, db, admin) -> None:
    case = cs.register_case(ctx, admin, two_party_form())
    with pytest.raises(DomainError, match="诉讼、仲裁或行政复议"):
        cs.transition(ctx, admin, case.id, cs.TransitionRequest("guide_legal", legal_channel="上访"))
    cs.transition(ctx, admin, case.id, cs.TransitionRequest("guide_legal", legal_channel=LegalChannel.ARBITRATION))
    with db.read() as s:
        event = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "guide_legal")).one()
    assert event.data["legal_channel"] == "仲裁"  # the stored value is the Chinese name, as before the enum
    with pytest.raises(ValidationErrors, match="请选择回访方式（电话回访、上门回访、来访回访）"):
        FollowupForm(datetime.now(UTC), method="微信", satisfaction=Satisfaction.SATISFIED).validated()
    assert FollowupForm(datetime.now(UTC), method=" 上门回访", satisfaction=Satisfaction.BASIC).validated().method == (
        FollowupMethod.HOME_VISIT.value)


def test_permissions_enforced_in_services(ctx, db, admin) -> None:
    clerk = users.actor_of(users.create_user(db, admin, "clerk1", "刘晓梅", Role.CLERK, "secret1"))
    form = two_party_form()
    with pytest.raises(PermissionDenied):
        ms.start_direct_mediation(ctx, clerk, form)
    with pytest.raises(PermissionDenied):
        users.create_user(db, clerk, "x", "某某", Role.ADMIN, "secret1")


def test_login_lockout(db, admin) -> None:
    now = datetime.now(UTC)
    for _ in range(4):
        with pytest.raises(AuthError, match="连续输错5次"):
            users.authenticate(db, "admin", "wrong!", now)
    with pytest.raises(AuthError, match="锁定"):
        users.authenticate(db, "admin", "wrong!", now)
    with pytest.raises(AuthError, match="锁定"):
        users.authenticate(db, "admin", "secret1", now)  # right password, still locked
    assert users.authenticate(db, "admin", "secret1", now + timedelta(minutes=16)).username == "admin"


def test_reception_and_repeat_visits(ctx, db, admin) -> None:
    form = ReceptionForm(Channel.WALK_IN, people_count=6, visitor_name="张三", visitor_id_number="11010519491231002X",
                         summary="咨询宅基地政策", answered_on_spot=True, answer="已解答")
    assert form.is_group_visit
    cs.log_reception(ctx, admin, form)
    r2, case = cs.log_reception(ctx, admin, ReceptionForm(Channel.WALK_IN, visitor_id_number="11010519491231002X",
                                                          summary="再次来访"), two_party_form())
    assert case is not None and r2.case_id == case.id
    assert _count(db, Reception) == 2
    with db.read() as s:
        assert cs.repeat_visits(s, "11010519491231002X", None, 30) == 2  # two visits, one became the case
        assert cs.repeat_visits(s, None, "13800138000", 30) == 1


def test_edit_requeues_a_rejected_record(ctx, db, admin) -> None:
    case = cs.register_case(ctx, admin, two_party_form())
    with db.write() as s:
        for op in s.scalars(select(OutboxOp).where(OutboxOp.entity_id == case.id)):
            op.state, op.error_message = "rejected", "字段无效"
    cs.update_case(ctx, admin, case.id, two_party_form(summary="修改后的概要"))
    with db.read() as s:
        states = s.scalars(select(OutboxOp.state).where(OutboxOp.entity_id == case.id).order_by(OutboxOp.op_id)).all()
    assert states == ["rejected", "queued"]
