"""The statistics of a period: every figure the office reports, each with the records behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.db.models import OPEN_STATUS_SQL, Case, CountyItem
from desktop.db.types import utcnow
from desktop.domain.deadlines import DUE_SOON
from desktop.domain.enums import Channel, Satisfaction

from .buckets import Sums, bucket_sums, trend
from .drill import Drill
from .labels import label
from .periods import Period


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float
    drill: Drill | None = None
    unit: str = "件"
    rate: bool = False

    def text(self) -> str:
        return f"{self.value:.1%}" if self.rate else f"{int(self.value)}"


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    accepted: int
    resolved: int
    drill: Drill
    resolved_drill: Drill

    @property
    def rate(self) -> float:
        return self.resolved / self.accepted if self.accepted else 0.0


@dataclass
class Statistics:
    period: Period
    start: datetime
    end: datetime
    as_of: datetime
    figures: dict[str, Figure] = field(default_factory=dict)
    by_channel: list[BreakdownRow] = field(default_factory=list)
    by_category: list[BreakdownRow] = field(default_factory=list)
    by_village: list[BreakdownRow] = field(default_factory=list)
    by_first_responder: list[BreakdownRow] = field(default_factory=list)
    by_assignee: list[BreakdownRow] = field(default_factory=list)
    satisfaction: list[BreakdownRow] = field(default_factory=list)
    mediators: list[BreakdownRow] = field(default_factory=list)  # accepted = mediations, resolved = successes
    trend: list[tuple[str, int, int]] = field(default_factory=list)

    def value(self, key: str) -> float:
        return self.figures[key].value

    def to_dict(self) -> dict[str, Any]:
        def rows(rs: list[BreakdownRow]) -> list[dict[str, Any]]:
            return [{"key": r.key, "label": r.label, "accepted": r.accepted, "resolved": r.resolved} for r in rs]

        return {
            "period": {"kind": self.period.kind, "start": self.period.start.isoformat(),
                       "end": self.period.end.isoformat(), "label": self.period.label()},
            "as_of": self.as_of.isoformat(),
            "figures": {k: f.value for k, f in self.figures.items()},
            "by_channel": rows(self.by_channel),
            "by_category": rows(self.by_category),
            "by_village": rows(self.by_village),
            "by_first_responder": rows(self.by_first_responder),
            "by_assignee": rows(self.by_assignee),
            "satisfaction": rows(self.satisfaction),
            "mediators": rows(self.mediators),
            "trend": [{"step": s, "accepted": n, "resolved": r} for s, n, r in self.trend],
        }


FIGURE_ORDER = (
    "people_received", "visits", "consultations", "cases_accepted", "cases_resolved", "resolution_rate",
    "grid_events", "grid_events_resolved", "appointments", "assigned_items", "overdue", "due_soon",
    "mediations", "mediations_concluded", "mediations_success", "mediation_success_rate",
    "agreements_written", "agreements_oral", "judicial_confirmations",
)


# The figures `township-desk stats` prints: a projection of `compute`, so the two commands cannot disagree.
CORE_FIGURES = ("people_received", "visits", "consultations", "cases_accepted", "cases_resolved", "resolution_rate")


def core_figures(st: Statistics) -> dict[str, Any]:
    """The core figures of `st` (counts as ints) and cases accepted by category and by channel."""
    out: dict[str, Any] = {k: st.value(k) if st.figures[k].rate else int(st.value(k)) for k in CORE_FIGURES}
    out["by_category"] = {r.key: r.accepted for r in st.by_category if r.accepted}
    out["by_channel"] = {r.key: r.accepted for r in st.by_channel if r.accepted}
    return out


def _channel_label(value: str) -> str:
    return label(Channel, value, "（未填）" if not value else "")


def _satisfaction_label(value: str) -> str:
    return label(Satisfaction, value, "（未评价）")


def _rows(sums: Sums, metric: str, dim: str, base: Drill, label: Any = None,
          order: tuple[str, ...] = ()) -> list[BreakdownRow]:
    data = sums.get(metric, {})
    # Listed vocabularies (channels, the configured categories) show every entry, zeros included.
    keys = list(order) + sorted((k for k in data if k not in order), key=lambda k: -data[k][0])
    out = []
    for k in keys:
        n, a, _b = data.get(k, (0, 0, 0))
        d = base.with_(**{dim: k})
        out.append(BreakdownRow(k, label(k) if label else (k or "（未填）"), n, a, d, d.with_(resolved="1")))
    return out


def compute(session: Session, period: Period, now: datetime | None = None,
            categories: tuple[str, ...] = (), with_trend: bool = True) -> Statistics:
    """Every figure for `period` (local-time boundaries); overdue and due soon are as of `now`."""
    now = now or utcnow()
    start, end = period.bounds()
    sums = bucket_sums(session, start, end)
    st = Statistics(period, start, end, now)

    def one(metric: str, key: str = "") -> tuple[int, int, int]:
        return sums.get(metric, {}).get(key, (0, 0, 0))

    cases = Drill("cases", start, end)
    receptions = Drill("receptions", start, end)
    mediations = Drill("mediations", start, end)
    agreements = Drill("agreements", start, end)
    items = Drill("county_items", start, end)

    visits, people, consults = one("reception")
    accepted, resolved, _ = one("case.all")
    med = sums.get("mediation", {})
    med_total = sum(v[0] for v in med.values())
    med_success = med.get("written", (0, 0, 0))[0] + med.get("oral", (0, 0, 0))[0]
    med_concluded = med_success + med.get("failed", (0, 0, 0))[0]
    agr = sums.get("agreement", {})
    judicial = one("judicial")[0]

    item_counts = dict(
        ((kind, bool(res)), int(n))
        for kind, res, n in session.execute(
            select(CountyItem.kind, CountyItem.resolved, func.count())
            .where(CountyItem.received_at >= start, CountyItem.received_at < end)
            .group_by(CountyItem.kind, CountyItem.resolved)
        ).all()
    )

    def items_of(kind: str, resolved_only: bool = False) -> int:
        return item_counts.get((kind, True), 0) + (0 if resolved_only else item_counts.get((kind, False), 0))

    overdue, due_soon = session.execute(
        select(
            func.count().filter(Case.deadline_at < now),
            func.count().filter(Case.deadline_at >= now, Case.deadline_at < now + DUE_SOON),
        )
        .select_from(Case)
        # The literal status list matches the partial index ix_cases_open_deadline.
        .where(text(OPEN_STATUS_SQL), Case.deadline_at < now + DUE_SOON)
    ).one()

    figs = [
        Figure("people_received", "接待群众", people, receptions, "人"),
        Figure("visits", "接待人次", visits, receptions, "人次"),
        Figure("consultations", "当场答复咨询", consults, receptions.with_(consultation="1"), "次"),
        Figure("cases_accepted", "受理诉求", accepted, cases),
        Figure("cases_resolved", "已办结", resolved, cases.with_(resolved="1")),
        Figure("resolution_rate", "办结率", resolved / accepted if accepted else 0.0, cases.with_(resolved="1"),
               "", True),
        Figure("grid_events", "网格上报事件", items_of("grid_event"), items.with_(kind="grid_event")),
        Figure("grid_events_resolved", "网格事件已解决", items_of("grid_event", True),
               items.with_(kind="grid_event", resolved="1")),
        Figure("appointments", "网上预约", items_of("appointment"), items.with_(kind="appointment")),
        Figure("assigned_items", "上级交办", items_of("assigned"), items.with_(kind="assigned")),
        Figure("overdue", "超期未办结", int(overdue), Drill("cases", where=(("overdue", "1"),))),
        Figure("due_soon", "3日内到期", int(due_soon), Drill("cases", where=(("due_soon", "1"),))),
        Figure("mediations", "人民调解", med_total, mediations),
        Figure("mediations_concluded", "调解已结束", med_concluded, mediations.with_(concluded="1")),
        Figure("mediations_success", "调解成功", med_success, mediations.with_(success="1")),
        Figure("mediation_success_rate", "调解成功率", med_success / med_concluded if med_concluded else 0.0,
               mediations.with_(success="1"), "", True),
        Figure("agreements_written", "书面协议", agr.get("written", (0, 0, 0))[0], agreements.with_(oral="0"), "份"),
        Figure("agreements_oral", "口头协议", agr.get("oral", (0, 0, 0))[0], agreements.with_(oral="1"), "份"),
        Figure("judicial_confirmations", "申请司法确认", judicial, agreements.with_(judicial="1")),
    ]
    st.figures = {f.key: f for f in figs}
    channel_order = tuple(c.value for c in Channel)
    st.by_channel = _rows(sums, "case.channel", "channel", cases, _channel_label, channel_order)
    st.by_category = _rows(sums, "case.category", "category", cases, None, categories)
    st.by_village = _rows(sums, "case.village", "village", cases)
    st.by_first_responder = _rows(sums, "case.first_responder", "first_responder", cases)
    st.by_assignee = [r for r in _rows(sums, "case.assignee", "assignee", cases) if r.key]
    st.satisfaction = [
        r for r in _rows(sums, "case.satisfaction", "satisfaction", cases, _satisfaction_label,
                         tuple(s.value for s in Satisfaction))
        if r.key and r.accepted
    ]
    st.mediators = [
        BreakdownRow(k, k or "（未填）", n, a, mediations.with_(mediator=k), mediations.with_(mediator=k, success="1"))
        for k, (n, a, _b) in sorted(sums.get("mediation.mediator", {}).items(), key=lambda kv: -kv[1][0])
    ]
    if with_trend:
        st.trend = trend(session, start, end, period.trend_grain())
    return st
