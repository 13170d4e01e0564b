"""Build document inputs from the local database (read only): by agreement number, case number, mediation id.

Times are stored in UTC and printed in local time. Values the database does not hold (the court
for a judicial confirmation, the center's phone, who files the case) come in as arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Agreement, Case, Followup, Mediation, MediationRecord, Party
from desktop.db.services.case_file_materials import list_materials
from desktop.db.uow import SYSTEM
from desktop.domain.enums import Channel, MediationSource, PartyRole, RecordKind, Satisfaction, Sex

from .errors import DocumentError
from .layout import cn_date
from .model import (
    ORGANIZATION,
    PERSON,
    AcceptanceRegisterDoc,
    AgreementDoc,
    ApplicationDoc,
    CaseFileDoc,
    Document,
    FollowupDoc,
    JudicialConfirmationDoc,
    MediationRecordDoc,
    OralAgreementDoc,
    PaperMaterial,
    PartyInfo,
    ReceiptDoc,
)


@dataclass(frozen=True)
class Issuer:
    """Who issues the documents (from Settings) and what the database does not store."""

    committee: str
    center: str
    court: str = ""
    contact: str = ""  # the center's phone, printed on the receipt


def _local(dt: datetime | None) -> datetime | None:
    return dt.astimezone() if dt is not None else None


def _day(dt: datetime | None) -> date | None:
    local = _local(dt)
    return local.date() if local is not None else None


def _person(name: str | None) -> str:
    """A real person's name, or "" (a line to sign by hand) for the system account of imports."""
    name = (name or "").strip()
    return "" if name == SYSTEM.display_name else name


def _label(enum: type, value: str | None, default: str = "") -> str:
    if not value:
        return default
    try:
        return str(enum(value).label)
    except ValueError:
        return value


