"""Shared pieces of the county server logic: table handles, limits, the device context, small helpers."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, update

from county.models import (
    Alert,
    AppliedOp,
    Change,
    Device,
    EnrollAttempt,
    EnrollCode,
    LeaseCounter,
    LeaseGrant,
    Record,
    Township,
)
from desktop.domain.records import Entity
from desktop.sync.protocol import (
    ErrorCode,
    api_error,
)

T = cast(Table, Township.__table__)
D = cast(Table, Device.__table__)
EC = cast(Table, EnrollCode.__table__)
R = cast(Table, Record.__table__)
AO = cast(Table, AppliedOp.__table__)
C = cast(Table, Change.__table__)
LC = cast(Table, LeaseCounter.__table__)
LG = cast(Table, LeaseGrant.__table__)
EA = cast(Table, EnrollAttempt.__table__)
AL = cast(Table, Alert.__table__)

ENROLL_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
ENROLL_CODE_LEN = 12
DEFAULT_ENROLL_TTL_HOURS = 72
MAX_ENROLL_TTL_HOURS = 24 * 30
# Enrolment attempts: wrong codes per source address, and attempts on one township's codes.
ENROLL_WINDOW_SECONDS = 15 * 60
MAX_ENROLL_FAILURES_PER_ADDRESS = 10
MAX_ENROLL_ATTEMPTS_PER_TOWNSHIP = 30
# Device tokens: the county asks for a new one after TOKEN_ROTATE_DAYS (X-Token-Rotate on any answer);
# the one it replaces stays valid for TOKEN_GRACE_HOURS so a PC that lost the answer still gets in.
TOKEN_ROTATE_DAYS = 30
TOKEN_GRACE_HOURS = 72
MAX_DEVICE_SLOT = 98  # fallback_value uses slot % 99; slots 1..98 never collide
COUNTY_ITEM_KINDS = ("assigned", "grid_event", "appointment")
# Payload fields that point at another record; a reference into another township is forbidden.
REFERENCES = {"case_id": Entity.CASE.value, "mediation_id": Entity.MEDIATION.value}
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class DeviceContext:
    device_id: str
    township_id: int
    township_code: str
    rotate_token: bool = False  # the token is older than TOKEN_ROTATE_DAYS (or the grace token was used)
    synced_before: bool = False  # the device has pulled the feed to its end before
    token_hash: str = ""  # of the token the request came with
    address: str = ""  # the client's address as the server sees it


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def clean_text(value: object, field: str, max_len: int) -> str:
    """A short single-line text from a client: trimmed, encodable, no control characters."""
    if not isinstance(value, str):
        raise api_error(ErrorCode.INVALID_REQUEST, 400, field=field, message=f"{field} 应为文本")
    value = value.strip()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise api_error(
            ErrorCode.INVALID_REQUEST, 400, field=field, message=f"{field} 含有无法识别的字符"
        ) from None
    if not value or len(value) > max_len or _CONTROL_RE.search(value):
        raise api_error(
            ErrorCode.INVALID_REQUEST, 400, field=field, message=f"{field} 应为 1 到 {max_len} 个字符的文本"
        )
    return value


def lock_township(conn: Connection, township_id: int) -> int:
    """Row-lock the township (first statement of a write transaction) and return its last feed seq."""
    row = conn.execute(
        update(T).where(T.c.id == township_id).values(last_seq=T.c.last_seq).returning(T.c.last_seq)
    ).first()
    if row is None:
        raise api_error(ErrorCode.NOT_FOUND, 404)
    return int(row[0])
