"""The monthly report's tables, built once from the statistics and rendered to PDF and Excel alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from desktop.db.types import utcnow

from .figures import BreakdownRow, Statistics, compute
from .periods import Period

Cell = str | int | float | None


@dataclass
class ReportTable:
    title: str
    sheet: str
    headers: list[str]
    rows: list[list[Cell]]
    percent_cols: set[int] = field(default_factory=set)
    widths: list[int] = field(default_factory=list)  # in characters, for Excel and PDF proportions


@dataclass
class MonthlyReport:
    title: str
    center: str
    period: Period
    made_at: datetime
    stats: Statistics
    previous: Statistics
    tables: list[ReportTable]

    @property
    def trend(self) -> list[tuple[str, int, int]]:
        return self.stats.trend


SUMMARY_KEYS = (
    ("people_received", "人"), ("visits", "人次"), ("consultations", "次"), ("cases_accepted", "件"),
    ("cases_resolved", "件"), ("resolution_rate", ""), ("grid_events", "件"), ("grid_events_resolved", "件"),
    ("appointments", "件"), ("assigned_items", "件"), ("overdue", "件"), ("due_soon", "件"),
)
AS_OF_NOW = ("overdue", "due_soon")
MEDIATION_KEYS = (
    ("mediations", "件"), ("mediations_concluded", "件"), ("mediations_success", "件"), ("mediation_success_rate", ""),
    ("agreements_written", "份"), ("agreements_oral", "份"), ("judicial_confirmations", "件"),
)


def _change(now: float, before: float, rate: bool) -> Cell:
    if rate:
        return round(now - before, 4)
    return int(now - before)


def _figure_rows(st: Statistics, prev: Statistics, keys: tuple[tuple[str, str], ...]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for key, unit in keys:
        f = st.figures[key]
        p = prev.figures[key]
        if key in AS_OF_NOW:
            rows.append([f.label + "（制表时）", unit, int(f.value), None, None])
        elif f.rate:
            rows.append([f.label, "", round(f.value, 4), round(p.value, 4), _change(f.value, p.value, True)])
        else:
            rows.append([f.label, unit, int(f.value), int(p.value), _change(f.value, p.value, False)])
    return rows


def _breakdown(rows: list[BreakdownRow], prev: list[BreakdownRow], total: int) -> list[list[Cell]]:
    before = {r.key: r.accepted for r in prev}
    out: list[list[Cell]] = []
    for r in rows:
        out.append([r.label, r.accepted, r.resolved, round(r.rate, 4), round(r.accepted / total, 4) if total else 0.0,
                    before.get(r.key, 0), r.accepted - before.get(r.key, 0)])
    out.append(["合计", sum(r.accepted for r in rows), sum(r.resolved for r in rows),
                round(sum(r.resolved for r in rows) / total, 4) if total else 0.0, 1.0 if total else 0.0,
                sum(before.values()), total - sum(before.values())])
    return out


BREAKDOWN_HEADERS = ["受理（件）", "办结（件）", "办结率", "占比", "上期受理", "增减"]


def build_monthly(session: Session, period: Period, center: str, categories: tuple[str, ...] = (),
                  now: datetime | None = None) -> MonthlyReport:
    now = now or utcnow()
    st = compute(session, period, now, categories)
    prev = compute(session, period.previous(), now, categories, with_trend=False)
    total = int(st.value("cases_accepted"))
    per_label = "本期" if period.kind != "month" else "本月"
    prev_label = "上期" if period.kind != "month" else "上月"
    tables = [
        ReportTable("一、主要指标", "主要指标", ["指标", "单位", per_label, prev_label, "增减"],
                    _figure_rows(st, prev, SUMMARY_KEYS), set(), [22, 6, 12, 12, 10]),
        ReportTable("二、按纠纷类型", "按纠纷类型", ["纠纷类型", *BREAKDOWN_HEADERS],
                    _breakdown(st.by_category, prev.by_category, total), {3, 4}, [14, 11, 11, 9, 9, 10, 8]),
        ReportTable("三、按来源渠道", "按来源渠道", ["来源渠道", *BREAKDOWN_HEADERS],
                    _breakdown(st.by_channel, prev.by_channel, total), {3, 4}, [14, 11, 11, 9, 9, 10, 8]),
        ReportTable("四、按村（社区）", "按村（社区）", ["村（社区）", *BREAKDOWN_HEADERS],
                    _breakdown(st.by_village, prev.by_village, total), {3, 4}, [14, 11, 11, 9, 9, 10, 8]),
        ReportTable("五、人民调解", "人民调解", ["指标", "单位", per_label, prev_label, "增减"],
                    _figure_rows(st, prev, MEDIATION_KEYS), set(), [22, 6, 12, 12, 10]),
        ReportTable("六、调解员工作量", "调解员", ["调解员", "调解（件）", "成功（件）", "成功率"],
                    [[r.label, r.accepted, r.resolved, round(r.rate, 4)] for r in st.mediators], {3}, [16, 12, 12, 10]),
        ReportTable("七、首问责任人受理情况", "按受理人", ["受理人", "受理（件）", "办结（件）", "办结率"],
                    [[r.label, r.accepted, r.resolved, round(r.rate, 4)] for r in st.by_first_responder], {3},
                    [16, 12, 12, 10]),
        ReportTable("八、群众满意度", "满意度", ["评价", "件数", "占比"],
                    _satisfaction(st), {2}, [16, 12, 10]),
        ReportTable("九、受理趋势", "受理趋势", ["日期" if period.trend_grain() == "day" else "月份", "受理（件）", "办结（件）"],
                    [[step, n, r] for step, n, r in st.trend], set(), [14, 12, 12]),
    ]
    title = f"{center} {period.label()}工作统计报表"
    return MonthlyReport(title, center, period, now, st, prev, tables)


def _satisfaction(st: Statistics) -> list[list[Cell]]:
    total = sum(r.accepted for r in st.satisfaction)
    return [[r.label, r.accepted, round(r.accepted / total, 4) if total else 0.0] for r in st.satisfaction]


def is_rate_row(table: ReportTable, row: list[Cell]) -> bool:
    """Figure tables mix counts and rates: a rate row has an empty unit and float values."""
    return table.headers[:2] == ["指标", "单位"] and row[1] == "" and isinstance(row[2], float)
