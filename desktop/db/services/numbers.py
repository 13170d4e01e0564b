"""Spending leased number blocks, with the per-device offline fallback (docs/numbering.md)."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from desktop.domain.errors import DomainError
from desktop.domain.numbering import NumberFormat, Series, fallback_value

from .. import rowplan
from ..encrypt import fsync_dir
from ..models import NumberBlock, NumberFallback
from ..uow import get_meta, set_meta

RECOVERY_KEY = "sync.recovery_pending"  # set after a restore until the recovery pull (services/recovery.py)

SLOT_KEY = "device_slot"
LOW_WATER = 10  # lease more when fewer values than this remain


def device_slot(session: Session) -> int:
    """This PC's slot for fallback numbers: assigned by the county at enrolment, else chosen once at random."""
    slot = get_meta(session, SLOT_KEY)
    if slot is None:
        slot = str(secrets.randbelow(99))
        set_meta(session, SLOT_KEY, slot)
    return int(slot)


def next_value(session: Session, series: Series, year: int) -> int:
    """The next unused sequence value for a series and year (inside the caller's transaction).

    One UPDATE … RETURNING per value (Core, not ORM objects: this runs on every registration)."""
    session.flush()  # blocks added through the ORM in this transaction must be visible to the UPDATE
    conn = rowplan.driver_connection(session)
    taken = rowplan.execute(session, _TAKE_FROM_BLOCK, (series.value, year), conn).fetchone()
    if taken is not None:
        return int(taken[0]) - 1
    # The two facts the fallback needs, in one read (the flush above made ORM writes visible).
    facts = dict(rowplan.execute(session, _FALLBACK_FACTS, (RECOVERY_KEY, SLOT_KEY), conn).fetchall())
    if facts.get(RECOVERY_KEY) is not None:
        # After a restore the fallback counters may lag behind numbers issued after the backup: only the
        # recovery pull (the next sync) can tell. Never risk a number twice (docs/recovery.md).
        raise DomainError("本机刚从备份恢复，需先与县平台同步一次、取回本机的全部记录后才能继续编号（防止编号重复）。"
                          "请连接县平台后点“立即同步”。")
    counted = rowplan.execute(session, _COUNT_FALLBACK, (series.value, year), conn).fetchone()
    if counted is None:
        rowplan.execute(session, _FIRST_FALLBACK, (series.value, year), conn)
        counted = (1,)
    n = int(counted[0]) - 1
    folder = data_dir_of(session)
    if folder is not None:
        # The database may be older than the numbers issued (a restored backup, a copied file): the
        # journal outside it knows the highest index ever handed out. Reserve there before committing.
        high = read_journal(folder).get(_journal_key(series, year), -1)
        if n <= high:
            n = high + 1
            rowplan.execute(session, _SET_FALLBACK, (n + 1, series.value, year), conn)
        reserve(folder, series, year, n)
    slot = facts.get(SLOT_KEY)
    return fallback_value(int(slot) if slot is not None else device_slot(session), n)


# Plain SQL on the transaction's connection (rowplan): this runs on every registration, and building and
# compiling the Core statements cost more than running them.
_TAKE_FROM_BLOCK = (
    'UPDATE number_blocks SET next_value = next_value + 1 WHERE id = ('
    'SELECT id FROM number_blocks WHERE series = ? AND year = ? AND next_value <= "end" ORDER BY start LIMIT 1'
    ') RETURNING next_value'
)
_FALLBACK_FACTS = "SELECT key, value FROM meta WHERE key IN (?, ?)"
_COUNT_FALLBACK = "UPDATE number_fallback SET next_n = next_n + 1 WHERE series = ? AND year = ? RETURNING next_n"
_FIRST_FALLBACK = "INSERT INTO number_fallback (series, year, next_n) VALUES (?, ?, 1)"
_SET_FALLBACK = "UPDATE number_fallback SET next_n = ? WHERE series = ? AND year = ?"


# --- the fallback journal (docs/numbering.md) --------------------------------------------------------
# Every offline fallback index is written here, fsynced and atomically replaced, *before* the transaction
# that uses it commits, in the data folder beside (not inside) the database file. Restoring a backup or
# recreating a lost file never touches it, so the next fallback number lies above every one ever issued.
# A kill between the journal write and the commit leaves a gap (a reserved index never used), never a
# duplicate. The index n is slot-agnostic, like the counter: moving slots at enrolment keeps n.

JOURNAL_FILE = "numbering-journal.json"
_JOURNAL_FORMAT = "township-desk/fallback-journal"


def _journal_key(series: Series, year: int) -> str:
    return f"{series.value}:{year}"


def data_dir_of(session: Session) -> Path | None:
    """The data folder of the session's database file (None for an in-memory database)."""
    bind = session.get_bind()
    name = bind.engine.url.database
    if not name or name == ":memory:":
        return None
    return Path(name).parent


def read_journal(data_dir: Path) -> dict[str, int]:
    """Highest fallback index reserved per "series:year"; empty when there is no journal yet.

    A journal that cannot be read is an error, never an empty one: numbering without it could repeat."""
    path = data_dir / JOURNAL_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        doc = json.loads(text)
        if doc.get("format") != _JOURNAL_FORMAT:
            raise ValueError(doc.get("format"))
        return {str(k): int(v) for k, v in doc["high"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DomainError(f"本机编号记录文件 {JOURNAL_FILE} 已损坏，为防止编号重复暂停离线编号。"
                          "请联网同步领取编号段，或联系技术支持。") from None


def reserve(data_dir: Path, series: Series, year: int, n: int) -> None:
    """Record fallback index n as handed out (durably, before the caller commits)."""
    high = read_journal(data_dir)
    key = _journal_key(series, year)
    if high.get(key, -1) >= n:
        return
    high[key] = n
    write_journal(data_dir, high)


def write_journal(data_dir: Path, high: dict[str, int]) -> None:
    path = data_dir / JOURNAL_FILE
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"format": _JOURNAL_FORMAT, "version": 1, "high": high}, f, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(data_dir)


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
