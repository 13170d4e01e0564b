"""Device endpoints: enrolment (idempotent per PC key, attempt-limited) and bearer tokens (rotated)."""

from __future__ import annotations

import logging
import re
import secrets
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from county.common import (
    EA,
    EC,
    ENROLL_WINDOW_SECONDS,
    MAX_DEVICE_SLOT,
    MAX_ENROLL_ATTEMPTS_PER_TOWNSHIP,
    MAX_ENROLL_FAILURES_PER_ADDRESS,
    TOKEN_GRACE_HOURS,
    TOKEN_ROTATE_DAYS,
    D,
    DeviceContext,
    T,
    clean_text,
    lock_township,
    sha256_hex,
)
from county.db import as_utc, utcnow
from desktop.sync.protocol import (
    ENROLL_KEY_RE,
    EnrollResponse,
    ErrorCode,
    SlotRenewal,
    TokenRotation,
    api_error,
)

log = logging.getLogger("county")
LAST_USE_RESOLUTION = timedelta(minutes=1)  # a device's last use is kept to the minute


def _rate_limited() -> Exception:
    return api_error(ErrorCode.RATE_LIMITED, 429, field="code", retry_after=ENROLL_WINDOW_SECONDS)


def enroll(
    engine: Engine, code: object, device_name: object, enroll_key: object = None, address: str = "",
    training: object = False,
) -> EnrollResponse:
    """Claim a one-time code for a new device. A retry with the same code and the same enroll_key (made
    once by the PC for this attempt) while the code is valid answers with the same device and slot and a
    fresh token: the answer to the first try may have been lost on the way."""
    if not isinstance(code, str):
        raise api_error(ErrorCode.INVALID_REQUEST, 400, field="code", message="code 应为文本")
    normalized = re.sub(r"[\s-]", "", code).upper()
    name = clean_text(device_name, "device_name", 100)
    if enroll_key is not None and (not isinstance(enroll_key, str) or not ENROLL_KEY_RE.match(enroll_key)):
        raise api_error(ErrorCode.INVALID_REQUEST, 400, field="enroll_key", message="enroll_key 格式不正确")
    if not re.fullmatch(r"[A-Z0-9]{8,32}", normalized):
        raise api_error(ErrorCode.ENROLL_CODE_INVALID, 403, field="code")
    address = (address or "")[:64]
    now = utcnow()
    since = now - timedelta(seconds=ENROLL_WINDOW_SECONDS)
    code_hash = sha256_hex(normalized)
    key_hash = sha256_hex(enroll_key) if isinstance(enroll_key, str) else None
    with engine.connect() as conn:
        failures = conn.execute(
            select(func.count()).where(EA.c.address == address, EA.c.ok.is_(False), EA.c.at > since)
        ).scalar_one()
        if failures >= MAX_ENROLL_FAILURES_PER_ADDRESS:
            raise _rate_limited()
        known = conn.execute(select(EC.c.township_id).where(EC.c.code_hash == code_hash)).first()
        tid_known = int(known[0]) if known else None
        if tid_known is not None:
            attempts = conn.execute(
                select(func.count()).where(EA.c.township_id == tid_known, EA.c.at > since)
            ).scalar_one()
            if attempts >= MAX_ENROLL_ATTEMPTS_PER_TOWNSHIP:
                raise _rate_limited()
    device_id = str(uuid.uuid4())
    token = secrets.token_urlsafe(32)
    result: EnrollResponse | None = None
    with engine.begin() as conn:
        claimed = conn.execute(
            update(EC)
            .where(
                EC.c.code_hash == code_hash,
                EC.c.used_at.is_(None),
                EC.c.revoked_at.is_(None),
                EC.c.expires_at > now,
            )
            .values(used_at=now, device_id=device_id, enroll_key_hash=key_hash)
            .returning(EC.c.township_id)
        ).first()
        if claimed is not None:
            result = _new_device(conn, int(claimed[0]), device_id, name, token, now, training is True)
        elif key_hash is not None:
            result = _same_enrolment(conn, code_hash, key_hash, token, now)
    with engine.begin() as conn:
        conn.execute(insert(EA).values(at=now, address=address, township_id=tid_known, ok=result is not None))
        conn.execute(delete(EA).where(EA.c.at < since))  # only the window counts; keep the table small
    if result is None:
        raise api_error(ErrorCode.ENROLL_CODE_INVALID, 403, field="code")
    return result


def _response(township: Any, device_id: str, token: str, slot: int) -> EnrollResponse:
    return EnrollResponse(
        device_id=device_id,
        token=token,
        township_code=township.code,
        township_name=township.name,
        committee_name=township.committee_name,
        device_slot=slot,
        township_training=bool(township.training),
    )


def _free_slot(conn: Connection, tid: int) -> int:
    """The smallest slot no device row of the township holds (the caller has locked the township)."""
    used = {s for (s,) in conn.execute(select(D.c.slot).where(D.c.township_id == tid))}
    free = [s for s in range(1, MAX_DEVICE_SLOT + 1) if s not in used]
    # Past 98 devices (revoked ones keep their slot) slots wrap; numbers then rely on leases.
    return free[0] if free else max(used) + 1


RETIRED_SLOT_NAME = "（已停用的离线备用号段）"


