"""Damaged, empty and foreign database files, as a user meets them on the command line (issue #12.6).

Every command explains the problem in one Chinese sentence, leaves the file exactly as it was, and
offers the newest backup that passes an integrity check (`restore --latest-good`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.test_cli import open_db, run

COMMANDS = [("stats",), ("sync-status",), ("backup",), ("check",), ("export", "--out", "x.json"), ("figures", "--json")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with 120 demo cases and two backups (the newer one of 130 cases)."""
    data = tmp_path_factory.mktemp("seed") / "d"
    run(data, "demo-data", "--cases", "120")
    run(data, "backup")
    run(data, "demo-data", "--cases", "10", "--seed", "5")
    run(data, "backup")
    return data


def copy_folder(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def assert_explained(proc: object, *, offer: bool = True) -> None:
    err = proc.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in err and "Traceback" not in proc.stdout, err  # type: ignore[attr-defined]
    assert proc.returncode != 0  # type: ignore[attr-defined]
    text = err + proc.stdout  # type: ignore[attr-defined]
    assert "软件没有" in text or "没有新建" in text, text
    if offer:
        assert "restore --latest-good" in text and "案件 130 件" in text, text


@pytest.mark.slow  # every CLI command in a subprocess
def test_truncated_database_every_command_explains_and_never_writes(seeded: Path, tmp_path: Path) -> None:
    data = copy_folder(seeded, tmp_path / "d")
    db = data / "township.sqlite3"
    raw = db.read_bytes()
    db.write_bytes(raw[: len(raw) // 2])
    before = digest(db)
    n_backups = len(list((data / "backups").iterdir()))
    for cmd in COMMANDS:
        proc = run(data, *cmd, ok=False)
        assert_explained(proc)
        assert digest(db) == before, cmd
        assert len(list((data / "backups").iterdir())) == n_backups, cmd
    report = json.loads(run(data, "check", "--json", ok=False).stdout)
    assert report["healthy"] is False and report["damaged"]["kind"] == "damaged"
    assert report["latest_good_backup"]["cases"] == 130

    out = run(data, "restore", "--latest-good")
    assert "已从" in out.stdout
    assert json.loads(run(data, "check", "--json").stdout)["healthy"] is True
    assert json.loads(run(data, "figures", "--json").stdout)  # usable again
    conn = open_db(db.parent)
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 130
    kept = list(data.glob("township.damaged-*.sqlite3"))
    assert len(kept) == 1 and digest(kept[0]) == before  # the damaged file is kept, not deleted


@pytest.mark.slow  # CLI commands in subprocesses
def test_damage_inside_the_file_is_reported_not_a_traceback(seeded: Path, tmp_path: Path) -> None:
    data = copy_folder(seeded, tmp_path / "d")
    db = data / "township.sqlite3"
    raw = bytearray(db.read_bytes())
    page = int.from_bytes(raw[16:18], "big")
    for off in range(page * 3, len(raw) - page, page * 2):  # scribble over every other page after the first few
        raw[off: off + page] = b"\xa5" * page
    db.write_bytes(bytes(raw))
    before = digest(db)
    for cmd in (("check",), ("stats", "--from", "2000-01-01")):
        assert_explained(run(data, *cmd, ok=False))
    assert digest(db) == before


@pytest.mark.slow  # CLI commands in subprocesses
def test_zero_byte_database_with_settings_does_not_start_afresh(seeded: Path, tmp_path: Path) -> None:
    data = copy_folder(seeded, tmp_path / "d")
    db = data / "township.sqlite3"
    db.write_bytes(b"")
    for sidecar in ("-wal", "-shm"):
        Path(str(db) + sidecar).unlink(missing_ok=True)
    for cmd in (("stats",), ("sync-status",), ("backup",), ("check",)):
        proc = run(data, *cmd, ok=False)
        assert_explained(proc)
        assert "空的" in proc.stderr + proc.stdout
        assert db.stat().st_size == 0, cmd  # no empty database was created in its place
    run(data, "restore", "--latest-good")
    assert open_db(db.parent).execute("SELECT count(*) FROM cases").fetchone()[0] == 130


@pytest.mark.slow  # CLI commands in subprocesses
def test_restore_of_a_foreign_file_changes_nothing(seeded: Path, tmp_path: Path) -> None:
    data = copy_folder(seeded, tmp_path / "d")
    db = data / "township.sqlite3"
    run(data, "export", "--out", str(tmp_path / "cases.json"))
    before = digest(db)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    for foreign in (tmp_path / "cases.json", other):
        proc = run(data, "restore", str(foreign), ok=False)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "不是完好的本软件备份" in proc.stderr
        assert digest(db) == before


@pytest.mark.slow  # CLI commands in subprocesses
def test_foreign_file_in_place_of_the_database(seeded: Path, tmp_path: Path) -> None:
    data = copy_folder(seeded, tmp_path / "d")
    db = data / "township.sqlite3"
    for sidecar in ("-wal", "-shm"):
        Path(str(db) + sidecar).unlink(missing_ok=True)
    db.write_text('{"format": "township-desk/cases"}', encoding="utf-8")
    proc = run(data, "stats", ok=False)
    assert_explained(proc)
    assert "不是本软件的数据库" in proc.stderr


@pytest.mark.slow  # CLI commands in subprocesses
def test_latest_good_skips_a_damaged_newer_backup(seeded: Path, tmp_path: Path) -> None:
    data = copy_folder(seeded, tmp_path / "d")
    newest = sorted((data / "backups").glob("township-*.sqlite3"))[-1]
    raw = newest.read_bytes()
    newest.write_bytes(raw[: len(raw) // 3])
    report = json.loads(run(data, "check", "--json").stdout)
    assert report["healthy"] is True
    db = data / "township.sqlite3"
    db.write_bytes(db.read_bytes()[:4096])
    report = json.loads(run(data, "check", "--json", ok=False).stdout)
    assert report["latest_good_backup"]["cases"] == 120
    run(data, "restore", "--latest-good")
    assert open_db(db.parent).execute("SELECT count(*) FROM cases").fetchone()[0] == 120


@pytest.mark.slow  # CLI commands in subprocesses
def test_restore_latest_good_without_any_good_backup(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run(data, "demo-data", "--cases", "5")
    proc = run(data, "restore", "--latest-good", ok=False)
    assert proc.returncode == 2 and "没有找到通过完整性检查的备份" in proc.stderr


def test_probe_never_reads_a_file_this_process_has_open_through_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain open()/close() of a database file drops the process's SQLite (fcntl) locks on it: the GUI then
    meets "disk I/O error". A file already opened through SQLite is probed through SQLite only."""
    from desktop.config import Paths
    from desktop.db import health
    from desktop.db.open import open_database

    paths = Paths(tmp_path / "d")
    raw_reads: list[Path] = []
    real = health._header_problem
    monkeypatch.setattr(health, "_header_problem", lambda p, size: raw_reads.append(p) or real(p, size))
    health.ensure_usable(paths.database, paths.settings_file, paths.backups)  # nothing there yet
    db = open_database(paths)
    try:
        raw_reads.clear()
        with db.read() as s:
            s.execute(text("SELECT count(*) FROM cases"))
            assert health.probe(paths.database, has_history=True) is None
        assert raw_reads == []
    finally:
        db.dispose()
