"""口头协议登记表: the recorded content of an oral agreement (人民调解法 Art. 28)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from .checks import Problems
from .layout import Kit, closing, form, official_signers, party_signers, party_table, signature_block
from .model import OralAgreementDoc

TITLE = "口头协议登记表"


def check(doc: OralAgreementDoc) -> None:
    problems = Problems(TITLE)
    problems.require(doc.committee, "人民调解委员会名称")
    problems.require(doc.case_number, "案件编号")
    problems.parties(doc.parties, representative=False)
    problems.require(doc.facts, "纠纷主要事实、争议事项")
    problems.require(doc.content, "协议内容")
    problems.require(doc.mediator, "人民调解员")
    problems.require(doc.date, "登记日期")
    problems.raise_if_any()


def story(doc: OralAgreementDoc, kit: Kit) -> list[Flowable]:
    out: list[Flowable] = [
        kit.title(TITLE),
        kit.number_line("编号", doc.case_number),
        Spacer(1, 6),
        party_table(kit, doc.parties),
        Spacer(1, 8),
        *form(kit, [
            ("纠纷主要事实、争议事项", doc.facts),
            ("协议内容", doc.content),
            ("履行方式、时限", doc.performance),
            ("人民调解员", doc.mediator),
        ]),
    ]
    last = form(kit, [("记录人", doc.recorder)])
    signers = party_signers(doc.parties) + official_signers([("人民调解员", doc.mediator), ("记录人", doc.recorder)])
    out += closing(last, signature_block(kit, signers, doc.committee, doc.date))
    return out
