"""SIGKILL a process writing cases at random moments: nothing half-written ever remains."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.db import cipher
from desktop.db.backup import integrity_check

# kills writer processes with SIGKILL, many trials (selectable: -m 'not slow')
pytestmark = pytest.mark.slow

TRIALS = int(os.environ.get("CRASH_TRIALS", "5"))
ROOT = Path(__file__).resolve().parents[2]


def _check(db: Path) -> int:
    assert integrity_check(db) == []
    conn = cipher.connect(db)
    try:
        q = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        cases = q("SELECT count(*) FROM cases")
        assert q("SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id=c.id AND e.kind='registered')") == 0
        assert q("SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id=c.id)") == 0
        assert q("SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id=c.id)") == 0
        assert q("SELECT count(*) FROM outbox o WHERE o.entity='case' AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id=o.entity_id)") == 0
        assert q("SELECT count(*) FROM outbox o WHERE o.entity='case_event' AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.id=o.entity_id)") == 0
        assert q("SELECT count(*) FROM parties p WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id=p.case_id)") == 0
        assert q("SELECT count(DISTINCT number) FROM cases") == cases
        return int(cases)
    finally:
        conn.close()


def test_sigkill_while_writing_loses_nothing_half_done(paths, admin) -> None:
    """Kill, restart on the same data folder, kill again: CRASH_TRIALS=50 for the long run by hand."""
    rng = random.Random(1)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOWNSHIP_DESK_USER": "admin", "TOWNSHIP_DESK_PASSWORD": "secret1"}
    first = before = _check(paths.database)
    for _ in range(TRIALS):
        proc = subprocess.Popen([sys.executable, "-m", "tests.db.crash_writer", str(paths.data_dir)],
                                stdout=subprocess.PIPE, cwd=ROOT, env=env)
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.1, 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        after = _check(paths.database)  # whatever it wrote before it died is whole
        assert after >= before
        before = after
    assert before > first  # the writers did write (a single trial may die before its first commit)
