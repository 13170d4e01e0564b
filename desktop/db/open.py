"""Open (create or upgrade) the local database of a data folder."""

from __future__ import annotations

import logging

from desktop.config import Paths

from .backup import backup_database
from .engine import Database, make_engine
from .health import ensure_usable
from .migrate import needs_upgrade, upgrade
from .schema_check import repair_if_pending

log = logging.getLogger(__name__)


def open_database(paths: Paths) -> Database:
    """Create or migrate the database; an existing one is backed up before any migration.

    A damaged, foreign or (with settings or backups present) empty file raises DamagedDatabase untouched.
    """
    paths.ensure()
    ensure_usable(paths.database, paths.settings_file, paths.backups)
    existed = paths.database.exists()
    engine = make_engine(paths.database)
    try:
        current, head = needs_upgrade(engine)  # raises SchemaTooNew before touching anything
    except Exception:
        engine.dispose()
        raise
    if current != head:
        if existed and current is not None:
            backup_database(paths.database, paths.backups, reason=f"before-migrate-{current}")
        log.info("migrating database %s -> %s", current, head)
        upgrade(engine)
    repair_if_pending(paths.database)  # indexes/triggers dropped by a job that was killed
    return Database(paths.database, engine)
