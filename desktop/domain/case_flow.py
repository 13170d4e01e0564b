"""The case state machine: named transitions, each recorded as an appended event.

Current state is a fold over the event log. Logs merged from several PCs are folded leniently:
an event whose transition is not allowed at that point is kept in the log but does not move the
state, so a closed case is never reopened by events arriving late.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .enums import OPEN_STATUSES, CaseStatus
from .errors import TransitionError

S = CaseStatus


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the action as a clerk names it
    sources: frozenset[CaseStatus]
    target: CaseStatus


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("route", "分流", frozenset({S.REGISTERED}), S.ROUTED),
        Transition("close_on_spot", "当场办结", frozenset({S.REGISTERED, S.ROUTED}), S.CLOSED),
        Transition("start_mediation", "转人民调解室", frozenset({S.REGISTERED, S.ROUTED}), S.MEDIATING),
        Transition("assign", "交办", frozenset({S.REGISTERED, S.ROUTED}), S.ASSIGNED),
        Transition("escalate", "上报县中心", frozenset({S.REGISTERED, S.ROUTED, S.MEDIATING, S.ASSIGNED}), S.ESCALATED),
        Transition("guide_legal", "引导诉讼/仲裁/行政复议", frozenset({S.REGISTERED, S.ROUTED, S.MEDIATING}), S.GUIDED),
        Transition("close", "办结", frozenset({S.MEDIATING, S.ASSIGNED, S.ESCALATED, S.GUIDED}), S.CLOSED),
        Transition("follow_up", "回访", frozenset({S.CLOSED, S.FOLLOWED_UP}), S.FOLLOWED_UP),
        Transition("archive", "归档", frozenset({S.CLOSED, S.FOLLOWED_UP}), S.ARCHIVED),
    )
}

# Events that are part of the history but do not change the state.
NOTE_EVENTS = {
    "registered": "登记受理",
    "note": "备注",
    "assignee_changed": "变更承办人",
    "deadline_extended": "延长期限",
    "mediation_record": "调解/调查记录",
    "agreement_drafted": "起草调解协议",
    "agreement_signed": "调解协议签字",
    "agreement_effective": "调解协议生效",
    "judicial_confirmation": "申请司法确认",
    "county_feedback": "县中心反馈",
    "office_feedback": "承办单位反馈",
    "attachment_added": "添加附件",
    "edited": "修改案件信息",
}

EVENT_LABELS: dict[str, str] = {**NOTE_EVENTS, **{t.name: t.label for t in TRANSITIONS.values()}}

_REASONS: dict[CaseStatus, str] = {
    S.CLOSED: "案件已办结",
    S.FOLLOWED_UP: "案件已办结并回访",
    S.ARCHIVED: "案件已归档，不能再办理",
    S.MEDIATING: "案件正在人民调解中",
    S.ASSIGNED: "案件已交办，正在等待承办单位办理",
    S.ESCALATED: "案件已上报县中心",
    S.GUIDED: "案件已引导至法律途径",
    S.ROUTED: "案件已分流",
    S.REGISTERED: "案件刚登记，尚未分流",
}


def check_transition(status: CaseStatus, name: str) -> Transition:
    """Return the transition if allowed from `status`, else raise a TransitionError a clerk understands."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError(f"未知的办理操作：{name}")
    if status not in transition.sources:
        allowed = "、".join(t.label for t in allowed_transitions(status)) or "无"
        raise TransitionError(f"{_REASONS[status]}，不能“{transition.label}”。当前可以：{allowed}")
    return transition


def allowed_transitions(status: CaseStatus) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]


def is_open(status: CaseStatus) -> bool:
    return status in OPEN_STATUSES


def fold_status(event_kinds: Iterable[str]) -> CaseStatus:
    """Derive the current state from an ordered event log, skipping transitions that do not apply."""
    status = S.REGISTERED
    for kind in event_kinds:
        transition = TRANSITIONS.get(kind)
        if transition is not None and status in transition.sources:
            status = transition.target
    return status
