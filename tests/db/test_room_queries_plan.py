"""The mediation room's list (人民调解, room_queries.list_mediations): SQLite walks the partial index of open
mediations (ix_mediations_open_started, migration 0009) for the 进行中 page, with and without a search, seeks
it for the next page, and every page shape gives the rows a plain query gives, in the same order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event

from desktop.db import cipher
from desktop.db.demo import generate
from desktop.db.room_queries import MediationKey, list_mediations

NOW = datetime(2026, 11, 1, tzinfo=UTC)
OPEN_INDEX = "ix_mediations_open_started"


@pytest.fixture
def demo_db(db: Any, paths: Any) -> Any:
    generate(paths.database, 1500, seed=7, until=NOW)
    return db


@contextmanager
def plans(db: Any) -> Iterator[list[str]]:
    """EXPLAIN QUERY PLAN of every SELECT the block runs, as one string each."""
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    found: list[str] = []
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    with db.read() as s:
        for statement, parameters in statements:
            rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            found.append(" | ".join(str(r[3]) for r in rows))


def _page(db: Any, status: str, search: str = "", after: MediationKey | None = None) -> tuple[list[str], Any]:
    with db.read() as s:
        rows, key = list_mediations(s, status, search, after=after, limit=20)
    return [r.id for r in rows], key


def _all_pages(db: Any, status: str, search: str = "") -> list[str]:
    ids, key = _page(db, status, search)
    while key is not None:
        more, key = _page(db, status, search, key)
        ids += more
    return ids


def _sql(paths: Any, sql: str, *args: Any) -> list[Any]:
    conn = cipher.connect(paths.database)
    try:
        return [r[0] for r in conn.execute(sql, args).fetchall()]
    finally:
        conn.close()


def _surname(paths: Any) -> str:
    """The commonest first character of a party's name among open mediations (a 1-character search)."""
    return str(_sql(paths, "SELECT substr(p.name, 1, 1) AS s FROM parties p JOIN mediations m ON m.case_id = p.case_id "
                           "WHERE m.outcome IS NULL GROUP BY s ORDER BY count(*) DESC LIMIT 1")[0])


def test_open_page_walks_the_partial_index(demo_db: Any, paths: Any) -> None:
    surname = _surname(paths)
    file_number = _sql(paths, "SELECT file_number FROM mediations WHERE outcome IS NULL LIMIT 1")[0]
    for search in ("", surname, file_number[-6:]):
        with plans(demo_db) as found:
            ids, _key = _page(demo_db, "open", search)
        assert ids, search
        assert len(found) == 1 and OPEN_INDEX in found[0], (search, found)
        assert "ix_mediations_case_id" not in found[0] and "TEMP B-TREE" not in found[0], (search, found)
    # The next page seeks the index to the key (a row value), never scans it again from the top.
    ids, key = _page(demo_db, "open")
    assert key is not None
    with plans(demo_db) as found:
        _page(demo_db, "open", after=key)
    assert f"SEARCH mediations USING INDEX {OPEN_INDEX} ((started_at,id)<(?,?))" in found[0], found


def test_page_after_the_last_open_one_reads_concluded_along_an_index(demo_db: Any, paths: Any) -> None:
    """The page that completes the open group with concluded rows: asked for a few rows, SQLite once chose a
    full scan and a sort of every concluded mediation (340 ms at 100,000 cases)."""
    open_count = int(_sql(paths, "SELECT count(*) FROM mediations WHERE outcome IS NULL")[0])
    assert open_count > 20
    _ids, key = _page(demo_db, "all")
    while key is not None and key[0] == 0:
        last_key = key
        _ids, key = _page(demo_db, "all", after=key)
    with plans(demo_db) as found:
        _page(demo_db, "all", after=last_key)
    concluded = [p for p in found if OPEN_INDEX not in p]
    assert concluded and all("USING INDEX ix_mediations_started_at" in p for p in concluded), found


@pytest.mark.parametrize("status", ["open", "concluded", "all"])
def test_every_page_shape_gives_the_plain_querys_rows(demo_db: Any, paths: Any, status: str) -> None:
    where = {"open": "m.outcome IS NULL", "concluded": "m.outcome IS NOT NULL", "all": "1"}[status]
    order = "ORDER BY (m.outcome IS NOT NULL), m.started_at DESC, m.id DESC"
    assert _all_pages(demo_db, status) == _sql(paths, f"SELECT m.id FROM mediations m WHERE {where} {order}")
    surname = _surname(paths)
    expected = _sql(paths, f"SELECT m.id FROM mediations m WHERE {where} AND m.case_id IN "
                           f"(SELECT case_id FROM parties WHERE substr(name, 1, 1) = ?) {order}", surname)
    assert len(expected) > 1
    assert _all_pages(demo_db, status, surname) == expected
