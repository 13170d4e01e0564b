"""The records behind a figure: a `Drill` names them; lists and case filters are derived from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from desktop.db.models import OPEN_STATUS_SQL, Agreement, Case, CountyItem, Mediation, Reception
from desktop.db.queries import CaseFilter
from desktop.db.types import utcnow
from desktop.domain.deadlines import DUE_SOON
from desktop.domain.enums import Channel, CountyItemKind, CountyItemStatus, MediationOutcome
from desktop.domain.validation import mask_id_number, mask_phone

from .buckets import RESOLVED
from .labels import label

KINDS = ("cases", "receptions", "mediations", "agreements", "county_items")
# Drill-down lists of cases by id are capped; beyond it the list says so (a figure that large
# is better narrowed by period first).
MAX_IDS = 20_000


@dataclass(frozen=True)
class Drill:
    """Which records a figure counts: a kind, a time range on that kind's own time column, and conditions."""

    kind: str
    date_from: datetime | None = None
    date_to: datetime | None = None
    where: tuple[tuple[str, str], ...] = ()

    def get(self, name: str) -> str | None:
        for k, v in self.where:
            if k == name:
                return v
        return None

    def with_(self, **conds: str) -> Drill:
        return Drill(self.kind, self.date_from, self.date_to, self.where + tuple(conds.items()))


def case_conditions(d: Drill, now: datetime | None = None) -> list[ColumnElement[bool] | TextClause]:
    now = now or utcnow()
    # The literal open-status list (OPEN_STATUS_SQL) is what lets SQLite use the partial indexes.
    conds: list[ColumnElement[bool] | TextClause] = []
    if d.date_from is not None:
        conds.append(Case.registered_at >= d.date_from)
    if d.date_to is not None:
        conds.append(Case.registered_at < d.date_to)
    for name, value in d.where:
        if name == "resolved":
            conds.append(Case.status.in_(RESOLVED))
        elif name == "open":
            conds.append(text(OPEN_STATUS_SQL))
        elif name == "overdue":
            conds += [text(OPEN_STATUS_SQL), Case.deadline_at < now]
        elif name == "due_soon":
            conds += [text(OPEN_STATUS_SQL), Case.deadline_at >= now, Case.deadline_at < now + DUE_SOON]
        elif name == "satisfaction":
            conds.append(Case.satisfaction == value)
        elif name in ("channel", "category", "village", "first_responder", "assignee", "risk_level"):
            conds.append(getattr(Case, name) == value)
        else:
            raise ValueError(f"unknown case condition {name}")
    return conds


_FILTER_FIELDS = ("channel", "category", "village", "assignee", "risk_level")


def case_filter(session: Session, d: Drill, now: datetime | None = None) -> CaseFilter:
    """A CaseFilter for queries.list_cases that lists exactly the cases the figure counts."""
    if d.kind != "cases":
        ids = tuple(session.scalars(select(_case_id_column(d)).where(*record_conditions(d)).limit(MAX_IDS)))
        return CaseFilter(ids=tuple(sorted({i for i in ids if i})) or ("-",))
    direct = {k for k, _ in d.where} <= {*_FILTER_FIELDS, "resolved", "open", "overdue", "due_soon"}
    if direct:
        kwargs: dict[str, Any] = {k: v for k, v in d.where if k in _FILTER_FIELDS}
        return CaseFilter(
            statuses=RESOLVED if d.get("resolved") else (),
            open_only=d.get("open") is not None,
            overdue=d.get("overdue") is not None,
            due_soon=d.get("due_soon") is not None,
            date_from=d.date_from,
            date_to=d.date_to,
            **kwargs,
        )
    # first_responder and satisfaction are not CaseFilter fields: pass the matching ids.
    ids = tuple(session.scalars(select(Case.id).where(*case_conditions(d, now)).limit(MAX_IDS)))
    return CaseFilter(ids=ids or ("-",), date_from=d.date_from, date_to=d.date_to)


def _case_id_column(d: Drill) -> Any:
    return {
        "receptions": Reception.case_id,
        "mediations": Mediation.case_id,
        "agreements": Mediation.case_id,
        "county_items": CountyItem.case_id,
    }[d.kind]


