"""Fixtures for the statistics tests: Asia/Shanghai local time and a hand-counted scenario."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from desktop.domain.enums import Channel, MediationOutcome, PartyRole
from desktop.domain.forms import AgreementForm, CaseForm, PartyForm, ReceptionForm


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is Asia/Shanghai (UTC+8) for the test, restored afterwards."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def local(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, us: int = 0) -> datetime:
    """An aware datetime in the process's local zone (Asia/Shanghai under the `shanghai` fixture)."""
    return datetime(y, mo, d, h, mi, s, us).astimezone()


def case_form(at: datetime, category: str = "邻里", channel: Channel = Channel.WALK_IN, village: str = "东风村",
              name: str = "张三", id_number: str = "", phone: str = "") -> CaseForm:
    parties = [PartyForm(name=name, id_number=id_number, phone=phone),
               PartyForm(name="王五", role=PartyRole.RESPONDENT)]
    return CaseForm(channel=channel, category=category, summary="邻居加盖房屋遮挡采光", village=village,
                    parties=parties, registered_at=at)


@dataclass
class Scenario:
    ids: dict[str, str]


@pytest.fixture
def october(shanghai: None, ctx: Any, admin: Any) -> Scenario:
    """Cases and receptions around October 2026 (local time), counted by hand in the tests.

    In October (local): c_first (00:00 on the 1st), c_mid, c_last (23:59:59.999999 on the 31st),
    c_mid2 (category 婚姻家庭, phone channel, 红旗村, closed). Outside: c_sep (23:59:59 on 30 Sep),
    c_nov (00:00 on 1 Nov).
    Receptions in October: r1 (3 people, became c_mid), r2 (consultation, 1 person); outside: r_sep.
    """
    from desktop.db.services.cases import TransitionRequest, log_reception, register_case, transition

    ids: dict[str, str] = {}
    plan = {
        "c_sep": case_form(local(2026, 9, 30, 23, 59, 59)),
        "c_first": case_form(local(2026, 10, 1, 0, 0, 0)),
        "c_last": case_form(local(2026, 10, 31, 23, 59, 59, 999999), category="合同", village="红旗村"),
        "c_nov": case_form(local(2026, 11, 1, 0, 0, 0)),
        "c_mid2": case_form(local(2026, 10, 15, 9), category="婚姻家庭", channel=Channel.PHONE, village="红旗村"),
    }
    for key, form in plan.items():
        ids[key] = register_case(ctx, admin, form).id
    reception, case = log_reception(
        ctx, admin,
        ReceptionForm(channel=Channel.WALK_IN, people_count=3, visitor_name="李四", summary="宅基地纠纷",
                      visited_at=local(2026, 10, 10, 10)),
        case_form(local(2026, 10, 10, 10), category="房屋宅基地"),
    )
    assert case is not None
    ids["c_mid"], ids["r1"] = case.id, reception.id
    ids["r2"] = log_reception(ctx, admin, ReceptionForm(
        channel=Channel.PHONE, summary="咨询低保政策", answered_on_spot=True, answer="已解答",
        visited_at=local(2026, 10, 31, 23, 30)))[0].id
    ids["r_sep"] = log_reception(ctx, admin, ReceptionForm(
        channel=Channel.WALK_IN, people_count=2, summary="咨询", answered_on_spot=True, answer="已解答",
        visited_at=local(2026, 9, 30, 23, 30)))[0].id
    transition(ctx, admin, ids["c_mid2"], TransitionRequest("close_on_spot", result="当场调解办结"))
    return Scenario(ids)


def mediate(ctx: Any, actor: Any, case_id: str, outcome: MediationOutcome, mediator: str = "赵德明") -> str:
    """Run a mediation on a case through the services to the given outcome; returns its id."""
    from desktop.db.services.mediation import conclude, save_agreement, start_mediation

    m = start_mediation(ctx, actor, case_id, mediator=mediator)
    if outcome is not MediationOutcome.FAILED:
        save_agreement(ctx, actor, m.id, AgreementForm(facts="相邻关系纠纷", terms=["拆除越界部分"], performance="十日内",
                                                        oral=outcome is MediationOutcome.ORAL, parties_count=2))
    conclude(ctx, actor, m.id, outcome, note="双方分歧较大，引导诉讼" if outcome is MediationOutcome.FAILED else "")
    return m.id
