"""Device endpoints: enrolment and bearer-token authentication."""

from __future__ import annotations

import re
import secrets
import uuid

from sqlalchemy import Engine, insert, select, update

from county.common import (
    EC,
    MAX_DEVICE_SLOT,
    D,
    DeviceContext,
    T,
    clean_text,
    lock_township,
    sha256_hex,
)
from county.db import utcnow
from desktop.sync.protocol import (
    EnrollResponse,
    ErrorCode,
    api_error,
)


def enroll(engine: Engine, code: object, device_name: object) -> EnrollResponse:
    if not isinstance(code, str):
        raise api_error(ErrorCode.INVALID_REQUEST, 400, field="code", message="code 应为文本")
    normalized = re.sub(r"[\s-]", "", code).upper()
    name = clean_text(device_name, "device_name", 100)
    if not re.fullmatch(r"[A-Z0-9]{8,32}", normalized):
        raise api_error(ErrorCode.ENROLL_CODE_INVALID, 403, field="code")
    now = utcnow()
    device_id = str(uuid.uuid4())
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        claimed = conn.execute(
            update(EC)
            .where(EC.c.code_hash == sha256_hex(normalized), EC.c.used_at.is_(None), EC.c.expires_at > now)
            .values(used_at=now, device_id=device_id)
            .returning(EC.c.township_id)
        ).first()
        if claimed is None:
            raise api_error(ErrorCode.ENROLL_CODE_INVALID, 403, field="code")
        tid = int(claimed[0])
        lock_township(conn, tid)
        township = conn.execute(select(T).where(T.c.id == tid)).one()
        used = {s for (s,) in conn.execute(select(D.c.slot).where(D.c.township_id == tid))}
        free = [s for s in range(1, MAX_DEVICE_SLOT + 1) if s not in used]
        # Past 98 devices (revoked ones keep their slot) slots wrap; numbers then rely on leases.
        slot = free[0] if free else max(used) + 1
        conn.execute(
            insert(D).values(
                id=device_id,
                township_id=tid,
                name=name,
                token_hash=sha256_hex(token),
                slot=slot,
                created_at=now,
            )
        )
    return EnrollResponse(
        device_id=device_id,
        token=token,
        township_code=township.code,
        township_name=township.name,
        committee_name=township.committee_name,
        device_slot=slot,
    )


def authenticate(engine: Engine, authorization: str | None) -> DeviceContext:
    if not authorization or not authorization.startswith("Bearer "):
        raise api_error(ErrorCode.UNAUTHORIZED, 401)
    token = authorization[len("Bearer ") :].strip()
    if not token or len(token) > 200:
        raise api_error(ErrorCode.UNAUTHORIZED, 401)
    with engine.connect() as conn:
        row = conn.execute(
            select(D.c.id, D.c.township_id, D.c.revoked_at, T.c.code)
            .join(T, T.c.id == D.c.township_id)
            .where(D.c.token_hash == sha256_hex(token))
        ).first()
    if row is None:
        raise api_error(ErrorCode.UNAUTHORIZED, 401)
    if row.revoked_at is not None:
        raise api_error(ErrorCode.DEVICE_REVOKED, 401)
    return DeviceContext(device_id=row.id, township_id=row.township_id, township_code=row.code)
