"""statistics: hourly and daily aggregate buckets kept by triggers, ledger import register, indexes

Revision ID: 0004
Revises: 0003

A year of statistics at a million cases must answer in well under a second, which no scan of the
base tables does on office PCs. Triggers keep per-bucket counters (UTC hour and UTC day) for every
figure the statistics report; a period sums the daily buckets it covers fully and the hourly buckets
at its edges (local midnight is a whole UTC hour in every Chinese time zone). The bucket rows are
derived data: they are rebuilt from the base tables by `desktop.reports.buckets.rebuild`.
"""
from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

RESOLVED = "('closed','followed_up','archived')"

# (table, time column, metric, key expression, a expression, b expression, extra condition)
# "{r}" is NEW/OLD inside triggers and the bare table in the backfill.
SPECS: list[tuple[str, str, str, str, str, str, str]] = [
    ("cases", "registered_at", "case.all", "''", f"{{r}}status IN {RESOLVED}", "0", ""),
    ("cases", "registered_at", "case.channel", "{r}channel", f"{{r}}status IN {RESOLVED}", "0", ""),
    ("cases", "registered_at", "case.category", "{r}category", f"{{r}}status IN {RESOLVED}", "0", ""),
    ("cases", "registered_at", "case.village", "{r}village", f"{{r}}status IN {RESOLVED}", "0", ""),
    ("cases", "registered_at", "case.first_responder", "{r}first_responder", f"{{r}}status IN {RESOLVED}", "0", ""),
    ("cases", "registered_at", "case.assignee", "{r}assignee", f"{{r}}status IN {RESOLVED}", "0", ""),
    ("cases", "registered_at", "case.satisfaction", "coalesce({r}satisfaction,'')", f"{{r}}status IN {RESOLVED}", "0", ""),
    ("receptions", "visited_at", "reception", "''", "{r}people_count", "{r}answered_on_spot", ""),
    ("mediations", "started_at", "mediation", "coalesce({r}outcome,'')", "0", "0", ""),
    ("mediations", "started_at", "mediation.mediator", "{r}mediator", "coalesce({r}outcome IN ('written','oral'), 0)",
     "{r}outcome IS NOT NULL", ""),
    ("agreements", "effective_at", "agreement", "CASE WHEN {r}oral THEN 'oral' ELSE 'written' END", "0", "0", ""),
    ("agreements", "judicial_applied_at", "judicial", "''", "0", "0", ""),
]
UPDATE_COLUMNS = {
    "cases": "registered_at, status, channel, category, village, first_responder, assignee, satisfaction",
    "receptions": "visited_at, people_count, answered_on_spot",
    "mediations": "started_at, outcome, mediator",
    "agreements": "effective_at, judicial_applied_at, oral",
}
GRAINS = (("stats_hourly", 13), ("stats_daily", 10))


def _add(table: str, length: int, spec: tuple[str, str, str, str, str, str, str], ref: str, sign: str) -> str:
    _src, time_col, metric, key, a, b, cond = spec
    r = ref + "."

    def sub(expr: str) -> str:
        return expr.replace("{r}", r)

    where = f"{r}{time_col} IS NOT NULL" + (f" AND {sub(cond)}" if cond else "")
    return (
        f"INSERT INTO {table}(bucket, metric, key, n, a, b) "
        f"SELECT substr({r}{time_col}, 1, {length}), '{metric}', {sub(key)}, {sign}1, {sign}({sub(a)}), {sign}({sub(b)}) "
        f"WHERE {where} "
        "ON CONFLICT(metric, bucket, key) DO UPDATE SET n = n + excluded.n, a = a + excluded.a, b = b + excluded.b;"
    )


def trigger_sql() -> list[str]:
    out = []
    for src, cols in UPDATE_COLUMNS.items():
        specs = [s for s in SPECS if s[0] == src]
        plus = " ".join(_add(t, n, s, "NEW", "+") for s in specs for t, n in GRAINS)
        minus = " ".join(_add(t, n, s, "OLD", "-") for s in specs for t, n in GRAINS)
        out.append(f"CREATE TRIGGER stats_{src}_ai AFTER INSERT ON {src} BEGIN {plus} END")
        out.append(f"CREATE TRIGGER stats_{src}_ad AFTER DELETE ON {src} BEGIN {minus} END")
        out.append(f"CREATE TRIGGER stats_{src}_au AFTER UPDATE OF {cols} ON {src} BEGIN {minus} {plus} END")
    return out


def backfill_sql() -> list[str]:
    out = []
    for table, length in GRAINS:
        out.append(f"DELETE FROM {table}")
        for src, time_col, metric, key, a, b, cond in SPECS:
            def sub(expr: str) -> str:
                return expr.replace("{r}", "")

            where = f"{time_col} IS NOT NULL" + (f" AND {sub(cond)}" if cond else "")
            out.append(
                f"INSERT INTO {table}(bucket, metric, key, n, a, b) "
                f"SELECT substr({time_col}, 1, {length}), '{metric}', {sub(key)}, count(*), "
                f"total({sub(a)}), total({sub(b)}) FROM {src} WHERE {where} GROUP BY 1, 3"
            )
    return out


def upgrade() -> None:
    for table, _n in GRAINS:
        op.execute(
            f"CREATE TABLE {table} (bucket TEXT NOT NULL, metric TEXT NOT NULL, key TEXT NOT NULL, "
            "n INTEGER NOT NULL DEFAULT 0, a INTEGER NOT NULL DEFAULT 0, b INTEGER NOT NULL DEFAULT 0, "
            "PRIMARY KEY (metric, bucket, key)) WITHOUT ROWID"
        )
    for stmt in trigger_sql():
        op.execute(stmt)
    for stmt in backfill_sql():
        op.execute(stmt)
    # Ledger rows already imported (a fingerprint per row), so re-importing a ledger adds nothing.
    op.execute(
        "CREATE TABLE ledger_imports (fingerprint TEXT PRIMARY KEY, case_id TEXT NOT NULL, "
        "ledger TEXT NOT NULL DEFAULT '', row_number INTEGER NOT NULL DEFAULT 0, imported_at TEXT NOT NULL)"
    )
    op.execute("CREATE INDEX ix_mediations_open_mediator ON mediations (mediator) WHERE outcome IS NULL")
    op.execute("CREATE INDEX ix_county_items_kind_received ON county_items (kind, received_at, resolved)")
    op.execute("CREATE INDEX ix_receptions_visitor_window ON receptions (visited_at, visitor_id_number, visitor_phone)")
    op.execute("CREATE INDEX ix_cases_responder_registered ON cases (first_responder, registered_at, id)")
    op.execute(
        "CREATE INDEX ix_cases_open_risk ON cases (risk_level, registered_at) "
        "WHERE status IN ('registered','routed','mediating','assigned','escalated','guided')"
    )


def downgrade() -> None:
    for src in UPDATE_COLUMNS:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS stats_{src}_{suffix}")
    for stmt in (
        "DROP INDEX IF EXISTS ix_cases_open_risk",
        "DROP INDEX IF EXISTS ix_cases_responder_registered",
        "DROP INDEX IF EXISTS ix_receptions_visitor_window",
        "DROP INDEX IF EXISTS ix_county_items_kind_received",
        "DROP INDEX IF EXISTS ix_mediations_open_mediator",
        "DROP TABLE IF EXISTS ledger_imports",
        "DROP TABLE IF EXISTS stats_daily",
        "DROP TABLE IF EXISTS stats_hourly",
    ):
        op.execute(stmt)
