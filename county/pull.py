"""Pull: opaque cursors and one page of a township's change feed."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re

from sqlalchemy import Engine, insert, or_, select, true, update

from county.common import (
    AL,
    C,
    D,
    DeviceContext,
    T,
)
from county.db import utcnow
from desktop.sync.protocol import (
    ErrorCode,
    api_error,
)

log = logging.getLogger("county")
_CURSOR_PREFIX = "c1."


def encode_cursor(township_id: int, seq: int) -> str:
    raw = f"{township_id}:{seq}".encode()
    return _CURSOR_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, township_id: int) -> int:
    """The seq a cursor stands for; "" or None = the start of the feed."""
    if not cursor:
        return 0
    bad = api_error(ErrorCode.CURSOR_INVALID, 400, field="cursor")
    if len(cursor) > 100 or not cursor.startswith(_CURSOR_PREFIX):
        raise bad
    body = cursor[len(_CURSOR_PREFIX) :]
    try:
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")
    except (binascii.Error, ValueError):
        raise bad from None
    m = re.fullmatch(r"(\d{1,12}):(\d{1,18})", text)
    if m is None or int(m.group(1)) != township_id:
        raise bad
    return int(m.group(2))


def record_alert(engine: Engine, ctx: DeviceContext, kind: str) -> None:
    """A security event for the county administrator: kept for `admin alerts` and logged (ids only)."""
    with engine.begin() as conn:
        conn.execute(
            insert(AL).values(
                at=utcnow(),
                township_id=ctx.township_id,
                device_id=ctx.device_id,
                kind=kind,
                address=ctx.address,
            )
        )
    log.warning("ALERT %s: device %s of township %s", kind, ctx.device_id, ctx.township_code)


def pull(engine: Engine, ctx: DeviceContext, cursor: str | None, limit: int, include_own: bool = False) -> bytes:
    """One page of the township's feed after `cursor`, already serialised (payloads are stored as JSON).

    The device's own changes are left out, unless `include_own` (a recovery pull after a restore or the
    loss of the local file, docs/recovery.md)."""
    after = decode_cursor(cursor, ctx.township_id)
    with engine.connect() as conn:
        head = conn.execute(select(T.c.last_seq).where(T.c.id == ctx.township_id)).scalar_one()
        if after > head:
            # The cursor points past the feed: the server was restored from an older backup. Start over.
            raise api_error(ErrorCode.CURSOR_INVALID, 400, field="cursor")
        rows = conn.execute(
            select(
                C.c.seq,
                C.c.entity,
                C.c.entity_id,
                C.c.action,
                C.c.payload,
                C.c.rev,
                C.c.origin_device,
                C.c.op_id,
            )
            .where(
                C.c.township_id == ctx.township_id,
                C.c.seq > after,
                true() if include_own else or_(C.c.origin_device.is_(None), C.c.origin_device != ctx.device_id),
            )
            .order_by(C.c.seq)
            .limit(limit + 1)
        ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    if not cursor and ctx.synced_before:
        record_alert(engine, ctx, "full_repull")
    elif not has_more and not ctx.synced_before:
        with engine.begin() as conn:
            conn.execute(
                update(D).where(D.c.id == ctx.device_id, D.c.synced_at.is_(None)).values(synced_at=utcnow())
            )
    if has_more:
        last = rows[-1].seq
    else:
        # Nothing more visible: jump to the head so the device's own trailing ops are not rescanned.
        last = max(head, rows[-1].seq if rows else after)
    parts = [
        f'{{"seq":{r.seq},"entity":{json.dumps(r.entity)},"entity_id":{json.dumps(r.entity_id)},'
        f'"action":{json.dumps(r.action)},"payload":{r.payload},"rev":{r.rev},'
        f'"origin_device":{json.dumps(r.origin_device)},"op_id":{json.dumps(r.op_id)}}}'
        for r in rows
    ]
    cursor_json = json.dumps(encode_cursor(ctx.township_id, last))
    body = f'{{"changes":[{",".join(parts)}],"cursor":{cursor_json},"has_more":{"true" if has_more else "false"}}}'
    return body.encode("utf-8")
