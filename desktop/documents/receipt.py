"""受理回执: the intake receipt with the case number and the query code (一案一码)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from .checks import Problems
from .layout import Kit, cn_datetime, form_parts, signature_block, with_signatures
from .model import ReceiptDoc

TITLE = "受理回执"


def check(doc: ReceiptDoc) -> None:
    problems = Problems(TITLE)
    problems.require(doc.center, "中心名称")
    problems.require(doc.case_number, "受理编号")
    problems.require(doc.query_code, "查询码")
    problems.require(doc.date, "受理时间")
    problems.require(doc.summary, "诉求摘要")
    problems.raise_if_any()


def story(doc: ReceiptDoc, kit: Kit) -> list[Flowable]:
    rows = [("受理编号", doc.case_number), ("查询码", doc.query_code)]
    if doc.applicant:
        rows.append(("诉求人", doc.applicant))
    if doc.channel:
        rows.append(("受理方式", doc.channel))
    rows += [("受理时间", cn_datetime(doc.date)), ("诉求摘要", doc.summary)]
    if doc.handler:
        rows.append(("受理人", doc.handler))
    if doc.contact:
        rows.append(("咨询电话", doc.contact))
    out: list[Flowable] = [
        kit.title(TITLE),
        kit.p(doc.center, kit.center),
        Spacer(1, 10),
        *form_parts(kit, rows),
        Spacer(1, 10),
        kit.p(
            "您的诉求已受理。本案实行一案一码，请妥善保管本回执，凭受理编号和查询码可随时查询办理进度；"
            + ("如有疑问，请拨打上述咨询电话。" if doc.contact else "如有疑问，请到本中心咨询。"),
            kit.indented,
        ),
    ]
    out = with_signatures(out, signature_block(kit, (), doc.center, doc.date.date(), officials=(), seal_word="章"))
    return out
