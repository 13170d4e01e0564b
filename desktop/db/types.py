"""Column types: UTC timestamps stored as fixed-width sortable text, JSON as text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def to_db_ts(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime: all times are stored in UTC and must be timezone-aware")
    return value.astimezone(UTC).strftime(TS_FORMAT)


def from_db_ts(value: str) -> datetime:
    """The stored text back as an aware UTC datetime. `fromisoformat` reads the TS_FORMAT text ~50× faster
    than `strptime`, whose first call also imports `_strptime` and builds its locale regexes (~10 ms of
    a cold `print`); stored text never has an offset or a "T", so either one is refused as before."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None or value[10:11] != " ":
        raise ValueError(f"not a stored UTC timestamp: {value!r}")
    return parsed.replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; text that sorts in time order."""

    impl = String(26)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else to_db_ts(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else from_db_ts(value)


class JSONText(TypeDecorator[Any]):
    """JSON kept as UTF-8 text (readable in the sqlite3 shell, Chinese unescaped)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


def utcnow() -> datetime:
    return datetime.now(UTC)
