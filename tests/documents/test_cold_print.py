"""A cold `township-desk print` (a new process, as a clerk or a script runs it) pays for one key derivation at
most and loads nothing the print path does not use (issue 14's speed target: under 1 s)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.config import Paths, Settings
from desktop.db import keys
from desktop.db.demo import generate
from desktop.db.models import Agreement
from desktop.db.services import users
from desktop.domain.enums import Role

CHILD = """
import hashlib, json, sys
calls = []
real = hashlib.scrypt
def counted(*args, **kwargs):
    calls.append(1)
    return real(*args, **kwargs)
hashlib.scrypt = counted
from desktop.__main__ import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "kdf": len(calls), "modules": sorted(sys.modules)}))
"""
# Modules a print never needs: the GUI, migrations, other commands' work, network and spreadsheet libraries,
# the OS key store in wrapped mode, and strptime's locale tables (timestamps are read with fromisoformat).
UNUSED = ("PySide6", "alembic", "openpyxl", "requests", "httpx", "keyring", "_strptime", "desktop.ui",
          "desktop.db.migrate", "desktop.db.demo", "desktop.db.exchange", "desktop.reports.figures")


@pytest.fixture
def printable(db: Any, paths: Paths, settings: Settings) -> str:
    generate(paths.database, 30, seed=5, township=settings.township_code)
    users.create_user(db, None, "clerk1", "办事员", Role.ADMIN, "print-pass-1")  # wrapped mode: a password slot
    with db.read() as session:
        number = session.scalars(select(Agreement.number).where(Agreement.oral.is_(False)).limit(1)).one()
    db.dispose()
    return str(number)


def _cold_print(paths: Paths, number: str, out: Path, env: dict[str, str], stdin: str = "") -> dict[str, Any]:
    args = ["--data-dir", str(paths.data_dir), "print", "agreement", number, "--out", str(out)]
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["code"] == 0 and out.read_bytes().startswith(b"%PDF")
    return result


def _loaded(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == u or m.startswith(u + ".") for u in UNUSED)]


def test_password_unlock_runs_one_kdf_and_loads_nothing_unused(printable: str, paths: Paths, tmp_path: Path) -> None:
    env = {**os.environ, keys.ENV_USER: "clerk1", keys.ENV_PASSWORD: "print-pass-1", keys.ENV_KEYRING: "off"}
    result = _cold_print(paths, printable, tmp_path / "a.pdf", env)
    assert result["kdf"] == 1  # the key unwrap; no second scrypt for a sign-in or a check
    assert _loaded(result["modules"]) == []


def test_key_given_runs_no_kdf(printable: str, paths: Paths, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in (keys.ENV_USER, keys.ENV_PASSWORD)}
    env[keys.ENV_KEY_FROM_STDIN] = "1"
    key = keys.database_key(paths.data_dir)
    result = _cold_print(paths, printable, tmp_path / "b.pdf", env, stdin=key.hex() + "\n")
    assert result["kdf"] == 0
    assert _loaded(result["modules"]) == []
