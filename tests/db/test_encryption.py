"""Personal data at rest: the database, its backups and the default export hold no ID number, name or
phone of the demo data in readable form; a wrong or missing key opens nothing and writes nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.config import Paths, Settings
from desktop.db import cipher, keys
from desktop.db.backup import backup_database, backup_portable, restore_database
from desktop.db.demo import generate
from desktop.db.exchange import write_export
from desktop.db.open import open_database
from desktop.db.services.attachments import add_attachment
from desktop.db.uow import SYSTEM, Context
from desktop.domain.errors import DomainError


def _personal_values(db_path: Path, limit: int = 300) -> list[str]:
    conn = cipher.connect(db_path)
    try:
        rows = conn.execute("SELECT name, id_number, phone FROM parties WHERE id_number IS NOT NULL "
                            "ORDER BY id LIMIT ?", (limit,)).fetchall()
    finally:
        conn.close()
    values = [v for row in rows for v in row if v and len(v) >= 2]
    assert len(values) > limit  # names, ID numbers and phones
    return values


def _readable(path: Path, values: list[str]) -> list[str]:
    """Values found in the file's bytes (UTF-8, as `strings | grep` would find them, and more)."""
    data = path.read_bytes()
    return [v for v in values if v.encode() in data]


def _strings_grep(path: Path, values: list[str]) -> list[str]:
    """Values `strings -n 6 FILE | grep` finds (one `strings` run for all of them)."""
    out = subprocess.run(["strings", "-n", "6", str(path)], capture_output=True, text=True, check=True).stdout
    return [v for v in values if v in out]


@pytest.fixture(scope="module")
def demo_made(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[Paths]:
    """400 demo cases made once per module through the parallel path (workers write encrypted chunks),
    with the database left open so its WAL and shared-memory files stay beside it, as in a running app."""
    from tests.db.helpers import copy_database_folder

    made = Paths(tmp_path_factory.mktemp("demo") / "data").ensure()
    copy_database_folder(migrated_template, made)
    database = open_database(made)
    generate(made.database, 400, seed=5, workers=2)
    yield made
    database.dispose()


@pytest.fixture
def demo(demo_made: Paths, tmp_path: Path) -> Paths:
    """A byte-for-byte copy of that folder (modes, key file, WAL included) for one test to change."""
    copy = Paths(tmp_path / "demo")
    shutil.copytree(demo_made.data_dir, copy.data_dir)
    keys.remember(copy.data_dir, keys.database_key(demo_made.data_dir))
    return copy


def test_database_wal_backup_and_default_export_hold_no_personal_data(demo: Paths, tmp_path: Path) -> None:
    values = _personal_values(demo.database)
    # a scan attached to a case: its content is sealed in the attachment store
    marker = "ATTACHED-SCAN-MARKER-13800138000"
    scan = tmp_path / "身份证复印件.txt"
    scan.write_text(f"{marker}\n{values[0]} {values[1]}\n", encoding="utf-8")
    conn = cipher.connect(demo.database)
    case_id = conn.execute("SELECT id FROM cases ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    db = open_database(demo)
    ctx = Context(db, Settings(), demo.settings_file)
    add_attachment(ctx, SYSTEM, demo.attachments, case_id, scan)
    db.dispose()
    stored = [p for p in demo.attachments.rglob("*") if p.is_file()]
    assert any(len(p.name) == 64 for p in stored)
    for f in stored:
        assert marker.encode() not in f.read_bytes(), f.name
    files = [demo.database] + [p for p in demo.data_dir.iterdir() if p.name.startswith("township.sqlite3-")]
    for f in files:
        assert _readable(f, values) == [], f.name
    if shutil.which("strings"):
        assert _strings_grep(demo.database, [v for v in values if v.isascii()]) == []
        assert not any(_strings_grep(f, [marker]) for f in stored)
    backup = backup_database(demo.database, demo.backups)
    assert _readable(backup, values) == []
    assert marker.encode() not in backup.read_bytes()
    if shutil.which("strings"):
        assert not _strings_grep(backup, [marker])
    out = tmp_path / "export.json"
    with open_database(demo).read() as s:
        assert write_export(s, out) == 400
    assert _readable(out, values) == []
    assert json.loads(out.read_text(encoding="utf-8"))["masked"] is True
    # the check can fail: an unmasked export does contain them
    with open_database(demo).read() as s:
        write_export(s, out, unmasked=True)
    assert len(_readable(out, values)) == len(values)
    if shutil.which("strings"):  # and so does `strings` on it
        ascii_values = [v for v in values if v.isascii()]
        assert ascii_values and _strings_grep(out, ascii_values) == ascii_values


def test_files_are_private(demo: Paths, tmp_path: Path) -> None:
    backup = backup_database(demo.database, demo.backups)
    for path in (demo.data_dir, demo.backups, demo.logs):
        assert path.stat().st_mode & 0o777 == 0o700, path
    for path in (demo.database, backup, demo.data_dir / keys.KEY_FILE):
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_copied_folder_opens_nothing_without_a_password(demo: Paths, tmp_path: Path) -> None:
    other = Paths(tmp_path / "other-pc")
    shutil.copytree(demo.data_dir, other.data_dir)  # the whole folder, key file included
    with pytest.raises(keys.KeyUnavailable) as err:
        open_database(other)
    assert "解锁" in err.value.message
    before = other.database.read_bytes()
    with pytest.raises(cipher.WrongKey):
        cipher.connect(other.database, b"\x01" * 32)
    assert other.database.read_bytes() == before  # nothing written, no fresh database made


def test_wrong_key_never_replaces_the_database(paths: Paths) -> None:
    keys.remember(paths.data_dir, b"\x02" * 32)
    before = paths.database.read_bytes()
    with pytest.raises(DomainError) as err:
        open_database(paths)  # with a key that cannot be this folder's, the file reads as damaged
    assert "没有改动" in err.value.message
    assert paths.database.read_bytes() == before
    assert list(paths.backups.iterdir()) == []  # nothing migrated, nothing backed up


def test_portable_backup_restores_elsewhere_with_its_passphrase(demo: Paths, tmp_path: Path) -> None:
    portable = backup_portable(demo.database, tmp_path / "move.tdbackup", "correct horse 12")
    assert _readable(portable, _personal_values(demo.database)) == []
    new_pc = Paths(tmp_path / "new-pc")
    open_database(new_pc).dispose()  # the new PC has its own key
    with pytest.raises(DomainError, match="口令"):
        restore_database(portable, new_pc.database, new_pc.backups)
    with pytest.raises(DomainError, match="口令不正确"):
        restore_database(portable, new_pc.database, new_pc.backups, passphrase="wrong passphrase")
    restore_database(portable, new_pc.database, new_pc.backups, passphrase="correct horse 12")
    conn = cipher.connect(new_pc.database)
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 400
    conn.close()
