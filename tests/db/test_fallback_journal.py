"""A number is never issued twice, whatever was restored (issue #12.1): offline fallback numbers of records
that never reached the county survive a restore of an older backup and a kill between the journal write
and the commit. Real CLI subprocesses on a real data folder; cases registered by a child process."""

from __future__ import annotations

import json
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


def folder(tmp_path: Path) -> Path:
    data = tmp_path / "d"
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
