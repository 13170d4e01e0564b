"""The one place a connection to an encrypted database file is opened (SQLCipher through sqlcipher3).

Everything else (the SQLAlchemy engine, backups, the fast start-up check, demo data, benchmarks, tests)
calls `connect`. The key comes from the data folder (`keys.database_key`) unless given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from desktop.domain.errors import DomainError

from . import keys

PAGE_SIZE = 4096  # SQLCipher 4's default page size
DBAPI = sqlcipher  # the DB-API module SQLAlchemy uses
DatabaseError = sqlcipher.DatabaseError
OperationalError = sqlcipher.OperationalError
Connection = sqlcipher.Connection


class WrongKey(DomainError):
    """The file is not readable with this key (another PC's database, a damaged or a plain file)."""


WRONG_KEY_MESSAGE = ("无法用本机的密钥打开数据库：它可能来自另一台电脑、已损坏，或密钥不对。"
                     "数据未做任何改动；请用恢复码解锁或从备份恢复。")


def apply_key(conn: Any, key: bytes | str) -> None:
    """Key a fresh connection (must be its first statement) and prove the key reads the file.

    Bytes are a raw 256-bit key; a string is a passphrase SQLCipher derives its key from (PBKDF2).
    """
    if isinstance(key, bytes):
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    else:
        conn.execute("PRAGMA key = '{}'".format(key.replace("'", "''")))
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return
    except sqlcipher.DatabaseError as exc:
        conn.close()
        if "malformed" in str(exc).lower():
            raise  # the key read page 1 (so it is right): the file is damaged further on
    # Raised outside the handler: no SQLite error in its context, so it is never taken for damage.
    raise WrongKey(WRONG_KEY_MESSAGE)


# Files this process has opened encrypted. Reading such a file with plain open()/close() would drop the
# process's SQLite (fcntl) locks on it (see health.py), so `is_plain_sqlite` answers from here instead.
_OPENED_ENCRYPTED: set[str] = set()


def connect(path: Path, key: bytes | None = None, readonly: bool = False, **kwargs: Any) -> Any:
    """A keyed sqlcipher3 connection to `path` (the key of its data folder when not given)."""
    key = key if key is not None else keys.database_key(keys.data_dir_of(Path(path)))
    target = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    conn = sqlcipher.connect(target, uri=True, **kwargs)
    apply_key(conn, key)
    _OPENED_ENCRYPTED.add(str(Path(path).resolve()))
    return conn


def connect_with_passphrase(path: Path, passphrase: str, readonly: bool = True) -> Any:
    """A connection to a portable backup, keyed by the passphrase the user typed."""
    target = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    conn = sqlcipher.connect(target, uri=True)
    apply_key(conn, passphrase)
    return conn


def connect_plain(path: Path) -> Any:
    """A connection to an old, unencrypted database or backup (only to encrypt it)."""
    return sqlcipher.connect(f"file:{path}", uri=True)


def first_page_decrypts(path: Path, key: bytes | None = None) -> bool:
    """True when the key reads page 1 (the header): a file failing further on is damaged, not foreign."""
    key = key if key is not None else keys.database_key(keys.data_dir_of(Path(path)))
    conn = sqlcipher.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA user_version").fetchone()
        return True
    except sqlcipher.DatabaseError as exc:
        return "malformed" in str(exc).lower()  # decrypted, but SQLite found the file cut short
    finally:
        conn.close()


def open_any(path: Path, key: bytes | None = None) -> Any:
    """Read-only: a plain file as it is (an old database or backup before its upgrade), else keyed."""
    if is_plain_sqlite(path):
        return sqlcipher.connect(f"file:{path}?mode=ro", uri=True)
    return connect(path, key, readonly=True)


def may_be_encrypted(path: Path) -> bool:
    """Not plain SQLite but whole pages: possibly an encrypted database (of this or another key)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    return size > 0 and size % PAGE_SIZE == 0 and not is_plain_sqlite(path)


def is_plain_sqlite(path: Path) -> bool:
    """A plain (unencrypted) SQLite file starts with this header; an encrypted one looks random."""
    if str(Path(path).resolve()) in _OPENED_ENCRYPTED:
        return False  # never re-read a file SQLite holds open here (its locks would be dropped)
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\0"
    except FileNotFoundError:
        return False
