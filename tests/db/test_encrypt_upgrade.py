"""The upgrade of a plain database to an encrypted one: in place, after an encrypted backup, plain copies
wiped; a SIGKILL at any moment leaves the old or the new file intact and openable."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.db import cipher, encrypt, keys
from desktop.db.demo import generate
from desktop.db.open import open_database, pending_recovery_codes
from desktop.db.services.users import authenticate
from desktop.domain.accounts import hash_password

ROOT = Path(__file__).resolve().parents[2]
TRIALS = int(os.environ.get("ENCRYPT_CRASH_TRIALS", "20"))
PASSWORD = "old-secret1"


def _plain_folder(folder: Path, cases: int) -> Paths:
    """A data folder as the previous version left it: plain SQLite (WAL), an account, a plain backup."""
    made = Paths(folder.parent / "made-encrypted")
    open_database(made).dispose()
    generate(made.database, cases, seed=2, workers=1)
    paths = Paths(folder).ensure()
    conn = cipher.connect(made.database)
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(paths.database),))  # SQLCipher's way to decrypt
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    conn.close()
    shutil.rmtree(made.data_dir)
    plain = sqlite3.connect(paths.database)
    plain.execute("PRAGMA journal_mode=WAL")
    with plain:
        plain.execute(
            "INSERT INTO users (id, username, display_name, role, password_hash, failed_attempts, active,"
            " must_change_password, created_at, updated_at) VALUES (?, 'oldadmin', '老管理员', 'admin', ?, 0, 1, 0, ?, ?)",
            ("0190c0de-0000-7000-8000-000000000001", hash_password(PASSWORD), "2025-01-01 00:00:00.000000", "2025-01-01 00:00:00.000000"))
    plain.close()
    assert cipher.is_plain_sqlite(paths.database)
    shutil.copy(paths.database, paths.backups / "township-20250101-000000-000000-manual.sqlite3")
    return paths


def _plain_sample(db: Path) -> tuple[int, list[str]]:
    conn = sqlite3.connect(db)
    try:
        n = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        ids = [r[0] for r in conn.execute("SELECT id_number FROM parties WHERE id_number IS NOT NULL LIMIT 50")]
        return int(n), ids
    finally:
        conn.close()


def _count(db: Path) -> int:
    if cipher.is_plain_sqlite(db):
        conn = sqlite3.connect(db)
    else:
        conn = cipher.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        conn.close()


def _no_plain_bytes(folder: Path, ids: list[str]) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found = [i for i in ids if i.encode() in data]
            assert not found, f"{path.name} still holds plain ID numbers"


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 cases: an upgrade long enough for the kill trials to land all over it."""
    return _plain_folder(tmp_path_factory.mktemp("plain") / "data", 3000).data_dir