def record_conditions(d: Drill) -> list[ColumnElement[bool]]:
    """Conditions for the non-case kinds (receptions, mediations, agreements, county items)."""
    conds: list[ColumnElement[bool]] = []
    if d.kind == "receptions":
        col: Any = Reception.visited_at
        if d.get("consultation"):
            conds.append(Reception.answered_on_spot.is_(True))
    elif d.kind == "mediations":
        col = Mediation.started_at
        for name, value in d.where:
            if name == "outcome":
                conds.append(Mediation.outcome.is_(None) if value == "" else Mediation.outcome == value)
            elif name == "success":
                conds.append(Mediation.outcome.in_(("written", "oral")))
            elif name == "concluded":
                conds.append(Mediation.outcome.is_not(None))
            elif name == "mediator":
                conds.append(Mediation.mediator == value)
    elif d.kind == "agreements":
        col = Agreement.judicial_applied_at if d.get("judicial") else Agreement.effective_at
        conds.append(col.is_not(None))
        oral = d.get("oral")
        if oral is not None:
            conds.append(Agreement.oral.is_(oral == "1"))
        conds.append(Agreement.mediation_id == Mediation.id)
    elif d.kind == "county_items":
        col = CountyItem.received_at
        if d.get("kind"):
            conds.append(CountyItem.kind == d.get("kind"))
        if d.get("resolved"):
            conds.append(CountyItem.resolved.is_(True))
    else:
        raise ValueError(f"unknown drill kind {d.kind}")
    if d.date_from is not None:
        conds.append(col >= d.date_from)
    if d.date_to is not None:
        conds.append(col < d.date_to)
    return conds


def count(session: Session, d: Drill, now: datetime | None = None) -> int:
    """How many records the drill lists (used by tests to tie every figure to its records)."""
    if d.kind == "cases":
        return int(session.scalar(select(func.count()).select_from(Case).where(*case_conditions(d, now))) or 0)
    base: Select[Any] = select(func.count()).where(*record_conditions(d))
    if d.kind == "receptions":
        base = base.select_from(Reception)
    elif d.kind == "mediations":
        base = base.select_from(Mediation)
    elif d.kind == "agreements":
        base = base.select_from(Agreement).join(Mediation, and_(Agreement.mediation_id == Mediation.id))
    else:
        base = base.select_from(CountyItem)
    return int(session.scalar(base) or 0)


@dataclass(frozen=True)
class RecordPage:
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    case_ids: list[str | None]  # per row: the case to open, if any


def _ts(dt: datetime | None) -> str:
    return dt.astimezone().strftime("%Y-%m-%d %H:%M") if dt else ""


def list_records(session: Session, d: Drill, offset: int = 0, limit: int = 200) -> RecordPage:
    """One page of a non-case drill-down (personal data masked)."""
    conds = record_conditions(d)
    if d.kind == "receptions":
        rows = session.execute(
            select(Reception.visited_at, Reception.channel, Reception.people_count, Reception.visitor_name,
                   Reception.visitor_id_number, Reception.visitor_phone, Reception.village,
                   Reception.answered_on_spot, Reception.case_id)
            .where(*conds).order_by(Reception.visited_at.desc(), Reception.id.desc()).offset(offset).limit(limit)
        ).all()
        return RecordPage(
            ("来访时间", "渠道", "人数", "来访人", "身份证号", "电话", "村（社区）", "当场答复"),
            [(_ts(r[0]), _channel(r[1]), str(r[2]), r[3], mask_id_number(r[4]), mask_phone(r[5]), r[6],
              "是" if r[7] else "否") for r in rows],
            [r[8] for r in rows],
        )
    if d.kind == "mediations":
        mrows = session.execute(
            select(Mediation.file_number, Mediation.started_at, Mediation.mediator, Mediation.outcome,
                   Mediation.outcome_at, Mediation.case_id)
            .where(*conds).order_by(Mediation.started_at.desc(), Mediation.id.desc()).offset(offset).limit(limit)
        ).all()
        return RecordPage(
            ("卷号", "开始时间", "调解员", "结果", "结束时间"),
            [(r[0], _ts(r[1]), r[2], label(MediationOutcome, r[3], "进行中"), _ts(r[4])) for r in mrows],
            [r[5] for r in mrows],
        )
    if d.kind == "agreements":
        arows = session.execute(
            select(Agreement.number, Agreement.oral, Agreement.effective_at, Agreement.judicial_applied_at,
                   Mediation.file_number, Mediation.case_id)
            .select_from(Agreement).join(Mediation, Agreement.mediation_id == Mediation.id)
            .where(*conds).order_by(Agreement.effective_at.desc(), Agreement.id.desc()).offset(offset).limit(limit)
        ).all()
        return RecordPage(
            ("协议编号", "形式", "生效时间", "申请司法确认", "卷号"),
            [(r[0], "口头协议" if r[1] else "书面协议", _ts(r[2]), _ts(r[3]), r[4]) for r in arows],
            [r[5] for r in arows],
        )
    irows = session.execute(
        select(CountyItem.received_at, CountyItem.kind, CountyItem.title, CountyItem.village, CountyItem.status,
               CountyItem.resolved, CountyItem.case_id)
        .where(*conds).order_by(CountyItem.received_at.desc(), CountyItem.id.desc()).offset(offset).limit(limit)
    ).all()
    return RecordPage(
        ("接收时间", "类型", "标题", "村（社区）", "状态", "已解决"),
        [(_ts(r[0]), label(CountyItemKind, r[1]), r[2], r[3], label(CountyItemStatus, r[4]), "是" if r[5] else "否")
         for r in irows],
        [r[6] for r in irows],
    )


def _channel(value: str) -> str:
    return label(Channel, value)
