"""Spending leased number blocks, with the per-device offline fallback (docs/numbering.md)."""

from __future__ import annotations

import secrets
from typing import cast

from sqlalchemy import Table, insert, select, update
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
    """The next unused sequence value for a series and year (inside the caller's transaction).

    One UPDATE … RETURNING per value (Core, not ORM objects: this runs on every registration)."""
    session.flush()  # blocks added through the ORM in this transaction must be visible to the UPDATE
    blocks, fallback = _BLOCKS, _FALLBACK
    first_open = (
        select(blocks.c.id)
        .where(blocks.c.series == series.value, blocks.c.year == year, blocks.c.next_value <= blocks.c.end)
        .order_by(blocks.c.start)
        .limit(1)
        .scalar_subquery()
    )
    taken = session.execute(
        update(blocks).where(blocks.c.id == first_open).values(next_value=blocks.c.next_value + 1)
        .returning(blocks.c.next_value)
    ).scalar()
    if taken is not None:
        return int(taken) - 1
    if get_meta(session, RECOVERY_KEY) is not None:
        # After a restore the fallback counters may lag behind numbers issued after the backup: only the
        # recovery pull (the next sync) can tell. Never risk a number twice (docs/recovery.md).
        raise DomainError("本机刚从备份恢复，需先与县平台同步一次、取回本机的全部记录后才能继续编号（防止编号重复）。"
                          "请连接县平台后点“立即同步”。")
    counted = session.execute(
        update(fallback).where(fallback.c.series == series.value, fallback.c.year == year)
        .values(next_n=fallback.c.next_n + 1).returning(fallback.c.next_n)
    ).scalar()
    if counted is None:
        session.execute(insert(fallback).values(series=series.value, year=year, next_n=1))
        counted = 1
    return fallback_value(device_slot(session), int(counted) - 1)


_BLOCKS = cast(Table, NumberBlock.__table__)
_FALLBACK = cast(Table, NumberFallback.__table__)


def next_number(session: Session, fmt: NumberFormat, series: Series, year: int) -> str:
    return fmt.format(series, year, next_value(session, series, year))


def remaining(session: Session, series: Series, year: int) -> int:
    # Core, like next_value: ORM objects loaded earlier in the session would not show values taken since.
    session.flush()
    b = _BLOCKS
    rows = session.execute(
        select(b.c.end, b.c.next_value).where(b.c.series == series.value, b.c.year == year)
    ).all()
    return sum(max(0, int(end) - int(nxt) + 1) for end, nxt in rows)


def add_block(session: Session, series: Series, year: int, start: int, end: int) -> None:
    """Record a block leased from the county (called by the sync engine)."""
    session.add(NumberBlock(series=series.value, year=year, start=start, end=end, next_value=start))
