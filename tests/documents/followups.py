"""A case taken through mediation to a follow-up with 被回访人 and 回访事由, for the tests that carry the
two fields from the form to the PDF, the county and a second PC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from desktop.config import Settings
from desktop.db.services import mediation as ms
from desktop.documents import render
from desktop.documents.from_db import Issuer, load
from desktop.domain.enums import AgreementStatus, MediationOutcome, Satisfaction
from desktop.domain.forms import AgreementForm, FollowupForm

from .pdfcheck import layout_pages

VISITED = "买买提·艾力"
PURPOSE = "回访赔偿款第二期支付情况及院墙改建进度"
TODAY = date(2026, 11, 30)


def concluded(ctx: Any, actor: Any, case_id: str) -> str:
    """Mediate the case to an effective written agreement and close it; the agreement's number."""
    m = ms.start_mediation(ctx, actor, case_id, mediator="赵德明")
    a = ms.save_agreement(ctx, actor, m.id, AgreementForm("院墙排水纠纷", ["被申请人赔偿500元"], "一次性支付"))
    ms.set_agreement_status(ctx, actor, a.id, AgreementStatus.SIGNED)
    ms.set_agreement_status(ctx, actor, a.id, AgreementStatus.EFFECTIVE)
    ms.conclude(ctx, actor, m.id, MediationOutcome.WRITTEN)
    return str(a.number)


def followed_up(ctx: Any, actor: Any, case_id: str, visited_person: str = VISITED, purpose: str = PURPOSE) -> Any:
    concluded(ctx, actor, case_id)
    return ms.add_followup(ctx, actor, case_id, FollowupForm(
        datetime.now(UTC), performance="已支付第一期", satisfaction=Satisfaction.SATISFIED,
        visited_person=visited_person, purpose=purpose))


def issuer(settings: Settings) -> Issuer:
    return Issuer(committee=settings.committee_name, center=settings.center_name, court="示范县人民法院",
                  contact="0437-6212345")


def printed(session: Any, case_number: str, settings: Settings) -> list[list[str]]:
    """The case's 回访记录 as `pdftotext -layout` lines per page."""
    return layout_pages(render(load(session, "followup", case_number, issuer(settings), TODAY)))


def form_cell(pages: list[list[str]], label: str) -> str:
    """The form cell beside `label` (whitespace removed): the rest of its line, or for a three-line cell
    (the label alone, centred) the lines above and below it."""
    for lines in pages:
        squashed = ["".join(line.split()) for line in lines]
        for i, line in enumerate(squashed):
            if line == label:
                return squashed[i - 1] + squashed[i + 1]
            if line.startswith(label):
                return line[len(label):]
    raise AssertionError(f"no line starts with {label!r}")
