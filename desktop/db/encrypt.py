"""Upgrade of a plain (unencrypted) database and its backups to encrypted files, in place and crash-safe.

One file at a time (`encrypt_file`):
1. the plain file is made self-contained (WAL checkpointed, journal mode DELETE, so no -wal/-shm);
2. an encrypted copy is written beside it (`<name>.encrypting`), fsynced and checked;
3. a hard link `<name>.plain-old` keeps the plain inode, the copy replaces `<name>` atomically;
4. the plain inode is overwritten with zeros and removed (`files.shred`).
At every instant `<name>` is either the intact plain file or the intact encrypted one; a kill is finished
(or undone) by `finish_interrupted` at the next start.

For the database, a backup that is itself encrypted is written first, and the key is made durable before
anything depends on it (the OS store, password slots built from the accounts' hashes, the recovery slot).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.config import Paths

from . import cipher, keys
from .backup import backup_database, list_backups, new_private_file
from .files import shred

log = logging.getLogger(__name__)
PLAIN_OLD = ".plain-old"
ENCRYPTING = ".encrypting"


@dataclass
class EncryptionResult:
    recovery_code: str | None  # shown once to the administrator (None when the key already had one)
    backup: Path | None


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _self_contained(path: Path) -> None:
    """Fold the WAL into the main file and switch to a rollback journal, so the file is the whole database."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        extra = _sibling(path, suffix)
        if extra.exists():
            shred(extra)


def export_plain(plain: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of a plain database (SQLCipher's export; the backup API cannot mix them)."""
    new_private_file(target)
    conn = cipher.connect_plain(plain)
    try:
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()


def finish_interrupted(path: Path, is_plain: Callable[[Path], bool] = cipher.is_plain_sqlite) -> None:
    """Complete or undo an `encrypt_file` (or a `blobs.seal_file`) cut short by a kill or power loss."""
    old, tmp = _sibling(path, PLAIN_OLD), _sibling(path, ENCRYPTING)
    if old.exists():
        if path.exists() and os.path.samefile(old, path):
            old.unlink()  # killed before the swap: the plain file is still the database
        elif path.exists() and not is_plain(path):
            shred(old)  # killed after the swap: only the wiping was left
        else:
            os.replace(old, path)  # cannot happen with link+replace; never lose the old file
    tmp.unlink(missing_ok=True)


def encrypt_file(path: Path, key: bytes) -> None:
    """Replace a plain SQLite file by an encrypted copy; the plain bytes are overwritten."""
    finish_interrupted(path)
    if not cipher.is_plain_sqlite(path):
        return
    _self_contained(path)
    tmp = _sibling(path, ENCRYPTING)
    export_plain(path, tmp, key)
    problems = _check(tmp, key)
    if problems:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"encrypted copy failed its check: {problems[:3]}")
    swap_in(path, tmp)


def swap_in(path: Path, tmp: Path) -> None:
    """Replace `path` by the finished, fsynced `tmp`, then wipe the old bytes; `finish_interrupted` completes
    or undoes a kill at any point (a hard link keeps the old inode until the new file is in place)."""
    old = _sibling(path, PLAIN_OLD)
    os.link(path, old)
    os.replace(tmp, path)
    fsync_dir(path.parent)
    shred(old)
    fsync_dir(path.parent)


def _check(path: Path, key: bytes) -> list[str]:
    from .backup import integrity_check

    return integrity_check(path, key)


def _users(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [(str(u), str(h)) for u, h in conn.execute("SELECT username, password_hash FROM users WHERE active")]
    except sqlite3.OperationalError:
        return []  # created before accounts existed
    finally:
        conn.close()


def _durable_key(paths: Paths) -> tuple[bytes, str | None]:
    """The key the upgrade encrypts with, saved where it can be found again before it is used."""
    data_dir = paths.data_dir
    if keys.has_key(data_dir):
        key = keys.database_key(data_dir)
        return key, None if keys.has_recovery_code(data_dir) else keys.new_recovery_code(data_dir)
    # A key file without a usable key can only come from an upgrade killed before the swap (the database
    # is still plain): nothing irreplaceable is encrypted with it yet, so a fresh key replaces it.
    keys.key_file(data_dir).unlink(missing_ok=True)
    for stale in paths.backups.glob("township-*-before-encrypt.sqlite3"):
        stale.unlink()
    key = keys.create_key(data_dir)
    for username, pw_hash in _users(paths.database):
        keys.set_password_slot(data_dir, username, pw_hash)
    return key, keys.new_recovery_code(data_dir)


def encrypt_plain_backups(paths: Paths, key: bytes) -> int:
    """Old plain backups become encrypted backups (same names); returns how many were converted."""
    done = 0
    for backup in list_backups(paths.backups):
        finish_interrupted(backup)
        if cipher.is_plain_sqlite(backup):
            encrypt_file(backup, key)
            done += 1
    return done


def encrypt_database(paths: Paths) -> EncryptionResult:
    """The upgrade of a plain database: key, encrypted backup, in-place encryption, old plain copies wiped."""
    db = paths.database
    finish_interrupted(db)
    if not cipher.is_plain_sqlite(db):
        key = keys.database_key(paths.data_dir)
        encrypt_plain_backups(paths, key)
        return EncryptionResult(None, None)
    key, code = _durable_key(paths)
    _self_contained(db)
    saved = paths.backups / f"township-{_stamp()}-before-encrypt.sqlite3"
    export_plain(db, saved.with_suffix(".partial"), key)
    os.replace(saved.with_suffix(".partial"), saved)
    encrypt_file(db, key)
    n = encrypt_plain_backups(paths, key)
    log.info("database encrypted in place; %d old backups encrypted", n)
    return EncryptionResult(code, saved)


def _stamp() -> str:
    from datetime import datetime

    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def plain_leftovers(paths: Paths) -> bool:
    """True when a plain database, plain backup or an interrupted upgrade is left in the data folder."""
    with contextlib.suppress(FileNotFoundError):
        if cipher.is_plain_sqlite(paths.database):
            return True
    if any(_sibling(paths.database, s).exists() for s in (PLAIN_OLD, ENCRYPTING)):
        return True
    backups = list_backups(paths.backups)
    # A backup's own upgrade killed after its swap leaves `<backup>.plain-old` (the plain bytes) beside an
    # already encrypted backup: only encrypt_plain_backups' finish_interrupted wipes it.
    if any(_sibling(b, s).exists() for b in backups for s in (PLAIN_OLD, ENCRYPTING)):
        return True
    return any(cipher.is_plain_sqlite(b) for b in backups)


__all__ = ["EncryptionResult", "backup_database", "encrypt_database", "encrypt_file", "finish_interrupted",
           "plain_leftovers"]
