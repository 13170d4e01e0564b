"""receptions.server_rev: the county revision of a reception, like every other upserted record

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The sync engine sends the record's server revision as base_rev; without it a second edit of a
    # reception already on the county would always come back as a conflict.
    with op.batch_alter_table("receptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("server_rev", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("receptions", schema=None) as batch_op:
        batch_op.drop_column("server_rev")
