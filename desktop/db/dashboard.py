"""Read-side figures for the 工作台 (today's work at a glance)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select, text
from sqlalchemy.orm import Session

from desktop.domain.deadlines import DUE_SOON
from desktop.domain.enums import OPEN_STATUSES, CountyItemKind

from .models import OPEN_STATUS_SQL, Case, CountyItem, Reception, status_in_sql
from .queries import outbox_counts
from .types import utcnow

LIST_LIMIT = 20


@dataclass(frozen=True)
class CaseItem:
    id: str
    number: str
    party_names: str
    category: str
    status: str
    deadline_at: datetime | None


@dataclass(frozen=True)
class AppointmentItem:
    id: str
    title: str
    appointment_at: datetime | None
    status: str
    reporter: str
    case_id: str | None


@dataclass
class DashboardData:
    people_today: int = 0
    visits_today: int = 0
    cases_today: int = 0
    my_open_count: int = 0
    my_open: list[CaseItem] = field(default_factory=list)
    overdue_count: int = 0
    overdue: list[CaseItem] = field(default_factory=list)
    due_soon_count: int = 0
    due_soon: list[CaseItem] = field(default_factory=list)
    appointments: list[AppointmentItem] = field(default_factory=list)
    outbox: dict[str, int] = field(default_factory=dict)


def _open(cond: ColumnElement[bool]) -> ColumnElement[bool]:
    # The literal status list (not bound parameters) lets SQLite use the partial indexes on open cases.
    return and_(text(status_in_sql(OPEN_STATUSES, "cases.status")), cond)


def _case_page(session: Session, cond: ColumnElement[bool], offset: int = 0, limit: int = LIST_LIMIT) -> list[CaseItem]:
    rows = session.execute(
        select(Case.id, Case.number, Case.party_names, Case.category, Case.status, Case.deadline_at)
        .where(_open(cond))
        .order_by(Case.deadline_at.asc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [CaseItem(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def _count(session: Session, cond: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(Case).where(_open(cond))) or 0)


def _cases(session: Session, cond: ColumnElement[bool]) -> tuple[int, list[CaseItem]]:
    return _count(session, cond), _case_page(session, cond)


# No index covers first_responder; walking only the open cases (a partial index) beats scanning every
# case by about 6x at a million cases. SQLAlchemy's SQLite dialect drops table hints, hence text().
_MINE_WHERE = f"FROM cases INDEXED BY ix_cases_open_registered WHERE {OPEN_STATUS_SQL} AND (first_responder = :me OR assignee = :me)"


def _mine_page(session: Session, me: str, offset: int = 0, limit: int = LIST_LIMIT) -> list[CaseItem]:
    stmt = text(
        f"SELECT id, number, party_names, category, status, deadline_at {_MINE_WHERE} "
        "ORDER BY registered_at DESC, id DESC LIMIT :limit OFFSET :offset"
    ).columns(Case.id, Case.number, Case.party_names, Case.category, Case.status, Case.deadline_at)
    rows = session.execute(stmt, {"me": me, "limit": limit, "offset": offset}).all()
    return [CaseItem(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def _mine_count(session: Session, me: str) -> int:
    return int(session.scalar(text(f"SELECT count(*) {_MINE_WHERE}"), {"me": me}) or 0)


def _mine(session: Session, me: str) -> tuple[int, list[CaseItem]]:
    return _mine_count(session, me), _mine_page(session, me)


CASE_LISTS = ("mine", "overdue", "due_soon")


def case_list(session: Session, which: str, me: str, offset: int, limit: int, now: datetime | None = None) -> list[CaseItem]:
    """A page of one of the 工作台's case lists (the screen pages through them as it scrolls)."""
    now = now or utcnow()
    if which == "mine":
        return _mine_page(session, me, offset, limit)
    if which == "overdue":
        return _case_page(session, Case.deadline_at < now, offset, limit)
    if which == "due_soon":
        return _case_page(session, and_(Case.deadline_at >= now, Case.deadline_at < now + DUE_SOON), offset, limit)
    raise ValueError(which)


def appointments_page(session: Session, day_start: datetime, day_end: datetime, offset: int,
                      limit: int) -> list[AppointmentItem]:
    """A page of the day's 网上预约, by appointment time (the 工作台 pages through them as it scrolls)."""
    rows = session.execute(
        select(CountyItem.id, CountyItem.title, CountyItem.appointment_at, CountyItem.status, CountyItem.reporter,
               CountyItem.case_id)
        .where(CountyItem.kind == CountyItemKind.APPOINTMENT.value, CountyItem.appointment_at >= day_start,
               CountyItem.appointment_at < day_end)
        .order_by(CountyItem.appointment_at, CountyItem.id)
        .offset(offset)
        .limit(limit)
    ).all()
    return [AppointmentItem(*r) for r in rows]


def dashboard(session: Session, me: str, day_start: datetime, day_end: datetime, now: datetime | None = None,
              with_lists: bool = True) -> DashboardData:
    """Today's figures and lists for the signed-in user `me` (display name, as cases record it).
    `with_lists=False`: the counts only (the screen pages the lists itself with `case_list`)."""
    now = now or utcnow()
    d = DashboardData()
    people, visits = session.execute(
        select(func.coalesce(func.sum(Reception.people_count), 0), func.count())
        .where(Reception.visited_at >= day_start, Reception.visited_at < day_end)
    ).one()
    d.people_today, d.visits_today = int(people), int(visits)
    d.cases_today = int(session.scalar(
        select(func.count()).select_from(Case).where(Case.registered_at >= day_start, Case.registered_at < day_end)
    ) or 0)
    if with_lists:
        d.my_open_count, d.my_open = _mine(session, me)
        d.overdue_count, d.overdue = _cases(session, Case.deadline_at < now)
        d.due_soon_count, d.due_soon = _cases(session, and_(Case.deadline_at >= now, Case.deadline_at < now + DUE_SOON))
    else:
        d.my_open_count = _mine_count(session, me)
        d.overdue_count = _count(session, Case.deadline_at < now)
        d.due_soon_count = _count(session, and_(Case.deadline_at >= now, Case.deadline_at < now + DUE_SOON))
    if with_lists:
        d.appointments = appointments_page(session, day_start, day_end, 0, LIST_LIMIT)
    d.outbox = outbox_counts(session)
    return d
