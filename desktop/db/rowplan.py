"""Precompiled INSERTs for the hot write paths (a registration, the pull's bulk writer).

A plan is one model's INSERT statement over all its columns plus each column's bind processor (the
same SQLAlchemy type processors a flush uses), built once per model. Rows are executed on the DB-API
connection of the session's open transaction: no statement construction, compilation or cache-key
work per write. A DB-API error is wrapped as SQLAlchemy wraps it, so callers see the same exceptions
as with `session.execute`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Date, Table
from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from .cipher import DBAPI
from .models import Base
from .types import UTCDateTime

PLAIN, UTC_TIME, DATE, PROCESSED = range(4)
DBAPI_ERROR: type[Exception] = DBAPI.Error


@dataclass
class InsertPlan:
    sql: str
    columns: list[tuple[str, int, Any, Any]]  # key, kind, bind processor, column default


_PLANS: dict[type[Base], InsertPlan] = {}


def insert_plan(model: type[Base], dialect: Any) -> InsertPlan:
    plan = _PLANS.get(model)
    if plan is None:
        cols = list(sa_inspect(model).columns)
        table = cast(Table, model.__table__)
        columns = []
        for c in cols:
            proc = c.type.bind_processor(dialect)
            kind = UTC_TIME if isinstance(c.type, UTCDateTime) else DATE if isinstance(c.type, Date) else PROCESSED if proc else PLAIN
            columns.append((c.key, kind, proc, c.default))
        plan = InsertPlan(
            sql=f"INSERT INTO {table.name} ({', '.join(c.name for c in cols)}) VALUES ({', '.join('?' for _ in cols)})",
            columns=columns,
        )
        _PLANS[model] = plan
    return plan


def column_default(default: Any) -> Any:
    """The value of a column's Python-side default (None without one), as a Core insert computes it."""
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


_MISSING = object()


def bound_row(plan: InsertPlan, values: Mapping[str, Any]) -> tuple[Any, ...]:
    """Python values (as a model's attributes hold them) bound as a Core insert binds them: a missing
    key takes its column default, each non-None value goes through its type's bind processor."""
    row: list[Any] = []
    for key, _kind, proc, default in plan.columns:
        value = values.get(key, _MISSING)
        if value is _MISSING:
            value = column_default(default)
        row.append(proc(value) if proc is not None and value is not None else value)
    return tuple(row)


def driver_connection(session: Session) -> Any:
    """The DB-API connection of the session's transaction (BEGIN already issued on it)."""
    return session.connection().connection.driver_connection


def execute(session: Session, sql: str, params: Sequence[Any] = (), conn: Any = None) -> Any:
    """One statement on the session's DB-API connection; DB-API errors raised as SQLAlchemy's."""
    conn = conn if conn is not None else driver_connection(session)
    try:
        return conn.execute(sql, params)
    except DBAPI_ERROR as e:
        raise sa_exc.DBAPIError.instance(sql, params, e, DBAPI_ERROR) from e


def insert_rows(session: Session, model: type[Base], rows: list[Mapping[str, Any]], conn: Any = None) -> None:
    """INSERT `rows` of `model` (attribute values) through its plan."""
    conn = conn if conn is not None else driver_connection(session)
    plan = insert_plan(model, session.get_bind().dialect)
    bound = [bound_row(plan, r) for r in rows]
    try:
        if len(bound) == 1:
            conn.execute(plan.sql, bound[0])
        else:
            conn.executemany(plan.sql, bound)
    except DBAPI_ERROR as e:
        raise sa_exc.DBAPIError.instance(plan.sql, bound, e, DBAPI_ERROR) from e

