"""Accounts: initial passwords changed at first sign-in, lockout lifted only by an administrator, hashes
upgraded, and no difference between an unknown user and a wrong password."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.db.models import Meta, User
from desktop.db.services import users
from desktop.domain import accounts
from desktop.domain.enums import Role
from desktop.domain.errors import AuthError, PermissionDenied, ValidationError

from .helpers import count_sign_in_work


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


@pytest.fixture(params=["wrapped", "keyring"])
def any_mode_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A fresh data folder with one administrator, its key wrapped by passwords or in an OS key store."""
    import keyring

    from desktop.config import Paths
    from desktop.db import keys
    from desktop.db.open import open_database

    from .file_keyring import FileKeyring

    previous = keyring.get_keyring()
    mp = pytest.MonkeyPatch()
    if request.param == "keyring":
        mp.setenv(keys.ENV_KEYRING, "on")
        keyring.set_keyring(FileKeyring(tmp_path / "store.json"))
    paths = Paths(tmp_path / "data")
    db = open_database(paths)
    try:
        assert keys.KeyFile.load(paths.data_dir).mode == request.param  # type: ignore[union-attr]
        users.create_user(db, None, "admin", "管理员", Role.ADMIN, "secret1", must_change=False)
        yield db
    finally:
        db.dispose()
        keys.forget(paths.data_dir)
        keyring.set_keyring(previous)
        mp.undo()


def test_unknown_user_and_wrong_password_cost_and_answer_the_same(any_mode_db: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Attempt by attempt, an unknown name and a wrong password for an account get the same answer from
    the same work (scrypt calls at the same cost, key-file writes), and both lock at the fifth."""
    from desktop.db import keys

    db = any_mode_db
    ops = count_sign_in_work(monkeypatch)
    now = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    wrapped = keys.KeyFile.load(db.path.parent).mode == "wrapped"  # type: ignore[union-attr]
    for attempt in range(1, 7):
        seen = []
        for name in ("admin", "nobody"):
            ops.clear()
            with pytest.raises(AuthError) as err:
                users.authenticate(db, name, "wrong-password", now=now)
            seen.append((err.value.message, list(ops)))
        assert seen[0] == seen[1], attempt
        message, work = seen[0]
        if attempt < 5:
            assert message == accounts.WRONG_CREDENTIALS
        elif attempt == 5:
            assert message == accounts.LOCKED_NOW
        else:
            assert message == accounts.locked_message(now + accounts.LOCKOUT, now)
        expected = [] if attempt > 5 else [f"scrypt n={accounts.SCRYPT_N} r=8"] + ["write dbkey.json"] * wrapped
        assert work == expected, attempt
    with pytest.raises(AuthError, match="已锁定"):
        users.authenticate(db, "admin", "secret1", now=now)
    # the unknown name is counted under a hash: never in clear in the key file or the database
    assert b"nobody" not in keys.key_file(db.path.parent).read_bytes()
    with db.read() as s:
        assert not [v for v in s.scalars(select(Meta.key)) if "nobody" in v]
    # 15 minutes later the account opens again
    later = now + accounts.LOCKOUT + timedelta(minutes=1)
    assert users.authenticate(db, "admin", "secret1", now=later).username == "admin"
