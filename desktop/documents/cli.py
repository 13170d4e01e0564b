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


def cmd_print(args: argparse.Namespace, app: Any) -> int:
    from .dispatch import render
    from .from_db import Issuer, load

    settings = app.settings
    issuer = Issuer(
        committee=settings.committee_name, center=settings.center_name, court=getattr(args, "court", "") or settings.court_name,
        contact=getattr(args, "contact", "") or settings.center_phone,
    )
    try:
        with app.db.read() as session:
            doc = load(session, args.kind, args.key, issuer, date.today(), nth=getattr(args, "nth", None),
                       filed_by=getattr(args, "filed_by", ""), retention=getattr(args, "retention", "长期"))
        pdf = render(doc)
    except DocumentError as e:
        print(f"错误：{e.message}", file=sys.stderr)
        if not settings.committee_name:
            print("提示：请先用 township-desk setup --committee-name … 设置人民调解委员会名称", file=sys.stderr)
        return 2
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
