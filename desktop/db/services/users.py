"""Local accounts: create, sign in with lockout, change password."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.accounts import (
    LOCKED_NOW,
    MAX_FAILED_ATTEMPTS,
    WRONG_CREDENTIALS,
    Permission,
    dummy_hash,
    hash_password,
    is_default_password,
    locked_message,
    locked_until,
    needs_rehash,
    verify_password,
)
from desktop.domain.enums import Role
from desktop.domain.errors import AuthError, DomainError, ValidationError
from desktop.domain.validation import normalize_name

from .. import keys
from ..engine import Database
from ..models import AuditEntry, User
from ..types import utcnow
from ..uow import Actor, get_meta, set_meta

log = logging.getLogger(__name__)
SIGNIN_GENERATION = "signin_generation"  # meta: the key file's failure counter last taken in
SIGNIN_TAMPERED = "signin_record_tampered"


def actor_of(user: User) -> Actor:
    return Actor(user.username, user.display_name, Role(user.role))


def count_users(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(User)) or 0)


def create_user(db: Database, actor: Actor | None, username: str, display_name: str, role: Role, password: str,
                must_change: bool = True) -> User:
    """Create an account; only an admin may, except for the very first account (created by setup).

    A password chosen by someone else (an administrator, a command line) must be changed at the first
    sign-in; the setup wizard, where the administrator types their own password twice, passes False.
    """
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
        user = User(username=username, display_name=name, role=role.value, password_hash=pw_hash,
                    must_change_password=must_change or is_default_password(password))
        s.add(user)
        s.flush()
        s.add(AuditEntry(actor=actor.username if actor else "setup", action="create_user", entity="user", entity_id=user.id))
    keys.set_password_slot(db.path.parent, user.username, pw_hash)
    return user


def authenticate(db: Database, username: str, password: str, now: datetime | None = None) -> User:
    """Check a password; five failures lock the account for 15 minutes.

    An unknown or disabled user name is treated exactly like an account with a wrong password: one scrypt
    check (against a dummy hash with today's parameters), one audited write counting the failure (in the
    database's meta table, under a hash of the name), the same mirror into the key file, the same answers,
    and the same lockout after five failures, so neither the answer nor the work tells whether the name
    exists. A hash weaker than today's parameters is replaced, and a well-known default password marks the
    account for a change.
    """
    now = now or utcnow()
    failure: str | None = None
    upgraded: str | None = None
    signin_key: str | None = None  # the name failures are counted under in the key file
    with db.write() as s:
        user = s.scalars(select(User).where(User.username == username.strip())).first()
        known = user is not None and user.active
        name = keys.signin_name_in(db.path.parent, username, known)
        if user is not None and known:
            state = (user.failed_attempts, user.locked_until)
        else:
            signin_key = name
            state = _unknown_state(s, signin_key)
        if state[1] is not None and state[1] > now:
            raise AuthError(locked_message(state[1], now))
        ok = verify_password(password, user.password_hash if user is not None and known else dummy_hash())
        if user is not None and known and ok:
            user.failed_attempts = 0
            user.locked_until = None
            if needs_rehash(user.password_hash):
                user.password_hash = upgraded = hash_password(password)
            if is_default_password(password):
                user.must_change_password = True
            s.add(AuditEntry(actor=user.username, action="login", entity="user", entity_id=user.id))
        elif user is not None and known:
            # The failure must be committed, so the error is raised after the transaction.
            user.failed_attempts += 1
            user.locked_until = locked_until(user.failed_attempts, now)
            s.add(AuditEntry(actor=user.username, action="login_failed", entity="user", entity_id=user.id))
            failure = LOCKED_NOW if user.failed_attempts >= MAX_FAILED_ATTEMPTS else WRONG_CREDENTIALS
        else:
            assert signin_key is not None
            failed = state[0] + 1
            state = (failed, locked_until(failed, now))
            _put_unknown_state(s, signin_key, *state)
            s.add(AuditEntry(actor="", action="login_failed", entity="user", entity_id=""))
            failure = LOCKED_NOW if failed >= MAX_FAILED_ATTEMPTS else WRONG_CREDENTIALS
    if signin_key is not None:
        keys.set_signin_state(db.path.parent, signin_key, *state)  # the same mirror as for an account
    elif user is not None and (user.failed_attempts, user.locked_until) != state:
        # the same count guards the sign-in before the database is unlocked (wrapped mode, `keys.unlock`)
        keys.set_signin_state(db.path.parent, user.username, user.failed_attempts, user.locked_until)
    if failure is not None:
        raise AuthError(failure)
    assert user is not None
    if upgraded is not None:
        keys.set_password_slot(db.path.parent, user.username, upgraded)
    return user


UNKNOWN_SIGNIN = "signin_unknown:"  # meta key prefix: failures of a name with no account, "failed|locked_until"


def _unknown_state(s: Session, signin_key: str) -> tuple[int, datetime | None]:
    failed, _, until = (get_meta(s, UNKNOWN_SIGNIN + signin_key) or "0|").partition("|")
    return int(failed or 0), datetime.fromisoformat(until) if until else None


def _put_unknown_state(s: Session, signin_key: str, failed: int, until: datetime | None) -> None:
    set_meta(s, UNKNOWN_SIGNIN + signin_key, f"{failed}|{until.isoformat() if until else ''}")


def unlock_account(db: Database, actor: Actor, username: str) -> None:
    """Lift a lockout before its 15 minutes are up: an administrator's decision, audited."""
    actor.require(Permission.ADMIN)
    with db.write() as s:
        user = s.scalars(select(User).where(User.username == username)).first()
        if user is None:
            raise DomainError("找不到该用户")
        user.failed_attempts = 0
        user.locked_until = None
        s.add(AuditEntry(actor=actor.username, action="unlock_user", entity="user", entity_id=user.id))
    keys.set_signin_state(db.path.parent, username, 0, None)


def change_password(db: Database, actor: Actor, username: str, new_password: str) -> None:
    """Set a password: one's own (then no change is demanded) or, for an administrator, anyone's (then the
    user must change it at the next sign-in)."""
    own = actor.username == username
    if not own:
        actor.require(Permission.ADMIN)
    if is_default_password(new_password):
        raise ValidationError("不能使用常见的初始密码，请换一个", "password")
    pw_hash = hash_password(new_password)
    with db.write() as s:
        user = s.scalars(select(User).where(User.username == username)).first()
        if user is None:
            raise DomainError("找不到该用户")
        if own and verify_password(new_password, user.password_hash):
            raise ValidationError("新密码不能与原密码相同", "password")
        user.password_hash = pw_hash
        user.must_change_password = not own
        user.failed_attempts = 0
        user.locked_until = None
        s.add(AuditEntry(actor=actor.username, action="change_password", entity="user", entity_id=user.id))
    keys.set_password_slot(db.path.parent, username, pw_hash)
    keys.set_signin_state(db.path.parent, username, 0, None)


NEW_RECOVERY_CODE = "new_recovery_code"


def issue_recovery_code(db: Database, actor: Actor) -> str:
    """A new recovery code for this data folder (administrators only): the old code stops working at once;
    the new one is returned to be shown once and is never stored in clear. Audited."""
    actor.require(Permission.ADMIN)
    code = keys.new_recovery_code(db.path.parent)
    with db.write() as s:
        s.add(AuditEntry(actor=actor.username, action=NEW_RECOVERY_CODE, entity="key_file", entity_id=keys.KEY_FILE))
    return code


def settle_signins_before_unlock(db: Database) -> int:
    """Bring the failed sign-ins counted in the key file before the database was unlocked into the
    database: one audit entry each, and the account's lockout (the later of the two). Tamper evidence: the
    key file's counter of failures only grows; the database remembers the last value it took in, so a key
    file with failures deleted, or put back from a copy older than that, is found here and audited. A copy
    taken after the last open (nothing counted since) and put back is indistinguishable and not found."""
    data_dir = db.path.parent
    record = keys.signin_record(data_dir)
    if record is None:
        return 0
    with db.write() as s:
        seen = int(get_meta(s, SIGNIN_GENERATION, "0") or 0)
        if record.generation == seen and not record.events:
            return 0
        if record.generation < seen or record.generation - seen != len(record.events) + record.dropped:
            s.add(AuditEntry(actor="", action=SIGNIN_TAMPERED, entity="key_file", entity_id=keys.KEY_FILE))
            log.warning("the key file's record of failed sign-ins was rolled back or edited")
        names = {u.username: u for u in s.scalars(select(User))}
        for event in record.events:
            user = names.get(event["user"])
            s.add(AuditEntry(actor=event["user"], action="login_failed_before_unlock", entity="user",
                             entity_id=user.id if user is not None else "",
                             at=datetime.fromisoformat(event["at"])))
        for name, (failed, until) in record.accounts.items():
            user = names.get(name)
            if user is None:
                if name.startswith("#"):  # a name with no account, counted under its hash: the later lockout
                    known_failed, known_until = _unknown_state(s, name)
                    if until is not None and (known_until is None or until > known_until):
                        known_until = until
                    _put_unknown_state(s, name, max(known_failed, failed), known_until)
                continue
            if until is not None and (user.locked_until is None or until > user.locked_until):
                user.locked_until = until
            user.failed_attempts = max(user.failed_attempts, failed)
        taken = max(record.generation, seen)
        set_meta(s, SIGNIN_GENERATION, str(taken))
    keys.clear_signin_events(data_dir, len(record.events), taken)
    return len(record.events)


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
        pw_hash = user.password_hash
    if active:
        keys.set_password_slot(db.path.parent, username, pw_hash)
    else:
        keys.remove_slot(db.path.parent, keys.user_slot(username))
