"""County server logic over a SQLAlchemy engine: townships, devices, push, pull, leases, sanity, county items.

Both the HTTP app and the admin CLI call these functions; they raise protocol.ApiError for anything a
client did wrong and ValueError (with a Chinese message) for bad admin input. The logic lives in one
module per job (common, admin, devices, push, pull, leases); this module is their public face.
"""

from __future__ import annotations

from county.admin import (
    acknowledge_alert,
    add_feedback,
    bad_records,
    create_county_item,
    create_township,
    issue_enroll_code,
    list_alerts,
    list_devices,
    revoke_device,
    revoke_enroll_code,
    set_quota,
    township_counts,
    withdraw_record,
)
from county.common import (
    COUNTY_ITEM_KINDS,
    DEFAULT_ENROLL_TTL_HOURS,
    ENROLL_CODE_ALPHABET,
    ENROLL_CODE_LEN,
    MAX_DEVICE_SLOT,
    MAX_ENROLL_TTL_HOURS,
    REFERENCES,
    DeviceContext,
    dumps,
    sha256_hex,
)
from county.devices import authenticate, enroll, renew_slot, rotate_token
from county.leases import enroll_code_expiry, lease, sanity
from county.pull import decode_cursor, encode_cursor, pull
from county.push import push

__all__ = [
    "COUNTY_ITEM_KINDS",
    "DEFAULT_ENROLL_TTL_HOURS",
    "ENROLL_CODE_ALPHABET",
    "ENROLL_CODE_LEN",
    "MAX_DEVICE_SLOT",
    "MAX_ENROLL_TTL_HOURS",
    "REFERENCES",
    "DeviceContext",
    "acknowledge_alert",
    "add_feedback",
    "authenticate",
    "bad_records",
    "create_county_item",
    "create_township",
    "decode_cursor",
    "dumps",
    "encode_cursor",
    "enroll",
    "enroll_code_expiry",
    "issue_enroll_code",
    "lease",
    "list_alerts",
    "list_devices",
    "pull",
    "push",
    "renew_slot",
    "revoke_device",
    "revoke_enroll_code",
    "rotate_token",
    "sanity",
    "set_quota",
    "sha256_hex",
    "township_counts",
    "withdraw_record",
]
