"""Alembic environment for the local database; configured in code by desktop.db.migrate."""

from __future__ import annotations

from alembic import context

from desktop.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("desktop migrations run only through desktop.db.migrate")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
