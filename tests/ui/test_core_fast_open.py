"""The start-up fast path agrees with Alembic about the head revision and falls back when behind."""

from __future__ import annotations

from pathlib import Path

from desktop.config import Paths
from desktop.db import cipher
from desktop.db.fast_open import current_from_file, head_from_files, open_database_fast
from desktop.db.migrate import head_revision


def test_head_from_files_matches_alembic() -> None:
    assert head_from_files() == head_revision()


def test_fast_open_current_and_fresh(tmp_path: Path, paths: Paths) -> None:
    db = open_database_fast(paths)  # migrated template: fast path
    db.dispose()
    fresh = Paths(tmp_path / "fresh")
    db = open_database_fast(fresh)  # no database yet: created through Alembic
    db.dispose()
    assert current_from_file(fresh.database) == head_revision()
    with cipher.connect(fresh.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert current_from_file(fresh.database) == "0001"
