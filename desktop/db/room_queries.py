"""Read-side queries of the mediation room and of the items the county sends down."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, tuple_
from sqlalchemy.orm import Session, selectinload

from desktop.domain.enums import CountyItemKind, CountyItemStatus

from .models import Agreement, Case, CountyItem, Followup, Mediation, MediationRecord, OutboxOp, Party

MEDIATION_FILTERS = ("open", "concluded", "all")
COUNTY_FILTERS = ("to_sign", "in_hand", "fed_back", "all")


@dataclass(frozen=True)
class MediationRow:
    id: str
    file_number: str
    case_id: str
    case_number: str
    party_names: str
    mediator: str
    started_at: datetime
    deadline_at: datetime | None
    outcome: str | None


_NUMBER_HINTS = frozenset("0123456789（）()第号字调-")


def _mediation_search(q: str, lookup_by_case: bool = True) -> ColumnElement[bool] | None:
    """A 卷号 / case-number fragment by substring; anything else is a party name, by indexed prefix.

    Deciding by the query's shape keeps a name search on ix_parties_name instead of scanning every
    mediation's numbers (a township's whole history can hold tens of thousands of mediations)."""
    q = q.strip()
    if not q:
        return None
    if any(ch in _NUMBER_HINTS for ch in q):
        return or_(Mediation.file_number.contains(q, autoescape=True), Case.number.contains(q, autoescape=True))
    names = select(Party.case_id).where(Party.name >= q, Party.name < q + "\U0010ffff")
    # `case_id || ''` is the same value, but SQLite cannot use ix_mediations_case_id for it: the caller's
    # index is walked instead (lookup_by_case=False).
    return (Mediation.case_id if lookup_by_case else Mediation.case_id.concat("")).in_(names)


# Keyset of the mediation list: (group, started_at, id), group 0 = open, 1 = concluded.
MediationKey = tuple[int, datetime, str]


def mediation_key(row: MediationRow) -> MediationKey:
    """The keyset position of a listed mediation (the `after` of the page that follows it)."""
    return (0 if row.outcome is None else 1, row.started_at, row.id)


def _mediation_page(session: Session, conds: list[ColumnElement[bool]], limit: int) -> list[MediationRow]:
    # Newest first along an index (the open group: ix_mediations_open_started, (started_at, id) WHERE
    # outcome IS NULL, migration 0009; the concluded group: ix_mediations_started_at), so a page stops
    # after `limit` rows instead of sorting the group. tests/db/test_room_queries_plan.py pins the plans.
    stmt = (
        select(
            Mediation.id, Mediation.file_number, Mediation.case_id, Case.number, Case.party_names,
            Mediation.mediator, Mediation.started_at, Mediation.deadline_at, Mediation.outcome,
        )
        .join(Case, Case.id == Mediation.case_id)
        .where(*conds)
        .order_by(Mediation.started_at.desc(), Mediation.id.desc())
        .limit(limit)
    )
    return [MediationRow(*row) for row in session.execute(stmt).all()]


def list_mediations(
    session: Session, status: str = "open", search: str = "", after: MediationKey | None = None, limit: int = 100
) -> tuple[list[MediationRow], MediationKey | None]:
    """One page of mediations, open ones first, newest first within each group, and the key of the next
    page (None on the last one). Keyset paging: a page costs the same at row 50 as at row 50,000."""
    if status not in MEDIATION_FILTERS:
        raise ValueError(status)
    groups = {"open": (0,), "concluded": (1,), "all": (0, 1)}[status]
    found: list[tuple[int, MediationRow]] = []
    for group in groups:
        if after is not None and group < after[0]:
            continue
        conds: list[ColumnElement[bool]] = [Mediation.outcome.is_(None) if group == 0 else Mediation.outcome.is_not(None)]
        # The open group walks its partial index whatever the search (its size is the open caseload): a
        # name's cases are then matched, not looked up one by one by case_id and sorted (90-190 ms for 王).
        cond = _mediation_search(search, lookup_by_case=group == 1)
        if cond is not None:
            conds.append(cond)
        if after is not None and group == after[0]:
            # A row value, not `a < x OR (a = x AND id < y)`: SQLite seeks the index to the key with a row
            # value, while the OR form scans from the top, so page 40 cost 40 pages (50 ms open, 350 ms all).
            conds.append(tuple_(Mediation.started_at, Mediation.id) < tuple_(literal(after[1], Mediation.started_at.type),
                                                                             literal(after[2])))
        # Always a whole page's worth from each group: asked for the few rows that complete a page after the
        # last open one (LIMIT 5), SQLite chose a full scan and a sort of the concluded group (340 ms at 100k).
        found += [(group, r) for r in _mediation_page(session, conds, limit + 1)]
        if len(found) > limit:
            break
    if len(found) <= limit:
        return [r for _, r in found], None
    return [r for _, r in found[:limit]], mediation_key(found[limit - 1][1])


@dataclass
class MediationWorkspace:
    """Everything the mediation workspace shows for one mediation."""

    mediation: Mediation
    case: Case
    parties: list[Party]
    records: list[MediationRecord]
    agreement: Agreement | None
    followups: list[Followup]
    sync_state: dict[str, str] = field(default_factory=dict)

    @property
    def party_count(self) -> int:
        return len(self.parties)


def mediation_workspace(session: Session, mediation_id: str) -> MediationWorkspace | None:
    mediation = session.get(Mediation, mediation_id)
    if mediation is None:
        return None
    case_ = session.get(Case, mediation.case_id, options=[selectinload(Case.parties)])
    if case_ is None:
        return None
    records = list(
        session.scalars(
            select(MediationRecord)
            .where(MediationRecord.mediation_id == mediation_id)
            .order_by(MediationRecord.held_at, MediationRecord.id)
        )
    )
    agreement = session.scalars(select(Agreement).where(Agreement.mediation_id == mediation_id)).first()
    followups = list(
        session.scalars(select(Followup).where(Followup.case_id == case_.id).order_by(Followup.visited_at))
    )
    return MediationWorkspace(
        mediation=mediation, case=case_, parties=list(case_.parties), records=records,
        agreement=agreement, followups=followups,
    )


def mediation_of_case(session: Session, case_id: str) -> str | None:
    """The case's current mediation (the open one, else the latest)."""
    stmt = (
        select(Mediation.id)
        .where(Mediation.case_id == case_id)
        .order_by(case((Mediation.outcome.is_(None), 0), else_=1), Mediation.started_at.desc())
        .limit(1)
    )
    return session.scalar(stmt)


