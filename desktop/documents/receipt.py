"""受理回执: the intake receipt with the case number and the query code (一案一码).

The receipt is always one page: a long summary is abridged ("……（详见登记表）"), more the
longer the other fields are, until the page holds everything.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from .checks import Problems
from .layout import Kit, Meta, build_counted, closing, cn_datetime, form, signature_block
from .model import ReceiptDoc

TITLE = "受理回执"
SEE_REGISTER = "……（详见登记表）"
# Summary lengths tried, longest first, until the receipt fits one page.
SUMMARY_LIMITS = (160, 100, 60, 30, 0)


def check(doc: ReceiptDoc) -> None:
    problems = Problems(TITLE)
    problems.require(doc.center, "中心名称")
    problems.require(doc.case_number, "受理编号")
    problems.require(doc.query_code, "查询码")
    problems.require(doc.date, "受理时间")
    problems.require(doc.summary, "诉求摘要")
    problems.raise_if_any()


def abridged(summary: str, limit: int) -> str:
    """``summary`` on one line, cut to ``limit`` characters with a pointer to the register."""
    text = "".join(summary.split("\n")).strip()
    return text if len(text) <= limit else text[:limit] + SEE_REGISTER


def story(doc: ReceiptDoc, kit: Kit, limit: int = SUMMARY_LIMITS[0]) -> list[Flowable]:
    rows = [("受理编号", doc.case_number), ("查询码", doc.query_code)]
    if doc.applicant:
        rows.append(("诉求人", doc.applicant))
    if doc.channel:
        rows.append(("受理方式", doc.channel))
    rows += [("受理时间", cn_datetime(doc.date)), ("诉求摘要", abridged(doc.summary, limit))]
    rows.append(("受理人", doc.handler or "　"))
    if doc.contact:
        rows.append(("咨询电话", doc.contact))
    note = kit.p(
        "您的诉求已受理。本案实行一案一码，请妥善保管本回执，凭受理编号和查询码可随时查询办理进度；"
        + ("如有疑问，请拨打上述咨询电话。" if doc.contact else "如有疑问，请到本中心咨询。"),
        kit.indented,
    )
    out: list[Flowable] = [kit.title(TITLE), kit.p(doc.center, kit.center), Spacer(1, 10), *form(kit, rows)]
    out += closing([Spacer(1, 10), note], signature_block(kit, (), doc.center, doc.date.date(), seal_word="章"))
    return out


def build(doc: ReceiptDoc, kit: Kit, meta: Meta) -> bytes:
    """The one-page receipt: the longest summary that still fits one page."""
    pdf = b""
    for limit in SUMMARY_LIMITS:
        pdf, pages, _total = build_counted(story(doc, kit, limit), meta, kit.fonts)
        if pages == 1:
            break
    return pdf
