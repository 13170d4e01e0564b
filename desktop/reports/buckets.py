"""Sums of the trigger-kept statistics buckets (migration 0004) over a time range.

A range is covered by whole UTC days from `stats_daily` plus the UTC hours at its edges from
`stats_hourly`. Ranges whose ends are not whole UTC hours (a zone with a half-hour offset, or a
custom datetime) are computed from the base tables instead (`raw_sums`), with the same result.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.db.models import RESOLVED_STATUS_SQL
from desktop.db.types import to_db_ts
from desktop.domain.enums import RESOLVED_STATUSES, in_declaration_order

RESOLVED = tuple(s.value for s in in_declaration_order(RESOLVED_STATUSES))
Sums = dict[str, dict[str, tuple[int, int, int]]]  # metric -> key -> (n, a, b)


def _hour(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H")


def _day(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d")


def _whole_hour(dt: datetime) -> bool:
    u = dt.astimezone(UTC)
    return u.minute == 0 and u.second == 0 and u.microsecond == 0


def pieces(start: datetime, end: datetime) -> list[tuple[str, str, str]]:
    """(table, first bucket, end bucket exclusive) pieces covering [start, end) exactly."""
    s, e = start.astimezone(UTC), end.astimezone(UTC)
    if e <= s:
        return []
    first_day = (s + timedelta(hours=23)).replace(hour=0)  # the first UTC midnight at or after s
    last_day = e.replace(hour=0)  # the last UTC midnight at or before e
    if first_day >= last_day:
        return [("stats_hourly", _hour(s), _hour(e))]
    out = []
    if s < first_day:
        out.append(("stats_hourly", _hour(s), _hour(first_day)))
    out.append(("stats_daily", _day(first_day), _day(last_day)))
    if last_day < e:
        out.append(("stats_hourly", _hour(last_day), _hour(e)))
    return out


def bucket_sums(session: Session, start: datetime, end: datetime, metrics: tuple[str, ...] = ()) -> Sums:
    """Totals per (metric, key) for [start, end)."""
    if not (_whole_hour(start) and _whole_hour(end)):
        return raw_sums(session, start, end)
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    # The primary key is (metric, bucket, key): one index range per metric.
    metrics = metrics or METRICS
    names = [f":m{i}" for i in range(len(metrics))]
    metric_cond = f" AND metric IN ({', '.join(names)})"
    params = {f"m{i}": m for i, m in enumerate(metrics)}
    for table, lo, hi in pieces(start, end):
        rows = session.execute(
            text(
                f"SELECT metric, key, sum(n), sum(a), sum(b) FROM {table} "  # table is one of two constants
                f"WHERE bucket >= :lo AND bucket < :hi{metric_cond} GROUP BY metric, key"
            ),
            {"lo": lo, "hi": hi, **params},
        ).all()
        for metric, key, n, a, b in rows:
            acc = out[metric][key]
            acc[0] += int(n)
            acc[1] += int(a)
            acc[2] += int(b)
    return {m: {k: (v[0], v[1], v[2]) for k, v in keys.items() if v[0]} for m, keys in out.items()}


_RAW: list[tuple[str, str, str, str, str, str, str]] = [
    ("cases", "registered_at", "case.all", "''", RESOLVED_STATUS_SQL, "0", ""),
    ("cases", "registered_at", "case.channel", "channel", RESOLVED_STATUS_SQL, "0", ""),
    ("cases", "registered_at", "case.category", "category", RESOLVED_STATUS_SQL, "0", ""),
    ("cases", "registered_at", "case.village", "village", RESOLVED_STATUS_SQL, "0", ""),
    ("cases", "registered_at", "case.first_responder", "first_responder",
     RESOLVED_STATUS_SQL, "0", ""),
    ("cases", "registered_at", "case.assignee", "assignee", RESOLVED_STATUS_SQL, "0", ""),
    ("cases", "registered_at", "case.satisfaction", "coalesce(satisfaction,'')",
     RESOLVED_STATUS_SQL, "0", ""),
    ("receptions", "visited_at", "reception", "''", "people_count", "answered_on_spot", ""),
    ("mediations", "started_at", "mediation", "coalesce(outcome,'')", "0", "0", ""),
    ("mediations", "started_at", "mediation.mediator", "mediator", "outcome IN ('written','oral')",
     "outcome IS NOT NULL", ""),
    ("agreements", "effective_at", "agreement", "CASE WHEN oral THEN 'oral' ELSE 'written' END", "0", "0", ""),
    ("agreements", "judicial_applied_at", "judicial", "''", "0", "0", ""),
]


METRICS = tuple(spec[2] for spec in _RAW)


def raw_sums(session: Session, start: datetime, end: datetime) -> Sums:
    """The same totals straight from the base tables (exact for any boundaries; slower)."""
    out: Sums = {}
    lo, hi = to_db_ts(start), to_db_ts(end)
    for table, col, metric, key, a, b, _cond in _RAW:
        rows = session.execute(
            text(
                f"SELECT {key}, count(*), total({a}), total({b}) FROM {table} "  # constants only
                f"WHERE {col} >= :lo AND {col} < :hi GROUP BY 1"
            ),
            {"lo": lo, "hi": hi},
        ).all()
        if rows:
            out[metric] = {str(k): (int(n), int(x), int(y)) for k, n, x, y in rows}
    return out


def trend(session: Session, start: datetime, end: datetime, grain: str) -> list[tuple[str, int, int]]:
    """(local day or month label, cases accepted, of which resolved) for each step of [start, end)."""
    acc: dict[str, list[int]] = {}
    # Steps are local calendar dates (stepping aware datetimes would drift across an offset change).
    day, last = start.astimezone().date(), (end - timedelta(microseconds=1)).astimezone().date()
    while day <= last:
        acc.setdefault(day.isoformat() if grain == "day" else day.isoformat()[:7], [0, 0])
        day += timedelta(days=1)
    offset_start, offset_end = start.astimezone().utcoffset(), end.astimezone().utcoffset()
    params = {"lo": _hour(start), "hi": _hour(end), "n": 10 if grain == "day" else 7}
    if offset_start == offset_end and offset_start is not None:
        # One UTC offset over the whole range (China has no daylight saving): SQLite shifts and groups.
        params["shift"] = f"{int(offset_start.total_seconds() // 60):+d} minutes"
        rows: list[tuple[str, int, int]] = [(str(k), int(n), int(a)) for k, n, a in session.execute(
            text(
                "SELECT substr(datetime(bucket || ':00:00', :shift), 1, :n), sum(n), sum(a) FROM stats_hourly "
                "WHERE metric = 'case.all' AND bucket >= :lo AND bucket < :hi GROUP BY 1"
            ),
            params,
        ).all()]
    else:
        fmt = "%Y-%m-%d" if grain == "day" else "%Y-%m"
        grouped: dict[str, list[int]] = {}
        # The offset changes inside the range: convert each hourly bucket (at most 24 a day).
        for bucket, n, a in session.execute(
            text("SELECT bucket, n, a FROM stats_hourly WHERE metric = 'case.all' AND bucket >= :lo AND bucket < :hi"),
            params,
        ).all():
            label = datetime.strptime(bucket, "%Y-%m-%d %H").replace(tzinfo=UTC).astimezone().strftime(fmt)
            g = grouped.setdefault(label, [0, 0])
            g[0] += int(n)
            g[1] += int(a)
        rows = [(k, v[0], v[1]) for k, v in grouped.items()]
    for label, n, a in rows:
        if label in acc:
            acc[label][0] += int(n)
            acc[label][1] += int(a)
    return [(k, v[0], v[1]) for k, v in acc.items()]


def rebuild(session: Session) -> None:
    """Recompute every bucket from the base tables (after a restore, or to repair a suspected drift).

    Uses this module's own copy of the metric definitions (migrations stay frozen); a test checks it
    gives exactly what the migration's triggers keep.
    """
    session.execute(text("DELETE FROM stats_hourly"))
    session.execute(text("DELETE FROM stats_daily"))
    for table, col, metric, key, a, b, _cond in _RAW:
        session.execute(text(
            "INSERT INTO stats_hourly(bucket, metric, key, n, a, b) "
            f"SELECT substr({col}, 1, 13), '{metric}', {key}, count(*), total({a}), total({b}) "
            f"FROM {table} WHERE {col} IS NOT NULL GROUP BY 1, 3"
        ))
    session.execute(text(
        "INSERT INTO stats_daily(bucket, metric, key, n, a, b) "
        "SELECT substr(bucket, 1, 10), metric, key, sum(n), sum(a), sum(b) FROM stats_hourly GROUP BY 1, 2, 3"
    ))
