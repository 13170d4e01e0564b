"""Demo data never holds a visit in the future (it would sit at the top of 今日接待 all day)."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop.config import Paths
from desktop.db import cipher
from desktop.db.demo import generate


def test_no_reception_after_the_generation_time(paths: Paths) -> None:
    until = datetime(2026, 11, 5, 9, 30, tzinfo=UTC)
    generate(paths.database, 2000, seed=3, until=until, days=30, workers=1)
    conn = cipher.connect(paths.database)
    try:
        latest = conn.execute("SELECT max(visited_at) FROM receptions").fetchone()[0]
        later = conn.execute("SELECT count(*) FROM receptions WHERE substr(visited_at, 1, 19) > ?",
                             (until.replace(tzinfo=None).isoformat(sep=" "),)).fetchone()[0]  # whole seconds
    finally:
        conn.close()
    assert latest is not None
    assert later == 0, f"{later} visits after {until} (latest {latest})"
