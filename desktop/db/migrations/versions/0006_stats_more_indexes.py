"""statistics follow-up: indexes for repeat visitors, mediators' workload and the outbox pending-op lookup

Revision ID: 0006
Revises: 0005

- Repeat visitors (分析研判) read receptions with an identity that did not become a case, by time:
  two partial indexes replace 0004's ix_receptions_visitor_window, which SQLite never chose.
- Mediators' workload counts open mediations past their deadline: deadline_at joins the partial index.
- UnitOfWork._queue_upsert looks up a pending op by (entity_id, state, action); with only
  ix_outbox_state SQLite walked every queued op, so each write got slower as the outbox grew
  (a 10,000-row ledger import was quadratic; so is any offline PC with a long queue).
"""
from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_receptions_visitor_window")
    op.execute(
        "CREATE INDEX ix_receptions_repeat_id ON receptions (visited_at, visitor_id_number) "
        "WHERE visitor_id_number IS NOT NULL AND case_id IS NULL"
    )
    op.execute(
        "CREATE INDEX ix_receptions_repeat_phone ON receptions (visited_at, visitor_phone) "
        "WHERE visitor_phone IS NOT NULL AND case_id IS NULL"
    )
    op.execute("DROP INDEX IF EXISTS ix_mediations_open_mediator")
    op.execute("CREATE INDEX ix_mediations_open_mediator ON mediations (mediator, deadline_at) WHERE outcome IS NULL")
    op.execute("CREATE INDEX ix_outbox_entity_state ON outbox (entity_id, state, action)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_outbox_entity_state")
    op.execute("DROP INDEX IF EXISTS ix_mediations_open_mediator")
    op.execute("CREATE INDEX ix_mediations_open_mediator ON mediations (mediator) WHERE outcome IS NULL")
    op.execute("DROP INDEX IF EXISTS ix_receptions_repeat_phone")
    op.execute("DROP INDEX IF EXISTS ix_receptions_repeat_id")
    op.execute("CREATE INDEX ix_receptions_visitor_window ON receptions (visited_at, visitor_id_number, visitor_phone)")
