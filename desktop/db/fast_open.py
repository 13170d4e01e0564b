"""Start-up fast path: open a database that is already at the newest schema without importing Alembic.

Alembic costs about half a second to import; it is only needed when a migration is due, so the common
start (schema current) checks the version row with plain sqlite3 and goes straight to the engine.
Anything unusual (no database, older or unknown revision) falls back to `open_database`.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.config import Paths

from . import cipher
from .engine import Database
from .health import ensure_usable
from .schema_check import repair_if_pending

VERSIONS_DIR = Path(__file__).with_name("migrations") / "versions"
_REV = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def head_from_files(folder: Path = VERSIONS_DIR) -> str | None:
    """The single revision no other revision points down to, read from the migration files."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev, down = _REV.search(text), _DOWN.search(text)
        if rev is None:
            continue
        revisions.add(rev.group(1))
        if down is not None and down.group(1):
            downs.add(down.group(1))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def current_from_file(db_path: Path) -> str | None:
    """The schema revision of an encrypted database (None: new, plain or unusual, so take the full path)."""
    if not db_path.exists() or db_path.stat().st_size == 0 or cipher.is_plain_sqlite(db_path):
        return None
    conn = cipher.connect(db_path, readonly=True)  # KeyUnavailable / WrongKey: the caller says so
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except cipher.DatabaseError:
        return None
    finally:
        conn.close()
    return str(row[0]) if row else None


def open_database_fast(paths: Paths) -> Database:
    paths.ensure()
    ensure_usable(paths.database, paths.settings_file, paths.backups)  # cheap: header, sizes, schema rows
    head = head_from_files()
    if head is not None and current_from_file(paths.database) == head:
        repair_if_pending(paths.database)  # indexes/triggers dropped by a job that was killed
        return Database(paths.database)
    from .open import open_database

    return open_database(paths)
