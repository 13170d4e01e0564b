from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.db import cipher
from desktop.db.demo import generate
from desktop.db.queries import CaseFilter, count_cases, list_cases
from desktop.db.services import cases as cs

from .helpers import two_party_form


@pytest.fixture
def demo_db(db, paths):
    generate(paths.database, 1500, seed=7, until=datetime(2026, 11, 1, tzinfo=UTC))
    return db


def _raw(paths, sql: str, *args) -> list[tuple]:
    conn = cipher.connect(paths.database)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _all_pages(db, f: CaseFilter, limit: int = 97):
    seen, after = [], None
    with db.read() as s:
        while True:
            rows, after = list_cases(s, f, after, limit=limit)
            seen.extend(rows)
            if after is None:
                return seen


@pytest.mark.parametrize("sort", ["registered_desc", "registered_asc", "deadline_asc"])
def test_keyset_paging_visits_every_row_once_in_order(demo_db, paths, sort) -> None:
    rows = _all_pages(demo_db, CaseFilter(sort=sort))
    assert len(rows) == len({r.id for r in rows}) == 1500
    keys = [r.registered_at for r in rows] if sort != "deadline_asc" else [r.deadline_at for r in rows]
    assert keys == sorted(keys, reverse=(sort == "registered_desc"))


def test_filters_match_sql(demo_db, paths) -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    cat = _raw(paths, "SELECT count(*) FROM cases WHERE category='邻里'")[0][0]
    assert len(_all_pages(demo_db, CaseFilter(category="邻里"))) == cat
    overdue = _raw(paths, "SELECT count(*) FROM cases WHERE status IN ('registered','routed','mediating','assigned',"
                   "'escalated','guided') AND deadline_at < ?", now.strftime("%Y-%m-%d %H:%M:%S.%f"))[0][0]
    assert overdue > 0
    with demo_db.read() as s:
        assert count_cases(s, CaseFilter(overdue=True), now=now) == overdue
        assert count_cases(s, CaseFilter(category="邻里", village="东风村")) == _raw(
            paths, "SELECT count(*) FROM cases WHERE category='邻里' AND village='东风村'")[0][0]


def test_search_kinds(demo_db, ctx, admin, paths) -> None:
    case = cs.register_case(ctx, admin, two_party_form(summary="养殖场污水排入鱼塘", name_a="欧阳𠀾", id_a="440524188001010014"))
    with demo_db.read() as s:
        def ids(q: str) -> set[str]:
            rows, _ = list_cases(s, CaseFilter(search=q), limit=2000)
            return {r.id for r in rows}

        assert case.id in ids("欧阳")  # 2 characters: name prefix
        assert case.id in ids("欧")  # 1 character
        assert case.id in ids("污水排入")  # 3+ characters: full text
        assert ids("440524188001010014") == {case.id}  # exact ID number
        assert case.id in ids("13800138000")  # exact phone
        assert case.id in ids(case.number)
        assert ids("不存在的内容啊") == set()
    # Full text agrees with a plain substring scan of the base table.
    expected = {r[0] for r in _raw(paths, "SELECT id FROM cases WHERE instr(summary, '遮挡采光') > 0")}
    with demo_db.read() as s:
        rows, _ = list_cases(s, CaseFilter(search="遮挡采光"), limit=5000)
    assert {r.id for r in rows} == expected and expected


def test_list_masks_ids_and_reports_sync_state(ctx, db, admin) -> None:
    cs.register_case(ctx, admin, two_party_form())
    with db.read() as s:
        rows, _ = list_cases(s, CaseFilter())
    assert rows[0].masked_id == "1101**********002X"
    assert rows[0].sync_state == "queued"
