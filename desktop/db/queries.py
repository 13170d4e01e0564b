"""Read-side queries: the case list (filters, search, keyset paging) and record details."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import Session, selectinload

from desktop.domain.deadlines import DUE_SOON
from desktop.domain.enums import OPEN_STATUSES
from desktop.domain.numbering import CASE_NUMBER_RE
from desktop.domain.validation import mask_id_number

from .models import (
    Agreement,
    Attachment,
    Case,
    CaseEvent,
    Followup,
    Mediation,
    MediationRecord,
    OutboxOp,
    Party,
    status_in_sql,
)
from .types import UTCDateTime, utcnow

OPEN_VALUES = tuple(sorted(s.value for s in OPEN_STATUSES))
# The open-case condition spelled exactly as the partial indexes' WHERE clause (models.py), so that
# SQLite's planner can prove the query implies it and use ix_cases_open_registered/_deadline.
_OPEN_SQL = status_in_sql(OPEN_STATUSES, "cases.status")
_ID_RE = re.compile(r"^(\d{17}[\dXx]|\d{15})$")
_PHONE_RE = re.compile(r"^[\d-]{7,14}$")
SORTS = ("registered_desc", "registered_asc", "deadline_asc")


@dataclass(frozen=True)
class CaseFilter:
    statuses: tuple[str, ...] = ()
    category: str = ""
    channel: str = ""
    village: str = ""
    assignee: str = ""
    risk_level: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None  # exclusive
    open_only: bool = False
    overdue: bool = False
    due_soon: bool = False
    search: str = ""
    ids: tuple[str, ...] = ()  # an explicit set (drill-down from statistics)
    sort: str = "registered_desc"


@dataclass(frozen=True)
class CaseRow:
    id: str
    number: str
    registered_at: datetime
    channel: str
    category: str
    status: str
    village: str
    party_names: str
    masked_id: str
    risk_level: str
    deadline_at: datetime | None
    assignee: str
    sync_state: str
    summary: str = ""


# A search matching at least this many rows is tested row by row while the list is read in its sort
# order (a page turns up after a few hundred rows); a rarer one is looked up first and its rows sorted.
COMMON_MATCHES = 2000


def search_condition(query: str, session: Session | None = None) -> ColumnElement[bool] | None:
    """How a search box query narrows the case list (see ARCHITECTURE.md, full-text search).

    With a session, a full-text or name search that matches many cases becomes a per-row probe, so a
    sorted first page stops early instead of fetching and sorting every match (docs/perf/db.md).
    """
    q = query.strip()
    if not q:
        return None
    if CASE_NUMBER_RE.match(q.upper()):
        # A whole case number is a key: the unique index finds it (a substring of one goes to the FTS below).
        return Case.number == q.upper()
    if _ID_RE.match(q):
        return Case.id.in_(select(Party.case_id).where(Party.id_number == q.upper()))
    if _PHONE_RE.match(q) and q.replace("-", "").isdigit():
        return or_(Case.id.in_(select(Party.case_id).where(Party.phone == q)), Case.number == q)
    if len(q) >= 3:
        # Trigram FTS: a phrase query finds the substring anywhere in number, summary, demands, names.
        phrase = '"' + q.replace('"', '""') + '"'
        match = text("case_fts MATCH :phrase").bindparams(phrase=phrase)
        matches: Select[Any] = select(literal_column("rowid")).select_from(text("case_fts")).where(match)
        if session is not None and _common(session, matches):
            # Many matches: collect them once into a set and walk the list in its own order, testing
            # each row against the set. The unary "+" is SQLite's documented way to keep a term from
            # driving the plan (sqlite.org/optoverview.html); without it the planner fetches every
            # match by rowid and sorts them all (2.5 s for a term in 10% of a million cases).
            return literal_column("+cases.rowid").in_(matches)
        return literal_column("cases.rowid").in_(matches)
    # 1–2 characters (most Chinese surnames and given names): an indexed prefix range on party names.
    prefix = and_(Party.name >= q, Party.name < q + "\U0010ffff")
    if session is not None and _common(session, select(Party.id).where(prefix)):
        return exists(select(Party.id).where(Party.case_id == Case.id, prefix))
    return Case.id.in_(select(Party.case_id).where(prefix))


def _common(session: Session, matches: Select[Any]) -> bool:
    """Whether a search matches at least COMMON_MATCHES rows (reads no more than that many)."""
    capped = matches.limit(COMMON_MATCHES).subquery()
    return int(session.scalar(select(func.count()).select_from(capped)) or 0) >= COMMON_MATCHES


def _conditions(f: CaseFilter, now: datetime, session: Session | None = None) -> list[ColumnElement[bool]]:
    """The filter's WHERE terms; `session` is given for a sorted page (list_cases), which some shapes favour."""
    conds: list[ColumnElement[bool]] = []
    open_only = f.open_only or f.overdue or f.due_soon
    if f.statuses:
        if set(f.statuses) == set(OPEN_VALUES):
            open_only = True
        else:
            conds.append(Case.status.in_(f.statuses))
    if open_only:
        # Untyped on purpose: a Boolean-typed column renders as "(…) = 1" on SQLite, which no longer
        # matches the partial indexes' WHERE clause (the planner then ignores them).
        conds.append(literal_column(_OPEN_SQL))
    for column, value in ((Case.category, f.category), (Case.channel, f.channel), (Case.village, f.village),
                          (Case.assignee, f.assignee), (Case.risk_level, f.risk_level)):
        if value:
            conds.append(column == value)
    if f.date_from is not None:
        conds.append(Case.registered_at >= f.date_from)
    if f.date_to is not None:
        conds.append(Case.registered_at < f.date_to)
    if f.overdue:
        # Walk the open cases in list order and test each deadline (the "+" keeps the deadline index
        # out of the plan): the first page turns up at once, where a deadline range would fetch and sort
        # every overdue case (150 ms at 64,000 of them). Either way the work is bounded by the open cases.
        deadline = literal_column("+cases.deadline_at", UTCDateTime()) if session is not None else Case.deadline_at
        conds.append(deadline < now)
    if f.due_soon:
        conds.append(and_(Case.deadline_at >= now, Case.deadline_at < now + DUE_SOON))
    if f.ids:
        conds.append(Case.id.in_(f.ids))
    cond = search_condition(f.search, session)
    if cond is not None:
        conds.append(cond)
    return conds


