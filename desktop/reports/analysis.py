"""分析研判: rising categories, hot-spot villages, repeat visitors, high-risk open items, mediators' workload."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.db.models import OPEN_STATUS_SQL
from desktop.db.types import from_db_ts, to_db_ts, utcnow
from desktop.domain.validation import mask_id_number, mask_phone

from .buckets import bucket_sums
from .drill import Drill
from .periods import Period


@dataclass(frozen=True)
class Rising:
    category: str
    now: int
    before: int
    drill: Drill

    @property
    def change(self) -> int:
        return self.now - self.before

    @property
    def percent(self) -> float | None:
        """Change against the previous period; None when there was nothing before (new)."""
        return self.change / self.before if self.before else None


@dataclass(frozen=True)
class Hotspot:
    village: str
    accepted: int
    unresolved: int
    before: int
    share: float
    drill: Drill


@dataclass(frozen=True)
class RepeatVisitor:
    kind: str  # "id_number" | "phone"
    masked: str
    times: int
    last_at: datetime
    case_ids: tuple[str, ...]


@dataclass(frozen=True)
class Workload:
    mediator: str
    open: int
    overdue: int
    started: int  # in the period
    succeeded: int  # of those started in the period


@dataclass
class Analysis:
    period: Period
    rising: list[Rising] = field(default_factory=list)
    hotspots: list[Hotspot] = field(default_factory=list)
    repeat_visitors: list[RepeatVisitor] = field(default_factory=list)
    high_risk_open: int = 0
    high_risk_drill: Drill = field(default_factory=lambda: Drill("cases", where=(("risk_level", "high"), ("open", "1"))))
    workload: list[Workload] = field(default_factory=list)


def rising_categories(session: Session, period: Period, min_change: int = 1) -> list[Rising]:
    """Categories with more cases than in the previous period, largest rise first."""
    start, end = period.bounds()
    now = bucket_sums(session, start, end, ("case.category",)).get("case.category", {})
    before = bucket_sums(session, *period.previous().bounds(), ("case.category",)).get("case.category", {})
    out = [
        Rising(k, v[0], before.get(k, (0, 0, 0))[0], Drill("cases", start, end, (("category", k),)))
        for k, v in now.items()
    ]
    out = [r for r in out if r.change >= min_change]
    return sorted(out, key=lambda r: (-r.change, -(r.percent or 99.0), r.category))


def hotspot_villages(session: Session, period: Period, top: int = 10) -> list[Hotspot]:
    """Villages with the most cases in the period, with how many are still unresolved."""
    start, end = period.bounds()
    now = bucket_sums(session, start, end, ("case.village",)).get("case.village", {})
    before = bucket_sums(session, *period.previous().bounds(), ("case.village",)).get("case.village", {})
    total = sum(v[0] for v in now.values())
    ranked = sorted(now.items(), key=lambda kv: (-kv[1][0], kv[0]))[:top]
    return [
        Hotspot(k or "（未填）", n, n - a, before.get(k, (0, 0, 0))[0], n / total if total else 0.0,
                Drill("cases", start, end, (("village", k),)))
        for k, (n, a, _b) in ranked
    ]


def repeat_visitors(session: Session, days: int = 30, min_times: int = 3, now: datetime | None = None,
                    limit: int = 200) -> list[RepeatVisitor]:
    """People who came `min_times` or more times in the last `days` days, by ID number or by phone.

    A visit is a reception not registered as a case, or a case (through any of its parties); a
    reception that became a case counts once. Identities are returned masked.
    """
    now = now or utcnow()
    since = to_db_ts(now - timedelta(days=days))
    out: list[RepeatVisitor] = []
    for kind, rcol, pcol, index, mask in (
        ("id_number", "visitor_id_number", "id_number", "ix_receptions_repeat_id", mask_id_number),
        ("phone", "visitor_phone", "phone", "ix_receptions_repeat_phone", mask_phone),
    ):
        # The reception part reads the partial indexes ix_receptions_repeat_* (left alone, SQLite picks
        # the case_id index and reads every consultation); CROSS JOIN and the
        # unary + keep SQLite from walking the parties' identity index over the whole table.
        rows = session.execute(
            text(
                f"SELECT who, count(*), max(at) FROM ("  # constant columns
                f"  SELECT {rcol} AS who, visited_at AS at, NULL AS case_id FROM receptions INDEXED BY {index} "
                f"  WHERE visited_at >= :since AND {rcol} IS NOT NULL AND case_id IS NULL "
                f"  UNION ALL "
                f"  SELECT p.{pcol}, c.registered_at, c.id FROM cases c CROSS JOIN parties p ON p.case_id = c.id "
                f"  WHERE c.registered_at >= :since AND +p.{pcol} IS NOT NULL AND +p.{pcol} != ''"
                f") GROUP BY who HAVING count(*) >= :n ORDER BY count(*) DESC, max(at) DESC LIMIT :limit"
            ),
            {"since": since, "n": min_times, "limit": limit},
        ).all()
        # Case ids only for the few identities found (building them for every identity is the slow part).
        ids_of: dict[str, set[str]] = {}
        if rows:
            marks = ", ".join(f":w{i}" for i in range(len(rows)))
            for who, case_id in session.execute(
                text(
                    f"SELECT p.{pcol}, c.id FROM parties p JOIN cases c ON c.id = p.case_id "  # constants
                    f"WHERE p.{pcol} IN ({marks}) AND c.registered_at >= :since"
                ),
                {"since": since, **{f"w{i}": r[0] for i, r in enumerate(rows)}},
            ).all():
                ids_of.setdefault(who, set()).add(case_id)
        for who, times, last in rows:
            out.append(RepeatVisitor(kind, mask(who), int(times), from_db_ts(last), tuple(sorted(ids_of.get(who, ())))))
    out.sort(key=lambda r: (-r.times, r.kind))
    return out


def high_risk_open(session: Session) -> int:
    return int(session.scalar(
        text(f"SELECT count(*) FROM cases WHERE risk_level = 'high' AND {OPEN_STATUS_SQL}")  # constant
    ) or 0)


def mediator_workload(session: Session, period: Period, now: datetime | None = None) -> list[Workload]:
    now = now or utcnow()
    open_rows = {
        m: (int(n), int(o or 0))
        for m, n, o in session.execute(
            text("SELECT mediator, count(*), sum(deadline_at < :now) FROM mediations WHERE outcome IS NULL "
                 "GROUP BY mediator"),
            {"now": to_db_ts(now)},
        ).all()
    }
    period_rows = bucket_sums(session, *period.bounds(), ("mediation.mediator",)).get("mediation.mediator", {})
    names = sorted(set(open_rows) | set(period_rows), key=lambda m: (-open_rows.get(m, (0, 0))[0], m))
    return [
        Workload(m or "（未指定）", open_rows.get(m, (0, 0))[0], open_rows.get(m, (0, 0))[1],
                 period_rows.get(m, (0, 0, 0))[0], period_rows.get(m, (0, 0, 0))[1])
        for m in names
    ]


def analyse(session: Session, period: Period, repeat_days: int = 30, repeat_times: int = 3,
            now: datetime | None = None) -> Analysis:
    return Analysis(
        period=period,
        rising=rising_categories(session, period),
        hotspots=hotspot_villages(session, period),
        repeat_visitors=repeat_visitors(session, repeat_days, repeat_times, now),
        high_risk_open=high_risk_open(session),
        workload=mediator_workload(session, period, now),
    )
