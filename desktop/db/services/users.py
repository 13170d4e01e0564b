"""Local accounts: create, sign in with lockout, change password."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from desktop.domain.accounts import (
    MAX_FAILED_ATTEMPTS,
    Permission,
    hash_password,
    locked_until,
    verify_password,
)
from desktop.domain.enums import Role
from desktop.domain.errors import AuthError, DomainError, ValidationError
from desktop.domain.validation import normalize_name

from ..engine import Database
from ..models import AuditEntry, User
from ..types import utcnow
from ..uow import Actor


def actor_of(user: User) -> Actor:
    return Actor(user.username, user.display_name, Role(user.role))


def count_users(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(User)) or 0)


def create_user(db: Database, actor: Actor | None, username: str, display_name: str, role: Role, password: str) -> User:
    """Create an account; only an admin may, except for the very first account (created by setup)."""
    if actor is not None:
        actor.require(Permission.ADMIN)
    username = username.strip()
    if not username or len(username) > 40 or not username.replace("_", "").replace(".", "").isalnum():
        raise ValidationError("用户名应为字母、数字或下划线", "username")
    name = normalize_name(display_name, "display_name")
    pw_hash = hash_password(password)
    with db.write() as s:
        if actor is None and (s.scalar(select(func.count()).select_from(User)) or 0) > 0:
            raise DomainError("请由管理员登录后创建账号")
        if s.scalars(select(User).where(User.username == username)).first() is not None:
            raise ValidationError("该用户名已存在", "username")
        user = User(username=username, display_name=name, role=role.value, password_hash=pw_hash)
        s.add(user)
        s.flush()
        s.add(AuditEntry(actor=actor.username if actor else "setup", action="create_user", entity="user", entity_id=user.id))
        return user


def authenticate(db: Database, username: str, password: str, now: datetime | None = None) -> User:
    """Check a password; five failures lock the account for 15 minutes."""
    now = now or utcnow()
    failure: str | None = None
    with db.write() as s:
        user = s.scalars(select(User).where(User.username == username.strip())).first()
        if user is None or not user.active:
            raise AuthError("用户名或密码错误")
        if user.locked_until is not None and user.locked_until > now:
            minutes = int((user.locked_until - now).total_seconds() // 60) + 1
            raise AuthError(f"密码错误次数过多，账号已锁定，请{minutes}分钟后再试")
        if verify_password(password, user.password_hash):
            user.failed_attempts = 0
            user.locked_until = None
            s.add(AuditEntry(actor=user.username, action="login", entity="user", entity_id=user.id))
        else:
            # The failure must be committed, so the error is raised after the transaction.
            user.failed_attempts += 1
            user.locked_until = locked_until(user.failed_attempts, now)
            s.add(AuditEntry(actor=user.username, action="login_failed", entity="user", entity_id=user.id))
            left = MAX_FAILED_ATTEMPTS - user.failed_attempts
            failure = "密码错误次数过多，账号已锁定15分钟" if left <= 0 else f"用户名或密码错误（再错{left}次将锁定账号）"
    if failure is not None:
        raise AuthError(failure)
    return user


def change_password(db: Database, actor: Actor, username: str, new_password: str) -> None:
    if actor.username != username:
        actor.require(Permission.ADMIN)
    pw_hash = hash_password(new_password)
    with db.write() as s:
        user = s.scalars(select(User).where(User.username == username)).first()
        if user is None:
            raise DomainError("找不到该用户")
        user.password_hash = pw_hash
        user.failed_attempts = 0
        user.locked_until = None
        s.add(AuditEntry(actor=actor.username, action="change_password", entity="user", entity_id=user.id))


def list_users(db: Database) -> list[User]:
    with db.read() as s:
        return list(s.scalars(select(User).order_by(User.username)))


def set_active(db: Database, actor: Actor, username: str, active: bool) -> None:
    actor.require(Permission.ADMIN)
    with db.write() as s:
        user = s.scalars(select(User).where(User.username == username)).first()
        if user is None:
            raise DomainError("找不到该用户")
        if not active and user.role == Role.ADMIN.value:
            admins = s.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, User.active.is_(True)))
            if (admins or 0) <= 1:
                raise DomainError("至少要保留一个可用的管理员账号")
        user.active = active
        s.add(AuditEntry(actor=actor.username, action="enable_user" if active else "disable_user", entity="user", entity_id=user.id))
