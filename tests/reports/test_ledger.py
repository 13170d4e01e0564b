"""Ledger import: good rows imported in one transaction and queued; bad rows reported exactly; no duplicates."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.db.models import Case, OutboxOp, Party
from desktop.domain.errors import DomainError
from desktop.reports.ledger import (
    LedgerMapping,
    MappingStore,
    RowError,
    guess_mapping,
    import_ledger,
    parse_ledger,
    read_headers,
)

HEADERS = ["序号", "登记日期", "当事人", "身份证号", "联系电话", "村（社区）", "纠纷类型", "来源", "简要情况", "诉求", "办理结果"]
GOOD = [
    [1, datetime(2026, 10, 5), "张三", "11010519491231002X", "13812345678", "东风村", "邻里纠纷", "来访", "邻居加盖房屋遮挡采光", "拆除加盖部分", "已调解，双方和解"],
    [2, "2026/10/6", "李四、王五", "", "", "红旗村", "婚姻家庭", "电话", "夫妻因琐事争吵", "", ""],
    [3, "2026年10月7日", "买买提·艾力", "440524188001010014", "0434-3234567", "幸福社区", "合同", "网格员转来", "承包合同纠纷", "", "办理中"],
]
BAD = [
    [4, "2026-13-01", "赵六", "", "", "东风村", "邻里", "来访", "琐事", "", ""],  # no such date
    [5, "2026-10-08", "", "", "", "东风村", "邻里", "来访", "琐事", "", ""],  # no name
    [6, "2026-10-08", "孙七", "110105194912310021", "1381234", "东风村", "打架", "飞鸽", "", "", ""],  # four problems
]


def write_ledger(path: Path, rows: list[list[Any]], headers: list[str] = HEADERS) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(headers)
    for r in rows:
        ws.append(r)
    ws.append([None] * len(headers))  # blank rows are skipped
    wb.save(path)
    return path


def test_bad_rows_reported_exactly_good_rows_imported(tmp_path: Path, ctx: Any, admin: Any, db: Any) -> None:
    path = write_ledger(tmp_path / "台账.xlsx", GOOD[:1] + BAD[:1] + GOOD[1:2] + BAD[1:] + GOOD[2:])
    report = import_ledger(ctx, admin, path, MappingStore(tmp_path).load("default"), today=date(2026, 11, 1))
    assert report.total == 6 and report.imported == 3
    assert report.errors == [
        RowError(3, "登记日期", "日期不存在：“2026-13-01”"),
        RowError(5, "当事人", "请填写当事人姓名"),
        RowError(6, "来源", "来源“飞鸽”无法识别（应为来访、来电、来信、网上预约、网格员转来或上级交办）"),
        RowError(6, "纠纷类型", "纠纷类型“打架”不在类别表中"),
        RowError(6, "简要情况", "请填写事项概要"),
        RowError(6, "身份证号", "身份证号码校验位不正确，请核对后重新输入"),
        RowError(6, "联系电话", "手机号码应为11位（当前7位）"),
    ]
    assert report.rejected_rows == [3, 5, 6]
    with db.read() as s:
        cases = {c.summary: c for c in s.scalars(select(Case))}
        assert set(cases) == {"邻居加盖房屋遮挡采光", "夫妻因琐事争吵", "承包合同纠纷"}
        first = cases["邻居加盖房屋遮挡采光"]
        assert first.category == "邻里" and first.status == "closed" and first.result == "已调解，双方和解"
        assert first.registered_at == datetime(2026, 10, 5).astimezone()
        assert cases["夫妻因琐事争吵"].channel == "phone" and cases["夫妻因琐事争吵"].party_names.count(" ") == 1
        assert cases["承包合同纠纷"].status == "registered" and cases["承包合同纠纷"].channel == "grid"
        assert s.scalar(select(Party.id_number).where(Party.case_id == first.id)) == "11010519491231002X"
        # Queued for the county like any other case.
        queued = set(s.scalars(select(OutboxOp.entity_id).where(OutboxOp.entity == "case", OutboxOp.state == "queued")))
        assert {c.id for c in cases.values()} <= queued


def test_reimport_does_not_duplicate(tmp_path: Path, ctx: Any, admin: Any, db: Any) -> None:
    path = write_ledger(tmp_path / "a.xlsx", GOOD)
    mapping = MappingStore(tmp_path).load("default")
    assert import_ledger(ctx, admin, path, mapping, today=date(2026, 11, 1)).imported == 3
    again = import_ledger(ctx, admin, path, mapping, today=date(2026, 11, 1))
    assert again.imported == 0 and again.already_imported == [2, 3, 4]
    # A later version of the ledger with a new row inserted at the top adds only that row.
    newer = write_ledger(tmp_path / "b.xlsx", [[0, "2026-10-20", "周八", "", "", "东风村", "消费", "来访", "预付卡无法退款", "", ""], *GOOD])
    third = import_ledger(ctx, admin, newer, mapping, today=date(2026, 11, 1))
    assert third.imported == 1 and third.already_imported == [3, 4, 5]
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 4


def test_dry_run_writes_nothing(tmp_path: Path, ctx: Any, admin: Any, db: Any) -> None:
    path = write_ledger(tmp_path / "a.xlsx", GOOD + BAD)
    report = import_ledger(ctx, admin, path, MappingStore(tmp_path).load("default"), dry_run=True, today=date(2026, 11, 1))
    assert (len(report.valid), report.imported, report.rejected_rows) == (3, 0, [5, 6, 7])
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0


def test_duplicate_rows_in_one_file_imported_once(tmp_path: Path, ctx: Any, admin: Any) -> None:
    path = write_ledger(tmp_path / "a.xlsx", [GOOD[0], GOOD[0]])
    report = import_ledger(ctx, admin, path, MappingStore(tmp_path).load("default"), today=date(2026, 11, 1))
    assert report.imported == 1 and report.duplicates_in_file == [3]


def test_future_date_rejected(tmp_path: Path) -> None:
    path = write_ledger(tmp_path / "a.xlsx", [[1, "2026-12-01", "张三", "", "", "东风村", "邻里", "来访", "琐事", "", ""]])
    report = parse_ledger(path, MappingStore(tmp_path).load("default"), ["邻里"], today=date(2026, 11, 1))
    assert report.errors == [RowError(2, "登记日期", "登记日期不能晚于今天")]


def test_custom_layout_mapping_saved_and_used(tmp_path: Path, ctx: Any, admin: Any) -> None:
    headers = ["编号", "受理日期", "姓名", "手机", "事由", "类别", "备注"]
    path = write_ledger(tmp_path / "other.xlsx", [[1, "2026-10-05", "张三", "13812345678", "噪音扰民", "环境污染", "x"]], headers)
    store = MappingStore(tmp_path)
    mapping = guess_mapping("村级台账", read_headers(path))
    assert mapping.columns == {"编号": "ignore", "受理日期": "registered_at", "姓名": "party_name", "手机": "phone",
                               "事由": "summary", "类别": "category", "备注": "ignore"}
    store.save(mapping)
    assert store.names() == ["default", "村级台账"]
    loaded = store.load("村级台账")
    assert loaded.columns == mapping.columns
    assert import_ledger(ctx, admin, path, loaded, today=date(2026, 11, 1)).imported == 1
    with pytest.raises(DomainError, match="找不到必需的列"):
        parse_ledger(path, MappingStore(tmp_path).load("default"), ["邻里"])
    with pytest.raises(DomainError, match="缺少必需的字段"):
        store.save(LedgerMapping("坏方案", {"姓名": "party_name"}))
    with pytest.raises(DomainError, match="方案名称"):
        store.load("../etc")


def test_not_an_xlsx(tmp_path: Path) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(DomainError, match="无法读取台账文件"):
        read_headers(bad)


def test_refuses_when_case_numbers_would_run_out(tmp_path: Path, ctx: Any, admin: Any, db: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.domain.numbering as numbering

    monkeypatch.setattr(numbering, "FALLBACK_SPAN", 2)
    path = write_ledger(tmp_path / "a.xlsx", GOOD)
    with pytest.raises(DomainError, match="2026年的案件编号不足：本次需要 3 个，本机现有 2 个"):
        import_ledger(ctx, admin, path, MappingStore(tmp_path).load("default"), today=date(2026, 11, 1))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0
