"""Online backups (SQLite backup API) with rotation, restore, and the integrity check."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from desktop.domain.errors import DomainError

log = logging.getLogger(__name__)
KEEP_BACKUPS = 20


def backup_database(db_path: Path, backup_dir: Path, reason: str = "manual", keep: int = KEEP_BACKUPS) -> Path:
    """Copy a live database consistently (readers and the writer may keep working) and rotate old copies."""
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
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check").fetchall()]
        return problems
    finally:
        conn.close()


def restore_database(backup: Path, db_path: Path, backup_dir: Path) -> Path | None:
    """Replace the database with a backup after checking it; the current one is backed up first."""
    if not backup.exists():
        raise DomainError(f"找不到备份文件：{backup.name}")
    problems = integrity_check(backup)
    if problems:
        raise DomainError("备份文件已损坏，无法恢复：" + "; ".join(problems[:3]))
    saved = backup_database(db_path, backup_dir, reason="before-restore") if db_path.exists() else None
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
    return saved
