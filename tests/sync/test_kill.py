"""SIGKILL the sync process at random moments, restart it, repeat: nothing lost, nothing duplicated.

Short in CI (SYNC_KILL_TRIALS defaults to 5); by hand: SYNC_KILL_TRIALS=50 pytest tests/sync/test_kill.py
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.db.models import Case, CaseEvent
from tests.sync.harness import PC, CountyServer, assert_agree

# kills syncing processes with SIGKILL, many trials (selectable: -m 'not slow')
pytestmark = pytest.mark.slow

TRIALS = int(os.environ.get("SYNC_KILL_TRIALS", "5"))
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_during_sync_loses_and_duplicates_nothing(
    county: CountyServer, new_pc: Callable[..., PC]
) -> None:
    rng = random.Random(int(os.environ.get("SYNC_KILL_SEED", "7")))
    a, b = new_pc("a"), new_pc("b")
    for i in range(20):
        b.register(f"乙机案件{i}")
    assert b.sync().ok
    made = 0
    killed = 0
    for _trial in range(TRIALS):
        for _ in range(15):  # more work arrives between attempts
            a.register(f"甲机案件{made}")
            made += 1
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.kill_child", str(a.paths.data_dir)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.2))  # interpreter start-up takes ~0.3 s
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed += 1
        child.wait(30)
    assert killed >= max(1, TRIALS // 2), "the child finished before any kill: nothing was tested"
    report = a.sync()
    assert report.ok and report.outbox_drained and report.pull_complete, report.message
    assert a.count(Case) == made + 20
    assert a.count(CaseEvent) == made + 20
    assert county.records(a.ctx.settings.township_code, "case") == made + 20
    assert_agree(a, county)
    assert b.sync().ok and b.count(Case) == made + 20
    assert_agree(b, county)
