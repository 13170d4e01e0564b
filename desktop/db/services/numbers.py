"""Spending leased number blocks, with the per-device offline fallback (docs/numbering.md)."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import DomainError
from desktop.domain.numbering import NumberFormat, Series, fallback_value

from ..models import NumberBlock, NumberFallback
from ..uow import get_meta, set_meta

RECOVERY_KEY = "sync.recovery_pending"  # set after a restore until the recovery pull (services/recovery.py)

LOW_WATER = 10  # lease more when fewer values than this remain


def device_slot(session: Session) -> int:
    """This PC's slot for fallback numbers: assigned by the county at enrolment, else chosen once at random."""
    slot = get_meta(session, "device_slot")
    if slot is None:
        slot = str(secrets.randbelow(99))
        set_meta(session, "device_slot", slot)
    return int(slot)


def next_value(session: Session, series: Series, year: int) -> int:
    """The next unused sequence value for a series and year (inside the caller's transaction)."""
    block = session.scalars(
        select(NumberBlock)
        .where(NumberBlock.series == series.value, NumberBlock.year == year, NumberBlock.next_value <= NumberBlock.end)
        .order_by(NumberBlock.start)
    ).first()
    if block is not None:
        value = block.next_value
        block.next_value += 1
        return value
    if get_meta(session, RECOVERY_KEY) is not None:
        # After a restore the fallback counters may lag behind numbers issued after the backup: only the
        # recovery pull (the next sync) can tell. Never risk a number twice (docs/recovery.md).
        raise DomainError("本机刚从备份恢复，需先与县平台同步一次、取回本机的全部记录后才能继续编号（防止编号重复）。"
                          "请连接县平台后点“立即同步”。")
    counter = session.get(NumberFallback, (series.value, year))
    if counter is None:
        counter = NumberFallback(series=series.value, year=year, next_n=0)
        session.add(counter)
    value = fallback_value(device_slot(session), counter.next_n)
    counter.next_n += 1
    return value


def next_number(session: Session, fmt: NumberFormat, series: Series, year: int) -> str:
    return fmt.format(series, year, next_value(session, series, year))


def remaining(session: Session, series: Series, year: int) -> int:
    blocks = session.scalars(
        select(NumberBlock).where(NumberBlock.series == series.value, NumberBlock.year == year)
    ).all()
    return sum(max(0, b.end - b.next_value + 1) for b in blocks)


def add_block(session: Session, series: Series, year: int, start: int, end: int) -> None:
    """Record a block leased from the county (called by the sync engine)."""
    session.add(NumberBlock(series=series.value, year=year, start=start, end=end, next_value=start))
