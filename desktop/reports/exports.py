"""CSV and Excel exports of any case list; ID numbers and phones masked unless an admin asks otherwise."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Case, Party
from desktop.db.queries import CaseFilter, case_query
from desktop.db.types import utcnow
from desktop.domain.enums import CaseStatus, Channel, RiskLevel
from desktop.domain.errors import DomainError
from desktop.domain.validation import mask_id_number, mask_phone

from .labels import label

HEADERS = ["案件编号", "登记时间", "来源渠道", "纠纷类型", "状态", "村（社区）", "当事人", "身份证号", "联系电话",
           "风险等级", "承办单位", "办理期限", "办结时间", "事项概要"]
WIDTHS = [24, 17, 10, 12, 10, 12, 18, 21, 15, 8, 12, 17, 17, 50]


def _ts(dt: datetime | None) -> str:
    return dt.astimezone().strftime("%Y-%m-%d %H:%M") if dt else ""


def case_rows(session: Session, f: CaseFilter, unmasked: bool = False, now: datetime | None = None) -> Iterator[list[Any]]:
    """Rows of the export, streamed (a list of 100,000 cases never sits in memory at once)."""
    first = select(Party.id_number).where(Party.case_id == Case.id).order_by(Party.position).limit(1).scalar_subquery()
    phone = (select(Party.phone).where(Party.case_id == Case.id, Party.phone.is_not(None))
             .order_by(Party.position).limit(1).scalar_subquery())
    stmt = case_query(f, now or utcnow()).with_only_columns(
        Case.number, Case.registered_at, Case.channel, Case.category, Case.status, Case.village, Case.party_names,
        first, phone, Case.risk_level, Case.assignee, Case.deadline_at, Case.closed_at, Case.summary,
    ).order_by(Case.registered_at.desc(), Case.id.desc())
    for r in session.execute(stmt.execution_options(yield_per=2000)):
        yield [
            r[0], _ts(r[1]), label(Channel, r[2]), r[3], label(CaseStatus, r[4]), r[5], r[6],
            (r[7] or "") if unmasked else mask_id_number(r[7]), (r[8] or "") if unmasked else mask_phone(r[8]),
            label(RiskLevel, r[9]), r[10], _ts(r[11]), _ts(r[12]), r[13],
        ]


def export_cases(session: Session, f: CaseFilter, out: Path, unmasked: bool = False, now: datetime | None = None) -> int:
    """Write the cases matching `f` to .csv or .xlsx (by suffix); returns the number of rows."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DomainError("导出文件应为 .csv 或 .xlsx 格式")
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    if suffix == ".csv":
        # UTF-8 with BOM so that Excel on Windows opens the Chinese text correctly.
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADERS)
            for row in case_rows(session, f, unmasked, now):
                writer.writerow(row)
                n += 1
        return n
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("案件清单")
    for i, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    head = []
    for h in HEADERS:
        c = WriteOnlyCell(ws, value=h)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DCE3F0")
        head.append(c)
    ws.append(head)
    for row in case_rows(session, f, unmasked, now):
        ws.append(row)
        n += 1
    wb.save(out)
    return n