def renew_slot(engine: Engine, ctx: DeviceContext) -> SlotRenewal:
    """A new offline fallback slot for a PC whose local data was restored or lost (docs/numbering.md).

    Fallback numbers the PC gave with its old slot and never sent may be lost with its file; they can be
    on paper. The PC moves to a slot no device of the township ever held, and the old slot stays taken for
    good by a revoked placeholder device (revoked devices keep their slot), so nothing after the
    recovery can repeat anything before it."""
    now = utcnow()
    with engine.begin() as conn:
        lock_township(conn, ctx.township_id)
        old = conn.execute(select(D.c.slot).where(D.c.id == ctx.device_id)).scalar_one()
        slot = _free_slot(conn, ctx.township_id)
        conn.execute(update(D).where(D.c.id == ctx.device_id).values(slot=slot))
        conn.execute(insert(D).values(
            id=str(uuid.uuid4()), township_id=ctx.township_id, name=RETIRED_SLOT_NAME,
            token_hash=sha256_hex(secrets.token_urlsafe(32)), slot=old, created_at=now, revoked_at=now,
        ))
    log.info("device %s moved from fallback slot %d to %d", ctx.device_id, old, slot)
    return SlotRenewal(device_slot=slot)


def _new_device(
    conn: Connection, tid: int, device_id: str, name: str, token: str, now: Any, training: bool = False
) -> EnrollResponse:
    lock_township(conn, tid)
    township = conn.execute(select(T).where(T.c.id == tid)).one()
    if training and not township.training:
        # Demo data (realistic names, ID numbers, phones) must never reach a real township; the code
        # stays unused (this transaction rolls back).
        raise api_error(ErrorCode.TRAINING_ONLY, 403)
    slot = _free_slot(conn, tid)
    conn.execute(
        insert(D).values(
            id=device_id,
            township_id=tid,
            name=name,
            token_hash=sha256_hex(token),
            token_issued_at=now,
            slot=slot,
            created_at=now,
        )
    )
    return _response(township, device_id, token, slot)


def _same_enrolment(
    conn: Connection, code_hash: str, key_hash: str, token: str, now: Any
) -> EnrollResponse | None:
    row = conn.execute(
        select(EC.c.device_id, EC.c.township_id).where(
            EC.c.code_hash == code_hash,
            EC.c.enroll_key_hash == key_hash,
            EC.c.revoked_at.is_(None),
            EC.c.expires_at > now,
            EC.c.device_id.is_not(None),
        )
    ).first()
    if row is None:
        return None
    lock_township(conn, int(row.township_id))
    device = conn.execute(select(D.c.slot, D.c.revoked_at).where(D.c.id == row.device_id)).first()
    if device is None or device.revoked_at is not None:
        return None
    # The PC never received (or lost) the first token: this one replaces it.
    conn.execute(
        update(D).where(D.c.id == row.device_id).values(token_hash=sha256_hex(token), token_issued_at=now)
    )
    township = conn.execute(select(T).where(T.c.id == row.township_id)).one()
    log.info("enrolment retried with the same key: device %s answered again", row.device_id)
    return _response(township, row.device_id, token, int(device.slot))


def authenticate(engine: Engine, authorization: str | None, address: str = "") -> DeviceContext:
    if not authorization or not authorization.startswith("Bearer "):
        raise api_error(ErrorCode.UNAUTHORIZED, 401)
    token = authorization[len("Bearer ") :].strip()
    if not token or len(token) > 200:
        raise api_error(ErrorCode.UNAUTHORIZED, 401)
    token_hash = sha256_hex(token)
    now = utcnow()
    columns = (
        D.c.id,
        D.c.township_id,
        D.c.revoked_at,
        D.c.token_issued_at,
        D.c.created_at,
        D.c.synced_at,
        D.c.last_used_at,
        D.c.last_address,
        T.c.code,
    )
    with engine.connect() as conn:
        row = conn.execute(
            select(*columns).join(T, T.c.id == D.c.township_id).where(D.c.token_hash == token_hash)
        ).first()
        grace = False
        if row is None:  # the token before the current one, within its grace period
            row = conn.execute(
                select(*columns)
                .join(T, T.c.id == D.c.township_id)
                .where(D.c.prev_token_hash == token_hash, D.c.prev_token_expires_at > now)
            ).first()
            grace = row is not None
    if row is None:
        raise api_error(ErrorCode.UNAUTHORIZED, 401)
    if row.revoked_at is not None:
        raise api_error(ErrorCode.DEVICE_REVOKED, 401)
    issued = as_utc(row.token_issued_at or row.created_at)
    address = (address or "")[:64]
    last = as_utc(row.last_used_at) if row.last_used_at else None
    if last is None or now - last > LAST_USE_RESOLUTION or row.last_address != address:
        # Not on every request: a write per request would cost a commit (an fsync on SQLite) each.
        with engine.begin() as conn:
            conn.execute(update(D).where(D.c.id == row.id).values(last_used_at=now, last_address=address))
    return DeviceContext(
        device_id=row.id,
        township_id=row.township_id,
        township_code=row.code,
        rotate_token=grace or now - issued > timedelta(days=TOKEN_ROTATE_DAYS),
        synced_before=row.synced_at is not None,
        token_hash=token_hash,
        address=address,
    )


def rotate_token(engine: Engine, ctx: DeviceContext) -> TokenRotation:
    """A new token for the device; the current one stays valid for TOKEN_GRACE_HOURS."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    until = now + timedelta(hours=TOKEN_GRACE_HOURS)
    with engine.begin() as conn:
        conn.execute(
            update(D)
            .where(D.c.id == ctx.device_id)
            .values(
                # The token this request came with: if the answer is lost, the PC still holds it.
                prev_token_hash=ctx.token_hash,
                prev_token_expires_at=until,
                token_hash=sha256_hex(token),
                token_issued_at=now,
            )
        )
    return TokenRotation(token=token, previous_valid_until=until.isoformat().replace("+00:00", "Z"))