@dataclass(frozen=True)
class CountyItemRow:
    id: str
    kind: str
    title: str
    village: str
    reporter: str
    received_at: datetime
    appointment_at: datetime | None
    deadline_at: datetime | None
    status: str
    case_id: str | None
    case_number: str | None
    resolved: bool


_IN_HAND = (CountyItemStatus.SIGNED.value, CountyItemStatus.CHECKED_IN.value, CountyItemStatus.HANDLING.value)


def list_county_items(session: Session, kind: str, which: str = "all", limit: int = 500,
                      offset: int = 0) -> list[CountyItemRow]:
    """Items of one kind; unfinished ones first by deadline or appointment time (none last), then the
    fed-back ones."""
    if which not in COUNTY_FILTERS:
        raise ValueError(which)
    conds: list[ColumnElement[bool]] = [CountyItem.kind == kind]
    if which == "to_sign":
        conds.append(CountyItem.status == CountyItemStatus.RECEIVED.value)
    elif which == "in_hand":
        conds.append(CountyItem.status.in_(_IN_HAND))
    elif which == "fed_back":
        conds.append(CountyItem.status == CountyItemStatus.FED_BACK.value)
    done = case((CountyItem.status == CountyItemStatus.FED_BACK.value, 1), else_=0)
    # Appointments are worked through by the time the visitor comes; the rest by the county's deadline.
    due = CountyItem.appointment_at if kind == CountyItemKind.APPOINTMENT.value else CountyItem.deadline_at
    stmt = (
        select(
            CountyItem.id, CountyItem.kind, CountyItem.title, CountyItem.village, CountyItem.reporter,
            CountyItem.received_at, CountyItem.appointment_at, CountyItem.deadline_at, CountyItem.status,
            CountyItem.case_id, Case.number, CountyItem.resolved,
        )
        .outerjoin(Case, Case.id == CountyItem.case_id)
        .where(and_(*conds))
        .order_by(done, due.is_(None), due, CountyItem.received_at.desc(), CountyItem.id)
        .offset(offset)
        .limit(limit)
    )
    return [CountyItemRow(*row) for row in session.execute(stmt).all()]


def county_item(session: Session, item_id: str) -> CountyItem | None:
    return session.get(CountyItem, item_id)


def county_item_counts(session: Session, kind: str) -> dict[str, int]:
    rows = session.execute(
        select(CountyItem.status, func.count()).where(CountyItem.kind == kind).group_by(CountyItem.status)
    ).all()
    return {status: int(n) for status, n in rows}


def outbox_summary(session: Session) -> dict[str, int]:
    """Counts of outbox ops per state (a cheap fallback when the sync engine is not installed)."""
    rows = session.execute(select(OutboxOp.state, func.count()).group_by(OutboxOp.state)).all()
    return {state: int(n) for state, n in rows}


def case_of_record(session: Session, entity: str, entity_id: str) -> str | None:
    """The case a synced record belongs to (to open it from the sync panel), if it has one."""
    from .models import CaseEvent, Reception

    if entity == "case":
        return entity_id if session.get(Case, entity_id) is not None else None
    mediation_id: str | None = None
    if entity == "mediation":
        mediation_id = entity_id
    elif entity in ("mediation_record", "agreement"):
        obj = session.get(MediationRecord, entity_id) if entity == "mediation_record" else session.get(Agreement, entity_id)
        mediation_id = obj.mediation_id if obj is not None else None
    elif entity in ("followup", "case_event", "attachment", "reception", "county_item"):
        from .models import Attachment

        models: dict[str, Any] = {"followup": Followup, "case_event": CaseEvent, "attachment": Attachment,
                                  "reception": Reception, "county_item": CountyItem}
        obj2 = session.get(models[entity], entity_id)
        return getattr(obj2, "case_id", None) if obj2 is not None else None
    if mediation_id is None:
        return None
    mediation = session.get(Mediation, mediation_id)
    return mediation.case_id if mediation is not None else None
