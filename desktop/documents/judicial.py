"""司法确认申请书: the parties' joint application to the court (人民调解法 Art. 33, 法释〔2011〕5号)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from .agreement import terms
from .checks import Problems
from .layout import Kit, closing, cn_date, doc_number, party_block, party_signers, signature_block
from .model import JudicialConfirmationDoc

TITLE = "司法确认申请书"
APPLICANT = "申请人"
ATTACHED = "附："
DEADLINE_DAYS = 30
PROMISE = (
    "申请人出于解决纠纷的目的自愿达成上述协议，没有恶意串通、规避法律的行为；"
    "如果因为该协议内容而给他人造成损害的，愿意承担相应的民事责任和其他法律责任。"
)


def check(doc: JudicialConfirmationDoc) -> None:
    problems = Problems(TITLE)
    problems.require(doc.court, "受理申请的人民法院")
    problems.require(doc.committee, "主持调解的人民调解委员会")
    problems.parties(doc.parties)
    problems.require(doc.agreement_number, "调解协议编号")
    problems.terms(doc.terms)
    if doc.agreement_date is None:
        problems.add("调解协议尚未签订生效，不能申请司法确认")
    if doc.agreement_date and doc.date:
        days = (doc.date - doc.agreement_date).days
        if days < 0:
            problems.add("申请日期早于调解协议日期")
        elif days > DEADLINE_DAYS:
            problems.add(f"已超过申请期限：应在调解协议生效之日起 {DEADLINE_DAYS} 日内申请（已过 {days} 日）")
    problems.raise_if_any()


def story(doc: JudicialConfirmationDoc, kit: Kit) -> list[Flowable]:
    out: list[Flowable] = [kit.title(TITLE), Spacer(1, 6)]
    for party in doc.parties:  # a joint application: every party is an applicant
        out += party_block(kit, party, role=APPLICANT)
    out.append(kit.p("请求事项：", kit.label))
    out.append(kit.p(
        f"请求人民法院确认申请人于{cn_date(doc.agreement_date)}经{doc.committee}主持调解达成的"
        f"调解协议（编号：{doc_number(doc.agreement_number)}）有效。",
        kit.indented,
    ))
    out.append(kit.p("事实与理由：", kit.label))
    out.append(kit.p(
        f"申请人之间的纠纷经{doc.committee}主持调解，于{cn_date(doc.agreement_date)}自愿达成如下调解协议：",
        kit.indented,
    ))
    out += terms(kit, doc.terms)
    clause = [kit.p(PROMISE, kit.indented), kit.p("此致", kit.indented), kit.p(doc.court, kit.body)]
    signatures = signature_block(kit, party_signers(doc.parties, role=APPLICANT), doc.committee, doc.date, seal=False)
    if doc.attachments:
        # The format lists the attachments after the signatures and the date; they belong to the signed
        # page, so they are part of the closing block (and the date keeps with them should that block
        # ever be taller than a page). One running paragraph (附：1．…；2．…。) takes two or three lines
        # where a line per item takes five.
        items = "；".join(f"{i}．{a}" for i, a in enumerate(doc.attachments, start=1))
        signatures[-1].keepWithNext = True  # the date line
        signatures += [kit.p(f"{ATTACHED}{items}。", kit.indented)]
    out += closing(clause, signatures)
    return out
