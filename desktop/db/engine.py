"""Opening the local database: SQLite pragmas, explicit BEGIN IMMEDIATE for writes, sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from . import cipher, keys

BUSY_TIMEOUT_MS = 10_000


def make_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine for one encrypted SQLite file with the pragmas of ARCHITECTURE.md.

    Every connection is keyed by `cipher.connect` (the data folder's key unless one is given); a wrong key
    raises `cipher.WrongKey` on the first connection, before anything is written.
    """
    key = key if key is not None else keys.database_key(path.parent)

    def _connect() -> Any:
        return cipher.connect(path, key, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)

    # The pysqlite dialect over sqlcipher3's DB-API module: the pysqlcipher dialect wants a passphrase in
    # the URL (run through PBKDF2 on every connection); a raw 256-bit key through the creator skips that.
    engine = create_engine(f"sqlite+pysqlite:///{path}", module=cipher.DBAPI, creator=_connect,
                           poolclass=QueuePool, pool_size=5, max_overflow=5)

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
        """One write transaction: commits on success, rolls back everything on any exception."""
        with self._write_sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