def _only_open(f: CaseFilter) -> bool:
    """The filter is "open cases", perhaps of one category, channel, village, assignee or risk level (walking
    the open cases in deadline order finds a page of those fast), and nothing that fetches a set to sort (a
    date range, a deadline window, a search, explicit ids)."""
    open_only = f.open_only or (bool(f.statuses) and set(f.statuses) == set(OPEN_VALUES))
    narrowed = f.date_from or f.date_to or f.overdue or f.due_soon or f.ids or f.search.strip()
    return open_only and not narrowed


def _sync_state_column() -> Any:
    return (
        select(OutboxOp.state)
        .where(OutboxOp.entity_id == Case.id)
        .order_by(OutboxOp.op_id.desc())
        .limit(1)
        .scalar_subquery()
    )


def case_query(f: CaseFilter, now: datetime | None = None) -> Select[Any]:
    return select(Case).where(*_conditions(f, now or utcnow()))


def list_cases(
    session: Session, f: CaseFilter, after: tuple[Any, str] | None = None, limit: int = 50, now: datetime | None = None
) -> tuple[list[CaseRow], tuple[Any, str] | None]:
    """One page of the case list, and the keyset to pass as `after` for the next page (None at the end)."""
    now = now or utcnow()
    conds = _conditions(f, now, session)
    if f.sort == "deadline_asc":
        # Spelled exactly as ix_cases_deadline_sort (migration 0005) so the planner walks that index.
        key_col: Any = func.coalesce(type_coerce(Case.deadline_at, String()), literal_column("'9999'"))
        order = (key_col.asc(), Case.id.asc())
        if after is not None:
            conds.append(tuple_(key_col, Case.id) > tuple_(literal(after[0], String()), literal(after[1], String())))
    elif f.sort == "registered_asc":
        key_col = Case.registered_at
        order = (Case.registered_at.asc(), Case.id.asc())
        if after is not None:
            # A row-value comparison: one index range on (registered_at, id), where the equivalent OR
            # gives SQLite only the first column.
            conds.append(tuple_(Case.registered_at, Case.id) > tuple_(literal(after[0], Case.registered_at.type),
                                                                       literal(after[1], Case.id.type)))
    else:
        key_col = Case.registered_at
        order = (Case.registered_at.desc(), Case.id.desc())
        if after is not None:
            conds.append(tuple_(Case.registered_at, Case.id) < tuple_(literal(after[0], Case.registered_at.type),
                                                                       literal(after[1], Case.id.type)))
    first_id = (
        select(Party.id_number).where(Party.case_id == Case.id).order_by(Party.position).limit(1).scalar_subquery()
    )
    stmt = (
        select(
            Case.id, Case.number, Case.registered_at, Case.channel, Case.category, Case.status, Case.village,
            Case.party_names, first_id, Case.risk_level, Case.deadline_at, Case.assignee, _sync_state_column(),
            func.substr(Case.summary, 1, 60), key_col,
        )
        .where(*conds)
        .order_by(*order)
        .limit(limit + 1)
    )
    if f.sort == "deadline_asc" and _only_open(f):
        # Open cases by deadline: walk migration 0010's partial index in list order (a page reads its own
        # rows). Left to itself the planner takes ix_cases_status_registered and sorts every open case
        # (447 ms at 1,000,000 cases; 380 ms with a category).
        stmt = stmt.with_hint(Case, "INDEXED BY ix_cases_open_deadline_sort", "sqlite")
    rows = session.execute(stmt).all()
    more = len(rows) > limit
    rows = rows[:limit]
    out = [
        CaseRow(
            id=r[0], number=r[1], registered_at=r[2], channel=r[3], category=r[4], status=r[5], village=r[6],
            party_names=r[7], masked_id=mask_id_number(r[8]), risk_level=r[9], deadline_at=r[10], assignee=r[11],
            sync_state=r[12] or "synced", summary=r[13] or "",
        )
        for r in rows
    ]
    next_key = None
    if more and rows:
        last = rows[-1]
        next_key = (last[14], last[0])
    return out, next_key


