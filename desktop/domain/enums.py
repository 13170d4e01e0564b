"""Closed vocabularies of the domain; values are stable wire/database codes, labels are what users see."""

from __future__ import annotations

from enum import Enum


class LabeledEnum(str, Enum):
    """A string enum whose members carry a Chinese label for display and documents."""

    label: str

    def __new__(cls, value: str, label: str = "") -> LabeledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def from_label(cls, label: str) -> LabeledEnum:
        for member in cls:
            if member.label == label:
                return member
        raise ValueError(label)


class Channel(LabeledEnum):
    WALK_IN = ("walk_in", "来访")
    PHONE = ("phone", "来电")
    LETTER = ("letter", "来信")
    ONLINE = ("online", "网上预约")
    GRID = ("grid", "网格员转来")
    ASSIGNED = ("assigned", "上级交办")


class CaseStatus(LabeledEnum):
    REGISTERED = ("registered", "已登记")
    ROUTED = ("routed", "已分流")
    MEDIATING = ("mediating", "调解中")
    ASSIGNED = ("assigned", "已交办")
    ESCALATED = ("escalated", "已上报县中心")
    GUIDED = ("guided", "已引导法律途径")
    CLOSED = ("closed", "已办结")
    FOLLOWED_UP = ("followed_up", "已回访")
    ARCHIVED = ("archived", "已归档")


# The one definition of an open and a resolved (办结) case. Every other spelling is derived from these
# two sets: the SQL `status IN (...)` of queries and partial indexes (desktop/db/models.py), the
# statistics buckets (desktop/reports/buckets.py); tests/reports/test_one_definition.py pins the frozen
# spellings in migrations to them.
OPEN_STATUSES = frozenset(
    {
        CaseStatus.REGISTERED,
        CaseStatus.ROUTED,
        CaseStatus.MEDIATING,
        CaseStatus.ASSIGNED,
        CaseStatus.ESCALATED,
        CaseStatus.GUIDED,
    }
)
RESOLVED_STATUSES = frozenset(CaseStatus) - OPEN_STATUSES  # 已办结, 已回访, 已归档


def in_declaration_order(statuses: frozenset[CaseStatus]) -> tuple[CaseStatus, ...]:
    """A status set as a tuple in CaseStatus's order: one stable spelling wherever a list is written out."""
    return tuple(s for s in CaseStatus if s in statuses)


class LegalChannel(LabeledEnum):
    """Where a case is guided when it leaves the center for a legal route (引导法律途径).

    The stored value is the Chinese name itself, as it has been in case events since the first version,
    so existing databases and the county's copies keep their meaning."""

    LITIGATION = ("诉讼", "诉讼")
    ARBITRATION = ("仲裁", "仲裁")
    ADMINISTRATIVE_REVIEW = ("行政复议", "行政复议")


class FollowupMethod(LabeledEnum):
    """How a follow-up visit (回访) was made; stored as the Chinese name, as before (see LegalChannel)."""

    PHONE = ("电话回访", "电话回访")
    HOME_VISIT = ("上门回访", "上门回访")
    AT_CENTER = ("来访回访", "来访回访")


class RiskLevel(LabeledEnum):
    LOW = ("low", "低")
    MEDIUM = ("medium", "中")
    HIGH = ("high", "高")


class Complexity(LabeledEnum):
    SIMPLE = ("simple", "简单")
    NORMAL = ("normal", "一般")
    COMPLEX = ("complex", "复杂")


class Satisfaction(LabeledEnum):
    SATISFIED = ("satisfied", "满意")
    BASIC = ("basic", "基本满意")
    UNSATISFIED = ("unsatisfied", "不满意")


class PartyRole(LabeledEnum):
    APPLICANT = ("applicant", "申请人")
    RESPONDENT = ("respondent", "被申请人")
    OTHER = ("other", "其他当事人")


class PartyKind(LabeledEnum):
    PERSON = ("person", "自然人")
    ORGANIZATION = ("organization", "单位")


class Sex(LabeledEnum):
    MALE = ("male", "男")
    FEMALE = ("female", "女")


class MediationSource(LabeledEnum):
    APPLICATION = ("application", "当事人申请")
    INITIATIVE = ("initiative", "人民调解委员会主动调解")
    POLICE = ("police", "公安机关移交")
    COURT = ("court", "审判机关委托")
    GOVERNMENT = ("government", "政府部门指定")


class MediationOutcome(LabeledEnum):
    WRITTEN = ("written", "达成书面协议")
    ORAL = ("oral", "达成口头协议")
    FAILED = ("failed", "调解不成")


class AgreementStatus(LabeledEnum):
    DRAFT = ("draft", "草稿")
    PRINTED = ("printed", "已打印")
    SIGNED = ("signed", "已签字")
    EFFECTIVE = ("effective", "已生效")


class RecordKind(LabeledEnum):
    INVESTIGATION = ("investigation", "调查记录")
    SESSION = ("session", "调解记录")


class CountyItemKind(LabeledEnum):
    ASSIGNED = ("assigned", "上级交办")
    GRID_EVENT = ("grid_event", "网格事件")
    APPOINTMENT = ("appointment", "网上预约")


class CountyItemStatus(LabeledEnum):
    RECEIVED = ("received", "待签收")
    SIGNED = ("signed", "已签收")
    CHECKED_IN = ("checked_in", "已到访")
    HANDLING = ("handling", "办理中")
    FED_BACK = ("fed_back", "已反馈")


class Role(LabeledEnum):
    CLERK = ("clerk", "窗口受理员")
    MEDIATOR = ("mediator", "人民调解员")
    ADMIN = ("admin", "中心管理员")


class SyncState(LabeledEnum):
    LOCAL = ("local", "仅本机")
    QUEUED = ("queued", "待发送")
    SENDING = ("sending", "发送中")
    SYNCED = ("synced", "已同步")
    REJECTED = ("rejected", "被退回")
    CONFLICT = ("conflict", "冲突")


DEFAULT_CATEGORIES: tuple[str, ...] = (
    "婚姻家庭",
    "邻里",
    "房屋宅基地",
    "合同",
    "生产经营",
    "损害赔偿",
    "山林土地",
    "征地拆迁",
    "环境污染",
    "劳动争议",
    "消费",
    "医疗",
    "道路交通事故",
    "物业",
    "其他",
)
