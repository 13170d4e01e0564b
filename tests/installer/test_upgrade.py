"""Upgrades: backup before migrating, refusal of a too-new database, data folder outside the install."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from desktop.config import ENV_DATA_DIR, Paths
from desktop.db import cipher, keys
from desktop.db.migrate import SchemaTooNew, _config, head_revision
from desktop.db.open import open_database
from desktop.db.services.users import authenticate
from desktop.domain.accounts import hash_password


def _connect(db_path: Path) -> sqlite3.Connection:
    """Plain sqlite3 for a database of an older version, the keyed connection for an encrypted one."""
    return sqlite3.connect(db_path) if cipher.is_plain_sqlite(db_path) else cipher.connect(db_path)


def _migrate_to(db_path: Path, revision: str) -> None:
    """A database as an older version (before encryption) left it: plain SQLite at `revision`."""
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        cfg = _config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        engine.dispose()


def _revision(db_path: Path) -> str:
    conn = _connect(db_path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def _add_user(db_path: Path, username: str, password: str) -> None:
    conn = _connect(db_path)
    try:
        with conn:
            conn.execute(
                "INSERT INTO users (id, username, display_name, role, password_hash, failed_attempts, active,"
                " created_at, updated_at) VALUES (?, ?, ?, 'admin', ?, 0, 1, ?, ?)",
                ("0190c0de-0000-7000-8000-000000000001", username, "老管理员", hash_password(password),
                 "2025-01-01 00:00:00.000000", "2025-01-01 00:00:00.000000"),
            )
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_old_schema_is_backed_up_then_migrated(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data").ensure()
    _migrate_to(paths.database, "0001")
    _add_user(paths.database, "oldadmin", "old-secret1")
    assert _revision(paths.database) == "0001"
    assert head_revision() != "0001", "test needs at least one migration after 0001"

    db = open_database(paths)
    try:
        assert _revision(paths.database) == head_revision()
        # the row written under the old schema survived and is usable
        assert authenticate(db, "oldadmin", "old-secret1").display_name == "老管理员"
    finally:
        db.dispose()
    # the plain database was encrypted on the way, and the old account's password unlocks its key
    assert not cipher.is_plain_sqlite(paths.database)
    keys.forget(paths.data_dir)
    keys.unlock(paths.data_dir, "oldadmin", "old-secret1")

    backups = list(paths.backups.glob("township-*-before-migrate-0001.sqlite3"))
    assert len(backups) == 1, list(paths.backups.iterdir())
    # the backup is the database as it was: old revision, with the row
    assert _revision(backups[0]) == "0001"
    conn = _connect(backups[0])
    try:
        assert conn.execute("SELECT username FROM users").fetchall() == [("oldadmin",)]
    finally:
        conn.close()


def test_current_schema_is_not_backed_up_again(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data").ensure()
    open_database(paths).dispose()  # a new database needs no backup
    open_database(paths).dispose()  # nor does an up-to-date one
    assert list(paths.backups.iterdir()) == []


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data").ensure()
    open_database(paths).dispose()
    _add_user(paths.database, "admin", "secret12")
    conn = _connect(paths.database)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _digest(paths.database)

    with pytest.raises(SchemaTooNew) as err:
        open_database(paths)
    assert "更新版本" in err.value.message and "未做任何改动" in err.value.message

    assert _digest(paths.database) == before
    assert list(paths.backups.iterdir()) == []  # nothing was migrated, so nothing was backed up
    assert _revision(paths.database) == "9999_from_the_future"


def test_data_folder_is_outside_the_install_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.resources import app_root, resource_path

    monkeypatch.delenv(ENV_DATA_DIR, raising=False)
    install = tmp_path / "opt" / "township-desk" / "_internal"
    (install / "resources" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(install), raising=False)
    assert app_root() == install
    assert resource_path("fonts") == install / "resources" / "fonts"

    data = Paths.resolve().data_dir
    assert not data.is_relative_to(install.parent), data
    assert not data.is_relative_to(Path(sys.prefix).resolve()), data


def test_data_survives_reinstall(tmp_path: Path) -> None:
    """Removing and re-creating the program folder leaves the data folder and its database working."""
    install = tmp_path / "opt" / "township-desk"
    install.mkdir(parents=True)
    (install / "township-desk").write_text("program v1")
    paths = Paths(tmp_path / "home" / ".local" / "share" / "township-desk").ensure()
    open_database(paths).dispose()
    _add_user(paths.database, "admin", "secret12")

    for f in install.iterdir():  # uninstall ...
        f.unlink()
    install.rmdir()
    install.mkdir()  # ... and install again
    (install / "township-desk").write_text("program v2")

    db = open_database(paths)
    try:
        assert authenticate(db, "admin", "secret12").username == "admin"
    finally:
        db.dispose()


def test_resource_path_from_source() -> None:
    from desktop.resources import is_frozen, resource_path

    assert not is_frozen()
    assert resource_path("fonts", "uming.ttc").is_file()
    assert resource_path("icons", "app.svg").is_file()
