"""Spending leased number blocks, with the per-device offline fallback (docs/numbering.md)."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any, cast

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
# Every fallback slot this database ever numbered in, and those of them picked locally before enrolment
# (comma-separated). A restored copy knows them, so a restore can move to a slot no earlier number used.
SLOTS_USED_KEY = "device_slots_used"
LOCAL_SLOTS_KEY = "device_slots_local"
COUNTY_DEVICE_KEY = "county_device_id"  # desktop.sync.status.COUNTY_DEVICE_ID: set at enrolment
SLOT_COUNT = 99
LOW_WATER = 10  # lease more when fewer values than this remain

NO_SLOT_LEFT = ("本机已多次从备份恢复，离线编号可用的号段已全部用过，为防止编号重复暂停离线编号。"
                "请先在县平台登记本机（登记后由县平台分配号段），或联网领取编号段后再登记。")


def _slot_list(session: Session, key: str) -> set[int]:
    text = get_meta(session, key) or ""
    return {int(x) for x in text.split(",") if x.strip()}


def slots_used(session: Session) -> set[int]:
    """Every slot this database ever gave fallback numbers in (the current one included)."""
    used = _slot_list(session, SLOTS_USED_KEY)
    current = get_meta(session, SLOT_KEY)
    return used | ({int(current) % SLOT_COUNT} if current is not None else set())


def local_slots(session: Session) -> set[int]:
    """The slots picked on this PC before enrolment (whose numbers enrolment moves to the assigned slot).

    A database from before this list existed counts its current slot as local while it is not enrolled."""
    local = _slot_list(session, LOCAL_SLOTS_KEY)
    current = get_meta(session, SLOT_KEY)
    if current is not None and get_meta(session, COUNTY_DEVICE_KEY) is None:
        local.add(int(current) % SLOT_COUNT)
    return local


def take_slot(session: Session, slot: int, *, local: bool) -> None:
    """Number in `slot` from now on, remembering it among the slots used (and the local ones)."""
    set_meta(session, SLOT_KEY, str(slot))
    keys = (SLOTS_USED_KEY, LOCAL_SLOTS_KEY) if local else (SLOTS_USED_KEY,)
    for key in keys:
        set_meta(session, key, ",".join(str(x) for x in sorted(_slot_list(session, key) | {slot % SLOT_COUNT})))


def fresh_local_slot(session: Session) -> int | None:
    """A random slot this database never used, or None when all 99 were."""
    free = sorted(set(range(SLOT_COUNT)) - slots_used(session))
    return free[secrets.randbelow(len(free))] if free else None


def device_slot(session: Session) -> int:
    """This PC's slot for fallback numbers: assigned by the county at enrolment, else picked at random
    among the slots this database never used (refused when none is left: enrol first)."""
    slot = get_meta(session, SLOT_KEY)
    if slot is None:
        picked = fresh_local_slot(session)
        if picked is None:
            raise DomainError(NO_SLOT_LEFT)
        take_slot(session, picked, local=True)
        return picked
    return int(slot)


def pin_slot(conn: Any) -> None:
    """On a raw connection (before a backup): an unenrolled database that never numbered offline picks its
    slot now, so every backup names the slot the PC numbers in after it (a restore then avoids it)."""
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (SLOT_KEY, COUNTY_DEVICE_KEY)).fetchall())
    if rows:
        return
    slot = str(secrets.randbelow(SLOT_COUNT))
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                     [(SLOT_KEY, slot), (SLOTS_USED_KEY, slot), (LOCAL_SLOTS_KEY, slot)])
    conn.commit()


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
    slot_text = facts.get(SLOT_KEY)
    slot = int(slot_text) if slot_text is not None else device_slot(session)  # refused when none is left
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
    return fallback_value(slot, n)


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
