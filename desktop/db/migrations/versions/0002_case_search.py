"""case full-text search: FTS5 trigram over number, summary, demands and party names

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # External-content FTS keyed by the cases table's rowid, kept in step by triggers.
    op.execute(
        "CREATE VIRTUAL TABLE case_fts USING fts5("
        "number, summary, demands, party_names, content='cases', content_rowid='rowid', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN "
        "INSERT INTO case_fts(rowid, number, summary, demands, party_names) "
        "VALUES (new.rowid, new.number, new.summary, new.demands, new.party_names); END"
    )
    op.execute(
        "CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN "
        "INSERT INTO case_fts(case_fts, rowid, number, summary, demands, party_names) "
        "VALUES ('delete', old.rowid, old.number, old.summary, old.demands, old.party_names); END"
    )
    op.execute(
        "CREATE TRIGGER cases_fts_au AFTER UPDATE OF number, summary, demands, party_names ON cases BEGIN "
        "INSERT INTO case_fts(case_fts, rowid, number, summary, demands, party_names) "
        "VALUES ('delete', old.rowid, old.number, old.summary, old.demands, old.party_names); "
        "INSERT INTO case_fts(rowid, number, summary, demands, party_names) "
        "VALUES (new.rowid, new.number, new.summary, new.demands, new.party_names); END"
    )
    op.execute("INSERT INTO case_fts(case_fts) VALUES ('rebuild')")


def downgrade() -> None:
    for trigger in ("cases_fts_ai", "cases_fts_ad", "cases_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS case_fts")
