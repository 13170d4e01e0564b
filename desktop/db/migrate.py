"""Schema migrations with Alembic, run at start-up after an automatic backup."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine

from desktop.domain.errors import DomainError

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaTooNew(DomainError):
    """The database was written by a newer version of the program."""


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _known(script: ScriptDirectory, revision: str) -> bool:
    # get_revision raises (rather than returning None) for a revision this program has never heard of
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def needs_upgrade(engine: Engine) -> tuple[str | None, str]:
    """(current, head); raise SchemaTooNew when the database is ahead of this program."""
    script = ScriptDirectory.from_config(_config())
    with engine.connect() as conn:
        current = current_revision(conn)
    head = head_revision()
    if current is not None and current != head and not _known(script, current):
        raise SchemaTooNew(
            "数据库是由更新版本的软件创建的，当前软件无法打开。请安装最新版本的软件；数据未做任何改动。"
        )
    return current, head


def upgrade(engine: Engine) -> None:
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
