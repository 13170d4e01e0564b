"""Builders shared by database tests."""

from __future__ import annotations

from desktop.domain.enums import Channel, PartyRole
from desktop.domain.forms import CaseForm, PartyForm


def two_party_form(summary: str = "邻居加盖房屋遮挡采光", name_a: str = "张𠀾三", name_b: str = "买买提·艾力",
                   id_a: str = "11010519491231002X", phone_a: str = "13800138000", village: str = "东风村") -> CaseForm:
    return CaseForm(
        channel=Channel.WALK_IN,
        category="邻里",
        summary=summary,
        village=village,
        parties=[
            PartyForm(name_a, id_number=id_a, phone=phone_a),
            PartyForm(name_b, role=PartyRole.RESPONDENT, phone="0434-3271234"),
        ],
    )
