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


def _plan(db, stmt) -> str:
    """EXPLAIN QUERY PLAN of a SQLAlchemy statement, as one string."""
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    compiled = stmt.compile(dialect=sqlite_dialect.dialect(), compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = tuple(params[k] for k in compiled.positiontup or ())
    args = tuple(v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v for v in args)
    with db.read() as s:
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), args).all()
    return " | ".join(str(r[3]) for r in rows)


def test_open_condition_is_written_as_the_partial_indexes_where(demo_db) -> None:
    """The open-case condition must reach SQLite exactly as ix_cases_open_* spell it (no "= 1" appended),
    so that at 1M the overdue count is answered from the open-deadline index alone (657 ms → ~10 ms; the
    plan at this test's 1,200 cases depends on the data, so the bench checks it: docs/perf/db.md)."""
    from sqlalchemy import func, literal_column, select

    from desktop.db.models import OPEN_STATUS_SQL, Case

    conds = queries._conditions(CaseFilter(overdue=True), NOW)
    inner = select(literal_column("1")).select_from(Case).where(*conds).limit(100_001).subquery()
    stmt = select(func.count()).select_from(inner)
    sql = str(stmt.compile())
    assert "cases." + OPEN_STATUS_SQL + " AND" in sql and OPEN_STATUS_SQL + " = 1" not in sql
    with demo_db.read() as s:
        assert queries.count_cases(s, CaseFilter(overdue=True), now=NOW) == len(
            _pages(demo_db, CaseFilter(overdue=True))) > 0


def test_a_whole_case_number_is_looked_up_by_its_key(demo_db, paths) -> None:
    number = _sql(paths, "SELECT number FROM cases ORDER BY number LIMIT 1 OFFSET 10")[0]
    for typed in (number, number.lower(), f" {number} "):
        assert [r.number for r in list_cases_now(demo_db, typed)] == [number]
    stmt = queries.case_query(CaseFilter(search=number), NOW)
    assert "sqlite_autoindex_cases" in _plan(demo_db, stmt)  # the unique index on cases.number, not the FTS
    # Every range of real numbers (leased, fallback, overflow) is recognised as a whole number too.
    from desktop.domain.numbering import CASE_NUMBER_RE, NumberFormat, fallback_value

    fmt = NumberFormat("220402")
    for value in (1, 899_999, fallback_value(98, 999), fallback_value(98, 10**6)):
        assert CASE_NUMBER_RE.match(fmt.case_number(2026, value)), value
    # A part of a number is still a substring search over every number.
    part = number[:-1]
    assert {r.number for r in list_cases_now(demo_db, part)} == set(
        _sql(paths, "SELECT number FROM cases WHERE instr(number, ?) > 0", part))


def list_cases_now(db, search: str) -> list:
    with db.read() as s:
        return list_cases(s, CaseFilter(search=search), now=NOW, limit=200)[0]


def _executed_plan(db, f: CaseFilter) -> str:
    """EXPLAIN QUERY PLAN of the SELECT list_cases really sends (with its table hint), as one string."""
    from sqlalchemy import event

    sent: list[tuple[str, tuple]] = []

    def capture(conn, cursor, statement, params, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.read() as s:
            list_cases(s, f, now=NOW)
            statement, params = sent[-1]
            rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return " | ".join(str(r[3]) for r in rows)


@pytest.mark.parametrize("extra", [{}, {"category": "邻里"}, {"village": "东风村"}, {"category": "不存在"}])
def test_open_cases_by_deadline_walk_the_open_deadline_index_and_give_the_plain_rows(
        demo_db, paths, monkeypatch, extra) -> None:
    """The open-by-deadline list is read along ix_cases_open_deadline_sort (migration 0010; without the hint
    the planner sorted every open case: 447 ms at 1M) and pages through exactly the rows of the plain query."""
    f = CaseFilter(open_only=True, sort="deadline_asc", **extra)
    plan = _executed_plan(demo_db, f)
    assert "ix_cases_open_deadline_sort" in plan and "TEMP B-TREE" not in plan, plan
    hinted = _pages(demo_db, f, limit=9)
    monkeypatch.setattr(queries, "_only_open", lambda f: False)  # the plain path: the planner's own choice
    assert "ix_cases_open_deadline_sort" not in _executed_plan(demo_db, f)
    assert hinted == _pages(demo_db, f, limit=9)
    where = " AND ".join(f"{k} = '{v}'" for k, v in extra.items())
    expected = _sql(paths, "SELECT id FROM cases WHERE status IN ('registered','routed','mediating','assigned',"
                    "'escalated','guided') " + (f"AND {where} " if where else "")
                    + "ORDER BY coalesce(deadline_at, '9999'), id")
    assert hinted == expected
    if not extra:
        assert len(expected) > 20


def test_a_search_or_date_range_keeps_the_planners_choice(demo_db) -> None:
    for f in (CaseFilter(open_only=True, sort="deadline_asc", search="宅基地"),
              CaseFilter(open_only=True, sort="deadline_asc", overdue=True)):
        assert "ix_cases_open_deadline_sort" not in _executed_plan(demo_db, f)
