"""Core statistics with SQL aggregates (never Python loops over rows)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .models import Case, Reception

RESOLVED_VALUES = ("closed", "followed_up", "archived")


@dataclass
class PeriodStats:
    date_from: str
    date_to: str
    people_received: int = 0
    visits: int = 0
    consultations: int = 0
    cases_accepted: int = 0
    cases_resolved: int = 0
    resolution_rate: float = 0.0
    by_category: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def period_stats(session: Session, start: datetime, end: datetime) -> PeriodStats:
    """Figures for [start, end): people and visits from the reception log, cases by registration time."""
    people, visits, consultations = session.execute(
        select(
            func.coalesce(func.sum(Reception.people_count), 0),
            func.count(),
            func.coalesce(func.sum(case((Reception.answered_on_spot.is_(True), 1), else_=0)), 0),
        ).where(Reception.visited_at >= start, Reception.visited_at < end)
    ).one()
    in_period = (Case.registered_at >= start, Case.registered_at < end)
    accepted, resolved = session.execute(
        select(func.count(), func.coalesce(func.sum(case((Case.status.in_(RESOLVED_VALUES), 1), else_=0)), 0)).where(*in_period)
    ).one()
    by_category: dict[str, int] = dict(session.execute(select(Case.category, func.count()).where(*in_period).group_by(Case.category)).tuples().all())
    by_channel: dict[str, int] = dict(session.execute(select(Case.channel, func.count()).where(*in_period).group_by(Case.channel)).tuples().all())
    return PeriodStats(
        date_from=start.isoformat(),
        date_to=end.isoformat(),
        people_received=int(people),
        visits=int(visits),
        consultations=int(consultations),
        cases_accepted=int(accepted),
        cases_resolved=int(resolved),
        resolution_rate=round(int(resolved) / int(accepted), 4) if accepted else 0.0,
        by_category={str(k): int(v) for k, v in by_category.items()},
        by_channel={str(k): int(v) for k, v in by_channel.items()},
    )