def _age(birth: date | None, on: date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def party_info(party: Party, on: date) -> PartyInfo:
    return PartyInfo(
        role=_label(PartyRole, party.role, "当事人"),
        name=party.name,
        kind=ORGANIZATION if party.kind == "organization" else PERSON,
        sex=_label(Sex, party.sex),
        ethnicity=party.ethnicity or "",
        age=_age(party.birth_date, on),
        occupation=party.occupation or "",
        phone=party.phone or "",
        address=party.address or "",
        id_number=party.id_number or "",
        representative=party.representative or "",
        representative_title=party.representative_title or "",
    )


def _parties(case: Case, on: date) -> tuple[PartyInfo, ...]:
    return tuple(party_info(p, on) for p in case.parties)


def case_by_number(session: Session, number: str) -> Case:
    case = session.scalars(select(Case).where(Case.number == number)).one_or_none()
    if case is None:
        raise DocumentError(f"找不到案件编号为「{number}」的案件")
    return case


def _mediation_of(session: Session, case: Case) -> Mediation:
    mediation = session.scalars(
        select(Mediation).where(Mediation.case_id == case.id).order_by(Mediation.started_at.desc())
    ).first()
    if mediation is None:
        raise DocumentError(f"案件「{case.number}」没有人民调解记录")
    return mediation


def mediation_by_id(session: Session, mediation_id: str) -> Mediation:
    mediation = session.get(Mediation, mediation_id)
    if mediation is None:
        raise DocumentError("找不到该调解")
    return mediation


def _case_of(session: Session, mediation: Mediation) -> Case:
    case = session.get(Case, mediation.case_id)
    if case is None:
        raise DocumentError("调解所属的案件不存在")
    return case


def _agreements(session: Session, mediation: Mediation) -> list[Agreement]:
    return list(session.scalars(
        select(Agreement).where(Agreement.mediation_id == mediation.id).order_by(Agreement.created_at)
    ))


# ---------------------------------------------------------------- one builder per document

def agreement_doc(session: Session, number: str, issuer: Issuer, today: date) -> AgreementDoc:
    agreement = session.scalars(select(Agreement).where(Agreement.number == number)).one_or_none()
    if agreement is None:
        raise DocumentError(f"找不到编号为「{number}」的调解协议")
    if agreement.oral:
        raise DocumentError(f"「{number}」是口头协议，请打印口头协议登记表")
    mediation = mediation_by_id(session, agreement.mediation_id)
    case = _case_of(session, mediation)
    # The date it was signed (or took effect); before signing the date is written by hand.
    when = _day(agreement.signed_at) or _day(agreement.effective_at)
    return AgreementDoc(
        number=agreement.number, committee=issuer.committee, parties=_parties(case, when or today),
        facts=agreement.facts, terms=tuple(agreement.terms), performance_method=agreement.performance,
        performance_deadline=cn_date(agreement.performance_deadline) if agreement.performance_deadline else "",
        mediator=_person(mediation.mediator), recorder=_person(mediation.recorder), date=when,
        stored_copies=agreement.copies or 0,
    )


def application_doc(session: Session, case_number: str, issuer: Issuer) -> ApplicationDoc:
    case = case_by_number(session, case_number)
    when = _day(case.registered_at) or date.today()
    return ApplicationDoc(
        committee=issuer.committee, parties=_parties(case, when), summary=case.summary,
        requests=case.demands or case.summary, date=when, case_number=case.number,
    )


def register_doc(session: Session, case_number: str, issuer: Issuer) -> AcceptanceRegisterDoc:
    case = case_by_number(session, case_number)
    mediation = _mediation_of(session, case)
    when = _day(mediation.started_at) or date.today()
    return AcceptanceRegisterDoc(
        committee=issuer.committee, case_number=case.number, parties=_parties(case, when),
        category=case.category, source=_label(MediationSource, mediation.source),
        summary=case.summary, registrar=_person(case.first_responder), date=when,
        mediator=_person(mediation.mediator),
    )


def _record(case: Case, mediation: Mediation, record: MediationRecord, issuer: Issuer) -> MediationRecordDoc:
    held = _local(record.held_at) or datetime.now().astimezone()
    return MediationRecordDoc(
        kind=_label(RecordKind, record.kind, "调解记录"), committee=issuer.committee, case_number=case.number,
        held_at=held, place=record.place or mediation.place, matter=f"{case.category}纠纷",
        parties=_parties(case, held.date()), participants=record.participants, statements=(),
        content=record.content, mediator=mediation.mediator, recorder=record.recorder or mediation.recorder,
        rights_notice_given=record.rights_notified, risk_warning=record.risk_warning, outcome=record.result,
    )


def record_docs(session: Session, case_number: str, issuer: Issuer) -> list[MediationRecordDoc]:
    case = case_by_number(session, case_number)
    out = []
    for mediation in session.scalars(select(Mediation).where(Mediation.case_id == case.id)
                                      .order_by(Mediation.started_at)):
        records = session.scalars(select(MediationRecord).where(MediationRecord.mediation_id == mediation.id)
                                  .order_by(MediationRecord.held_at))
        out += [_record(case, mediation, r, issuer) for r in records]
    if not out:
        raise DocumentError(f"案件「{case_number}」没有调解记录或调查记录")
    return out


def oral_doc(session: Session, case_number: str, issuer: Issuer) -> OralAgreementDoc:
    case = case_by_number(session, case_number)
    mediation = _mediation_of(session, case)
    oral = [a for a in _agreements(session, mediation) if a.oral]
    if not oral:
        raise DocumentError(f"案件「{case_number}」没有口头协议")
    agreement = oral[-1]
    when = _day(agreement.signed_at) or _day(agreement.created_at) or date.today()
    performance = agreement.performance
    if agreement.performance_deadline:
        performance += f"（{cn_date(agreement.performance_deadline)}前）"
    return OralAgreementDoc(
        committee=issuer.committee, case_number=case.number, parties=_parties(case, when), facts=agreement.facts,
        content="\n".join(f"{i}. {t}" for i, t in enumerate(agreement.terms, start=1)), performance=performance,
        mediator=mediation.mediator, recorder=mediation.recorder, date=when,
    )


def followup_docs(session: Session, case_number: str, issuer: Issuer) -> list[FollowupDoc]:
    case = case_by_number(session, case_number)
    rows = list(session.scalars(select(Followup).where(Followup.case_id == case.id).order_by(Followup.visited_at)))
    if not rows:
        raise DocumentError(f"案件「{case_number}」没有回访记录")
    agreements = [a for m in session.scalars(select(Mediation).where(Mediation.case_id == case.id))
                  for a in _agreements(session, m) if not a.oral]
    number = agreements[-1].number if agreements else ""
    out = []
    for row in rows:
        when = _day(row.visited_at) or date.today()
        out.append(FollowupDoc(
            committee=issuer.committee, case_number=case.number, parties=_parties(case, when), visited_at=when,
            method=row.method, visitor=row.visitor, visited_person=row.visited_person, performance=row.performance,
            satisfaction=_label(Satisfaction, row.satisfaction), escalation_signs=row.escalation_signs,
            notes=row.notes, agreement_number=number, purpose=row.purpose,
        ))
    return out


def judicial_doc(session: Session, number: str, issuer: Issuer, today: date) -> JudicialConfirmationDoc:
    agreement = agreement_doc(session, number, issuer, today)
    row = session.scalars(select(Agreement).where(Agreement.number == number)).one()
    agreed = _day(row.effective_at) or _day(row.signed_at)
    return JudicialConfirmationDoc(
        court=issuer.court, committee=issuer.committee, parties=agreement.parties, agreement_number=number,
        agreement_date=agreed, terms=agreement.terms, date=_day(row.judicial_applied_at) or today,
    )


def receipt_doc(session: Session, case_number: str, issuer: Issuer) -> ReceiptDoc:
    case = case_by_number(session, case_number)
    registered = _local(case.registered_at) or datetime.now().astimezone()
    return ReceiptDoc(
        center=issuer.center, case_number=case.number, query_code=case.query_code,
        date=registered.replace(tzinfo=None), summary=case.summary, contact=issuer.contact,
        applicant="、".join(p.name for p in case.parties if p.role == PartyRole.APPLICANT.value),
        handler=_person(case.first_responder), channel=_label(Channel, case.channel),
    )


def mediation_documents(session: Session, mediation: Mediation, issuer: Issuer, today: date) -> list[Document]:
    """Every document of one mediation, in filing order (the case file's contents)."""
    case = _case_of(session, mediation)
    docs: list[Document] = []
    if mediation.source == MediationSource.APPLICATION.value:
        docs.append(application_doc(session, case.number, issuer))
    docs.append(register_doc(session, case.number, issuer))
    records = session.scalars(select(MediationRecord).where(MediationRecord.mediation_id == mediation.id)
                              .order_by(MediationRecord.held_at))
    docs += [_record(case, mediation, r, issuer) for r in records]
    for agreement in _agreements(session, mediation):
        if agreement.oral:
            docs.append(oral_doc(session, case.number, issuer))
        else:
            docs.append(agreement_doc(session, agreement.number, issuer, today))
            if agreement.judicial_applied_at is not None and issuer.court:
                docs.append(judicial_doc(session, agreement.number, issuer, today))
    followups = session.scalars(select(Followup).where(Followup.case_id == case.id))
    if list(followups):
        docs += followup_docs(session, case.number, issuer)
    return docs


def _side(parties: Sequence[Party]) -> str:
    return parties[0].name + ("等" if len(parties) > 1 else "") if parties else ""


def case_file_title(case: Case) -> str:
    """卷名: the applicant side 与 the respondent side, then the dispute (张三等与李四宅基地纠纷)."""
    applicants = [p for p in case.parties if p.role == PartyRole.APPLICANT.value]
    others = [p for p in case.parties if p.role != PartyRole.APPLICANT.value]
    if not applicants:  # no applicant recorded: the first party heads the title
        applicants, others = case.parties[:1], case.parties[1:]
    sides = "与".join(s for s in (_side(applicants), _side(others)) if s)
    return f"{sides}{case.category}纠纷"


def case_file_doc(session: Session, case_number: str, issuer: Issuer, today: date, filed_by: str = "",
                  retention: str = "长期") -> CaseFileDoc:
    case = case_by_number(session, case_number)
    mediation = _mediation_of(session, case)
    paper = tuple(PaperMaterial(m.name, m.pages, m.scanned, m.note) for m in list_materials(session, case.id))
    return CaseFileDoc(
        title=case_file_title(case), file_number=mediation.file_number, committee=issuer.committee,
        mediator=_person(mediation.mediator), mediation_date=_day(mediation.started_at) or today,
        mediation_end=_day(mediation.outcome_at),
        filed_by=filed_by or _person(mediation.recorder) or _person(mediation.mediator), filed_date=today,
        retention=retention, documents=tuple(mediation_documents(session, mediation, issuer, today)),
        paper_materials=paper,
    )


KINDS = ("agreement", "application", "register", "record", "oral", "followup", "judicial", "receipt", "case-file")


def load(session: Session, kind: str, key: str, issuer: Issuer, today: date, *, nth: int | None = None,
         filed_by: str = "", retention: str = "长期") -> Document | CaseFileDoc:
    """The input of one printable document: ``key`` is the agreement number for ``agreement`` and
    ``judicial``, the case number otherwise. ``nth`` (1-based) picks one of several records or
    follow-ups; the latest by default."""
    if kind == "agreement":
        return agreement_doc(session, key, issuer, today)
    if kind == "judicial":
        return judicial_doc(session, key, issuer, today)
    if kind == "application":
        return application_doc(session, key, issuer)
    if kind == "register":
        return register_doc(session, key, issuer)
    if kind == "oral":
        return oral_doc(session, key, issuer)
    if kind == "receipt":
        return receipt_doc(session, key, issuer)
    if kind == "case-file":
        return case_file_doc(session, key, issuer, today, filed_by=filed_by, retention=retention)
    if kind in ("record", "followup"):
        items: Sequence[Document] = (record_docs if kind == "record" else followup_docs)(session, key, issuer)
        if nth is None:
            return items[-1]
        if not 1 <= nth <= len(items):
            raise DocumentError(f"案件「{key}」共有 {len(items)} 份{'记录' if kind == 'record' else '回访记录'}，没有第 {nth} 份")
        return items[nth - 1]
    raise DocumentError(f"不支持的文书类型：{kind}")
