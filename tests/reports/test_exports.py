"""Monthly report PDF and Excel read back; case-list exports masked unless asked otherwise; the CLI."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.db.queries import CaseFilter
from desktop.reports.exports import export_cases
from desktop.reports.monthly import write_pdf, write_xlsx
from desktop.reports.periods import Period
from desktop.reports.tables import build_monthly

from .conftest import Scenario, local


@pytest.fixture
def report(october: Scenario, db: Any) -> Any:
    with db.read() as s:
        return build_monthly(s, Period.month(2026, 10), "示范镇社会治理服务中心", now=local(2026, 11, 5))


def test_pdf_text_and_pages(report: Any, tmp_path: Path) -> None:
    out = write_pdf(report, tmp_path / "report.pdf")
    reader = PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "示范镇社会治理服务中心 2026年10月工作统计报表" in text
    for needle in ("一、主要指标", "二、按纠纷类型", "三、按来源渠道", "四、按村（社区）", "五、人民调解", "九、受理趋势",
                   "统计期间：2026-10-01 至 2026-10-31", f"共 {len(reader.pages)} 页"):
        assert needle in text, needle
    # Received 4 cases, 1 resolved: 25.0%; 4 people in 2 visits.
    assert "25.0%" in text and "婚姻家庭" in text and "红旗村" in text
    assert b"STSong" not in out.read_bytes()
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "20", "-gray", str(out), str(tmp_path / "pg")], check=True)
        pages = sorted(tmp_path.glob("pg-*.pgm"))
        assert len(pages) == len(reader.pages)
        for page in pages:
            data = page.read_bytes()
            pixels = data[data.index(b"\n255\n") + 5:]
            assert min(pixels) < 128, f"blank page {page.name}"


def test_xlsx_read_back(report: Any, tmp_path: Path) -> None:
    out = write_xlsx(report, tmp_path / "report.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames[:5] == ["主要指标", "按纠纷类型", "按来源渠道", "按村（社区）", "人民调解"]
    ws = wb["主要指标"]
    assert ws["A1"].value == "示范镇社会治理服务中心 2026年10月工作统计报表"
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert rows["受理诉求"][2] == 4 and isinstance(rows["受理诉求"][2], int)
    assert rows["接待群众"][2] == 4 and rows["接待人次"][2] == 2
    assert rows["办结率"][2] == pytest.approx(0.25)
    assert ws.cell(row=9, column=3).number_format == "0.0%"
    assert ws["A3"].font.bold
    cats = {r[0]: r for r in wb["按纠纷类型"].iter_rows(min_row=4, values_only=True)}
    assert cats["婚姻家庭"][1:3] == (1, 1) and cats["合计"][1] == 4
    trend = list(wb["受理趋势"].iter_rows(min_row=4, values_only=True))
    assert len(trend) == 31 and sum(r[1] for r in trend) == 4
    assert trend[0][0] == "2026-10-01" and trend[0][1] == 1  # c_first at local 00:00 on the 1st
    assert wb["受理趋势"]._charts


def test_case_list_masked_unless_asked(shanghai: None, ctx: Any, admin: Any, db: Any, tmp_path: Path) -> None:
    from desktop.db.services.cases import register_case

    from .conftest import case_form

    register_case(ctx, admin, case_form(local(2026, 10, 3), id_number="11010519491231002X", phone="13812345678"))
    with db.read() as s:
        assert export_cases(s, CaseFilter(), tmp_path / "a.csv") == 1
        assert export_cases(s, CaseFilter(), tmp_path / "b.csv", unmasked=True) == 1
        assert export_cases(s, CaseFilter(), tmp_path / "c.xlsx") == 1
        assert export_cases(s, CaseFilter(category="合同"), tmp_path / "d.csv") == 0
    masked = list(csv.reader((tmp_path / "a.csv").open(encoding="utf-8-sig")))
    assert masked[0][7:9] == ["身份证号", "联系电话"]
    assert masked[1][7:9] == ["1101**********002X", "138****5678"]
    full = list(csv.reader((tmp_path / "b.csv").open(encoding="utf-8-sig")))
    assert full[1][7:9] == ["11010519491231002X", "13812345678"]
    ws = load_workbook(tmp_path / "c.xlsx")["案件清单"]
    row = [c.value for c in ws[2]]
    assert row[7] == "1101**********002X" and row[3] == "邻里" and row[1] == "2026-10-03 00:00"
    assert "11010519491231002X" not in (tmp_path / "c.xlsx").read_bytes().decode("latin-1")


def test_cli_report_and_ledger(october: Scenario, paths: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from desktop.cli import run

    from .test_ledger import BAD, GOOD, write_ledger

    d = str(paths.data_dir)
    assert run(["--data-dir", d, "report", "--month", "2026-10", "--format", "pdf", "--out", str(tmp_path / "r.pdf")]) == 0
    assert "2026年10月工作统计报表" in PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    assert run(["--data-dir", d, "report", "--month", "2026-10", "--out", str(tmp_path / "r.xlsx")]) == 0
    assert load_workbook(tmp_path / "r.xlsx")["主要指标"]["C7"].value == 4
    with pytest.raises(SystemExit):
        run(["--data-dir", d, "report", "--month", "2026/10", "--out", str(tmp_path / "x.pdf")])
    capsys.readouterr()
    ledger = write_ledger(tmp_path / "l.xlsx", GOOD + BAD)
    assert run(["--data-dir", d, "import-ledger", str(ledger), "--dry-run", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] == 3 and data["imported"] == 0 and data["rejected"] == 3
    assert run(["--data-dir", d, "import-ledger", str(ledger), "--mapping", "default"]) == 1
    out = capsys.readouterr().out
    assert "第5行 登记日期：日期不存在" in out and "已导入 3 行" in out
    assert run(["--data-dir", d, "ledger-mapping", "create", "村台账", "--from", str(ledger), "--set", "序号=ignore"]) == 0
    assert run(["--data-dir", d, "ledger-mapping", "list"]) == 0
    assert "村台账" in capsys.readouterr().out
