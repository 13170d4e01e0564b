"""回访记录: a follow-up visit on performance, satisfaction and signs of escalation."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from .checks import Problems
from .layout import Kit, checkbox_line, closing, cn_date, doc_number, form, official_signers, signature_block
from .model import FollowupDoc

TITLE = "回访记录"
SATISFACTION = ("满意", "基本满意", "不满意")


def check(doc: FollowupDoc) -> None:
    problems = Problems(TITLE)
    problems.require(doc.committee, "人民调解委员会名称")
    problems.require(doc.case_number, "案件编号")
    problems.parties(doc.parties, minimum=1, representative=False)
    problems.require(doc.visited_at, "回访日期")
    problems.require(doc.method, "回访方式")
    problems.require(doc.visitor, "回访人")
    problems.require(doc.performance, "协议履行情况")
    problems.require(doc.satisfaction, "满意度")
    if doc.satisfaction and doc.satisfaction not in SATISFACTION:
        problems.add(f"满意度「{doc.satisfaction}」应为满意、基本满意或不满意")
    problems.raise_if_any()


def story(doc: FollowupDoc, kit: Kit) -> list[Flowable]:
    rows = [("案件编号", doc_number(doc.case_number))]
    if doc.agreement_number:
        rows.append(("协议编号", doc_number(doc.agreement_number)))
    visited = doc.visited_person or checkbox_line([p.name for p in doc.parties], "")
    rows += [
        ("当事人", "；".join(f"{p.role} {p.name}" for p in doc.parties)),
        ("回访事由", doc.purpose or default_purpose(doc.agreement_number)),
        ("回访时间", cn_date(doc.visited_at)),
        ("回访方式", doc.method),
        ("回访人", doc.visitor),
        ("被回访人", visited),
        ("协议履行情况", doc.performance),
        ("当事人满意度", checkbox_line(SATISFACTION, doc.satisfaction)),
        ("有无矛盾激化迹象", doc.escalation_signs or "无"),
    ]
    out: list[Flowable] = [
        kit.title(TITLE), kit.number_line("编号", doc.case_number), Spacer(1, 6),
        *form(kit, rows, label_width=38 * mm),
    ]
    last = form(kit, [("其他情况", doc.notes or "　")], label_width=38 * mm)
    signers = official_signers([("回访人", doc.visitor), ("被回访人", doc.visited_person)])
    out += closing(last, signature_block(kit, signers, doc.committee, doc.visited_at))
    return out


def default_purpose(agreement_number: str) -> str:
    """回访事由 when none is recorded: what a follow-up after mediation is for."""
    if agreement_number:
        return f"回访调解协议（编号：{doc_number(agreement_number)}）履行情况及当事人满意度"
    return "回访纠纷化解情况及当事人满意度"
