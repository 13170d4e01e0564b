"""Attachments at rest: sealed with a key derived from the database key (AES-256-GCM), old plain files
sealed in place on upgrade (a SIGKILL at any moment leaves every file plain or sealed, never neither),
carried by backups (this PC's and portable ones) and readable again through the application only."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.db import blobs, keys
from desktop.db.backup import backup_database, backup_portable, restore_database
from desktop.db.models import AuditEntry
from desktop.db.open import open_database
from desktop.db.services.attachments import add_attachment, save_copy
from desktop.db.uow import Actor, Context
from tests.db.helpers import two_party_form

ROOT = Path(__file__).resolve().parents[2]
TRIALS = int(os.environ.get("SEAL_CRASH_TRIALS", "20"))
MARKER = "SCAN-MARKER-身份证-110105194912310021"


def _scan(tmp_path: Path, name: str = "身份证扫描件.pdf", extra: bytes = b"") -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n" + MARKER.encode() + b"\n" + extra + os.urandom(2000))
    return path


def _files_holding(folder: Path, needle: bytes) -> list[str]:
    return [str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def _case_id(ctx: Context, admin: Actor) -> str:
    from desktop.db.services.cases import register_case

    return register_case(ctx, admin, two_party_form()).id


def test_attachment_is_sealed_and_reads_back(ctx: Context, admin: Actor, paths: Paths, tmp_path: Path) -> None:
    source = _scan(tmp_path)
    att = add_attachment(ctx, admin, paths.attachments, _case_id(ctx, admin), source)
    stored = blobs.blob_path(paths.attachments, att.sha256)
    assert stored.exists() and stored.stat().st_mode & 0o777 == 0o600
    assert _files_holding(paths.data_dir, MARKER.encode()) == []
    assert _files_holding(paths.data_dir, "身份证".encode()) == []
    assert blobs.read_blob(paths.attachments, att.sha256) == source.read_bytes()
    # the same content again is stored once (content addressing by the plaintext's hash)
    copy = tmp_path / "同一扫描件.pdf"
    shutil.copy(source, copy)
    again = add_attachment(ctx, admin, paths.attachments, att.case_id, copy)
    assert again.sha256 == att.sha256 and len(list(blobs.stored_files(paths.attachments))) == 1
    # saving a copy to open or print it writes the plaintext where the user chose, audited
    out = save_copy(ctx, admin, paths.attachments, att.id, tmp_path / "out.pdf")
    assert out.read_bytes() == source.read_bytes()
    with ctx.db.read() as s:
        assert s.query(AuditEntry).filter_by(action="save_attachment", entity_id=att.id).count() == 1
    # a sealed file is authenticated: one flipped byte, or another folder's key, opens nothing
    data = bytearray(stored.read_bytes())
    data[-1] ^= 1
    stored.write_bytes(bytes(data))
    with pytest.raises(blobs.AttachmentUnreadable):
        blobs.read_blob(paths.attachments, att.sha256)
    data[-1] ^= 1
    stored.write_bytes(bytes(data))
    with pytest.raises(blobs.AttachmentUnreadable):
        blobs.read_blob(paths.attachments, att.sha256, blobs.derive_key(b"\x07" * 32))


def _plain_store(store: Path, n: int, size: int, seed: int = 1) -> dict[str, bytes]:
    """A store as older versions left it: plain files named by their SHA-256."""
    rng = random.Random(seed)
    made: dict[str, bytes] = {}
    for i in range(n):
        data = MARKER.encode() + f"-{i}-".encode() + rng.randbytes(size)
        sha = hashlib.sha256(data).hexdigest()
        path = blobs.blob_path(store, sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        made[sha] = data
    return made


def test_plain_attachments_are_sealed_on_upgrade(paths: Paths) -> None:
    (paths.attachments / blobs.SEALED_MARKER).unlink(missing_ok=True)  # a store of the previous version
    made = _plain_store(paths.attachments, 12, 3000)
    (paths.attachments / ".incoming-x1y2").write_bytes(MARKER.encode())  # an old interrupted copy
    assert _files_holding(paths.data_dir, MARKER.encode())
    open_database(paths).dispose()
    assert _files_holding(paths.data_dir, MARKER.encode()) == []
    assert blobs.is_sealed(paths.attachments)
    for sha, data in made.items():
        assert blobs.read_blob(paths.attachments, sha) == data


def _state(store: Path, made: dict[str, bytes], key: bytes) -> tuple[int, int]:
    """(plain, sealed): every file is whole in one form or the other and reads back to its content."""
    plain = sealed = 0
    for sha, data in made.items():
        raw = blobs.blob_path(store, sha).read_bytes()
        if raw == data:
            plain += 1
        else:
            assert blobs.unseal(key, sha, raw) == data
            sealed += 1
    return plain, sealed


@pytest.mark.slow  # 60 child processes
def test_sigkill_while_sealing_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    rng = random.Random(13)
    db_key = os.urandom(32)
    key = blobs.derive_key(db_key)
    template = tmp_path / "template"
    made = _plain_store(template, 150, 60_000)

    def start(store: Path) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen([sys.executable, "-m", "tests.db.seal_child", str(store)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(db_key.hex().encode() + b"\n")
        proc.stdin.close()
        assert proc.stdout.readline().strip() == b"ready"
        return proc

    timing = tmp_path / "timing"
    shutil.copytree(template, timing)
    proc = start(timing)
    started = time.monotonic()
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"done"
    span = time.monotonic() - started
    proc.wait()
    proc.stdout.close()
    assert _state(timing, made, key) == (0, len(made))
    mixed = 0
    for trial in range(TRIALS):
        store = tmp_path / f"t{trial}"
        shutil.copytree(template, store)
        for _ in range(2):  # killed, and the next start killed too
            proc = start(store)
            time.sleep(rng.uniform(0.0, 1.1 * span))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert proc.stdout is not None
            proc.stdout.close()
            plain, sealed = _state(store, made, key)
            mixed += bool(plain and sealed)
        done = start(store)
        assert done.wait(timeout=300) == 0
        assert done.stdout is not None
        done.stdout.close()
        assert _state(store, made, key) == (0, len(made))
        assert _files_holding(store, MARKER.encode()) == []  # no plain leftover (.plain-old, .encrypting)
        shutil.rmtree(store)
    assert mixed, "no kill landed in the middle of the pass"


def test_backups_carry_attachments(ctx: Context, admin: Actor, paths: Paths, tmp_path: Path) -> None:
    source = _scan(tmp_path)
    att = add_attachment(ctx, admin, paths.attachments, _case_id(ctx, admin), source)
    local = backup_database(paths.database, paths.backups)
    portable = backup_portable(paths.database, tmp_path / "move.tdbackup", "correct horse 12")
    for f in (local, portable):
        assert MARKER.encode() not in f.read_bytes()
    # this PC loses its attachments folder: restoring its backup brings the content back, sealed
    shutil.rmtree(paths.attachments)
    ctx.db.dispose()
    restore_database(local, paths.database, paths.backups)
    assert blobs.read_blob(paths.attachments, att.sha256) == source.read_bytes()
    assert _files_holding(paths.data_dir, MARKER.encode()) == []
    # a new PC (its own key) restores the portable backup and reads the attachment
    new_pc = Paths(tmp_path / "new-pc")
    open_database(new_pc).dispose()
    restore_database(portable, new_pc.database, new_pc.backups, passphrase="correct horse 12")
    assert blobs.read_blob(new_pc.attachments, att.sha256) == source.read_bytes()
    assert _files_holding(new_pc.data_dir, MARKER.encode()) == []
    assert keys.database_key(new_pc.data_dir) != keys.database_key(paths.data_dir)
    # the restored database itself carries no copy of the contents (they live in the store only)
    from desktop.db import cipher

    conn = cipher.connect(new_pc.database)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert "backup_attachments" not in tables


def test_an_unreadable_attachment_does_not_stop_backups(ctx: Context, admin: Actor, paths: Paths,
                                                        tmp_path: Path) -> None:
    from desktop.db.backup import BLOB_TABLE, SKIPPED_UNREADABLE, backup_with_report

    case_id = _case_id(ctx, admin)
    good = add_attachment(ctx, admin, paths.attachments, case_id, _scan(tmp_path, "a.pdf"))
    damaged = add_attachment(ctx, admin, paths.attachments, case_id, _scan(tmp_path, "b.pdf"))
    foreign = add_attachment(ctx, admin, paths.attachments, case_id, _scan(tmp_path, "c.pdf"))
    path = blobs.blob_path(paths.attachments, damaged.sha256)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    other_pc = blobs.derive_key(os.urandom(32))  # the file as another PC sealed it
    other = blobs.blob_path(paths.attachments, foreign.sha256)
    other.write_bytes(blobs.seal(other_pc, foreign.sha256, (tmp_path / "c.pdf").read_bytes()))
    report = backup_with_report(paths.database, paths.backups)
    assert report.skipped == 2 and report.path.exists()
    backup_portable(paths.database, tmp_path / "move.tdbackup", "correct horse 12")
    from desktop.db import cipher

    conn = cipher.connect(report.path, keys.database_key(paths.data_dir), readonly=True)
    try:
        assert [r[0] for r in conn.execute(f"SELECT sha256 FROM {BLOB_TABLE}")] == [good.sha256]
        carried = conn.execute("SELECT entity_id FROM audit_log WHERE action = ? ORDER BY entity_id",
                               (SKIPPED_UNREADABLE,)).fetchall()
        assert [r[0] for r in carried] == sorted([damaged.id, foreign.id])  # the backup carries the record
    finally:
        conn.close()
    with ctx.db.read() as s:
        audited = sorted(e.entity_id for e in s.query(AuditEntry).filter_by(action=SKIPPED_UNREADABLE))
    assert audited == sorted([damaged.id, foreign.id] * 2)  # the local backup and the portable one
    # the backup taken before a restore does not refuse either
    ctx.db.dispose()
    assert restore_database(report.path, paths.database, paths.backups) is not None
    assert blobs.read_blob(paths.attachments, good.sha256) == (tmp_path / "a.pdf").read_bytes()


def test_restore_replaces_a_stored_file_this_pc_cannot_read(ctx: Context, admin: Actor, paths: Paths,
                                                            tmp_path: Path) -> None:
    case_id = _case_id(ctx, admin)
    foreign = add_attachment(ctx, admin, paths.attachments, case_id, _scan(tmp_path, "a.pdf"))
    damaged = add_attachment(ctx, admin, paths.attachments, case_id, _scan(tmp_path, "b.pdf"))
    backup = backup_database(paths.database, paths.backups)
    other = blobs.blob_path(paths.attachments, foreign.sha256)
    other.write_bytes(blobs.seal(blobs.derive_key(os.urandom(32)), foreign.sha256, (tmp_path / "a.pdf").read_bytes()))
    bad = blobs.blob_path(paths.attachments, damaged.sha256)
    bad.write_bytes(bad.read_bytes()[:-3])
    ctx.db.dispose()
    restore_database(backup, paths.database, paths.backups)
    assert blobs.read_blob(paths.attachments, foreign.sha256) == (tmp_path / "a.pdf").read_bytes()
    assert blobs.read_blob(paths.attachments, damaged.sha256) == (tmp_path / "b.pdf").read_bytes()
    assert other.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in other.parent.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_two_processes_sealing_the_same_store_at_once(tmp_path: Path) -> None:
    """The GUI and a scheduled CLI sync start together on a store of an older version."""
    db_key = os.urandom(32)
    key = blobs.derive_key(db_key)
    for trial in range(3):
        store = tmp_path / f"s{trial}"
        made = _plain_store(store, 150, 20_000, seed=trial)
        procs = []
        for _ in range(2):
            proc = subprocess.Popen([sys.executable, "-m", "tests.db.seal_child", str(store), "--wait-go"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(db_key.hex().encode() + b"\n")
            proc.stdin.flush()
            assert proc.stdout.readline().strip() == b"ready"
            procs.append(proc)
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write(b"go\n")
            proc.stdin.flush()
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()[-2000:]
        assert _state(store, made, key) == (0, len(made))
        assert _files_holding(store, MARKER.encode()) == []
        assert sorted(p.name for p in store.rglob("*") if p.is_file() and not blobs._NAME.match(p.name)) == [
            blobs.SEAL_LOCK, blobs.SEALED_MARKER]


@pytest.mark.slow  # waits out one busy bound (10 s)
def test_no_clear_copy_without_its_audit_entry(ctx: Context, admin: Actor, paths: Paths, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.db import cipher
    from desktop.db import engine as engine_mod
    from desktop.db.engine import DatabaseBusy

    att = add_attachment(ctx, admin, paths.attachments, _case_id(ctx, admin), _scan(tmp_path))
    monkeypatch.setattr(engine_mod, "WRITE_WAIT_S", 5.0)
    other = cipher.connect(paths.database)  # another program holds the write lock: nothing can be audited
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")
    target = tmp_path / "out.pdf"
    try:
        with pytest.raises(DatabaseBusy):
            save_copy(ctx, admin, paths.attachments, att.id, target)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not target.exists()
    with ctx.db.read() as s:
        assert s.query(AuditEntry).filter_by(action="save_attachment").count() == 0
