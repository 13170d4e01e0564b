"""Accounts: initial passwords changed at first sign-in, lockout lifted only by an administrator, hashes
upgraded, and no difference between an unknown user and a wrong password."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import select

from desktop.db.models import User
from desktop.db.services import users
from desktop.domain import accounts
from desktop.domain.enums import Role
from desktop.domain.errors import AuthError, PermissionDenied, ValidationError


def test_password_set_by_someone_else_must_be_changed(db: Any, admin: Any) -> None:
    users.create_user(db, admin, "clerk", "刘晓梅", Role.CLERK, "given-pass1")
    assert users.authenticate(db, "clerk", "given-pass1").must_change_password
    clerk = users.actor_of(users.authenticate(db, "clerk", "given-pass1"))
    with pytest.raises(ValidationError):
        users.change_password(db, clerk, "clerk", "given-pass1")  # not the same one again
    with pytest.raises(ValidationError):
        users.change_password(db, clerk, "clerk", "admin123")  # not a well-known default
    users.change_password(db, clerk, "clerk", "own-pass22")
    assert not users.authenticate(db, "clerk", "own-pass22").must_change_password
    users.change_password(db, admin, "clerk", "reset-pass3")  # an administrator's reset: change again
    assert users.authenticate(db, "clerk", "reset-pass3").must_change_password


def test_default_password_of_an_old_installation_is_flagged_at_sign_in(db: Any, admin: Any) -> None:
    with db.write() as s:
        s.scalars(select(User).where(User.username == "admin")).one().password_hash = accounts.hash_password("admin123")
    assert users.authenticate(db, "admin", "admin123").must_change_password


def test_only_an_administrator_lifts_a_lockout(db: Any, admin: Any) -> None:
    clerk = users.actor_of(users.create_user(db, admin, "clerk", "刘晓梅", Role.CLERK, "given-pass1"))
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        with pytest.raises(AuthError):
            users.authenticate(db, "clerk", "wrong")
    with pytest.raises(AuthError, match="锁定"):
        users.authenticate(db, "clerk", "given-pass1")
    with pytest.raises(PermissionDenied):
        users.unlock_account(db, clerk, "clerk")
    users.unlock_account(db, admin, "clerk")
    assert users.authenticate(db, "clerk", "given-pass1").username == "clerk"


def test_old_hashes_are_upgraded_at_the_next_sign_in(db: Any, admin: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "SCRYPT_N", 2**15)
    assert accounts.needs_rehash(users.authenticate(db, "admin", "secret1").password_hash) is False  # upgraded now
    with db.read() as s:
        assert s.scalars(select(User.password_hash).where(User.username == "admin")).one().startswith("scrypt$32768$")
    assert users.authenticate(db, "admin", "secret1").username == "admin"


def test_unknown_user_and_wrong_password_cost_and_answer_the_same(db: Any, admin: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    real = hashlib.scrypt

    def counting(password: bytes, **kw: Any) -> bytes:
        calls.append((kw["n"], kw["r"]))
        return real(password, **kw)

    accounts.dummy_hash()  # made once per process, like the first real check
    monkeypatch.setattr(accounts.hashlib, "scrypt", counting)
    answers = []
    for name in ("admin", "nobody"):
        calls.clear()
        with pytest.raises(AuthError) as err:
            users.authenticate(db, name, "wrong-password")
        answers.append((err.value.message, list(calls)))
    assert answers[0] == answers[1]
    assert answers[0][1] == [(accounts.SCRYPT_N, 8)]