@pytest.fixture(scope="module")
def plain_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 cases: the upgrade is one sqlcipher_export of the whole file, whatever its size."""
    return _plain_folder(tmp_path_factory.mktemp("plain-small") / "data", 300).data_dir


def test_plain_database_is_encrypted_in_place(plain_small: Path, tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    shutil.copytree(plain_small, paths.data_dir)
    cases, ids = _plain_sample(paths.database)
    db = open_database(paths)
    try:
        assert authenticate(db, "oldadmin", PASSWORD).username == "oldadmin"
    finally:
        db.dispose()
    assert not cipher.is_plain_sqlite(paths.database)
    assert _count(paths.database) == cases
    assert pending_recovery_codes.pop(str(paths.data_dir))
    before = list(paths.backups.glob("township-*-before-encrypt.sqlite3"))
    assert len(before) == 1 and _count(before[0]) == cases
    assert not any(cipher.is_plain_sqlite(b) for b in paths.backups.iterdir())
    _no_plain_bytes(paths.data_dir, ids)
    # the old account's password unlocks the key in a new process (wrapped mode)
    keys.forget(paths.data_dir)
    keys.unlock(paths.data_dir, "oldadmin", PASSWORD)
    assert _count(paths.database) == cases


def test_a_backups_plain_leftover_from_a_killed_upgrade_is_wiped_at_the_next_start(
        plain_small: Path, tmp_path: Path) -> None:
    """Killed after a backup's swap and before its wiping: the backup is encrypted, `<backup>.plain-old`
    still holds the plain bytes. The next start must wipe it (it used to stay for good: the slow kill
    trials caught it once in a while)."""
    paths = Paths(tmp_path / "data")
    shutil.copytree(plain_small, paths.data_dir)
    _, ids = _plain_sample(paths.database)
    plain_backup = paths.backups / "township-20250101-000000-000000-manual.sqlite3"
    leftover = plain_backup.with_name(plain_backup.name + encrypt.PLAIN_OLD)
    shutil.copy(plain_backup, tmp_path / "plain-copy")
    open_database(paths).dispose()  # the upgrade: database and backups encrypted
    assert not cipher.is_plain_sqlite(plain_backup)
    shutil.copy(tmp_path / "plain-copy", leftover)  # the state such a kill leaves
    assert encrypt.plain_leftovers(paths)
    keys.forget(paths.data_dir)
    keys.unlock(paths.data_dir, "oldadmin", PASSWORD)
    open_database(paths).dispose()
    assert not leftover.exists()
    _no_plain_bytes(paths.data_dir, ids)


@pytest.mark.slow  # TRIALS × 3 upgrades in subprocesses, two of them killed
def test_sigkill_during_the_upgrade_leaves_old_or_new_intact(plain_template: Path, tmp_path: Path) -> None:
    rng = random.Random(13)
    cases, ids = _plain_sample(plain_template / "township.sqlite3")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOWNSHIP_DESK_USER": "oldadmin", "TOWNSHIP_DESK_PASSWORD": PASSWORD}
    outcomes = {"plain": 0, "encrypted": 0}
    # how long one whole upgrade takes here, so the kills spread over all of it
    timing = Paths(tmp_path / "timing")
    shutil.copytree(plain_template, timing.data_dir)
    proc = subprocess.Popen([sys.executable, "-m", "tests.db.encrypt_child", str(timing.data_dir)],
                            stdout=subprocess.PIPE, cwd=ROOT, env=env)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    started = time.monotonic()
    assert proc.stdout.readline().strip() == b"done"
    span = time.monotonic() - started
    proc.wait()
    proc.stdout.close()
    for trial in range(TRIALS):
        paths = Paths(tmp_path / f"t{trial}")
        shutil.copytree(plain_template, paths.data_dir)
        # kill, then kill the next attempt too (a second start cut short), then let one finish
        for _ in range(2):
            proc = subprocess.Popen([sys.executable, "-m", "tests.db.encrypt_child", str(paths.data_dir)],
                                    stdout=subprocess.PIPE, cwd=ROOT, env=env)
            assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
            time.sleep(rng.uniform(0.0, 1.1 * span))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            proc.stdout.close()
            db = paths.database
            assert db.exists()
            # whatever instant it died at, the database is the whole plain file or the whole encrypted one
            if cipher.is_plain_sqlite(db):
                outcomes["plain"] += 1
                assert _count(db) == cases
            else:
                outcomes["encrypted"] += 1
                keys.forget(paths.data_dir)
                keys.unlock(paths.data_dir, "oldadmin", PASSWORD)
                assert _count(db) == cases
        done = subprocess.run([sys.executable, "-m", "tests.db.encrypt_child", str(paths.data_dir)],
                              capture_output=True, cwd=ROOT, env=env, timeout=300)
        assert done.returncode == 0, done.stderr.decode()
        keys.forget(paths.data_dir)
        keys.unlock(paths.data_dir, "oldadmin", PASSWORD)
        assert not cipher.is_plain_sqlite(paths.database) and _count(paths.database) == cases
        _no_plain_bytes(paths.data_dir, ids)
        shutil.rmtree(paths.data_dir)
    assert outcomes["plain"] and outcomes["encrypted"], outcomes  # kills landed before and after the swap
