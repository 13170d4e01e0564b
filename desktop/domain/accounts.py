"""Local accounts: scrypt password hashes, lockout policy and role permissions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from datetime import datetime, timedelta
from enum import Enum

from .enums import Role
from .errors import PermissionDenied, ValidationError

# scrypt cost: N=2^17, r=8 is 128 MiB and roughly 0.3-0.5 s per check on an office PC (OWASP's minimum).
# Hashes with a lower N (written by older versions) are replaced at the next successful sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
_MAXMEM = 256 * 1024 * 1024
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
# One answer for an unknown user, a disabled one and a wrong password (and for a locked database key).
WRONG_CREDENTIALS = "用户名或密码错误（连续输错5次将锁定账号15分钟）"


def hash_password(password: str, salt: bytes | None = None) -> str:
    if len(password) < 6:
        raise ValidationError("密码至少6位", "password")
    salt = salt or os.urandom(16)
    n = SCRYPT_N
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, maxmem=_MAXMEM, dklen=32)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    salt = base64.b64decode(salt_b64)
    expected = base64.b64decode(digest_b64)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=int(n), r=int(r), p=int(p), maxmem=_MAXMEM,
                            dklen=len(expected))
    return hmac.compare_digest(digest, expected)


def needs_rehash(stored: str) -> bool:
    """True for a hash weaker than today's parameters (upgraded at the next successful sign-in)."""
    parts = stored.split("$")
    return len(parts) != 6 or parts[0] != "scrypt" or int(parts[1]) < SCRYPT_N or int(parts[2]) < SCRYPT_R


_dummy_hashes: dict[int, str] = {}


def dummy_hash() -> str:
    """A hash with today's parameters that no password matches: checking an unknown user costs one scrypt,
    the same as a wrong password. Making it costs none (a random salt and digest), so the first unknown
    name in a fresh process (the CLI) is no slower than a wrong password."""
    if SCRYPT_N not in _dummy_hashes:
        salt, digest = (base64.b64encode(os.urandom(k)).decode() for k in (16, 32))
        _dummy_hashes[SCRYPT_N] = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt}${digest}"
    return _dummy_hashes[SCRYPT_N]


# Passwords handed out by installers and demos; an account still using one must change it at sign-in.
DEFAULT_PASSWORDS = frozenset({"admin123", "123456", "12345678", "password", "admin", "admin888"})


def is_default_password(password: str) -> bool:
    return password in DEFAULT_PASSWORDS


def locked_until(failed_attempts: int, last_failure: datetime) -> datetime | None:
    if failed_attempts >= MAX_FAILED_ATTEMPTS:
        return last_failure + LOCKOUT
    return None


LOCKED_NOW = "密码错误次数过多，账号已锁定15分钟"


def locked_message(until: datetime, now: datetime) -> str:
    """The answer to a sign-in while the account is locked."""
    minutes = int((until - now).total_seconds() // 60) + 1
    return f"密码错误次数过多，账号已锁定，请{minutes}分钟后再试（或请管理员解除锁定）"


class Permission(str, Enum):
    RECEIVE = "receive"  # reception log and case registration
    ROUTE = "route"  # routing, closing, follow-up
    MEDIATE = "mediate"  # mediation records, agreements
    HANDLE_COUNTY_ITEMS = "county_items"
    VIEW_STATS = "stats"
    ADMIN = "admin"  # users, settings, backup/restore, enrolment


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({Permission.RECEIVE, Permission.ROUTE, Permission.HANDLE_COUNTY_ITEMS, Permission.VIEW_STATS}),
    Role.MEDIATOR: frozenset({Permission.RECEIVE, Permission.MEDIATE, Permission.ROUTE, Permission.VIEW_STATS}),
    Role.ADMIN: frozenset(Permission),
}

PERMISSION_LABELS = {
    Permission.RECEIVE: "接待受理",
    Permission.ROUTE: "分流办理",
    Permission.MEDIATE: "人民调解",
    Permission.HANDLE_COUNTY_ITEMS: "办理上级交办件",
    Permission.VIEW_STATS: "查看统计",
    Permission.ADMIN: "系统管理",
}


def denied_reason(role: Role, permission: Permission) -> str:
    """Why `role` may not do what `permission` covers, in Chinese; "" when it may (the UI's tooltips
    and the services' refusals say the same thing)."""
    if permission in ROLE_PERMISSIONS[role]:
        return ""
    return f"当前账号（{role.label}）没有“{PERMISSION_LABELS[permission]}”的权限"


def require(role: Role, permission: Permission) -> None:
    reason = denied_reason(role, permission)
    if reason:
        raise PermissionDenied(reason)
