"""Statistics commands: `report`, `import-ledger`, `ledger-mapping`, `figures`, `export-cases`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from desktop.domain.errors import DomainError


def _month(value: str) -> Any:
    from .periods import Period

    try:
        return Period.parse_month(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value}") from None


def cmd_report(args: argparse.Namespace, app: Any) -> int:
    from .monthly import write_pdf, write_xlsx
    from .tables import build_monthly

    fmt = args.format or Path(args.out).suffix.lstrip(".").lower()
    if fmt not in ("pdf", "xlsx"):
        print("错误：--format 应为 pdf 或 xlsx", file=sys.stderr)
        return 2
    center = app.settings.center_name or "社会治理服务中心"
    with app.db.read() as s:
        report = build_monthly(s, args.month, center, tuple(app.settings.categories))
    out = Path(args.out)
    (write_pdf if fmt == "pdf" else write_xlsx)(report, out)
    app.out({"file": str(out), "title": report.title, "figures": report.stats.to_dict()["figures"]}, args.json,
            f"已生成 {report.title}：{out}")
    return 0


def cmd_figures(args: argparse.Namespace, app: Any) -> int:
    from .figures import FIGURE_ORDER, compute
    from .periods import Period

    today = date.today()
    period = (Period.custom(args.date_from, args.date_to or today) if args.date_from
              else Period.containing(args.period, args.date_to or today))
    with app.db.read() as s:
        st = compute(s, period, categories=tuple(app.settings.categories))
    lines = [f"统计期间：{period.label()}（{period.start} 至 {period.end}）"]
    lines += [f"{st.figures[k].label}：{st.figures[k].text()}{st.figures[k].unit}" for k in FIGURE_ORDER]
    app.out(st.to_dict(), args.json, "\n".join(lines))
    return 0


def cmd_import_ledger(args: argparse.Namespace, app: Any) -> int:
    from desktop.db.uow import SYSTEM

    from .ledger import MappingStore, import_ledger

    mapping = MappingStore(app.paths.data_dir).load(args.mapping)
    progress = (lambda n, total: print(f"  {n}/{total} …", file=sys.stderr)) if not args.json else None
    report = import_ledger(app.ctx, SYSTEM, Path(args.file), mapping, dry_run=args.dry_run, progress=progress)
    lines = [f"第{e.row}行 {e.column}：{e.message}" for e in report.errors]
    verb = "可导入" if args.dry_run else "已导入"
    count = len(report.valid) - len(report.already_imported) if args.dry_run else report.imported
    lines.append(f"共 {report.total} 行：{verb} {count} 行，有误 {len(report.rejected_rows)} 行，"
                 f"此前已导入 {len(report.already_imported)} 行，文件内重复 {len(report.duplicates_in_file)} 行")
    app.out(report.to_dict(), args.json, "\n".join(lines))
    return 1 if report.errors else 0


def cmd_ledger_mapping(args: argparse.Namespace, app: Any) -> int:
    from .ledger import FIELDS, MappingStore, guess_mapping, read_headers

    store = MappingStore(app.paths.data_dir)
    if args.mapping_cmd == "list":
        names = store.names()
        app.out(names, args.json, "\n".join(names))
    elif args.mapping_cmd == "show":
        m = store.load(args.name)
        app.out({"name": m.name, "columns": m.columns, "header_row": m.header_row, "sheet": m.sheet}, args.json,
                "\n".join(f"{h} → {FIELDS[f]}" for h, f in m.columns.items()))
    elif args.mapping_cmd == "create":
        m = guess_mapping(args.name, read_headers(Path(args.from_file), args.header_row))
        m.header_row = args.header_row
        for pair in args.set or []:
            header, _, field = pair.partition("=")
            if field not in FIELDS:
                raise DomainError(f"未知字段“{field}”，可选：{'、'.join(FIELDS)}")
            from .ledger import normalize_header

            m.columns[normalize_header(header)] = field
        path = store.save(m)
        app.out({"saved": str(path), "columns": m.columns}, args.json,
                f"已保存列对应方案“{m.name}”：\n" + "\n".join(f"{h} → {FIELDS[f]}" for h, f in m.columns.items()))
    return 0


def cmd_export_cases(args: argparse.Namespace, app: Any) -> int:
    from desktop.cli import local_range
    from desktop.db.queries import CaseFilter

    from .exports import export_cases

    start, end = local_range(args.date_from, args.date_to or date.today()) if args.date_from else (None, None)
    f = CaseFilter(category=args.category or "", village=args.village or "", date_from=start, date_to=end)
    with app.db.read() as s:
        n = export_cases(s, f, Path(args.out), unmasked=args.unmasked)
    app.out({"exported": n, "file": args.out}, args.json, f"已导出 {n} 件到 {args.out}")
    return 0


def register(sub: Any, add: Any) -> None:
    p = add("report", cmd_report, "生成月度工作统计报表（PDF 或 Excel）")
    p.add_argument("--month", required=True, type=_month, help="月份，如 2026-10")
    p.add_argument("--format", choices=("pdf", "xlsx"))
    p.add_argument("--out", required=True)
    p = add("figures", cmd_figures, "任意期间的统计数字（日/周/月/季/年/自定义）")
    p.add_argument("--period", choices=("day", "week", "month", "quarter", "year"), default="month")
    p.add_argument("--from", dest="date_from", type=_day)
    p.add_argument("--to", dest="date_to", type=_day)
    p = add("import-ledger", cmd_import_ledger, "导入 Excel 台账")
    p.add_argument("file")
    p.add_argument("--mapping", default="default", help="列对应方案名称（默认 default）")
    p.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    p = add("ledger-mapping", cmd_ledger_mapping, "台账列对应方案")
    msub = p.add_subparsers(dest="mapping_cmd", required=True)
    msub.add_parser("list")
    m = msub.add_parser("show")
    m.add_argument("name")
    m = msub.add_parser("create", help="按台账表头生成方案（可用 --set 表头=字段 调整）")
    m.add_argument("name")
    m.add_argument("--from", dest="from_file", required=True)
    m.add_argument("--header-row", type=int, default=1)
    m.add_argument("--set", action="append", metavar="表头=字段")
    p = add("export-cases", cmd_export_cases, "导出案件清单（CSV 或 Excel，默认脱敏）")
    p.add_argument("--out", required=True)
    p.add_argument("--from", dest="date_from", type=_day)
    p.add_argument("--to", dest="date_to", type=_day)
    p.add_argument("--category")
    p.add_argument("--village")
    p.add_argument("--unmasked", action="store_true", help="导出完整身份证号和电话（仅限管理员）")