def count_cases(session: Session, f: CaseFilter, cap: int = 100_000, now: datetime | None = None) -> int:
    """How many cases match, counted up to `cap` (the list shows “100000+” beyond it)."""
    # A constant, not Case.id: a filter an index answers alone (overdue: the open-deadline partial index)
    # is then counted in the index, without a table look-up per row (600 ms → 10 ms at 64,000 overdue).
    inner = select(literal_column("1")).select_from(Case).where(*_conditions(f, now or utcnow())).limit(cap + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(inner)) or 0)


@dataclass
class CaseDetail:
    case: Case
    events: list[CaseEvent]
    mediations: list[Mediation]
    records: list[MediationRecord]
    agreements: list[Agreement]
    followups: list[Followup]
    attachments: list[Attachment]
    sync_state: str
    sync_error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def case_detail(session: Session, case_id: str) -> CaseDetail | None:
    case = session.get(Case, case_id, options=[selectinload(Case.parties)])
    if case is None:
        return None
    events = list(session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)))
    mediations = list(session.scalars(select(Mediation).where(Mediation.case_id == case_id).order_by(Mediation.started_at)))
    mids = [m.id for m in mediations]
    records = list(session.scalars(select(MediationRecord).where(MediationRecord.mediation_id.in_(mids)).order_by(MediationRecord.held_at))) if mids else []
    agreements = list(session.scalars(select(Agreement).where(Agreement.mediation_id.in_(mids)))) if mids else []
    followups = list(session.scalars(select(Followup).where(Followup.case_id == case_id).order_by(Followup.visited_at)))
    attachments = list(session.scalars(select(Attachment).where(Attachment.case_id == case_id).order_by(Attachment.created_at)))
    last_op = session.scalars(select(OutboxOp).where(OutboxOp.entity_id == case_id).order_by(OutboxOp.op_id.desc())).first()
    return CaseDetail(
        case=case, events=events, mediations=mediations, records=records, agreements=agreements,
        followups=followups, attachments=attachments,
        sync_state=last_op.state if last_op else "synced",
        sync_error=last_op.error_message if last_op and last_op.state in ("rejected", "conflict") else None,
    )


def case_by_number(session: Session, number: str) -> Case | None:
    return session.scalars(select(Case).where(Case.number == number).options(selectinload(Case.parties))).first()


def outbox_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(OutboxOp.state, func.count()).group_by(OutboxOp.state)).all()
    return {state: int(n) for state, n in rows}


def due_soon_window(now: datetime) -> tuple[datetime, datetime]:
    return now, now + timedelta(days=3)
