"""Pull: opaque cursors and one page of a township's change feed."""

from __future__ import annotations

import base64
import binascii
import json
import re

from sqlalchemy import Engine, or_, select

from county.common import (
    C,
    DeviceContext,
    T,
)
from desktop.sync.protocol import (
    ErrorCode,
    api_error,
)

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


def pull(engine: Engine, ctx: DeviceContext, cursor: str | None, limit: int) -> bytes:
    """One page of the township's feed after `cursor`, already serialised (payloads are stored as JSON)."""
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
                or_(C.c.origin_device.is_(None), C.c.origin_device != ctx.device_id),
            )
            .order_by(C.c.seq)
            .limit(limit + 1)
        ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
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
