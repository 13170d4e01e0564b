"""Opening the local database: SQLite pragmas, explicit BEGIN IMMEDIATE for writes, sessions."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from desktop.domain.errors import DomainError

from . import cipher, keys
from .busy import holder_text

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 10_000  # one attempt: SQLite's busy handler waits this long for the write lock
WRITE_WAIT_S = 120.0  # a writer gives up after waiting this long in all
# Told what a writer is waiting for (the CLI prints it; the GUI logs it). Message in Chinese.
wait_notifier: Callable[[str], None] | None = None


class DatabaseBusy(DomainError):
    """The write lock stayed taken for WRITE_WAIT_S; nothing was written."""


# Database files this process has opened through SQLite. Reading such a file with plain open()/close()
# would drop SQLite's POSIX locks of the whole process on it (fcntl locks belong to the process), which
# later surfaces as "disk I/O error": health.probe reads raw headers only of files not listed here.
CONNECTED_PATHS: set[str] = set()


class _Compiler(SQLiteCompiler):
    """SQLAlchemy's SQLite compiler, rendering `with_hint(table, "INDEXED BY ix_…", "sqlite")` after the table
    name (SQLite's own syntax; the stock compiler drops table hints). Used where the planner, without
    statistics, prefers an index that makes it sort every matching row (queries.list_cases)."""

    def get_from_hint_text(self, table: Any, text: str | None) -> str | None:
        return text


def make_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine for one encrypted SQLite file with the pragmas of ARCHITECTURE.md.

    Every connection is keyed by `cipher.connect` (the data folder's key unless one is given); a wrong key
    raises `cipher.WrongKey` on the first connection, before anything is written.
    """
    CONNECTED_PATHS.add(str(Path(path).resolve()))
    key = key if key is not None else keys.database_key(path.parent)

    def _connect() -> Any:
        return cipher.connect(path, key, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)

    # The pysqlite dialect over sqlcipher3's DB-API module: the pysqlcipher dialect wants a passphrase in
    # the URL (run through PBKDF2 on every connection); a raw 256-bit key through the creator skips that.
    engine = create_engine(f"sqlite+pysqlite:///{path}", module=cipher.DBAPI, creator=_connect,
                           poolclass=QueuePool, pool_size=5, max_overflow=5)
    engine.dialect.statement_compiler = _Compiler

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # The driver's own transaction handling would defer BEGIN; we issue BEGIN ourselves.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        # FULL: these are legal records and office power fails.
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.execute("PRAGMA cache_size=-32000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front so two writers never deadlock on lock upgrade.
        mode = "IMMEDIATE" if conn.get_execution_options().get("sqlite_immediate") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """The engine plus session factories: `read()` for queries, `write()` for one IMMEDIATE transaction."""

    def __init__(self, path: Path, engine: Engine | None = None) -> None:
        self.path = path
        self.engine = engine or make_engine(path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_engine = self.engine.execution_options(sqlite_immediate=True)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: commits on success, rolls back everything on any exception.

        The write lock is taken before the body runs (BEGIN IMMEDIATE); while another program holds it
        the writer waits, retrying for up to WRITE_WAIT_S and saying what it waits for, then raises
        DatabaseBusy. Nothing of the body has run before the lock is held, so a retry is always safe.
        """
        with self._locked_session() as session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise
            session.commit()

    @contextmanager
    def _locked_session(self) -> Iterator[Session]:
        started = time.monotonic()
        while True:
            session = self._write_sessions()
            try:
                session.connection()  # BEGIN IMMEDIATE now: a busy database is met before any work
                break
            except OperationalError as e:
                session.close()
                if "locked" not in str(e.orig).lower() and "busy" not in str(e.orig).lower():
                    raise
                waited = time.monotonic() - started
                holder = holder_text(self.path)
                if waited + BUSY_TIMEOUT_MS / 1000 > WRITE_WAIT_S:
                    raise DatabaseBusy(
                        f"数据库被{holder}占用，已等待 {waited:.0f} 秒仍未释放，本次没有保存任何内容；请等它完成后重试。"
                    ) from e
                message = f"数据库正被{holder}占用，已等待 {waited:.0f} 秒，继续等待（最多 {WRITE_WAIT_S:.0f} 秒）…"
                log.warning("write lock busy for %.0f s", waited)
                if wait_notifier is not None:
                    wait_notifier(message)
        with session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
