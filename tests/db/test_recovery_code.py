"""A new recovery code on demand (administrators only): the old code stops working, the new one
recovers the key; through the real CLI (`township-desk user recovery-code`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.db import keys
from desktop.db.models import AuditEntry
from desktop.db.open import open_database, pending_recovery_codes
from desktop.db.services import users
from desktop.domain.enums import Role
from desktop.domain.errors import AuthError

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"\b[A-Z2-9]{5}(?:-[A-Z2-9]{5}){4}\b")


def _cli(paths: Paths, user: str, password: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), keys.ENV_KEYRING: "off", keys.ENV_USER: user,
           keys.ENV_PASSWORD: password}
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(paths.data_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, env=env, stdin=subprocess.DEVNULL)


@pytest.mark.slow  # CLI commands in subprocesses at the production scrypt cost
def test_cli_issues_a_new_recovery_code_and_the_old_one_stops_working(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    db = open_database(paths)
    old = pending_recovery_codes.pop(str(paths.data_dir))
    admin = users.create_user(db, None, "admin", "管理员", Role.ADMIN, "admin-pass1", must_change=False)
    users.create_user(db, users.actor_of(admin), "clerk", "刘晓梅", Role.CLERK, "clerk-pass1", must_change=False)
    db.dispose()

    refused = _cli(paths, "clerk", "clerk-pass1", "user", "recovery-code")
    assert refused.returncode == 2 and not CODE.search(refused.stderr + refused.stdout), refused.stderr
    proc = _cli(paths, "admin", "admin-pass1", "user", "recovery-code")
    assert proc.returncode == 0, proc.stderr
    found = CODE.findall(proc.stderr)
    assert len(found) == 1 and "旧恢复码已作废" in proc.stdout
    new = found[0]
    assert new != old

    keys.forget(paths.data_dir)
    with pytest.raises(AuthError, match="恢复码不正确"):
        keys.recover(paths.data_dir, old)
    bad = _cli(paths, "admin", "", "recover", "--code", old)
    assert bad.returncode == 2 and "恢复码不正确" in bad.stderr
    keys.recover(paths.data_dir, new)  # the new code recovers the key
    db = open_database(paths)
    try:
        with db.read() as s:
            assert s.query(AuditEntry).filter_by(action=users.NEW_RECOVERY_CODE, actor="admin").count() == 1
    finally:
        db.dispose()
