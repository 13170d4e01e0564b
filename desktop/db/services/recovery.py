"""After a restore or the loss of the local file: numbers move past everything this PC ever issued, and
the next sync pulls back every record of this PC from the county (docs/recovery.md, docs/numbering.md).

- Leased blocks in the restored file may have been used after the backup was taken: all of them are
  retired (marked used up). The county never grants a value twice, so the next leases lie above every
  value this PC was ever given. Unused values of retired blocks become gaps, never duplicates.
- Offline fallback counters move past the highest fallback value of this PC's slot found in any local
  case, 卷号 or agreement number and past the fallback journal kept beside the database file
  (`numbers.JOURNAL_FILE`, which a restore never touches); after the recovery pull has brought back this
  PC's later records, they move again.
- The mark `RECOVERY_KEY` asks the sync engine for a recovery pull: the whole feed from the start,
  this PC's own changes included (`GET /pull?own=1`), with its own cursor (`RECOVERY_CURSOR_KEY`), so
  an interrupted recovery continues where it stopped.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.domain.numbering import Series, fallback_index, parse_value

from .. import cipher
from ..models import Agreement, Case, Mediation, NumberBlock, NumberFallback
from ..uow import get_meta, set_meta
from .numbers import RECOVERY_KEY as RECOVERY_KEY
from .numbers import SLOT_KEY, data_dir_of, read_journal

log = logging.getLogger(__name__)

COUNTY_DEVICE_KEY = "county_device_id"  # desktop.sync.status.COUNTY_DEVICE_ID: set at enrolment
RECOVERY_CURSOR_KEY = "sync.recovery_cursor"
_NUMBERS = {Series.CASE: Case.number, Series.FILE: Mediation.file_number, Series.AGREEMENT: Agreement.number}


def retire_leases(session: Session) -> int:
    """Mark every leased block used up; returns how many still had values."""
    result = session.execute(
        update(NumberBlock).where(NumberBlock.next_value <= NumberBlock.end).values(next_value=NumberBlock.end + 1)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def advance_fallback(session: Session) -> int:
    """Move each offline fallback counter past the highest value of this PC's slot in use; returns moves."""
    slot_text = get_meta(session, SLOT_KEY)
    if slot_text is None:
        return 0
    slot = int(slot_text)
    highest: dict[tuple[str, int], int] = {}
    for series, column in _NUMBERS.items():
        for (number,) in session.execute(select(column)):
            parsed = parse_value(series, number)
            n = fallback_index(slot, parsed[1]) if parsed else None
            if parsed is not None and n is not None:
                key = (series.value, parsed[0])
                highest[key] = max(highest.get(key, -1), n)
    folder = data_dir_of(session)
    for journal_key, n in (read_journal(folder) if folder is not None else {}).items():
        series_value, year_text = journal_key.split(":")
        key = (series_value, int(year_text))
        highest[key] = max(highest.get(key, -1), n)
    moved = 0
    for (series_value, year), n in highest.items():
        counter = session.get(NumberFallback, (series_value, year))
        if counter is None:
            session.add(NumberFallback(series=series_value, year=year, next_n=n + 1))
            moved += 1
        elif counter.next_n <= n:
            counter.next_n = n + 1
            moved += 1
    return moved


def move_to_slot(session: Session, data_dir: Path, slot: int) -> None:
    """Take the fresh fallback slot the county gave at a recovery; enrolment.json follows it."""
    set_meta(session, SLOT_KEY, str(slot))
    device_id = get_meta(session, COUNTY_DEVICE_KEY)
    if device_id is not None:
        save_enrolment(data_dir, device_id, slot)


def mark_after_restore(db_path: Path, reason: str) -> None:
    """In the restored (or newly created) file: retire leases, advance fallback counters, ask for a recovery pull."""
    from ..engine import Database

    db = Database(db_path)
    try:
        with db.write() as s:
            retired = retire_leases(s)
            moved = advance_fallback(s)
            if get_meta(s, COUNTY_DEVICE_KEY) is not None:  # enrolled: the county holds what came after
                set_meta(s, RECOVERY_KEY, reason)
                set_meta(s, RECOVERY_CURSOR_KEY, "")
        log.warning("recovery marked (%s): %d lease blocks retired, %d fallback counters moved", reason, retired, moved)
    finally:
        db.dispose()


ENROLMENT_FILE = "enrolment.json"  # beside the database: who this PC is to the county (kept at enrolment)


def save_enrolment(data_dir: Path, county_device_id: str, device_slot: int) -> None:
    """Keep the enrolment outside the database too, so a lost database file can be recovered."""
    target = data_dir / ENROLMENT_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps({"county_device_id": county_device_id, "device_slot": device_slot}), encoding="utf-8")
    os.replace(tmp, target)


def recover_lost_file(db_path: Path) -> bool:
    """A database created afresh in a folder of an enrolled PC (the old file was lost): take back the
    enrolment and ask for a recovery pull; True when it did."""
    source = db_path.parent / ENROLMENT_FILE
    if not source.exists():
        return False
    try:
        info = json.loads(source.read_text(encoding="utf-8"))
        device_id, slot = str(info["county_device_id"]), int(info["device_slot"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    from ..engine import Database

    db = Database(db_path)
    try:
        with db.write() as s:
            set_meta(s, COUNTY_DEVICE_KEY, device_id)
            set_meta(s, SLOT_KEY, str(slot))
    finally:
        db.dispose()
    mark_after_restore(db_path, "new-file")
    return True


def recovery_pending(db_path: Path) -> bool:
    conn = cipher.open_any(db_path)
    try:
        return conn.execute("SELECT 1 FROM meta WHERE key = ?", (RECOVERY_KEY,)).fetchone() is not None
    except cipher.OperationalError:
        return False
    finally:
        conn.close()
