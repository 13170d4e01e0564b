"""case list sorted by deadline: an expression index matching the list query's sort key

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_cases_deadline_sort ON cases (coalesce(deadline_at, '9999'), id)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_cases_deadline_sort")
