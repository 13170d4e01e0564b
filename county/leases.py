"""Number leases, the sanity report, and enrolment-code expiry lookup."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import Engine, and_, insert, select, update

from county.common import (
    EC,
    LC,
    LG,
    DeviceContext,
    R,
    lock_township,
    sha256_hex,
)
from county.db import as_utc, utcnow
from desktop.domain.numbering import FALLBACK_BASE
from desktop.domain.records import Entity
from desktop.sync.protocol import (
    LEASE_MAX_YEAR,
    LEASE_MIN_YEAR,
    LEASE_SERIES,
    MAX_LEASE_COUNT,
    ErrorCode,
    Lease,
    SanityReport,
    api_error,
    ids_digest,
)


def lease(engine: Engine, ctx: DeviceContext, data: object) -> Lease:
    if not isinstance(data, dict):
        raise api_error(ErrorCode.INVALID_REQUEST, 400)
    series, year, count = data.get("series"), data.get("year"), data.get("count")
    if series not in LEASE_SERIES:
        raise api_error(
            ErrorCode.INVALID_REQUEST, 400, field="series", message="series 应为 case、file 或 agreement"
        )
    if not isinstance(year, int) or isinstance(year, bool) or not LEASE_MIN_YEAR <= year <= LEASE_MAX_YEAR:
        raise api_error(
            ErrorCode.INVALID_REQUEST,
            400,
            field="year",
            message=f"year 应为 {LEASE_MIN_YEAR} 到 {LEASE_MAX_YEAR} 的整数",
        )
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_LEASE_COUNT:
        raise api_error(
            ErrorCode.INVALID_REQUEST, 400, field="count", message=f"count 应为 1 到 {MAX_LEASE_COUNT} 的整数"
        )
    assert isinstance(series, str)
    with engine.begin() as conn:
        lock_township(conn, ctx.township_id)  # serialises leases of one township on both databases
        key = and_(LC.c.township_id == ctx.township_id, LC.c.series == series, LC.c.year == year)
        current = conn.execute(select(LC.c.next_value).where(key)).scalar()
        start = 1 if current is None else int(current)
        end = start + count - 1
        if end >= FALLBACK_BASE:
            raise api_error(ErrorCode.LEASE_EXHAUSTED, 409, field="count")
        if current is None:
            conn.execute(
                insert(LC).values(township_id=ctx.township_id, series=series, year=year, next_value=end + 1)
            )
        else:
            conn.execute(update(LC).where(key).values(next_value=end + 1))
        conn.execute(
            insert(LG).values(
                township_id=ctx.township_id,
                device_id=ctx.device_id,
                series=series,
                year=year,
                start=start,
                end=end,
                created_at=utcnow(),
            )
        )
    return Lease(series=series, year=year, start=start, end=end)


def sanity(engine: Engine, ctx: DeviceContext) -> SanityReport:
    ids: dict[str, list[str]] = {e.value: [] for e in Entity}
    with engine.connect() as conn:
        for entity, entity_id in conn.execute(
            select(R.c.entity, R.c.entity_id).where(R.c.township_id == ctx.township_id)
        ):
            ids.setdefault(entity, []).append(entity_id)
    return SanityReport(
        township_code=ctx.township_code,
        counts={e: len(v) for e, v in ids.items()},
        digests={e: ids_digest(v) for e, v in ids.items()},
    )


def enroll_code_expiry(engine: Engine, code: str) -> datetime | None:
    """For tests and the CLI: when a (normalised) code expires, None if unknown."""
    normalized = re.sub(r"[\s-]", "", code).upper()
    with engine.connect() as conn:
        value = conn.execute(select(EC.c.expires_at).where(EC.c.code_hash == sha256_hex(normalized))).scalar()
    return as_utc(value) if value else None
