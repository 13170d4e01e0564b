"""Handling what the county sends down: sign off, check in appointments, open a case, feed back."""

from __future__ import annotations

from desktop.domain.accounts import Permission
from desktop.domain.enums import Channel, CountyItemKind, CountyItemStatus
from desktop.domain.errors import DomainError
from desktop.domain.forms import CaseForm
from desktop.domain.validation import require_text

from ..models import Case, CountyItem
from ..types import utcnow
from ..uow import Actor, Context, UnitOfWork
from .cases import register_case_in


def _item(uow: UnitOfWork, item_id: str) -> CountyItem:
    item = uow.session.get(CountyItem, item_id)
    if item is None:
        raise DomainError("找不到该事项，可能尚未同步")
    return item


def sign_off(ctx: Context, actor: Actor, item_id: str) -> CountyItem:
    """签收 an assigned item or grid event (an appointment is checked in instead)."""
    actor.require(Permission.HANDLE_COUNTY_ITEMS)
    with ctx.unit(actor) as uow:
        item = _item(uow, item_id)
        if item.status != CountyItemStatus.RECEIVED.value:
            raise DomainError(f"该事项已是“{CountyItemStatus(item.status).label}”，无需再签收")
        item.status = CountyItemStatus.SIGNED.value
        item.signed_at = utcnow()
        item.signed_by = actor.display_name
        uow.save(item, "sign_off")
        return item


def check_in(ctx: Context, actor: Actor, item_id: str) -> CountyItem:
    """An online appointment's visitor has arrived."""
    actor.require(Permission.HANDLE_COUNTY_ITEMS)
    with ctx.unit(actor) as uow:
        item = _item(uow, item_id)
        if item.kind != CountyItemKind.APPOINTMENT.value:
            raise DomainError("只有网上预约需要到访登记")
        if item.status not in (CountyItemStatus.RECEIVED.value, CountyItemStatus.SIGNED.value):
            raise DomainError("该预约已登记到访")
        item.status = CountyItemStatus.CHECKED_IN.value
        item.signed_at = item.signed_at or utcnow()
        item.signed_by = actor.display_name
        uow.save(item, "check_in")
        return item


_CHANNEL_FOR = {
    CountyItemKind.ASSIGNED.value: Channel.ASSIGNED,
    CountyItemKind.GRID_EVENT.value: Channel.GRID,
    CountyItemKind.APPOINTMENT.value: Channel.ONLINE,
}


def open_case(ctx: Context, actor: Actor, item_id: str, form: CaseForm) -> Case:
    """Register a case for an item (one number for its whole life) and mark the item in hand."""
    actor.require(Permission.RECEIVE)
    with ctx.unit(actor) as uow:
        item = _item(uow, item_id)
        if item.case_id:
            raise DomainError("该事项已登记为案件")
        form.channel = _CHANNEL_FOR[item.kind]
        form.county_item_id = item.id
        valid = form.validated(ctx.settings.categories)
        case = register_case_in(uow, ctx, valid)
        if item.deadline_at is not None:
            case.deadline_at = item.deadline_at  # the county's deadline wins
        item.case_id = case.id
        item.status = CountyItemStatus.HANDLING.value
        item.signed_at = item.signed_at or utcnow()
        item.signed_by = item.signed_by or actor.display_name
        uow.save(item, "open_case")
        return case


def feed_back(ctx: Context, actor: Actor, item_id: str, text: str, resolved: bool) -> CountyItem:
    """反馈 the handling result to the county."""
    actor.require(Permission.HANDLE_COUNTY_ITEMS)
    feedback = require_text(text, "反馈内容", "feedback", 4000)
    with ctx.unit(actor) as uow:
        item = _item(uow, item_id)
        if item.status == CountyItemStatus.RECEIVED.value:
            raise DomainError("请先签收该事项再反馈")
        item.feedback = feedback
        item.fed_back_at = utcnow()
        item.resolved = resolved
        item.status = CountyItemStatus.FED_BACK.value
        uow.save(item, "feed_back")
        return item
