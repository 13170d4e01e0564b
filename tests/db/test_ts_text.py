"""Stored timestamps: the fixed-width UTC text reads back exactly; anything else is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from desktop.db.types import from_db_ts, to_db_ts


@pytest.mark.parametrize("moment", [
    datetime(2026, 12, 3, 22, 30, 1, 123456, tzinfo=UTC),
    datetime(2026, 1, 1, 0, 0, 0, 0, tzinfo=UTC),
    datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=8))),  # stored as UTC
])
def test_round_trip(moment: datetime) -> None:
    text = to_db_ts(moment)
    assert len(text) == 26
    back = from_db_ts(text)
    assert back == moment and back.tzinfo is UTC


def test_millisecond_text_from_sqlite_reads() -> None:
    assert from_db_ts("2026-12-03 10:11:12.123") == datetime(2026, 12, 3, 10, 11, 12, 123000, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-12-03T10:11:12.123456", "2026-12-03 10:11:12.123456+08:00", "03/12/2026", ""])
def test_other_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        from_db_ts(text)
