"""The schema a database should have, derived from the migrations, checked and repaired (`check --repair`).

Expected objects come from running every migration on an empty scratch database and reading its
`sqlite_master` (no hand-kept list). Indexes and triggers that are missing or differ are recreated; the
full-text index is checked against the cases table and rebuilt when it lags; when a statistics trigger
was missing the statistics buckets are recomputed from the base tables.

Jobs that drop indexes or triggers for speed (demo-data) set the meta key `PENDING` in the same
transaction as the drops and clear it in the transaction that recreates them; a database opened with
the key set was left by a killed job and is repaired before use (`repair_if_pending`).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import cipher

log = logging.getLogger(__name__)

PENDING = "schema_repair_pending"
FTS_TABLE = "case_fts"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SchemaObject:
    type: str  # table | index | trigger | view
    name: str
    table: str
    sql: str


@dataclass
class SchemaReport:
    missing: list[str] = field(default_factory=list)  # "index ix_cases_status"
    different: list[str] = field(default_factory=list)
    fts_missing_rows: int = 0
    fts_error: str = ""
    pending: bool = False  # left by an interrupted job

    @property
    def ok(self) -> bool:
        return not (self.missing or self.different or self.fts_missing_rows or self.fts_error or self.pending)

    def lines(self) -> list[str]:
        out = [f"缺少{_TYPE_LABELS.get(m.split()[0], m.split()[0])} {m.split()[1]}" for m in self.missing]
        out += [f"与程序定义不一致：{d}" for d in self.different]
        if self.fts_missing_rows:
            out.append(f"全文检索索引缺少 {self.fts_missing_rows} 件案件")
        if self.fts_error:
            out.append(f"全文检索索引损坏：{self.fts_error}")
        if self.pending:
            out.append("上次生成演示数据等任务被中断，索引尚未重建")
        return out


_TYPE_LABELS = {"index": "索引", "trigger": "触发器", "table": "数据表", "view": "视图"}


def _norm(sql: str) -> str:
    return _SPACE.sub(" ", sql.strip()).replace('"', "")


def _objects(conn: Any) -> dict[str, SchemaObject]:
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {name: SchemaObject(t, name, tbl, sql) for t, name, tbl, sql in rows}


@lru_cache(maxsize=1)
def expected_schema() -> dict[str, SchemaObject]:
    """Every table, index, trigger and view the migrations create (about a second: Alembic on a scratch file)."""
    from .engine import make_engine
    from .migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="township-schema-") as folder:
        path = Path(folder) / "schema.sqlite3"
        scratch_key = os.urandom(32)  # a throwaway encrypted file, like every database of the program
        engine = make_engine(path, scratch_key)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        conn = cipher.connect(path, scratch_key)
        try:
            return _objects(conn)
        finally:
            conn.close()


def _fts_shadow(name: str) -> bool:
    return name.startswith(FTS_TABLE + "_")


def inspect(conn: Any) -> SchemaReport:
    """Compare a database's schema and full-text index with what the migrations define (read-only)."""
    report = SchemaReport()
    actual = _objects(conn)
    for name, want in expected_schema().items():
        have = actual.get(name)
        if have is None:
            report.missing.append(f"{want.type} {name}")
        elif want.type in ("index", "trigger") and _norm(have.sql) != _norm(want.sql):
            report.different.append(f"{want.type} {name}")
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (PENDING,)).fetchone()
        report.pending = row is not None
    except cipher.OperationalError:
        pass
    if FTS_TABLE in actual:
        try:
            cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
            indexed = conn.execute(f"SELECT count(*) FROM {FTS_TABLE}_docsize").fetchone()[0]
            report.fts_missing_rows = max(0, cases - indexed)
            conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')")
        except cipher.DatabaseError as e:
            report.fts_error = str(e)
    return report


def repair(conn: Any) -> SchemaReport:
    """Recreate missing or altered indexes and triggers, rebuild the full-text index and, if a statistics
    trigger was missing, the statistics buckets; all in one transaction. Returns what was found before.

    Missing tables cannot be recreated without their data and are left to the report.
    """
    found = inspect(conn)
    expected = expected_schema()
    redo = [expected[m.split()[1]] for m in found.missing + found.different
            if m.split()[0] in ("index", "trigger")]
    conn.execute("BEGIN IMMEDIATE")
    try:
        for obj in redo:
            conn.execute(f'DROP {obj.type.upper()} IF EXISTS "{obj.name}"')
            conn.execute(obj.sql)
        if found.fts_missing_rows or found.fts_error or any(o.type == "trigger" and o.table == "cases" for o in redo) \
                or found.pending:
            conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        if found.pending or any(o.type == "trigger" and o.name.startswith("stats_") for o in redo):
            for sql in stats_backfill_sql():
                conn.execute(sql)
        conn.execute("DELETE FROM meta WHERE key = ?", (PENDING,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if redo or found.pending:
        log.warning("schema repaired: %d objects recreated", len(redo))
    return found


def stats_backfill_sql() -> list[str]:
    from importlib import import_module

    return list(import_module("desktop.db.migrations.versions.0004_stats_indexes").backfill_sql())


def pending(path: Path) -> bool:
    """Cheap: did a job that drops schema objects stop before restoring them?"""
    if not path.exists():
        return False
    conn = cipher.open_any(path)
    try:
        return conn.execute("SELECT 1 FROM meta WHERE key = ?", (PENDING,)).fetchone() is not None
    except cipher.OperationalError:
        return False
    finally:
        conn.close()


def repair_if_pending(path: Path) -> bool:
    """Repair the schema left by an interrupted job; True when a repair ran."""
    if not pending(path):
        return False
    conn = (cipher.connect_plain(path) if cipher.is_plain_sqlite(path) else cipher.connect(path, timeout=30))
    conn.isolation_level = None
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        repair(conn)
    finally:
        conn.close()
    return True
