"""Online backups (SQLite backup API) with rotation, restore, and the integrity check."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from desktop.domain.errors import DomainError

from .health import check_file, probe, set_aside

log = logging.getLogger(__name__)
KEEP_BACKUPS = 20


def backup_database(db_path: Path, backup_dir: Path, reason: str = "manual", keep: int = KEEP_BACKUPS) -> Path:
    """Copy a live database consistently (readers and the writer may keep working) and rotate old copies.

    A damaged, foreign or empty file is refused (DamagedDatabase): its copy would push good backups out.
    """
    problem = probe(db_path, has_history=True)
    if problem is not None:
        raise problem
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"township-{stamp}-{reason}.sqlite3"
    tmp = target.with_suffix(".partial")
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst, pages=4096)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(tmp, target)
    _rotate(backup_dir, keep)
    log.info("backup written: %s (%s)", target.name, reason)
    return target


def _rotate(backup_dir: Path, keep: int) -> None:
    backups = sorted(backup_dir.glob("township-*.sqlite3"))
    for old in backups[:-keep]:
        old.unlink(missing_ok=True)


def list_backups(backup_dir: Path) -> list[Path]:
    return sorted(backup_dir.glob("township-*.sqlite3"), reverse=True)


def integrity_check(db_path: Path) -> list[str]:
    """Problems found by SQLite's integrity and foreign-key checks (empty when healthy)."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            problems = [] if rows == ["ok"] else rows
            problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check").fetchall()]
            return problems
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:  # not a database, malformed beyond what integrity_check reports
        return [str(e)]


def restore_database(backup: Path, db_path: Path, backup_dir: Path) -> Path | None:
    """Replace the database with a backup after checking it.

    The current database is backed up first when it is usable; a damaged, foreign or empty one is moved
    aside unchanged (`health.set_aside`), so restoring never destroys anything.
    """
    if not backup.exists():
        raise DomainError(f"找不到备份文件：{backup.name}")
    problems = check_file(backup)
    if problems:
        raise DomainError(f"所选文件不是完好的本软件备份（{backup.name}），未做任何改动。")
    saved = _save_current(db_path, backup_dir)
    tmp = db_path.with_suffix(".restoring")
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(tmp, db_path)
    from .services.recovery import mark_after_restore

    mark_after_restore(db_path, f"restore:{backup.name}")  # numbers past everything issued; recovery pull
    return saved


def _save_current(db_path: Path, backup_dir: Path) -> Path | None:
    """Keep the database about to be replaced: a usable one as a backup, any other one set aside as it is."""
    if not db_path.exists():
        return None
    if db_path.stat().st_size == 0 or probe(db_path, has_history=True) is not None:
        return set_aside(db_path)
    return backup_database(db_path, backup_dir, reason="before-restore")
