"""The query shapes chosen for speed at 1M cases give the same rows as the plain ones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.db import cipher, queries
from desktop.db.demo import generate
from desktop.db.queries import CaseFilter, list_cases

NOW = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def demo_db(db, paths):
    generate(paths.database, 1200, seed=5, until=NOW)
    return db


def _pages(db, f: CaseFilter, limit: int = 40) -> list[str]:
    seen, after = [], None
    with db.read() as s:
        while True:
            rows, after = list_cases(s, f, after, limit=limit, now=NOW)
            seen.extend(r.id for r in rows)
            if after is None:
                return seen


def _sql(paths, sql: str, *args) -> list[str]:
    conn = cipher.connect(paths.database)
    try:
        return [r[0] for r in conn.execute(sql, args).fetchall()]
    finally:
        conn.close()


@pytest.mark.parametrize("common", [True, False])
def test_common_and_rare_searches_give_the_same_rows_in_date_order(demo_db, paths, monkeypatch, common) -> None:
    # COMMON_MATCHES decides the shape: 1 makes every search "common", a huge value none.
    monkeypatch.setattr(queries, "COMMON_MATCHES", 1 if common else 10**9)
    order = "ORDER BY registered_at DESC, id DESC"
    assert _pages(demo_db, CaseFilter(search="遮挡采光")) == _sql(
        paths, f"SELECT id FROM cases WHERE instr(summary, '遮挡采光') > 0 {order}")
    surname = _sql(paths, "SELECT substr(name, 1, 1) FROM parties WHERE position = 0 LIMIT 1")[0]
    expected = _sql(paths, f"SELECT id FROM cases WHERE id IN (SELECT case_id FROM parties WHERE substr(name, 1, 1) = ?) "
                    f"{order}", surname)
    assert len(expected) > 7
    assert _pages(demo_db, CaseFilter(search=surname), limit=7) == expected
    # With another filter on top, and the keyset crossing pages.
    assert _pages(demo_db, CaseFilter(search="宅基地", village="东风村"), limit=3) == _sql(
        paths, f"SELECT id FROM cases WHERE instr(summary, '宅基地') > 0 AND village = '东风村' {order}")


def test_open_statuses_as_a_list_use_the_open_condition(demo_db, paths) -> None:
    open_ids = _pages(demo_db, CaseFilter(statuses=queries.OPEN_VALUES))
    assert open_ids == _pages(demo_db, CaseFilter(open_only=True)) == _sql(
        paths, "SELECT id FROM cases WHERE status IN ('registered','routed','mediating','assigned','escalated','guided') "
        "ORDER BY registered_at DESC, id DESC")
    assert open_ids
