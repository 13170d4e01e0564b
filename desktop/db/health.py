"""Damaged, empty or foreign database files: detect them before use, never overwrite them, and find the
newest backup that passes an integrity check (docs/recovery.md).

The probe at open time is cheap (file size, the SQLite header, the page count against the file size, the
schema table and the version row), so it runs before every command and the GUI; the full integrity check
runs in `check` and on backups when one is offered for restore.
"""

from __future__ import annotations

import logging
import os
import struct
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.domain.errors import DomainError

from . import cipher
from .engine import CONNECTED_PATHS

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
# Markers of a township-desk database: tables every revision since the first has.
_OWN_TABLES = ("cases", "meta")

# Why a file cannot be used (DamagedDatabase.kind) and the one sentence that explains it.
KINDS = {
    "empty": "数据库文件是空的（0 字节），可能是复制或断电时出错；为保护现有设置和备份，软件没有新建空数据库。",
    "foreign": "数据库文件不是本软件的数据库（可能被其他文件覆盖），软件没有改动它。",
    "damaged": "数据库文件已损坏（可能是断电、磁盘故障或复制不完整），软件没有改动它。",
}


class DamagedDatabase(DomainError):
    """The database file of a data folder exists but cannot be used; nothing was written to it."""

    def __init__(self, path: Path, kind: str, detail: str = "") -> None:
        super().__init__(KINDS[kind])
        self.path = path
        self.kind = kind
        self.detail = detail  # technical, for the log only (never personal data: SQLite messages)


def _header_problem(path: Path, size: int) -> str | None:
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_HEADER):
        return "foreign"
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages = struct.unpack(">I", head[28:32])[0]
    # The in-header size is valid when the change counter matches "version-valid-for" (SQLite 3.7.0+).
    if head[24:28] == head[92:96] and pages and size < pages * page_size:
        return "damaged"  # truncated: the header counts pages the file no longer has
    return None


def _schema_problem(path: Path, key: bytes | None = None) -> tuple[str, str] | None:
    try:
        conn = cipher.open_any(path, key)  # KeyUnavailable propagates: locked is not damaged
    except cipher.WrongKey:
        # The folder's own key (OS store, or a slot whose tag proved it) fails: when page 1 still decrypts,
        # the file is ours and damaged further on (truncated, scribbled over). Otherwise SQLCipher cannot
        # tell a damaged first page from another file; an encrypted database is always whole 4 KiB pages.
        if cipher.first_page_decrypts(path, key) or path.stat().st_size % cipher.PAGE_SIZE == 0:
            return "damaged", "cannot decrypt"
        return "foreign", "cannot decrypt"
    except cipher.DatabaseError as e:
        return "damaged", str(e)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None  # a valid but empty SQLite file: nothing was ever written, treat as new
        if not all(t in tables for t in _OWN_TABLES):
            return "foreign", "tables missing"
        conn.execute("SELECT count(*) FROM meta").fetchone()
        conn.execute("SELECT max(rowid) FROM cases").fetchone()
        if _truncated_encrypted(path, conn):
            return "damaged", "truncated"
    except cipher.DatabaseError as e:
        text = str(e).lower()
        return ("foreign" if "not a database" in text or "encrypted" in text else "damaged"), str(e)
    finally:
        conn.close()
    return None


def _truncated_encrypted(path: Path, conn: object) -> bool:
    """An encrypted file has no readable header on disk; its decrypted page count tells the same story.

    Only without a WAL: pages not yet checkpointed make the count larger than the main file, legitimately.
    """
    if cipher.is_plain_sqlite(path):
        return False
    wal = Path(str(path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])  # type: ignore[attr-defined]
    return path.stat().st_size < pages * cipher.PAGE_SIZE


