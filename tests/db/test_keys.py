"""Key management: the OS store when there is one, password-wrapped slots otherwise, the recovery code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from desktop.config import Paths
from desktop.db import cipher, keys
from desktop.db.open import open_database, pending_recovery_codes
from desktop.db.services import users
from desktop.domain.accounts import WRONG_CREDENTIALS
from desktop.domain.enums import Role
from desktop.domain.errors import AuthError

from .file_keyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]


def test_production_costs() -> None:
    """The suite lowers scrypt costs for speed (conftest); the program itself uses N=2^17."""
    code = "from desktop.domain import accounts; from desktop.db import keys; print(accounts.SCRYPT_N, keys.SLOT_N)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert [int(x) for x in out.split()] == [2**17, 2**17]


def test_headless_default_is_the_wrapped_key(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "d")
    db = open_database(paths)
    admin = users.create_user(db, None, "admin", "管理员", Role.ADMIN, "first-pass1")
    users.create_user(db, users.actor_of(admin), "clerk", "刘晓梅", Role.CLERK, "clerk-pass1")
    db.dispose()
    meta = json.loads((paths.data_dir / keys.KEY_FILE).read_text())
    assert meta["mode"] == "wrapped"
    assert set(meta["slots"]) == {"recovery", "user:admin", "user:clerk"}
    assert keys.database_key(paths.data_dir).hex() not in json.dumps(meta)  # never in clear
    code = pending_recovery_codes.pop(str(paths.data_dir))

    keys.forget(paths.data_dir)  # a new start of the program
    assert keys.needs_password(paths.data_dir)
    with pytest.raises(keys.KeyUnavailable):
        open_database(paths)
    for name, pw in (("admin", "wrong-pass"), ("nobody", "first-pass1")):
        with pytest.raises(AuthError) as err:
            keys.unlock(paths.data_dir, name, pw)
        assert err.value.message == WRONG_CREDENTIALS  # unknown user and wrong password look the same
    keys.unlock(paths.data_dir, "clerk", "clerk-pass1")  # any account's password unlocks
    open_database(paths).dispose()

    keys.forget(paths.data_dir)
    with pytest.raises(AuthError):
        keys.recover(paths.data_dir, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    keys.recover(paths.data_dir, code.lower().replace("-", " "))  # typed back loosely
    db = open_database(paths)
    # a disabled account's password no longer unlocks; a changed one unlocks with the new password only
    users.set_active(db, users.actor_of(admin), "clerk", False)
    users.change_password(db, users.actor_of(admin), "admin", "second-pass2")
    db.dispose()
    keys.forget(paths.data_dir)
    with pytest.raises(AuthError):
        keys.unlock(paths.data_dir, "clerk", "clerk-pass1")
    with pytest.raises(AuthError):
        keys.unlock(paths.data_dir, "admin", "first-pass1")
    keys.unlock(paths.data_dir, "admin", "second-pass2")


def test_os_key_store_holds_the_key_and_a_copied_folder_opens_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keys.ENV_KEYRING)
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring(tmp_path / "this-pc-store.json"))
    try:
        paths = Paths(tmp_path / "d")
        db = open_database(paths)
        users.create_user(db, None, "admin", "管理员", Role.ADMIN, "first-pass1")
        db.dispose()
        meta = json.loads((paths.data_dir / keys.KEY_FILE).read_text())
        assert meta["mode"] == "keyring" and set(meta["slots"]) == {"recovery"}  # no password slots
        keys.forget(paths.data_dir)
        open_database(paths).dispose()  # this PC: the store gives the key, no password needed
        code = pending_recovery_codes.pop(str(paths.data_dir))

        keyring.set_keyring(FileKeyring(tmp_path / "other-pc-store.json"))  # the folder on another PC
        keys.forget(paths.data_dir)
        with pytest.raises(keys.KeyUnavailable):
            open_database(paths)
        with pytest.raises(AuthError):
            keys.unlock(paths.data_dir, "admin", "first-pass1")  # no password slot to try
        keys.recover(paths.data_dir, code)  # the recovery code restores it into this store
        keys.forget(paths.data_dir)
        open_database(paths).dispose()
    finally:
        keyring.set_keyring(previous)


def test_wrong_key_message_is_chinese_and_clear(paths: Paths) -> None:
    with pytest.raises(cipher.WrongKey) as err:
        cipher.connect(paths.database, b"\x07" * 32)
    assert "无法用本机的密钥打开数据库" in err.value.message


def _race(data_dir: Path, jobs: list[tuple[str, str]], key: bytes | None = None) -> None:
    """Run one child per job at once (real processes, the program's own scrypt cost) and wait for all."""
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT), keys.ENV_KEYRING: "off"}
    procs = []
    for mode, name in jobs:
        proc = subprocess.Popen([sys.executable, "-m", "tests.db.keyfile_child", str(data_dir), mode, name],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        assert proc.stdin is not None and proc.stdout is not None
        if key is not None:
            proc.stdin.write(key.hex() + "\n")
            proc.stdin.flush()
        assert proc.stdout.readline().strip() == "ready"
        procs.append(proc)
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.close()
    for proc in procs:
        assert proc.wait(timeout=120) == 0
        assert proc.stdout is not None
        proc.stdout.close()


def test_concurrent_key_file_writers_lose_nothing(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "d")
    db = open_database(paths)
    users.create_user(db, None, "admin", "管理员", Role.ADMIN, "first-pass1")
    db.dispose()
    pending_recovery_codes.pop(str(paths.data_dir), None)
    key = keys.database_key(paths.data_dir)
    # three processes add a slot each while three others count a wrong password: each reads the file,
    # runs scrypt for about a second, then writes
    _race(paths.data_dir, [("slot", f"extra{i}") for i in range(3)], key)
    meta = json.loads((paths.data_dir / keys.KEY_FILE).read_text())
    assert {f"extra{i}" for i in range(3)} <= set(meta["slots"])
    for i in range(3):
        assert keys.unwrap(meta["slots"][f"extra{i}"], f"secret-of-extra{i}", meta["data_id"]) == key
    _race(paths.data_dir, [("fail", "admin")] * 3)
    record = keys.signin_record(paths.data_dir)
    assert record is not None
    assert record.generation == 3 and len(record.events) == 3 and record.accounts["admin"][0] == 3
    assert [p.name for p in paths.data_dir.iterdir() if p.name.endswith(".tmp")] == []
