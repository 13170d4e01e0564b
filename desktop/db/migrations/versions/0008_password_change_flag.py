"""accounts: a password someone else set (installer, administrator, command line) must be changed at sign-in

Revision ID: 0008
Revises: 0007

Accounts of older versions keep working; one still using a well-known default password (admin123)
is flagged at its next sign-in (desktop/db/services/users.py).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
