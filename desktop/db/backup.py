"""Online backups (SQLite backup API) with rotation, restore, and the integrity check.

Backups are encrypted with the database's own key (restorable on this PC only); a portable backup
(`backup_portable`) is encrypted with a passphrase the user types, for moving to a new PC. Both carry the
attachments' contents in a table of their own (`backup_attachments`, inside the encrypted file); a restore
seals them back into the store with this PC's key and drops the table from the restored database.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.domain.errors import DomainError

from . import blobs, cipher, keys
from .files import private_dir
from .health import check_file, probe, set_aside

log = logging.getLogger(__name__)
KEEP_BACKUPS = 20


@dataclass(frozen=True)
class BackupReport:
    """A written backup and how many attachments it left out (unreadable here: damaged or another PC's)."""

    path: Path
    skipped: int = 0


def backup_database(db_path: Path, backup_dir: Path, reason: str = "manual", keep: int = KEEP_BACKUPS) -> Path:
    """Copy a live database consistently (readers and the writer may keep working) and rotate old copies.

    A damaged, foreign or empty file is refused (DamagedDatabase): its copy would push good backups out.
    An attachment this PC cannot read is left out (audited, counted in `backup_with_report`), never fatal.
    """
    return backup_with_report(db_path, backup_dir, reason, keep).path


def backup_with_report(db_path: Path, backup_dir: Path, reason: str = "manual",
                       keep: int = KEEP_BACKUPS) -> BackupReport:
    """`backup_database`, also telling how many unreadable attachments were left out."""
    problem = probe(db_path, has_history=True)
    if problem is not None:
        raise problem
    private_dir(backup_dir)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"township-{stamp}-{reason}.sqlite3"
    tmp = target.with_suffix(".partial")
    key = keys.database_key(db_path.parent)
    _pin_slot(db_path, key)
    copy_database(cipher.connect(db_path, key, readonly=True), tmp, key)
    dst = cipher.connect(tmp, key)
    try:
        _, unreadable = _add_attachments(dst, "main", _store(db_path))
    finally:
        dst.close()
    os.replace(tmp, target)
    _rotate(backup_dir, keep)
    _audit_unreadable(db_path, key, unreadable)
    log.info("backup written: %s (%s)", target.name, reason)
    return BackupReport(target, len(unreadable))


def _pin_slot(db_path: Path, key: bytes) -> None:
    """Every backup names the fallback slot the PC numbers in after it (docs/numbering.md)."""
    from .services.numbers import pin_slot

    conn = cipher.connect(db_path, key, timeout=10)
    try:
        pin_slot(conn)
    finally:
        conn.close()


BLOB_TABLE = "backup_attachments"


def _store(db_path: Path) -> Path:
    from desktop.config import Paths

    return Paths(db_path.parent).attachments


SKIPPED_UNREADABLE = "backup_skip_attachment"  # audit action: a stored file the backup could not read


def _add_attachments(conn: Any, schema: str, store: Path) -> tuple[int, list[str]]:
    """Copy the content of every attachment the database lists (and this PC has) into the backup file.

    A file that does not read back (damaged, or sealed with another PC's key) is left out and its hash
    returned: one bad file must not stop every backup (before a migration, before a restore)."""
    conn.execute(f"CREATE TABLE {schema}.{BLOB_TABLE} (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)")
    n = 0
    unreadable: list[str] = []
    key = blobs.store_key(store)
    for (sha,) in conn.execute(f"SELECT DISTINCT sha256 FROM {schema}.attachments").fetchall():
        if not blobs.blob_path(store, sha).exists():
            continue
        try:
            data = blobs.read_blob(store, sha, key)
        except (blobs.AttachmentUnreadable, OSError):
            log.warning("backup: attachment %s unreadable here, left out", sha)
            unreadable.append(sha)
            continue
        conn.execute(f"INSERT INTO {schema}.{BLOB_TABLE} VALUES (?, ?)", (sha, data))
        n += 1
    _audit_rows(conn, schema, unreadable)  # the backup carries its own record (a before-restore one too)
    conn.commit()
    return n, unreadable


def _audit_unreadable(db_path: Path, key: bytes, shas: list[str]) -> None:
    """One audit entry per attachment record whose content a backup had to leave out."""
    if not shas:
        return
    conn = cipher.connect(db_path, key, timeout=30)
    try:
        with conn:
            _audit_rows(conn, "main", shas)
    finally:
        conn.close()


def _audit_rows(conn: Any, schema: str, shas: list[str]) -> None:
    from desktop.domain.ids import uuid7

    from .types import to_db_ts

    at = to_db_ts(datetime.now(UTC))
    for sha in shas:
        for (att_id,) in conn.execute(f"SELECT id FROM {schema}.attachments WHERE sha256 = ?", (sha,)).fetchall():
            conn.execute(f"INSERT INTO {schema}.audit_log (id, at, actor, action, entity, entity_id) "
                         "VALUES (?, ?, '', ?, 'attachment', ?)", (uuid7(), at, SKIPPED_UNREADABLE, att_id))


def _unpack_attachments(restored: Path, key: bytes, store: Path) -> int:
    """Seal a restored backup's attachment contents into the store; the restored database keeps no copy."""
    conn = cipher.connect(restored, key)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (BLOB_TABLE,)).fetchone() is None:
            return 0  # a backup of an older version
        blob_key = blobs.derive_key(key)
        n = 0
        for sha, data in conn.execute(f"SELECT sha256, data FROM {BLOB_TABLE}"):
            blobs.write_blob(store, sha, data, blob_key, replace_unreadable=True)
            n += 1
        conn.execute(f"DROP TABLE {BLOB_TABLE}")
        conn.commit()
        if n:
            conn.execute("VACUUM")  # give back the contents' pages
        return n
    finally:
        conn.close()


