"""Restoring a backup on an enrolled PC (issue #12.1), with a real county on loopback: the PC gets back
its own records made after the backup, and never hands out a number twice."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import select

from desktop.db.backup import backup_database, restore_database
from desktop.db.models import Case
from desktop.db.open import open_database
from desktop.db.uow import Context
from desktop.domain.errors import DomainError
from desktop.sync import api
from tests.sync.harness import PC, CountyServer


def county_numbers(county: CountyServer, township: str) -> list[str]:
    with county.engine.connect() as conn:
        from sqlalchemy import text

        rows = conn.execute(text(
            "SELECT r.payload FROM records r JOIN townships t ON t.id = r.township_id "
            "WHERE t.code = :c AND r.entity = 'case'"), {"c": township}).all()
    import json

    return [json.loads(r[0])["number"] for r in rows]


def local_numbers(pc: PC) -> list[str]:
    with pc.db.read() as s:
        return list(s.scalars(select(Case.number)))


def reopen(pc: PC) -> None:
    pc.db.dispose()
    pc.db = open_database(pc.paths)
    pc.ctx = Context(pc.db, pc.ctx.settings, pc.paths.settings_file)


def test_restore_recovers_own_records_and_never_reuses_a_number(
    new_pc: Callable[..., PC], county: CountyServer, township: str
) -> None:
    pc, other = new_pc("pc"), new_pc("other")
    assert pc.sync().ok
    for _ in range(3):
        pc.register()
    assert pc.sync().ok
    backup = backup_database(pc.paths.database, pc.paths.backups)
    after_backup = [pc.register().number for _ in range(4)]  # pushed, then the local file is "lost"
    assert pc.sync().ok
    pc.db.dispose()
    restore_database(backup, pc.paths.database, pc.paths.backups)
    reopen(pc)
    assert len(local_numbers(pc)) == 3
    # Before the PC has talked to the county it cannot know what it issued after the backup: it refuses
    # to number rather than risk a duplicate.
    with pytest.raises(DomainError, match="同步"):
        pc.register()
    report = pc.sync()
    assert report.ok and report.recovered
    assert sorted(local_numbers(pc)) == sorted(county_numbers(county, township))  # own records are back
    assert set(after_backup) <= set(local_numbers(pc))
    new = [pc.register().number for _ in range(4)]
    assert not set(new) & set(after_backup)
    assert pc.sync().ok
    # Same records on both sides (the outbox lost the ops made after the backup, so op counts differ).
    box = pc.outbox()
    assert box.get("queued", 0) == box.get("rejected", 0) == box.get("conflict", 0) == 0, box
    server = api.make_client(pc.paths).sanity()
    local = pc.local_digests()
    assert all(local[e][1] == d for e, d in server.digests.items())
    assert county.duplicate_feed_ops() == 0
    numbers = county_numbers(county, township)
    assert len(numbers) == len(set(numbers)) == 11
    assert other.sync().ok
    assert sorted(local_numbers(other)) == sorted(numbers)  # the other PC sees them all, none skipped


def test_lost_database_file_gets_its_records_back(
    new_pc: Callable[..., PC], county: CountyServer, township: str
) -> None:
    pc = new_pc("lost")
    assert pc.sync().ok
    made = [pc.register().number for _ in range(3)]
    assert pc.sync().ok
    pc.db.dispose()
    for suffix in ("", "-wal", "-shm"):  # the disk lost the database, the folder (settings, token) survived
        (pc.paths.data_dir / f"township.sqlite3{suffix}").unlink(missing_ok=True)
    reopen(pc)
    assert local_numbers(pc) == []
    report = pc.sync()
    assert report.ok and report.recovered
    assert sorted(local_numbers(pc)) == sorted(made)
    new = pc.register().number
    assert new not in made
    assert pc.sync().ok
    numbers = county_numbers(county, township)
    assert len(numbers) == len(set(numbers)) == 4


def test_fallback_numbers_never_pushed_are_not_reissued_after_the_file_is_lost(
    new_pc: Callable[..., PC], county: CountyServer, township: str
) -> None:
    """Offline (no lease left), the PC gives fallback numbers that never reach the county; then its
    database file is lost. The journal beside it keeps those numbers from being given again."""
    from desktop.db.services.recovery import retire_leases

    pc = new_pc("offline")
    assert pc.sync().ok
    with pc.db.write() as s:
        retire_leases(s)  # as if the leased block were used up while the county was out of reach
    offline = [pc.register().number for _ in range(3)]
    assert all(int(n.rsplit("-", 1)[1]) >= 900_000 for n in offline)
    pc.db.dispose()
    for suffix in ("", "-wal", "-shm"):
        (pc.paths.data_dir / f"township.sqlite3{suffix}").unlink(missing_ok=True)
    reopen(pc)
    report = pc.sync()
    assert report.ok and report.recovered
    assert local_numbers(pc) == []  # never pushed: lost with the file, but their numbers may be on paper
    with pc.db.write() as s:
        retire_leases(s)
    again = [pc.register().number for _ in range(3)]
    assert all(int(n.rsplit("-", 1)[1]) >= 900_000 for n in again)
    assert not set(again) & set(offline)


def test_recovery_moves_to_a_fresh_slot_so_even_a_lost_journal_repeats_nothing(
    new_pc: Callable[..., PC], county: CountyServer, township: str
) -> None:
    """The database file and the fallback journal are both lost (the token and enrolment.json survived):
    the recovery sync takes a slot no device ever held, and the old one stays retired on the county."""
    from desktop.db.services.numbers import JOURNAL_FILE
    from desktop.db.services.recovery import retire_leases

    pc = new_pc("gone")
    assert pc.sync().ok
    old_slot = json.loads((pc.paths.data_dir / "enrolment.json").read_text(encoding="utf-8"))["device_slot"]
    with pc.db.write() as s:
        retire_leases(s)
    offline = [pc.register().number for _ in range(3)]
    pc.db.dispose()
    for name in ("township.sqlite3", "township.sqlite3-wal", "township.sqlite3-shm", JOURNAL_FILE):
        (pc.paths.data_dir / name).unlink(missing_ok=True)
    reopen(pc)
    assert pc.sync().recovered
    new_slot = json.loads((pc.paths.data_dir / "enrolment.json").read_text(encoding="utf-8"))["device_slot"]
    assert new_slot != old_slot
    with pc.db.write() as s:
        retire_leases(s)
    again = [pc.register().number for _ in range(3)]
    assert not set(again) & set(offline)
    with county.engine.connect() as conn:
        from sqlalchemy import text

        slots = dict(conn.execute(text(
            "SELECT d.slot, d.revoked_at IS NOT NULL FROM devices d JOIN townships t ON t.id = d.township_id "
            "WHERE t.code = :c"), {"c": township}).all())
    assert slots[old_slot] and not slots[new_slot]  # the old slot is held by a revoked placeholder
    # A later PC of the township never gets the retired slot.
    assert new_pc("later").sync().ok
    with county.engine.connect() as conn:
        held = [s for (s,) in conn.execute(text(
            "SELECT d.slot FROM devices d JOIN townships t ON t.id = d.township_id WHERE t.code = :c"), {"c": township})]
    assert len(held) == len(set(held))
