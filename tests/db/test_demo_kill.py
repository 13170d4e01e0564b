"""`demo-data` killed with SIGKILL at any point: `check` never calls a database with missing indexes,
triggers or search entries healthy, the next command restores them, and `check --repair` rebuilds what
was dropped by hand (issue #12.4)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.db import cipher
from desktop.db.schema_check import PENDING, expected_schema
from tests.test_cli import ADMIN, ROOT, connect, run

# kills demo-data with SIGKILL at many points (selectable: -m 'not slow')
pytestmark = pytest.mark.slow


def schema_gaps(db: Path) -> list[str]:
    """Independently of `check`: expected indexes/triggers (from the migrations) absent, and cases the
    search index lacks."""
    conn = connect(db)
    try:
        have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        gaps = [o.name for o in expected_schema().values() if o.type in ("index", "trigger") and o.name not in have]
        cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM case_fts_docsize").fetchone()[0]
        if indexed != cases:
            gaps.append(f"fts {indexed}/{cases}")
        return gaps
    finally:
        conn.close()


def pending(db: Path) -> bool:
    conn = connect(db, readonly=True, timeout=0.05)
    try:
        return conn.execute("SELECT 1 FROM meta WHERE key = ?", (PENDING,)).fetchone() is not None
    except cipher.OperationalError:
        return False
    finally:
        conn.close()


def start_demo(data: Path, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), "demo-data", "--cases", "4000", "--bulk",
         "--seed", str(seed)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, **ADMIN})  # the administrator's password unlocks the database key


def kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)  # the generator and its worker processes, as a power cut would
    proc.wait(timeout=30)


def test_demo_data_killed_at_any_point_leaves_a_repairable_database(tmp_path: Path) -> None:
    data = tmp_path / "d"
    db = data / "township.sqlite3"
    run(data, "demo-data", "--cases", "100")
    # Kill points: as soon as the drops are committed, then later into loading and rebuilding.
    delays_after_drop = [0.0, 0.4, 1.0, 2.0, 3.5, 5.0]
    killed_with_gaps = 0
    for trial, delay in enumerate(delays_after_drop):
        proc = start_demo(data, seed=10 + trial)
        deadline = time.monotonic() + 120
        while not pending(db) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(delay)
        kill(proc)
        gaps = schema_gaps(db)
        report = json.loads(run(data, "check", "--json", ok=False).stdout)
        if gaps:
            killed_with_gaps += 1
            assert report["healthy"] is False, (trial, gaps, report)
            assert report["schema_objects"]["problems"], report
        assert report.get("integrity") == "ok", report
        # Any command opening the folder puts back what the killed run dropped.
        run(data, "stats", "--json")
        assert schema_gaps(db) == [], trial
        assert json.loads(run(data, "check", "--json").stdout)["healthy"] is True
    assert killed_with_gaps >= 2, "no kill landed while indexes were dropped; the test proves nothing"

    # Search finds a case added after the kills; statistics buckets agree with the base tables.
    run(data, "demo-data", "--cases", "30", "--seed", "99")
    conn = connect(db)
    number = conn.execute("SELECT number FROM cases ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM case_fts WHERE case_fts MATCH ?", (f'"{number}"',)).fetchone()[0] == 1
    buckets = conn.execute("SELECT sum(n) FROM stats_daily WHERE metric = 'case.all'").fetchone()[0]
    assert buckets == conn.execute("SELECT count(*) FROM cases").fetchone()[0]


def test_check_repair_rebuilds_dropped_indexes_triggers_and_search(tmp_path: Path) -> None:
    data = tmp_path / "d"
    db = data / "township.sqlite3"
    run(data, "demo-data", "--cases", "200")
    conn = connect(db)
    index = conn.execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL LIMIT 1").fetchone()[0]
    conn.executescript(f'DROP INDEX "{index}"; DROP TRIGGER cases_fts_ai; DELETE FROM case_fts_docsize '
                       "WHERE id IN (SELECT id FROM case_fts_docsize LIMIT 5);")
    conn.close()
    proc = run(data, "check", ok=False)
    assert proc.returncode == 1 and "check --repair" in proc.stdout
    assert index in proc.stdout and "cases_fts_ai" in proc.stdout
    out = run(data, "check", "--repair", "--json")
    report = json.loads(out.stdout)
    assert report["healthy"] is True and report["schema_objects"]["repaired"]
    assert schema_gaps(db) == []
