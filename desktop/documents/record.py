"""人民调解记录 and 调查记录: what was said and found in a session or an investigation."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from .checks import Problems
from .layout import Kit, closing, cn_datetime, form, official_signers, party_signers, signature_block
from .model import MediationRecordDoc

TITLE = "人民调解记录"
INVESTIGATION = "调查记录"
RIGHTS_NOTICE = (
    "已告知当事人人民调解的性质、原则、效力，以及当事人在调解活动中享有的权利和承担的义务，"
    "当事人表示知悉，同意调解。"
)


def check(doc: MediationRecordDoc) -> None:
    problems = Problems(doc.title)
    problems.require(doc.committee, "人民调解委员会名称")
    problems.require(doc.case_number, "案件编号")
    problems.require(doc.held_at, "时间")
    problems.require(doc.place, "地点")
    problems.require(doc.matter, "事由")
    if doc.kind == INVESTIGATION:
        problems.require(doc.participants, "被调查人")
    else:
        problems.parties(doc.parties, representative=False)
    if not doc.statements and not doc.facts.strip() and not doc.content.strip():
        problems.add("记录内容为空：至少需要一段陈述或查明的事实")
    for i, statement in enumerate(doc.statements, start=1):
        if not statement.speaker.strip() or not statement.text.strip():
            problems.add(f"第 {i} 段陈述缺少陈述人或内容")
    problems.require(doc.mediator, "调查人" if doc.kind == INVESTIGATION else "人民调解员")
    problems.require(doc.recorder, "记录人")
    problems.raise_if_any()


def story(doc: MediationRecordDoc, kit: Kit) -> list[Flowable]:
    investigation = doc.kind == INVESTIGATION
    parties = "；".join(f"{p.role} {p.name}" for p in doc.parties)
    rows = [("时间", cn_datetime(doc.held_at)), ("地点", doc.place), ("事由", doc.matter)]
    if investigation:
        rows += [("被调查人", doc.participants)]
        if parties:
            rows += [("当事人", parties)]
        rows += [("调查人", doc.mediator), ("记录人", doc.recorder)]
    else:
        rows += [("当事人", parties), ("参加人", doc.participants), ("人民调解员", doc.mediator),
                 ("记录人", doc.recorder)]
    out: list[Flowable] = [
        kit.title(doc.title), kit.p(doc.committee, kit.center), kit.number_line("编号", doc.case_number),
        Spacer(1, 6), *form(kit, rows),
        Spacer(1, 6),
    ]
    if not investigation and doc.rights_notice_given:
        out.append(kit.p("告知事项：", kit.label))
        out.append(kit.p(RIGHTS_NOTICE, kit.indented))
    if doc.statements or doc.content.strip():
        out.append(kit.p("调查内容：" if investigation else "调解过程：", kit.label))
        if doc.content.strip():
            out += kit.paras(doc.content)
        for statement in doc.statements:
            lines = [line.strip() for line in statement.text.strip().splitlines() if line.strip()]
            out.append(kit.p(f"{statement.speaker}：{lines[0]}", kit.indented))
            out += [kit.p(line, kit.indented) for line in lines[1:]]
    for label, text in (("查明事实：", doc.facts), ("风险提示：", doc.risk_warning), ("调解结果：", doc.outcome)):
        if text.strip():
            out.append(kit.p(label, kit.label))
            out += kit.paras(text)
    clause = [kit.p("以上记录已经本人阅读（或向本人宣读），与所述一致。", kit.indented)]
    when = doc.date or doc.held_at.date()
    if investigation:
        signers = official_signers([("被调查人", doc.participants), ("调查人", doc.mediator),
                                    ("记录人", doc.recorder)])
    else:
        signers = party_signers(doc.parties) + official_signers([("人民调解员", doc.mediator),
                                                                 ("记录人", doc.recorder)])
    out += closing(clause, signature_block(kit, signers, doc.committee, when, seal=False))
    return out