def probe(path: Path, has_history: bool, key: bytes | None = None) -> DamagedDatabase | None:
    """Why the database file at `path` must not be opened, or None when it is usable (or absent).

    `has_history`: the folder has settings or backups, so an empty file means data was lost, not a first run.
    """
    if not path.exists():
        return None
    size = path.stat().st_size
    if size == 0:
        return DamagedDatabase(path, "empty") if has_history else None
    # A file this process already has open through SQLite is checked through SQLite only (see
    # engine.CONNECTED_PATHS); the raw header read catches truncation that SQLite would meet later.
    # An encrypted file has no readable header (its truncation is caught through SQLCipher below).
    skip = str(path.resolve()) in CONNECTED_PATHS or not cipher.is_plain_sqlite(path)
    kind = None if skip else _header_problem(path, size)
    if kind is not None:
        return DamagedDatabase(path, kind, "header")
    found = _schema_problem(path, key)
    if found is not None:
        return DamagedDatabase(path, found[0], found[1])
    return None


def folder_has_history(settings_file: Path, backup_dir: Path) -> bool:
    if settings_file.exists():
        return True
    return backup_dir.is_dir() and any(backup_dir.glob("township-*.sqlite3"))


def ensure_usable(path: Path, settings_file: Path, backup_dir: Path) -> None:
    """Raise DamagedDatabase when the file exists but is empty (with history), foreign or damaged."""
    problem = probe(path, folder_has_history(settings_file, backup_dir))
    if problem is not None:
        log.warning("database not usable (%s): %s", problem.kind, problem.detail)
        raise problem


def is_damage_error(exc: BaseException) -> bool:
    """An SQLite error meaning the file itself is bad (as opposed to busy, full or read-only)."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        text = str(cur).lower()
        if isinstance(cur, DamagedDatabase) or (
            type(cur).__name__ == "DatabaseError" and ("malformed" in text or "not a database" in text)
        ) or ("database disk image is malformed" in text):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


# --- backups that can be offered -----------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    cases: int | None  # None when the backup failed its check
    ok: bool

    @property
    def label(self) -> str:
        when = self.taken_at.strftime("%Y-%m-%d %H:%M")
        return f"{when}，案件 {self.cases} 件" if self.ok else f"{when}，已损坏"


def check_file(path: Path, key: bytes | None = None) -> list[str]:
    """Problems of a database file: not SQLite, not ours, or failing SQLite's integrity/foreign-key checks.

    `key`: the data folder's key, for a file outside that folder (a backup the user picked).
    """
    from .backup import integrity_check

    problem = probe(path, has_history=True, key=key)
    if problem is not None:
        return [problem.message]
    return integrity_check(path, key)


def _case_count(path: Path) -> int:
    conn = cipher.open_any(path)
    try:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        conn.close()


def describe_backup(path: Path) -> BackupInfo:
    taken = datetime.fromtimestamp(path.stat().st_mtime)
    ok = not check_file(path)
    return BackupInfo(path, taken, _case_count(path) if ok else None, ok)


def backups_with_state(backup_dir: Path) -> list[BackupInfo]:
    """Every backup, newest first, each checked (the full integrity check: seconds for large files)."""
    from .backup import list_backups

    return [describe_backup(p) for p in list_backups(backup_dir)]


def latest_good_backup(backup_dir: Path) -> BackupInfo | None:
    """The newest backup that passes the integrity check (older ones are not checked once one passes)."""
    from .backup import list_backups

    for path in list_backups(backup_dir):
        info = describe_backup(path)
        if info.ok:
            return info
        log.warning("backup fails its check: %s", path.name)
    return None


def set_aside(db_path: Path) -> Path | None:
    """Move a damaged database (and its WAL) out of the way under a name no rotation deletes; never delete it."""
    if not db_path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    os.replace(db_path, target)
    for suffix in ("-wal", "-shm"):
        side = Path(str(db_path) + suffix)
        if side.exists():
            os.replace(side, Path(str(target) + suffix))
    log.warning("damaged database kept as %s", target.name)
    return target
