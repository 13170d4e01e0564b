"""`database is locked` (issue #12.5): while a long job holds the write lock, `sync --once` and other
writers wait and retry within a bound, say in Chinese what they wait for, and finish; real county."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop.db import cipher
from desktop.db.busy import announce
from tests.sync.harness import PC
from tests.test_cli import ROOT

MAX_HOLD_S = 90.0


def hold_write_lock(db: Path, started: threading.Event, release: threading.Event) -> None:
    """Hold the write lock, as a long job's transaction does, until told (or MAX_HOLD_S)."""
    conn = cipher.connect(db, timeout=30)
    conn.isolation_level = None
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('busy_test', 'x')")
        started.set()
        release.wait(MAX_HOLD_S)
        conn.execute("COMMIT")
    finally:
        conn.close()


def collect(stream: Any, lines: list[str]) -> threading.Thread:
    t = threading.Thread(target=lambda: lines.extend(stream), daemon=True)
    t.start()
    return t


def cli(data: Path, *args: str) -> subprocess.Popen[str]:
    """A CLI child that gets the database key on its stdin, as the GUI's sync child does."""
    from desktop.db import keys

    proc = subprocess.Popen([sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, keys.ENV_KEY_FROM_STDIN: "1"})
    assert proc.stdin is not None
    proc.stdin.write(keys.database_key(data).hex() + "\n")
    proc.stdin.close()
    proc.stdin = None  # written and closed: communicate() has nothing more to send
    return proc


@pytest.mark.slow  # CLI subprocesses around a long job
def test_sync_and_a_write_wait_for_a_long_job_and_say_so(new_pc: Callable[..., PC]) -> None:
    pc = new_pc()
    pc.register()
    db = pc.paths.database
    started, release = threading.Event(), threading.Event()
    with announce(db, "生成演示数据"):  # as demo-data announces itself while it runs
        holder = threading.Thread(target=hold_write_lock, args=(db, started, release))
        holder.start()
        assert started.wait(10)
        t0 = time.monotonic()
        sync = cli(pc.paths.data_dir, "sync", "--once", "--json")
        write = cli(pc.paths.data_dir, "user", "add", "zhangli", "--name", "张丽", "--password", "secret-123")
        errs: tuple[list[str], list[str]] = ([], [])
        readers = [collect(sync.stderr, errs[0]), collect(write.stderr, errs[1])]
        # Both wait past one attempt (10 s) and say so; only then does the "long job" finish.
        while not all(any("已等待" in line for line in e) for e in errs) and time.monotonic() - t0 < MAX_HOLD_S:
            time.sleep(0.2)
        release.set()
        holder.join()
        out_sync = sync.communicate(timeout=180)[0]
        write.communicate(timeout=180)
        for r in readers:
            r.join(10)
    waited = time.monotonic() - t0
    err_sync, err_write = "".join(errs[0]), "".join(errs[1])
    assert write.returncode == 0, err_write
    assert sync.returncode == 0, (out_sync, err_sync)
    assert json.loads(out_sync)["ok"] is True
    for err in (err_sync, err_write):
        assert "Traceback" not in err and "locked" not in err, err
        assert "数据库正被“生成演示数据”（进程" in err and "已等待" in err, err
    assert 10 <= waited < MAX_HOLD_S
    assert pc.outbox().get("queued", 0) == 0