def new_private_file(path: Path) -> None:
    """An empty 0600 file SQLite then fills (it keeps the mode of an existing file)."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))


def copy_database(src: Any, target: Path, key: bytes) -> None:
    """Copy an open (keyed or plain) source connection into a new file encrypted with `key`; closes `src`."""
    new_private_file(target)
    try:
        dst = cipher.connect(target, key)
        try:
            src.backup(dst, pages=4096)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def backup_portable(db_path: Path, target: Path, passphrase: str) -> Path:
    """A backup encrypted with a passphrase (SQLCipher's own PBKDF2 key derivation) for another PC."""
    check_passphrase(passphrase)
    _pin_slot(db_path, keys.database_key(db_path.parent))
    tmp = target.with_name(target.name + ".partial")
    new_private_file(tmp)
    src = cipher.connect(db_path, readonly=True)
    try:
        src.execute("ATTACH DATABASE ? AS portable KEY ?", (str(tmp), passphrase))
        src.execute("SELECT sqlcipher_export('portable')")
        _, unreadable = _add_attachments(src, "portable", _store(db_path))
        src.execute("DETACH DATABASE portable")
    finally:
        src.close()
    os.replace(tmp, target)
    _audit_unreadable(db_path, keys.database_key(db_path.parent), unreadable)
    log.info("portable backup written: %s", target.name)
    return target


MIN_PASSPHRASE = 8


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise DomainError(f"备份口令至少{MIN_PASSPHRASE}位")


def _open_backup(path: Path, key: bytes, passphrase: str | None) -> Any:
    """A read-only connection to a backup of this PC (its key) or a portable one (its passphrase)."""
    try:
        return cipher.connect(path, key, readonly=True)
    except cipher.WrongKey:
        if passphrase is None:
            raise DomainError("该备份不是本机的备份，也可能是用口令加密的便携备份：请提供备份口令。") from None
    try:
        return cipher.connect_with_passphrase(path, passphrase, readonly=True)
    except cipher.WrongKey:
        raise DomainError("备份口令不正确，或备份文件已损坏。") from None


def _rotate(backup_dir: Path, keep: int) -> None:
    backups = sorted(backup_dir.glob("township-*.sqlite3"))
    for old in backups[:-keep]:
        old.unlink(missing_ok=True)


def list_backups(backup_dir: Path) -> list[Path]:
    return sorted(backup_dir.glob("township-*.sqlite3"), reverse=True)


def integrity_check(db_path: Path, key: bytes | None = None) -> list[str]:
    """Problems found by SQLite's integrity and foreign-key checks (empty when healthy)."""
    try:
        conn = cipher.open_any(db_path, key)
    except cipher.WrongKey as e:
        return [e.message]
    return _integrity(conn)


def _integrity(conn: Any) -> list[str]:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check").fetchall()]
        return problems
    except cipher.DatabaseError as e:  # not a database, malformed beyond what integrity_check reports
        return [str(e)]
    finally:
        conn.close()


def restore_database(backup: Path, db_path: Path, backup_dir: Path, passphrase: str | None = None) -> Path | None:
    """Replace the database with a backup after checking it.

    The current database is backed up first when it is usable; a damaged, foreign or empty one is moved
    aside unchanged (`health.set_aside`), so restoring never destroys anything. A backup of this PC opens
    with the database key; a portable one needs its passphrase and is re-encrypted with this PC's key.
    """
    if not backup.exists():
        raise DomainError(f"找不到备份文件：{backup.name}")
    key = keys.database_key(db_path.parent)
    problems = check_file(backup, key) if passphrase is None else _integrity(_open_backup(backup, key, passphrase))
    if problems:
        if passphrase is None and _is_portable(backup, key):
            raise DomainError("该备份不是本机的备份，也可能是用口令加密的便携备份：请提供备份口令。")
        raise DomainError(f"所选文件不是完好的本软件备份（{backup.name}），未做任何改动。")
    saved = _save_current(db_path, backup_dir)
    tmp = db_path.with_suffix(".restoring")
    copy_database(_open_backup(backup, key, passphrase), tmp, key)
    _unpack_attachments(tmp, key, _store(db_path))
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(tmp, db_path)
    from .services.recovery import mark_after_restore

    mark_after_restore(db_path, f"restore:{backup.name}")  # numbers past everything issued; recovery pull
    return saved


def _is_portable(backup: Path, key: bytes) -> bool:
    """Not a plain file and not readable with this PC's key: a portable backup (or another PC's)."""
    if not cipher.may_be_encrypted(backup):
        return False
    try:
        cipher.connect(backup, key, readonly=True).close()
    except cipher.WrongKey:
        return True
    return False


def _save_current(db_path: Path, backup_dir: Path) -> Path | None:
    """Keep the database about to be replaced: a usable one as a backup, any other one set aside as it is."""
    if not db_path.exists():
        return None
    if db_path.stat().st_size == 0 or probe(db_path, has_history=True) is not None:
        return set_aside(db_path)
    return backup_database(db_path, backup_dir, reason="before-restore")
