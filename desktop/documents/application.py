"""人民调解申请书: the parties' written application for mediation."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from .checks import Problems
from .layout import Kit, closing, party_block, party_signers, signature_block
from .model import ApplicationDoc

TITLE = "人民调解申请书"
APPLICANT = "申请人"


def check(doc: ApplicationDoc) -> None:
    problems = Problems(TITLE)
    problems.require(doc.committee, "人民调解委员会名称")
    problems.parties(doc.parties, representative=False)
    if doc.parties and not any(p.role == APPLICANT for p in doc.parties):
        problems.add("没有申请人：至少一名当事人的身份须为申请人")
    problems.require(doc.summary, "纠纷简要情况")
    problems.require(doc.requests, "申请事项")
    problems.require(doc.date, "申请日期")
    problems.raise_if_any()


def story(doc: ApplicationDoc, kit: Kit) -> list[Flowable]:
    out: list[Flowable] = [kit.title(TITLE)]
    if doc.case_number:
        out.append(kit.number_line("编号", doc.case_number))
    out.append(Spacer(1, 6))
    for party in doc.parties:
        out += party_block(kit, party)
    out.append(kit.p("纠纷简要情况：", kit.label))
    out += kit.paras(doc.summary)
    out.append(kit.p("申请事项：", kit.label))
    out += kit.paras(doc.requests)
    clause = kit.p(
        f"{doc.committee}已将人民调解的性质、原则、效力以及当事人在调解活动中享有的权利、承担的义务"
        "告知申请人。申请人自愿申请人民调解委员会调解上述纠纷。",
        kit.indented,
    )
    applicants = [p for p in doc.parties if p.role == APPLICANT]
    out += closing([clause], signature_block(kit, party_signers(applicants), doc.committee, doc.date, seal=False))
    return out
