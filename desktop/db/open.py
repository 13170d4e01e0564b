"""Open (create or upgrade) the local database of a data folder."""

from __future__ import annotations

import logging

from desktop.config import Paths

from . import keys
from .backup import backup_database
from .engine import Database, make_engine
from .health import ensure_usable
from .migrate import needs_upgrade, upgrade
from .schema_check import repair_if_pending

log = logging.getLogger(__name__)


def open_database(paths: Paths) -> Database:
    """Create or migrate the database; an existing one is backed up before any migration.

    A damaged, foreign or (with settings or backups present) empty file raises DamagedDatabase untouched.
    A new database gets a new key; an old plain one is encrypted in place first (`encrypt.py`); an
    encrypted one opens with the folder's key or raises KeyUnavailable (nothing is written).
    """
    paths.ensure()
    ensure_usable(paths.database, paths.settings_file, paths.backups)
    prepare_key(paths)
    from .blobs import seal_store

    seal_store(paths.attachments)  # attachments of an older version are encrypted in place, once
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
    if not existed:
        from .services.recovery import recover_lost_file

        recover_lost_file(paths.database)  # an enrolled PC lost its file: get its records back at the next sync
    db = Database(paths.database, engine)
    from .services.users import settle_signins_before_unlock

    settle_signins_before_unlock(db)  # failed sign-ins counted in the key file before the unlock
    return db


# The recovery code of an upgrade done by this process, for the GUI or the CLI to show once.
pending_recovery_codes: dict[str, str] = {}


def prepare_key(paths: Paths) -> None:
    """Make sure the folder's key exists (a new database) and that no plain copy is left (an upgrade)."""
    from . import cipher, encrypt

    if not paths.database.exists() and keys.KeyFile.load(paths.data_dir) is None:
        encrypt.finish_interrupted(paths.database)
        if not paths.database.exists():
            keys.create_key(paths.data_dir)
            pending_recovery_codes[str(paths.data_dir)] = keys.new_recovery_code(paths.data_dir)
            return
    if encrypt.plain_leftovers(paths) or cipher.is_plain_sqlite(paths.database):
        result = encrypt.encrypt_database(paths)
        if result.recovery_code:
            pending_recovery_codes[str(paths.data_dir)] = result.recovery_code
