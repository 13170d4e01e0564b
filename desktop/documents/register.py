"""人民调解受理登记表: the committee registers a dispute it accepts for mediation."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from .checks import Problems
from .layout import (
    Kit,
    checkbox_line,
    closing,
    cn_date,
    form,
    official_signers,
    party_signers,
    party_table,
    signature_block,
)
from .model import AcceptanceRegisterDoc

TITLE = "人民调解受理登记表"
SOURCES = ("当事人申请", "人民调解委员会主动调解", "公安机关移交", "审判机关委托", "政府部门指定")


def check(doc: AcceptanceRegisterDoc) -> None:
    problems = Problems(TITLE)
    problems.require(doc.committee, "人民调解委员会名称")
    problems.require(doc.case_number, "案件编号")
    problems.parties(doc.parties, representative=False)
    problems.require(doc.category, "纠纷类型")
    problems.require(doc.source, "案件来源")
    if doc.source and doc.source not in SOURCES:
        problems.add(f"案件来源「{doc.source}」不在规定的来源之中")
    problems.require(doc.summary, "纠纷简要情况")
    problems.require(doc.date, "受理日期")
    problems.raise_if_any()


def story(doc: AcceptanceRegisterDoc, kit: Kit) -> list[Flowable]:
    names = "、".join(p.name for p in doc.parties)
    out: list[Flowable] = [
        kit.title(TITLE),
        kit.number_line("编号", doc.case_number),
        Spacer(1, 6),
        kit.p(f"{cn_date(doc.date)}，本人民调解委员会经当事人同意，调解{names}之间的纠纷。", kit.indented),
        Spacer(1, 8),
        party_table(kit, doc.parties),
        Spacer(1, 8),
        *form(kit, [
            ("纠纷类型", doc.category),
            ("案件来源", checkbox_line(SOURCES, doc.source)),
            ("纠纷简要情况", doc.summary),
            ("人民调解员", doc.mediator),
        ]),
    ]
    last = form(kit, [("登记人", doc.registrar or "　")])
    signers = party_signers(doc.parties) + official_signers([("登记人", doc.registrar)])
    out += closing(last, signature_block(kit, signers, doc.committee, doc.date))
    return out
