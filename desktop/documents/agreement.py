"""人民调解协议书: the written agreement of 人民调解法 Art. 29, laid out as DOMAIN.md lists it."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from .checks import Problems
from .layout import Kit, closing, cn_number, official_signers, party_block, party_signers, signature_block
from .model import AgreementDoc

TITLE = "人民调解协议书"


def check(doc: AgreementDoc) -> None:
    problems = Problems(TITLE)
    problems.require(doc.number, "协议编号")
    problems.require(doc.committee, "人民调解委员会名称")
    problems.parties(doc.parties)
    problems.require(doc.facts, "纠纷主要事实、争议事项")
    problems.terms(doc.terms)
    problems.require(doc.performance_method, "履行方式")
    problems.require(doc.mediator, "人民调解员")
    if doc.parties and doc.copies < len(doc.parties) + 1:
        problems.add(f"协议份数（{doc.copies}份）少于当事人人数加一（{len(doc.parties) + 1}份）")
    problems.raise_if_any()


def story(doc: AgreementDoc, kit: Kit) -> list[Flowable]:
    out: list[Flowable] = [kit.title(TITLE), kit.number_line("编号", doc.number), Spacer(1, 6)]
    for party in doc.parties:
        out += party_block(kit, party)
    out.append(kit.p("纠纷主要事实、争议事项：", kit.label))
    out += kit.paras(doc.facts)
    out.append(kit.p("经调解，自愿达成如下协议：", kit.label))
    out += terms(kit, doc.terms)
    out.append(kit.p("履行方式、时限：", kit.label))
    performance = doc.performance_method.strip()
    if doc.performance_deadline.strip():
        performance += f"\n履行期限：{doc.performance_deadline.strip()}"
    out += kit.paras(performance)
    copies = f"本协议一式{cn_number(doc.copies)}份，{_holders(doc)}。"
    effect = "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
    officials = [("人民调解员", doc.mediator)] + ([("记录人", doc.recorder)] if doc.recorder.strip() else [])
    signers = party_signers(doc.parties) + official_signers(officials)
    out += closing([kit.p(copies, kit.indented), kit.p(effect, kit.indented)],
                   signature_block(kit, signers, doc.committee, doc.date))
    return out


def _holders(doc: AgreementDoc) -> str:
    """Who keeps the copies: one each for the parties and the committee, any more are named too."""
    base = len(doc.parties) + 1
    if doc.copies == base:
        return "当事人、人民调解委员会各持一份"
    return f"当事人各持一份，人民调解委员会留存{cn_number(doc.copies - len(doc.parties))}份"


def terms(kit: Kit, items: tuple[str, ...]) -> list[Flowable]:
    """Numbered terms (一、二、…); a term's further lines (sub-items) stay lines of their own,
    aligned under the term's text."""
    out: list[Flowable] = []
    for i, term in enumerate(items, start=1):
        lines = [line.strip() for line in term.strip().splitlines() if line.strip()]
        out.append(kit.p(f"{cn_number(i)}、{lines[0]}", kit.indented))
        out += [kit.p(line, kit.continued) for line in lines[1:]]
    return out
