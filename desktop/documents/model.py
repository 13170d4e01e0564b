"""Inputs of the mediation documents: plain frozen dataclasses, filled by from_db or by hand.

Every field is what the document prints, already in Chinese (enum labels, not codes). Empty
strings print as blank lines to fill by hand; required fields are checked before rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

PERSON = "person"
ORGANIZATION = "organization"


@dataclass(frozen=True)
class PartyInfo:
    """A party (当事人) as the documents print it.

    For an organization, ``name`` is the organization's name and ``representative`` the person
    who signs for it (法定代表人或负责人); the documents add a seal line for it.
    """

    role: str  # 申请人 / 被申请人 / 其他当事人
    name: str
    kind: str = PERSON  # PERSON | ORGANIZATION
    sex: str = ""
    ethnicity: str = ""
    age: int | None = None
    occupation: str = ""  # 职业或职务
    phone: str = ""
    address: str = ""  # 单位或住址
    id_number: str = ""
    representative: str = ""
    representative_title: str = ""  # 职务 of the representative
    agent: str = ""  # 委托代理人

    @property
    def is_organization(self) -> bool:
        return self.kind == ORGANIZATION


@dataclass(frozen=True)
class AgreementDoc:
    """人民调解协议书 (人民调解法 Art. 29)."""

    number: str
    committee: str
    parties: tuple[PartyInfo, ...]
    facts: str  # 纠纷主要事实、争议事项（及各方责任）
    terms: tuple[str, ...]
    performance_method: str
    performance_deadline: str
    mediator: str
    recorder: str
    date: date | None  # None: the signing date is written by hand
    stored_copies: int = 0  # as stored with the agreement; 0: the default

    @property
    def copies(self) -> int:
        """The stored number of copies, by default one per party plus one for the committee."""
        return self.stored_copies if self.stored_copies > 0 else len(self.parties) + 1


@dataclass(frozen=True)
class ApplicationDoc:
    """人民调解申请书."""

    committee: str
    parties: tuple[PartyInfo, ...]
    summary: str  # 纠纷简要情况
    requests: str  # 申请事项
    date: date
    case_number: str = ""


@dataclass(frozen=True)
class AcceptanceRegisterDoc:
    """人民调解受理登记表."""

    committee: str
    case_number: str
    parties: tuple[PartyInfo, ...]
    category: str  # 纠纷类型
    source: str  # 案件来源, a MediationSource label
    summary: str  # 纠纷简要情况
    registrar: str  # 登记人
    date: date  # 受理日期
    mediator: str = ""


@dataclass(frozen=True)
class Statement:
    """What one participant said, as recorded."""

    speaker: str
    text: str


@dataclass(frozen=True)
class MediationRecordDoc:
    """人民调解记录 or 调查记录 (``kind`` is the RecordKind label: 调解记录 / 调查记录)."""

    kind: str
    committee: str
    case_number: str
    held_at: datetime
    place: str
    matter: str  # 事由
    parties: tuple[PartyInfo, ...]
    participants: str  # 参加人 (others present) / 被调查人
    statements: tuple[Statement, ...]
    mediator: str
    recorder: str
    rights_notice_given: bool = True
    content: str = ""  # free-text record when statements are not kept one by one
    facts: str = ""  # 查明的事实
    risk_warning: str = ""  # 风险提示
    outcome: str = ""  # 调解结果
    date: date | None = None  # defaults to held_at's date

    @property
    def title(self) -> str:
        return "调查记录" if self.kind == "调查记录" else "人民调解记录"


@dataclass(frozen=True)
class OralAgreementDoc:
    """口头协议登记表 (人民调解法 Art. 28)."""

    committee: str
    case_number: str
    parties: tuple[PartyInfo, ...]
    facts: str
    content: str  # 协议内容
    performance: str  # 履行方式、时限
    mediator: str
    recorder: str
    date: date


@dataclass(frozen=True)
class FollowupDoc:
    """回访记录."""

    committee: str
    case_number: str
    parties: tuple[PartyInfo, ...]
    visited_at: date
    method: str  # 回访方式: 电话 / 上门 / …
    visitor: str  # 回访人
    visited_person: str  # 被回访人 (blank: the parties' names as boxes to tick by hand)
    performance: str  # 协议履行情况
    satisfaction: str  # Satisfaction label
    escalation_signs: str  # 有无矛盾激化迹象
    notes: str = ""
    agreement_number: str = ""
    purpose: str = ""  # 回访事由 (blank: the usual purpose, the agreement's performance)


@dataclass(frozen=True)
class JudicialConfirmationDoc:
    """司法确认申请书: a joint application of the parties to the basic-level court."""

    court: str
    committee: str
    parties: tuple[PartyInfo, ...]
    agreement_number: str
    agreement_date: date | None  # None: the agreement is not signed yet
    terms: tuple[str, ...]
    date: date
    attachments: tuple[str, ...] = (
        "人民调解协议书",
        "当事人身份证明",
        "与调解协议相关的财产权利证明",
        "当事人送达地址确认书",
    )


@dataclass(frozen=True)
class ReceiptDoc:
    """受理回执 handed to the citizen at intake."""

    center: str
    case_number: str
    query_code: str
    date: datetime
    summary: str
    contact: str  # the center's phone for questions
    applicant: str = ""
    handler: str = ""  # 受理人
    channel: str = ""  # Channel label


Document = (
    AgreementDoc
    | ApplicationDoc
    | AcceptanceRegisterDoc
    | MediationRecordDoc
    | OralAgreementDoc
    | FollowupDoc
    | JudicialConfirmationDoc
    | ReceiptDoc
)


@dataclass(frozen=True)
class PaperMaterial:
    """A material filed on paper (or scanned) rather than generated: 当事人身份证明, 证据材料…"""

    name: str
    pages: int  # 0: not counted yet (the list is then incomplete)
    scanned: bool = False
    note: str = ""


@dataclass(frozen=True)
class CaseFileDoc:
    """卷宗 per the MoJ format: cover, contents list, every material in filing order, back cover.

    The cover and contents are not numbered; materials are numbered from 1, paper materials
    taking their counted pages in the numbering."""

    title: str  # 卷名: applicant side 与 respondent side + the dispute
    file_number: str  # 卷号, e.g. （2026）X人调字第12号
    committee: str
    mediator: str
    mediation_date: date  # 调解日期 from…
    filed_by: str  # 立卷人
    filed_date: date  # 立卷日期
    retention: str  # 保管期限
    documents: tuple[Document, ...]
    paper_materials: tuple[PaperMaterial, ...] = field(default=())
    notes: str = ""  # 卷宗情况说明 (on the back cover)
    mediation_end: date | None = None  # …to (blank while the mediation is open)
    remarks: str = ""  # 备注 on the cover
