"""A number is never issued twice, whatever was restored (issue #12.1): offline fallback numbers of records
that never reached the county survive a restore of an older backup and a kill between the journal write
and the commit. Real CLI subprocesses on a real data folder; cases registered by a child process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.db.services.numbers import JOURNAL_FILE
from desktop.domain.numbering import CASE_NUMBER_RE
from tests.test_cli import ROOT, open_db, run

pytestmark = pytest.mark.slow


def register(data: Path, count: int, *, kill_after_journal: bool = False) -> list[str]:
    args = [sys.executable, "-m", "tests.db.fallback_writer", str(data), str(count)]
    proc = subprocess.run(args + (["--kill-after-journal"] if kill_after_journal else []),
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == (9 if kill_after_journal else 0), proc.stderr
    numbers = proc.stdout.split()
    assert all(CASE_NUMBER_RE.match(n) and int(n.rsplit("-", 1)[1]) >= 900_000 for n in numbers), numbers
    return numbers


def folder(tmp_path: Path, name: str = "d") -> Path:
    data = tmp_path / name
    run(data, "setup", "--township-code", "220402", "--committee-short", "示")
    return data


def test_restoring_an_older_backup_never_reissues_a_fallback_number(tmp_path: Path) -> None:
    data = folder(tmp_path)
    before = register(data, 3)
    backup = json.loads(run(data, "backup", "--json").stdout)["backup"]
    after_backup = register(data, 3)  # never pushed anywhere: only this PC knows them
    run(data, "restore", backup)
    assert open_db(data).execute("SELECT count(*) FROM cases").fetchone()[0] == 3
    again = register(data, 3)
    assert not set(again) & set(after_backup)
    assert len(set(before + after_backup + again)) == 9
    # Restoring the same old backup twice, and once more after more numbers: still never a repeat.
    run(data, "restore", backup)
    last = register(data, 2)
    assert len(set(before + after_backup + again + last)) == 11


def test_a_kill_between_journal_and_commit_leaves_a_gap_never_a_duplicate(tmp_path: Path) -> None:
    data = folder(tmp_path)
    first = register(data, 2, kill_after_journal=True)  # the second number is journalled, never committed
    assert len(first) == 1
    journal = json.loads((data / JOURNAL_FILE).read_text(encoding="utf-8"))
    year = first[0].split("-")[1]
    assert journal["high"][f"case:{year}"] == int(first[0].rsplit("-", 1)[1]) % 1000 + 1
    later = register(data, 2)
    committed = [r[0] for r in open_db(data).execute("SELECT number FROM cases ORDER BY number")]
    assert sorted(first + later) == committed and len(set(committed)) == 3
    values = sorted(int(n.rsplit("-", 1)[1]) for n in committed)
    assert values[1] == values[0] + 2  # the killed transaction's value is a gap


def test_an_unreadable_journal_stops_fallback_numbering_instead_of_guessing(tmp_path: Path) -> None:
    data = folder(tmp_path)
    register(data, 1)
    (data / JOURNAL_FILE).write_text("{broken", encoding="utf-8")
    args = [sys.executable, "-m", "tests.db.fallback_writer", str(data), "1"]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode != 0 and "编号记录文件" in proc.stderr
    assert open_db(data).execute("SELECT count(*) FROM cases").fetchone()[0] == 1


def lose_folder_and_restore(tmp_path: Path, data: Path, media: Path, phrase: Path, name: str) -> Path:
    """The whole data folder is lost (disk replaced: database, key, journal); a new folder restores the
    portable backup kept on external media."""
    shutil.rmtree(data)
    new = folder(tmp_path, name)
    run(new, "restore", str(media), "--passphrase-file", str(phrase))
    return new


def portable_backup(tmp_path: Path, data: Path) -> tuple[Path, Path]:
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("kept on the usb stick\n", encoding="utf-8")
    media = tmp_path / f"usb-{len(list(tmp_path.glob('usb-*')))}.tdbackup"
    run(data, "backup", "--portable", "--out", str(media), "--passphrase-file", str(phrase))
    return media, phrase


def slot_of(number: str) -> int:
    return (int(number.rsplit("-", 1)[1]) - 900_000) // 1000


@pytest.mark.parametrize("before_count", [3, 0])
def test_an_unenrolled_pc_that_lost_its_folder_numbers_in_a_fresh_slot_after_a_restore(
    tmp_path: Path, before_count: int
) -> None:
    """Issue #12: the journal went with the folder, so nothing remembers the numbers made after the backup;
    the restored copy moves to a slot it never used. With 0 numbers before the backup, the backup still
    names the slot the PC numbered in afterwards (it is picked when the backup is made)."""
    data = folder(tmp_path)
    before = register(data, before_count) if before_count else []
    media, phrase = portable_backup(tmp_path, data)
    after_backup = register(data, 3)  # never pushed anywhere: lost with the folder, maybe on paper
    new = lose_folder_and_restore(tmp_path, data, media, phrase, "new")
    again = register(new, 3)
    assert not set(again) & set(before + after_backup)
    assert len({slot_of(n) for n in before + after_backup}) == 1
    assert slot_of(again[0]) != slot_of(after_backup[0])
    db = open_db(new)
    meta = dict(db.execute("SELECT key, value FROM meta WHERE key LIKE 'device_slot%'").fetchall())
    assert {int(x) for x in meta["device_slots_used"].split(",")} == {slot_of(after_backup[0]), slot_of(again[0])}
    moved = db.execute("SELECT entity_id FROM audit_log WHERE action = 'fallback_slot_moved'").fetchall()
    assert moved == [(f"{slot_of(after_backup[0])}>{slot_of(again[0])}",)]
    # Lost and restored again from the same backup: never back to the slot the backup knew.
    newer = lose_folder_and_restore(tmp_path, new, media, phrase, "newer")
    last = register(newer, 2)
    assert not set(last) & set(before + after_backup)


def test_when_every_slot_was_used_offline_numbering_waits_for_enrolment(tmp_path: Path) -> None:
    data = folder(tmp_path)
    register(data, 1)
    db = open_db(data)
    db.execute("UPDATE meta SET value = ? WHERE key = 'device_slots_used'", (",".join(map(str, range(99))),))
    db.commit()
    db.close()
    media, phrase = portable_backup(tmp_path, data)
    new = lose_folder_and_restore(tmp_path, data, media, phrase, "new")
    args = [sys.executable, "-m", "tests.db.fallback_writer", str(new), "1"]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode != 0 and "号段已全部用过" in proc.stderr and "登记" in proc.stderr, proc.stderr
    db = open_db(new)
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
    assert db.execute("SELECT value FROM meta WHERE key = 'device_slot'").fetchone() is None
    assert db.execute("SELECT entity_id FROM audit_log WHERE action = 'fallback_slot_moved'").fetchone()[0].endswith(">none")
