"""Training townships (#12): a township marked for training takes PCs holding demo data, others refuse them.

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
    with op.batch_alter_table("townships") as batch:
        batch.add_column(sa.Column("training", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("townships") as batch:
        batch.drop_column("training")
