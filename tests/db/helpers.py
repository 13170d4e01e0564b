"""Builders shared by database tests."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from desktop.config import Paths
from desktop.db import keys
from desktop.domain.enums import Channel, PartyRole
from desktop.domain.forms import CaseForm, PartyForm


def copy_database_folder(template_db: Path, target: Paths) -> None:
    """Copy an encrypted database and its key file; this process already holds the template's key."""
    shutil.copy(template_db, target.database)
    shutil.copy(template_db.parent / keys.KEY_FILE, target.data_dir / keys.KEY_FILE)
    keys.remember(target.data_dir, keys.database_key(template_db.parent))


def count_sign_in_work(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every scrypt call (with its cost) and every key-file write, in order, as a fresh process
    would do them (the dummy hash and dummy key slot not made yet)."""
    from desktop.domain import accounts

    ops: list[str] = []
    real_scrypt, real_write = hashlib.scrypt, keys.write_private

    def counting_scrypt(password: bytes, **kw: Any) -> bytes:
        ops.append(f"scrypt n={kw['n']} r={kw['r']}")
        return real_scrypt(password, **kw)

    def counting_write(path: Path, data: bytes) -> None:
        ops.append(f"write {path.name}")
        real_write(path, data)

    monkeypatch.setattr(accounts, "_dummy_hashes", {})
    monkeypatch.setattr(keys, "_DUMMY", None)
    monkeypatch.setattr(hashlib, "scrypt", counting_scrypt)
    monkeypatch.setattr(keys, "write_private", counting_write)
    return ops


def two_party_form(summary: str = "邻居加盖房屋遮挡采光", name_a: str = "张𠀾三", name_b: str = "买买提·艾力",
                   id_a: str = "11010519491231002X", phone_a: str = "13800138000", village: str = "东风村") -> CaseForm:
    return CaseForm(
        channel=Channel.WALK_IN,
        category="邻里",
        summary=summary,
        village=village,
        parties=[
            PartyForm(name_a, id_number=id_a, phone=phone_a),
            PartyForm(name_b, role=PartyRole.RESPONDENT, phone="0434-3271234"),
        ],
    )
