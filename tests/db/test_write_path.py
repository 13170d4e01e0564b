"""The registration write path (rowplan's precompiled inserts) writes exactly what the plain SQLAlchemy path
writes, in fewer statements."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from desktop.config import Paths
from desktop.db import rowplan
from desktop.db.engine import Database
from desktop.db.models import AuditEntry, Base, Case, CaseEvent, OutboxOp, Party
from desktop.db.open import open_database
from desktop.db.payloads import to_payload
from desktop.db.services import cases as cs

from .helpers import copy_database_folder, two_party_form

# Written by one registration, parents before children (foreign keys).
MODELS: list[type[Base]] = [Case, Party, CaseEvent, AuditEntry, OutboxOp]


def _raw_rows(db: Database, model: type[Base]) -> list[tuple[Any, ...]]:
    table = cast(Table, model.__table__)
    with db.read() as s:
        return [tuple(r) for r in s.connection().exec_driver_sql(f"SELECT * FROM {table.name} ORDER BY rowid").all()]


def _attribute_rows(db: Database, model: type[Base]) -> list[dict[str, Any]]:
    """The rows as Python values (what the ORM reads back), keyed by column."""
    keys = [c.key for c in inspect(model).columns]
    with db.read() as s:
        return [{k: getattr(o, k) for k in keys} for o in s.scalars(select(model)).all()]


def test_registration_rows_equal_the_plain_core_insert_of_the_same_values(ctx, db, admin, tmp_path: Path,
                                                                           migrated_template: Path) -> None:
    case = cs.register_case(ctx, admin, two_party_form())
    # A second, fresh database: the same values written by plain Core inserts (SQLAlchemy binds them).
    other = Paths(tmp_path / "plain").ensure()
    copy_database_folder(migrated_template, other)
    plain = open_database(other)
    try:
        with plain.write() as s:
            for model in MODELS:
                for row in _attribute_rows(db, model):
                    s.execute(insert(cast(Table, model.__table__)), row)
        for model in MODELS:
            fast_rows = _raw_rows(db, model)
            assert fast_rows, model
            assert fast_rows == _raw_rows(plain, model), model.__name__
    finally:
        plain.dispose()
    assert case.number


def test_queued_payload_is_the_stored_row_without_reading_it_back(ctx, db, admin) -> None:
    cs.register_case(ctx, admin, two_party_form())  # warm the pool
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
    seen: list[str] = []
    raw.set_trace_callback(seen.append)
    try:
        case = cs.register_case(ctx, admin, two_party_form(summary="新的一件：邻里噪音纠纷"))
    finally:
        raw.set_trace_callback(None)
    top = [s for s in seen if not s.startswith("--")]
    assert not [s for s in top if s.startswith("SELECT") and "FROM cases" in s], "the new case was read back"
    assert len({s for s in top}) <= 14, top  # BEGIN, numbering (≤ 4), case, 2 parties, 2 audit, 2 outbox, event, COMMIT
    with db.read() as s:
        stored = s.get(Case, case.id)
        assert stored is not None
        queued = s.scalars(select(OutboxOp.payload).where(OutboxOp.entity_id == case.id)).one()
        assert queued == to_payload(stored)


def test_database_errors_surface_as_sqlalchemy_errors(ctx, db, admin) -> None:
    """A constraint failure on the fast path raises what a Core insert raises (callers catch those)."""
    case = cs.register_case(ctx, admin, two_party_form())
    with pytest.raises(IntegrityError), ctx.unit(admin) as uow:
        rowplan.insert_rows(uow.session, AuditEntry, [{"id": case.id, "at": case.registered_at, "actor": "x",
                                                       "action": "a", "entity": "case", "entity_id": case.id}] * 2)
