"""case file materials: paper (or scanned) materials of a 卷宗 with their page counts

Revision ID: 0007
Revises: 0006

The 卷宗's contents list names materials kept only on paper (权利义务告知书, 当事人身份证明, 证据材料…)
with their pages; this local table holds them (not synced: the paper folder stays at the township).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_file_materials",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("scanned", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_file_materials_case", "case_file_materials", ["case_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_case_file_materials_case", table_name="case_file_materials")
    op.drop_table("case_file_materials")
