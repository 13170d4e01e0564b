"""`township-desk print KIND KEY --out FILE.pdf`: the mediation documents from the command line."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .errors import DocumentError

_HELP = {
    "agreement": ("人民调解协议书", "协议编号"),
    "application": ("人民调解申请书", "案件编号"),
    "register": ("人民调解受理登记表", "案件编号"),
    "record": ("人民调解记录或调查记录", "案件编号"),
    "oral": ("口头协议登记表", "案件编号"),
    "followup": ("回访记录", "案件编号"),
    "judicial": ("司法确认申请书", "协议编号"),
    "receipt": ("受理回执", "案件编号"),
    "case-file": ("卷宗（封面、目录和全部文书）", "案件编号"),
}


def register(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `print` and its document subcommands to the main parser (called by desktop/cli.py)."""
    p = add("print", cmd_print, "生成调解文书 PDF")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="文书")
    for kind, (title, key) in _HELP.items():
        k = kinds.add_parser(kind, help=title)
        k.add_argument("key", metavar="NUMBER", help=key)
        k.add_argument("--out", required=True, help="输出的 PDF 文件")
        if kind in ("record", "followup"):
            k.add_argument("--nth", type=int, help="第几份（默认最近一份）")
        if kind in ("judicial", "case-file"):
            k.add_argument("--court", default="", help="受理司法确认申请的人民法院")
        if kind == "receipt":
            k.add_argument("--contact", default="", help="中心咨询电话")
        if kind == "case-file":
            k.add_argument("--filed-by", default="", help="立卷人（默认记录人）")
            k.add_argument("--retention", default="长期", help="保管期限")
    m = add("case-file-material", cmd_material, "卷宗纸质材料（扫描件或纸质原件）及页数")
    ops = m.add_subparsers(dest="material_cmd", required=True, metavar="操作")
    a = ops.add_parser("add", help="登记一份纸质材料")
    a.add_argument("case", metavar="CASE", help="案件编号")
    a.add_argument("name", metavar="NAME", help="材料名称，如 权利义务告知书、当事人身份证明、证据材料")
    a.add_argument("--pages", type=int, required=True, help="页数")
    a.add_argument("--scanned", action="store_true", help="扫描件（默认纸质原件）")
    a.add_argument("--note", default="", help="备注")
    ls = ops.add_parser("list", help="列出案件的纸质材料")
    ls.add_argument("case", metavar="CASE", help="案件编号")
    rm = ops.add_parser("remove", help="删除一份纸质材料")
    rm.add_argument("id", metavar="ID", help="材料编号（list 显示）")


def cmd_material(args: argparse.Namespace, app: Any) -> int:
    from desktop.db.services.case_file_materials import (
        add_material,
        case_id_of,
        materials_of,
        remove_material,
    )
    from desktop.db.uow import SYSTEM
    from desktop.domain.errors import DomainError

    try:
        if args.material_cmd == "add":
            row = add_material(app.ctx, SYSTEM, case_id_of(app.ctx, args.case), args.name, args.pages, args.scanned,
                               args.note)
            app.out(row.__dict__, args.json, f"已登记「{row.name}」{row.pages}页（编号 {row.id}）")
        elif args.material_cmd == "list":
            rows = materials_of(app.ctx, case_id_of(app.ctx, args.case))
            lines = [f"{r.id}\t{r.name}\t{r.pages}页\t{'扫描件' if r.scanned else '纸质'}\t{r.note}" for r in rows]
            app.out([r.__dict__ for r in rows], args.json, "\n".join(lines) or "（没有登记纸质材料）")
        else:
            remove_material(app.ctx, SYSTEM, args.id)
            app.out({"removed": args.id}, args.json, "已删除")
    except DomainError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    return 0


def cmd_print(args: argparse.Namespace, app: Any) -> int:
    from desktop.db.fast_open import open_database_fast

    from .dispatch import render
    from .fonts import use_body_font
    from .from_db import Issuer, load

    settings = app.settings
    use_body_font(settings.document_font)
    issuer = Issuer(
        committee=settings.committee_name, center=settings.center_name, court=getattr(args, "court", "") or settings.court_name,
        contact=getattr(args, "contact", "") or settings.center_phone,
    )
    db = open_database_fast(app.paths)  # without Alembic when the schema is current: a cold print under 1 s
    try:
        with db.read() as session:
            doc = load(session, args.kind, args.key, issuer, date.today(), nth=getattr(args, "nth", None),
                       filed_by=getattr(args, "filed_by", ""), retention=getattr(args, "retention", "长期"))
        pdf = render(doc)
    except DocumentError as e:
        print(f"错误：{e.message}", file=sys.stderr)
        if not settings.committee_name:
            print("提示：请先用 township-desk setup --committee-name … 设置人民调解委员会名称", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
    except OSError as e:
        print(f"错误：无法写入 {out}：{e.strerror}", file=sys.stderr)
        return 1
    pages = len(re.findall(rb"/Type /Page[^s]", pdf))
    app.out({"file": str(out), "bytes": len(pdf), "pages": pages}, args.json, f"已生成 {out}（{pages} 页）")
    return 0
